"""The scores as the report states them (评分结果): a read-only view of an evaluation.

The report never computes a score. This module copies what the scoring engine produced (each third-level
indicator's score, the total, the grade, and the sub-results of the budget execution indicator that the
quarterly table prints) into plain records the content builder can write out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..decimals import ZERO
from ..scoring.result import Evaluation, IndicatorResult
from ..scoring.trail import render_step


@dataclass(frozen=True, slots=True)
class Check:
    """一个评分要点的得分（评价人员给出）."""

    name: str
    awarded: Decimal
    points: Decimal
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ScoredIndicator:
    """一个三级指标及其得分."""

    id: str
    level1: str
    level2: str
    name: str
    weight: Decimal
    description: str
    standard: str
    score: Decimal | None
    """``None`` when the facts it needs are missing (a partial evaluation)."""
    trail: tuple[str, ...] = ()
    """计算过程, one line a step (``145.53 ÷ 147.39 = 98.74% → 0.99``)."""
    reason: str = ""
    checks: tuple[Check, ...] = ()
    """评分要点 with the points the evaluator gave, where the indicator is scored by a checklist."""

    @property
    def lost(self) -> Decimal:
        return self.weight - (self.score or ZERO)


@dataclass(frozen=True, slots=True)
class QuarterScore:
    """预算执行率的一个季度：支出进度与得分."""

    progress: Decimal
    score: Decimal


@dataclass(frozen=True, slots=True)
class BudgetExecution:
    """预算执行率的各季度得分与全年平均执行率."""

    quarters: tuple[QuarterScore, ...]
    average_rate: Decimal
    average_score: Decimal


@dataclass(frozen=True, slots=True)
class Group:
    """一个二级指标的分值与得分合计."""

    level1: str
    level2: str
    weight: Decimal
    score: Decimal

    @property
    def score_rate(self) -> Decimal | None:
        return None if self.weight == 0 else self.score / self.weight


@dataclass(frozen=True, slots=True)
class ScoreSheet:
    """评分表：各三级指标得分、综合评分、评分等级."""

    framework: str
    indicators: tuple[ScoredIndicator, ...]
    total: Decimal
    grade: str | None
    """``None`` when some indicator could not be scored (a partial evaluation)."""
    budget_execution: BudgetExecution | None = None
    ratios: dict[tuple[Decimal, Decimal], Decimal] = field(default_factory=dict)
    """Rates the scoring computed, by (numerator, denominator), for the text to quote."""

    def find(self, *keys: str) -> ScoredIndicator | None:
        """The indicator with one of these ids or names."""
        for indicator in self.indicators:
            if indicator.id in keys or indicator.name in keys:
                return indicator
        return None

    def groups(self) -> list[Group]:
        """二级指标 in score-sheet order with their totals."""
        order: list[tuple[str, str]] = []
        weights: dict[tuple[str, str], Decimal] = {}
        scores: dict[tuple[str, str], Decimal] = {}
        for indicator in self.indicators:
            key = (indicator.level1, indicator.level2)
            if key not in weights:
                order.append(key)
                weights[key] = ZERO
                scores[key] = ZERO
            weights[key] += indicator.weight
            scores[key] += indicator.score or ZERO
        return [Group(l1, l2, weights[(l1, l2)], scores[(l1, l2)]) for l1, l2 in order]

    def level1_totals(self) -> list[tuple[str, Decimal, Decimal]]:
        """一级指标, its weight and its score, in order."""
        totals: dict[str, tuple[Decimal, Decimal]] = {}
        for group in self.groups():
            weight, score = totals.get(group.level1, (ZERO, ZERO))
            totals[group.level1] = (weight + group.weight, score + group.score)
        return [(name, weight, score) for name, (weight, score) in totals.items()]

    def short_of_full(self) -> Iterable[ScoredIndicator]:
        return (i for i in self.indicators if i.score is not None and i.score < i.weight)

    def unscored(self) -> list[ScoredIndicator]:
        return [i for i in self.indicators if i.score is None]

    def ratio(self, numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
        return self.ratios.get((Decimal(numerator), Decimal(denominator)))


def sheet_from_evaluation(evaluation: Evaluation) -> ScoreSheet:
    """Copy an evaluation of :mod:`jixiao.scoring` into the report's score sheet."""
    indicators = tuple(
        ScoredIndicator(
            id=result.indicator.id,
            level1=result.indicator.level1,
            level2=result.indicator.level2,
            name=result.indicator.name,
            weight=result.indicator.weight,
            description=result.indicator.description,
            standard=result.indicator.standard,
            score=result.score,
            trail=tuple(render_step(step) for step in result.steps),
            checks=_checks(result),
        )
        for result in evaluation.results
    )
    return ScoreSheet(
        framework=evaluation.framework.title,
        indicators=indicators,
        total=evaluation.total,
        grade=evaluation.grade,
        budget_execution=_budget_execution(evaluation),
        ratios=_ratios(evaluation),
    )


def _checks(result: IndicatorResult) -> tuple[Check, ...]:
    """The checklist items of an indicator with their awards, read from the trail by item name."""
    from ..rules.checklist import ChecklistRule

    items = [item for rule in result.indicator.rule.walk() if isinstance(rule, ChecklistRule)
             for item in rule.items]
    if not items:
        return ()
    by_name = {step.values[0]: step.values for step in result.steps
               if len(step.values) >= 3 and isinstance(step.values[0], str)}
    checks = []
    for item in items:
        values = by_name.get(item.name)
        if values is None or not isinstance(values[1], Decimal):
            continue
        reason = values[3] if len(values) > 3 and isinstance(values[3], str) else ""
        checks.append(Check(item.name, values[1], item.points, reason))
    return tuple(checks)


def _ratios(evaluation: Evaluation) -> dict[tuple[Decimal, Decimal], Decimal]:
    """Every ``a ÷ b = r`` a rule computed, by its operands, so that the text quotes the very same rate."""
    found: dict[tuple[Decimal, Decimal], Decimal] = {}
    for result in evaluation.results:
        for step in result.steps:
            values = step.values
            if "÷" in step.template and "= {3:rate}" in step.template and len(values) >= 4:
                numerator, denominator, ratio = values[1], values[2], values[3]
                if all(isinstance(v, Decimal | int) for v in (numerator, denominator, ratio)):
                    found.setdefault((Decimal(numerator), Decimal(denominator)), Decimal(ratio))
    return found


def _budget_execution(evaluation: Evaluation) -> BudgetExecution | None:
    """The quarter scores and the year's average, from the trail of the quarterly execution rule.

    That rule's quarter and average steps (``QUARTER_STEP``, ``AVERAGE_STEP``) carry the values the report prints;
    it does not recompute them.
    """
    from ..rules.quarterly import AVERAGE_STEP, QUARTER_STEP, QuarterlyExecutionRule

    for result in evaluation.results:
        if not any(isinstance(rule, QuarterlyExecutionRule) for rule in result.indicator.rule.walk()):
            continue
        quarters = [QuarterScore(progress=step.values[3], score=step.values[6])
                    for step in result.steps if step.template == QUARTER_STEP]
        averages = [step.values for step in result.steps if step.template == AVERAGE_STEP]
        if len(quarters) == 4 and averages:
            average_rate, _, average_score = averages[-1]
            return BudgetExecution(tuple(quarters), average_rate, average_score)
    return None
