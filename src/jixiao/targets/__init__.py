"""Performance targets (绩效指标): reading the values people write, judging them, and what a reviewer flags.

- :mod:`.expression` reads ``≥5万份``, ``80%-90%``, ``年度内``, ``有效推动`` into typed readings;
- :mod:`.judgement` judges an actual value against an expected one (达成 / 未达成 / 无法判断);
- :mod:`.review` judges a case's whole self-evaluation table and raises the flags a reviewer wants;
- :mod:`.scoring` scores targets as many project self-evaluations do (min(actual ÷ expected, 1) × weight);
- :mod:`.caiyu10` scores them as 财预〔2020〕10号 asks (qualitative bands, a cut for targets set too low).
"""

from .expression import (
    Comparator,
    Deadline,
    PlainMeaning,
    Quantity,
    Reading,
    UnreadableValue,
    ValueKind,
    read_value,
)
from .judgement import JudgeOptions, Outcome, TargetJudgement, judge_target, judge_values
from .review import Flag, ReviewOptions, Severity, TargetReview, review_self_evaluation
from .scoring import TargetScore, TargetWeightError, score_targets, total_score

__all__ = [
    "Comparator",
    "Deadline",
    "Flag",
    "JudgeOptions",
    "Outcome",
    "PlainMeaning",
    "Quantity",
    "Reading",
    "ReviewOptions",
    "Severity",
    "TargetJudgement",
    "TargetReview",
    "TargetScore",
    "TargetWeightError",
    "UnreadableValue",
    "ValueKind",
    "judge_target",
    "judge_values",
    "read_value",
    "review_self_evaluation",
    "score_targets",
    "total_score",
]
