"""What scoring produces (评分结果): a score and its trail for every indicator, subtotals, total and grade."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..decimals import ZERO
from ..facts.model import DepartmentYear
from ..frameworks.model import Framework, Indicator
from .trail import Step


class IndicatorResult(NamedTuple):
    """一个三级指标的得分和计分过程. ``score`` is ``None`` only in a partial evaluation, with ``missing`` saying why."""

    indicator: Indicator
    score: Decimal | None
    steps: tuple[Step, ...]
    missing: tuple[str, ...] = ()

    @property
    def computed(self) -> bool:
        """True when the framework decides this score from figures alone (no evaluator judgement)."""
        return not indicator_needs_judgement(self.indicator)


@dataclass(frozen=True, slots=True)
class Subtotal:
    """一级或二级指标小计."""

    level1: str
    level2: str | None
    weight: Decimal
    score: Decimal


@dataclass(frozen=True, slots=True)
class Evaluation:
    """一个部门年度在一个指标体系下的评分结果."""

    framework: Framework
    case: DepartmentYear
    results: tuple[IndicatorResult, ...]
    total: Decimal
    grade: str | None

    @property
    def department(self) -> str:
        return self.case.department.name

    @property
    def year(self) -> int:
        return self.case.year

    @property
    def complete(self) -> bool:
        return all(r.score is not None for r in self.results)

    def result(self, key: str) -> IndicatorResult:
        """The result of an indicator by id or Chinese name."""
        for r in self.results:
            if key in (r.indicator.id, r.indicator.name):
                return r
        raise KeyError(key)

    def subtotals(self) -> list[Subtotal]:
        """Level-1 subtotals, each followed by its level-2 subtotals."""
        scores = {r.indicator.id: r.score or ZERO for r in self.results}
        out = []
        for level1 in self.framework.groups:
            level2_totals = [
                Subtotal(level1.name, level2.name, level2.weight,
                         sum((scores[i.id] for i in level2.indicators), ZERO))
                for level2 in level1.groups
            ]
            out.append(Subtotal(level1.name, None, level1.weight, sum((s.score for s in level2_totals), ZERO)))
            out.extend(level2_totals)
        return out


def indicator_needs_judgement(indicator: Indicator) -> bool:
    from ..rules.checklist import ChecklistRule
    from ..rules.deductions import DeductionsRule
    from ..rules.judged import JudgedRule

    for rule in indicator.rule.walk():
        if isinstance(rule, ChecklistRule | JudgedRule):
            return True
        if isinstance(rule, DeductionsRule) and rule.from_judgement:
            return True
    return False
