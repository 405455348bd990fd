"""The scores as the report states them (评分结果): a read-only view of an evaluation.

The report never computes a score. This module copies what the scoring engine produced (each third-level
indicator's score, the total, the grade, and the sub-results of the budget execution indicator that the
quarterly table prints) into plain records the content builder can write out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..decimals import ZERO
from ..scoring.result import Evaluation
from ..scoring.trace import TraceNode
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
    """Copy an evaluation of :mod:`jixiao.scoring` into the report's score sheet: scores and trails from the
    results, the values the text quotes (awards, ratios, quarters) by name from each score's trace."""
    from ..scoring.trace import trace_of

    traces = {result.indicator.id: list(_walk(trace_of(result, evaluation)))
              for result in evaluation.results if result.score is not None}
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
            checks=_checks(traces.get(result.indicator.id, [])),
        )
        for result in evaluation.results
    )
    nodes = [node for found in traces.values() for node in found]
    return ScoreSheet(
        framework=evaluation.framework.title,
        indicators=indicators,
        total=evaluation.total,
        grade=evaluation.grade,
        budget_execution=_budget_execution(nodes),
        ratios=_ratios(nodes),
    )


def _walk(node: TraceNode) -> Iterator[TraceNode]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _checks(nodes: list[TraceNode]) -> tuple[Check, ...]:
    """The checklist items of an indicator with the points the evaluator gave (items left unawarded skipped)."""
    return tuple(Check(item["name"], item["awarded"], item["points"], item["reason"])
                 for node in nodes if node.kind == "checklist"
                 for item in node.values.get("items", ()) if item["awarded"] is not None)


def _ratios(nodes: list[TraceNode]) -> dict[tuple[Decimal, Decimal], Decimal]:
    """Every rate a rule computed, by its operands, so that the text quotes the very same rate: the ratio rules'
    numerator ÷ denominator, and each quarter's spending ÷ budget."""
    found: dict[tuple[Decimal, Decimal], Decimal] = {}
    for node in nodes:
        values = node.values
        pairs = [(values.get("numerator"), values.get("denominator"), values.get("ratio"))]
        pairs += [(q["spending"], q["budget"], q["progress"]) for q in values.get("quarters", ())]
        for numerator, denominator, ratio in pairs:
            if all(isinstance(v, Decimal | int) for v in (numerator, denominator, ratio)):
                assert numerator is not None and denominator is not None and ratio is not None
                found.setdefault((Decimal(numerator), Decimal(denominator)), Decimal(ratio))
    return found


def _budget_execution(nodes: list[TraceNode]) -> BudgetExecution | None:
    """The quarter scores and the year's average, as the quarterly execution rule worked them out."""
    for node in nodes:
        if node.kind != "quarterly_execution":
            continue
        quarters = [QuarterScore(progress=q["progress"], score=q["score"]) for q in node.values.get("quarters", ())]
        if len(quarters) == 4 and "average_rate" in node.values:
            return BudgetExecution(tuple(quarters), node.values["average_rate"], node.values["average_score"])
    return None
