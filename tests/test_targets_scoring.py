"""Scoring from targets (按绩效指标完成情况计分): min(actual ÷ expected, 1) × weight."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from jixiao.facts.load import load_case
from jixiao.facts.model import Target
from jixiao.targets import (
    TargetWeightError,
    judge_target,
    judge_values,
    review_self_evaluation,
    score_targets,
    total_score,
)
from jixiao.targets.expression import PlainMeaning

D = Decimal
SEED = Path(__file__).parent / "fixtures" / "shenzhen-ccpit-2023-self-evaluation.yaml"


def _target(expected: str, actual: str, weight: str | None = None, level2: str = "数量指标") -> Target:
    return TypeAdapter(Target).validate_python({
        "level1": "产出指标", "level2": level2, "name": f"{expected}→{actual}", "expected": expected,
        "actual": actual, "weight": weight,
    })


@pytest.mark.parametrize(
    ("expected", "actual", "level2", "weight", "score", "step"),
    [
        ("≥5万份", "6.33万份", "数量指标", "2", "2.00",
         "6.33万份 ÷ 5万份 = 126.60%，按 100% 计 × 2.00 = 2.00"),
        ("≥90%", "85%", "质量指标", "2", "1.89", "85% ÷ 90% = 94.44% × 2.00 = 1.89"),
        ("15元/份", "18元/份", "成本指标", "3", "2.50", "15元/份 ÷ 18元/份 = 83.33% × 3.00 = 2.50"),
        ("15元/份", "12元/份", "成本指标", "3", "3.00",
         "15元/份 ÷ 12元/份 = 125.00%，按 100% 计 × 3.00 = 3.00"),
        ("80%-90%", "95%", "质量指标", "1", "0.95", "90% ÷ 95% = 94.74% × 1.00 = 0.95"),
        ("80%-90%", "85%", "质量指标", "1", "1.00", "在预期区间内，按 100% 计 × 1.00 = 1.00"),
        ("年度内", "100%", "时效指标", "1", "1.00", "达成，按 100% 计 × 1.00 = 1.00"),
        ("年度内", "80%", "时效指标", "1", "0.00", "未达成，按 0 计 × 1.00 = 0.00"),
        ("有效", "无效", "社会效益", "4", "0.00", "未达成，按 0 计 × 4.00 = 0.00"),
        ("≥5万份", "6.33万场", "数量指标", "2", "0.00", "无法判断，按 0 计（请评价人员复核） × 2.00 = 0.00"),
    ],
)
def test_each_target(expected: str, actual: str, level2: str, weight: str, score: str, step: str) -> None:
    (scored,) = score_targets([judge_target(_target(expected, actual, weight, level2))])
    assert scored.score == D(score)
    assert scored.step == step


def test_an_exact_target_overshot_loses_as_much_as_undershot() -> None:
    over = judge_values("11", "12", PlainMeaning.EXACTLY)
    under = judge_values("12", "11", PlainMeaning.EXACTLY)
    scores = score_targets([over, under], D(2))
    assert [s.ratio for s in scores] == [D(11) / D(12), D(11) / D(12)]


def test_at_most_zero_target_missed_scores_nothing() -> None:
    (scored,) = score_targets([judge_values("0", "2", PlainMeaning.AT_MOST)], D(1))
    assert scored.score == 0


def test_the_seed_scores_full_marks_when_weights_are_shared() -> None:
    review = review_self_evaluation(load_case(SEED))
    scores = score_targets(review.judgements, D(25))
    assert all(score.ratio == 1 for score in scores)
    assert total_score(scores) == D("25.00")


def test_weights_must_be_all_or_none() -> None:
    mixed = [judge_target(_target("≥1", "2", "1")), judge_target(_target("≥1", "2"))]
    with pytest.raises(TargetWeightError, match="部分绩效指标填写了分值"):
        score_targets(mixed, D(10))
    with pytest.raises(TargetWeightError, match="未给出总分值"):
        score_targets([judge_target(_target("≥1", "2"))])


_values = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(_values, _values, st.sampled_from(["≥", "≤", ""]), st.decimals(min_value=0, max_value=100, places=1))
def test_score_stays_within_weight(
    expected: Decimal, actual: Decimal, comparator: str, weight: Decimal
) -> None:
    judgement = judge_values(f"{comparator}{expected}份", f"{actual}份", PlainMeaning.EXACTLY)
    (scored,) = score_targets([judgement], weight)
    assert 0 <= scored.ratio <= 1
    assert 0 <= scored.score <= weight + D("0.005")
    if judgement.outcome.value == "达成":
        assert scored.ratio == 1
    elif comparator == "≥" and expected > 0:
        assert scored.ratio == actual / expected
    elif comparator == "≤" and actual > 0:
        assert scored.ratio == expected / actual
