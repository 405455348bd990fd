"""Scoring from targets (按绩效指标完成情况计分), as many project self-evaluations do.

Each target earns ``min(actual ÷ expected, 1) × its weight``; for an "at most" target the ratio is inverted
(``expected ÷ actual``), for an exact target whichever side is short, for a range the nearer bound. A target
judged met earns its full weight; a missed deadline or qualitative target earns nothing; a target that cannot
be judged earns nothing and says so, so that the evaluator decides rather than the software guessing.

Weights are the targets' own (``weight`` in the table), scaled to the indicator's points when they add up to
something else, or, when no target has one, the indicator's points shared equally.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ONE, ZERO, percent, round_half_up
from .expression import Comparator, ValueKind
from .judgement import Outcome, TargetJudgement, value_text


class TargetWeightError(ValueError):
    """Weights that do not let the targets be scored; the message is in Chinese."""


@dataclass(frozen=True, slots=True)
class Working:
    """How a target's share of its weight was found (计算过程); turned into text only when shown."""

    judgement: TargetJudgement
    note: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    raw: Decimal | None = None
    verdict: str = ""
    """The conclusion a method shows beside the target's name, when it is not the judgement's outcome."""

    def __str__(self) -> str:
        if self.numerator is None or self.denominator is None or self.judgement.expected is None:
            return self.note
        expected = self.judgement.expected
        shown = f"{value_text(self.numerator, expected)} ÷ {value_text(self.denominator, expected)}"
        if self.raw is None:
            return f"{shown} {self.note}"
        ratio = f"{shown} = {percent(self.raw)}%"
        return f"{ratio}，{self.note}" if self.note else ratio

    def __format__(self, spec: str) -> str:
        return str(self)


@dataclass(frozen=True, slots=True)
class TargetScore:
    """一项指标的得分: the share of its weight earned, and the working."""

    judgement: TargetJudgement
    weight: Decimal
    ratio: Decimal
    score: Decimal
    working: Working

    @property
    def step(self) -> str:
        weight = format(round_half_up(self.weight, 2), "f")
        return f"{self.working} × {weight} = {format(self.score, 'f')}"


def target_weights(judgements: Sequence[TargetJudgement], total_weight: Decimal | None) -> list[Decimal]:
    """Each target's weight: its own (scaled to ``total_weight`` if given), or ``total_weight`` shared."""
    own = [j.target.weight if j.target is not None else None for j in judgements]
    if judgements and all(weight is not None for weight in own):
        weights = [weight for weight in own if weight is not None]
        written = sum(weights, ZERO)
        if total_weight is None or written == total_weight:
            return weights
        if not written:
            raise TargetWeightError("绩效指标的分值合计为 0，无法计分")
        return [weight * total_weight / written for weight in weights]
    if any(weight is not None for weight in own):
        pairs = zip(judgements, own, strict=True)
        missing = "、".join(j.name or j.expected_text for j, w in pairs if w is None)
        raise TargetWeightError(f"部分绩效指标填写了分值、部分未填写（未填写：{missing}），无法确定各项权重")
    if total_weight is None:
        raise TargetWeightError("绩效指标均未填写分值，且未给出总分值，无法计分")
    share = total_weight / len(judgements) if judgements else ZERO
    return [share] * len(judgements)


Share = Callable[[TargetJudgement], tuple[Decimal, Working]]
"""How a method finds a target's share of its weight (0 to 1) and the working that explains it."""


def score_targets(
    judgements: Sequence[TargetJudgement],
    total_weight: Decimal | None = None,
    *,
    places: int = 2,
    share: Share | None = None,
) -> tuple[TargetScore, ...]:
    """Score each judged target; raise :class:`TargetWeightError` when the weights are not usable.

    ``share`` is the scoring method (:func:`share_of`, the proportional one, unless given).
    """
    weights = target_weights(judgements, total_weight)
    method = share or share_of
    return tuple(_score(j, w, places, method) for j, w in zip(judgements, weights, strict=True))


def total_score(scores: Sequence[TargetScore], places: int = 2) -> Decimal:
    """The indicator's score: the exact shares added, then rounded once."""
    return round_half_up(sum((s.ratio * s.weight for s in scores), ZERO), places)


def _score(judgement: TargetJudgement, weight: Decimal, places: int, share: Share) -> TargetScore:
    ratio, working = share(judgement)
    return TargetScore(judgement, weight, ratio, round_half_up(ratio * weight, places), working)


def share_of(judgement: TargetJudgement) -> tuple[Decimal, Working]:
    """The share of its weight a judged target earns (0 to 1), and how it was found."""
    if judgement.outcome is Outcome.UNDETERMINED:
        return ZERO, Working(judgement, "无法判断，按 0 计（请评价人员复核）")
    expected, actual = judgement.expected, judgement.actual
    point = actual.quantity if actual is not None and actual.comparator is Comparator.EXACTLY else None
    if expected is None or expected.kind is not ValueKind.QUANTITATIVE or point is None:
        if judgement.outcome is Outcome.MET:
            return ONE, Working(judgement, "达成，按 100% 计")
        return ZERO, Working(judgement, "未达成，按 0 计")
    value = point.value
    reference = judgement.reference
    if reference is None:  # inside a range: nothing to measure against
        if judgement.outcome is Outcome.MET:
            return ONE, Working(judgement, "在预期区间内，按 100% 计")
        return ZERO, Working(judgement, "未达成，按 0 计")
    # Less is better when the expected value is an upper bound, or when an exact value or a range is overshot.
    comparator = expected.comparator
    inverted = comparator is not None and (
        comparator.downward or (comparator in (Comparator.EXACTLY, Comparator.BETWEEN) and value > reference)
    )
    numerator, denominator = (reference, value) if inverted else (value, reference)
    if denominator <= 0 or numerator < 0:
        if judgement.outcome is Outcome.MET:
            return ONE, Working(judgement, "达成，按 100% 计")
        return ZERO, Working(judgement, "无法计算比例，按 0 计", numerator, denominator)
    raw = numerator / denominator
    if judgement.outcome is Outcome.MET or raw >= ONE:
        return ONE, Working(judgement, "按 100% 计", numerator, denominator, raw)
    return raw, Working(judgement, "", numerator, denominator, raw)
