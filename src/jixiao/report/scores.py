"""The scores as the report states them (评分结果): a read-only view of an evaluation.

The report never computes a score. This module copies what the scoring engine produced (each third-level
indicator's score, the total, the grade, and the sub-results of the budget execution indicator that the
quarterly table prints) into plain records the content builder can write out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..decimals import ZERO


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
    score: Decimal
    trail: tuple[str, ...] = ()
    """计算过程, one line a step (``145.53 ÷ 147.39 = 98.74% → 0.99``)."""
    reason: str = ""

    @property
    def lost(self) -> Decimal:
        return self.weight - self.score


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
    grade: str
    budget_execution: BudgetExecution | None = None
    rates: dict[str, Decimal] = field(default_factory=dict)
    """Rates the scoring computed, by measure name (``procurement.execution_rate``), for the text to quote."""

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
            scores[key] += indicator.score
        return [Group(l1, l2, weights[(l1, l2)], scores[(l1, l2)]) for l1, l2 in order]

    def level1_totals(self) -> list[tuple[str, Decimal, Decimal]]:
        """一级指标, its weight and its score, in order."""
        totals: dict[str, tuple[Decimal, Decimal]] = {}
        for group in self.groups():
            weight, score = totals.get(group.level1, (ZERO, ZERO))
            totals[group.level1] = (weight + group.weight, score + group.score)
        return [(name, weight, score) for name, (weight, score) in totals.items()]

    def short_of_full(self) -> Iterable[ScoredIndicator]:
        return (i for i in self.indicators if i.score < i.weight)


def sheet_from_evaluation(evaluation: Any, framework: Any) -> ScoreSheet:
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
            trail=tuple(str(step) for step in getattr(result, "steps", ())),
        )
        for result in evaluation.results
    )
    return ScoreSheet(
        framework=getattr(framework, "name", "") or getattr(framework, "id", ""),
        indicators=indicators,
        total=evaluation.total,
        grade=evaluation.grade,
    )
