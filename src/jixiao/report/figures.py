"""Figures for the report (报告数据): the shares, totals and rates its text states, derived from the facts.

These are descriptive figures, not scores: what share of the initial budget the adjustments were, how many
staff count as outside the quota, what the self-evaluation table's columns add up to. Each is computed here
once, exactly (``Decimal``), and rounded half-up at two decimals of a percentage; the content builder only
writes them into sentences. Scores and the rates a score is computed from come from the scoring results
(:mod:`.scores`). A figure whose facts are missing, or whose denominator is zero, is ``None``: the sentence
that would state it is left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..decimals import ZERO, rate_rounded
from ..facts.model import Budget, DepartmentYear, ExpenseLine, Quarter, SelfEvaluation, Staff

RATE_PERCENT_PLACES = 2
TIME_PROGRESS = (Decimal("0.25"), Decimal("0.50"), Decimal("0.75"), Decimal("1"))
"""序时进度 at the end of each quarter."""


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part ÷ whole`` rounded half-up at two decimals of its percentage; ``None`` when ``whole`` is zero."""
    if whole == 0:
        return None
    return rate_rounded(Decimal(part) / Decimal(whole), RATE_PERCENT_PLACES)


@dataclass(frozen=True, slots=True)
class BudgetFigures:
    """预算调整与调剂."""

    initial: Decimal
    adjusted: Decimal
    adjustment: Decimal
    """调整资金 (stated, or the difference between adjusted and initial budgets)."""
    raised: bool
    """Whether the adjustments raised the budget (调增) rather than lowered it (调减)."""
    adjustment_share: Decimal | None
    """调整资金占年初预算的比例."""
    transfers: Decimal
    transfer_share: Decimal | None
    """调剂资金占调整预算的比例."""
    reclassifications: Decimal
    corrections: Decimal
    reclassified_share: Decimal | None
    """功能分类和经济分类调剂及科目更正占调整预算的比例."""


def budget_figures(budget: Budget) -> BudgetFigures:
    stated = budget.adjustments
    adjustment = stated if stated is not None else abs(budget.adjusted - budget.initial)
    reclassified = budget.reclassifications + budget.corrections
    return BudgetFigures(
        initial=budget.initial,
        adjusted=budget.adjusted,
        adjustment=adjustment,
        raised=budget.adjusted >= budget.initial,
        adjustment_share=share(adjustment, budget.initial),
        transfers=budget.transfers,
        transfer_share=share(budget.transfers, budget.adjusted),
        reclassifications=budget.reclassifications,
        corrections=budget.corrections,
        reclassified_share=share(reclassified, budget.adjusted),
    )


@dataclass(frozen=True, slots=True)
class QuarterFigures:
    """一个季度的支出进度与序时进度."""

    number: int
    adjusted_budget: Decimal
    cumulative_spending: Decimal
    progress: Decimal | None
    """支出进度 = 季度末累计支出 ÷ 季度末调整预算."""
    time_progress: Decimal


def quarter_figures(quarters: tuple[Quarter, ...]) -> tuple[QuarterFigures, ...]:
    return tuple(
        QuarterFigures(
            number=n,
            adjusted_budget=quarter.adjusted_budget,
            cumulative_spending=quarter.cumulative_spending,
            progress=share(quarter.cumulative_spending, quarter.adjusted_budget),
            time_progress=TIME_PROGRESS[n - 1],
        )
        for n, quarter in enumerate(quarters, start=1)
    )


def control_rate(line: ExpenseLine) -> Decimal | None:
    """经费控制率 = 决算数 ÷ 调整预算数."""
    return share(line.final, line.adjusted)


@dataclass(frozen=True, slots=True)
class StaffFigures:
    """人员：在编、编外与在职总数."""

    authorised_posts: int
    in_post: int
    outside_quota: int
    """编外人员 (categories marked as outside the quota)."""
    all_in_post: int
    """在职人员总数（在编 + 其他各类在职人员）."""
    in_post_rate: Decimal | None
    """财政供养人员控制率 = 在编 ÷ 核定编制."""
    outside_quota_rate: Decimal | None
    """编外人员控制率 = 编外 ÷ 在职总数."""


def staff_figures(staff: Staff) -> StaffFigures:
    outside = sum(category.count for category in staff.other if category.outside_quota)
    everyone = staff.in_post + sum(category.count for category in staff.other)
    return StaffFigures(
        authorised_posts=staff.authorised_posts,
        in_post=staff.in_post,
        outside_quota=outside,
        all_in_post=everyone,
        in_post_rate=share(staff.in_post, staff.authorised_posts),
        outside_quota_rate=share(outside, everyone),
    )


@dataclass(frozen=True, slots=True)
class SelfEvaluationTotals:
    """自评表主要任务各金额列的合计（元）."""

    budget_total: Decimal
    budget_fiscal: Decimal | None
    executed_total: Decimal
    executed_fiscal: Decimal | None
    execution_share: Decimal | None


def self_evaluation_totals(table: SelfEvaluation) -> SelfEvaluationTotals | None:
    tasks = table.main_tasks
    if not tasks:
        return None
    budget_total = sum((t.budget_total for t in tasks), ZERO)
    executed_total = sum((t.executed_total for t in tasks), ZERO)
    budget_fiscal = [t.budget_fiscal for t in tasks]
    executed_fiscal = [t.executed_fiscal for t in tasks]
    return SelfEvaluationTotals(
        budget_total=budget_total,
        # A column total only when every row states it: a partial sum would look like a real one.
        budget_fiscal=sum((v for v in budget_fiscal if v is not None), ZERO)
        if all(v is not None for v in budget_fiscal) else None,
        executed_total=executed_total,
        executed_fiscal=sum((v for v in executed_fiscal if v is not None), ZERO)
        if all(v is not None for v in executed_fiscal) else None,
        execution_share=share(executed_total, budget_total),
    )


@dataclass(frozen=True, slots=True)
class ReportFigures:
    """Every descriptive figure of one department-year the report states; ``None`` where facts are missing."""

    budget: BudgetFigures | None
    quarters: tuple[QuarterFigures, ...]
    procurement_rate: Decimal | None
    three_public_rate: Decimal | None
    routine_rate: Decimal | None
    asset_utilisation: Decimal | None
    staff: StaffFigures | None
    key_tasks_completed: int | None
    projects_on_time_rate: Decimal | None
    self_evaluation: SelfEvaluationTotals | None


def report_figures(case: DepartmentYear) -> ReportFigures:
    """Derive the report's figures from the facts, once."""
    expenses = case.public_expenses
    return ReportFigures(
        budget=budget_figures(case.budget) if case.budget else None,
        quarters=quarter_figures(case.quarters) if case.quarters else (),
        procurement_rate=share(case.procurement.paid, case.procurement.plan) if case.procurement else None,
        three_public_rate=control_rate(expenses.three_public) if expenses else None,
        routine_rate=control_rate(expenses.routine) if expenses else None,
        asset_utilisation=share(case.assets.fixed_in_use, case.assets.fixed_original_value)
        if case.assets else None,
        staff=staff_figures(case.staff) if case.staff else None,
        key_tasks_completed=sum(1 for t in case.key_tasks if t.completed)
        if case.key_tasks is not None else None,
        projects_on_time_rate=share(case.projects.completed_on_time, case.projects.planned)
        if case.projects else None,
        self_evaluation=self_evaluation_totals(case.self_evaluation) if case.self_evaluation else None,
    )
