"""Figures that are probably in the wrong unit (数量级提示), or parts that do not fit their total: small
independent checks over a case.

An amount typed in 元 into a 万元 cell is a valid number, so the facts model accepts it, and it scores (a budget
execution rate of 0.01%). Such a slip shows as figures that should be of one size but differ by orders of
magnitude. Each check here, in the manner of Beancount's plugins, is one function from a case to the
:class:`Hint` s it raises, with an example in its docstring. A hint is not an error: scoring goes on, and the
commands print hints on stderr as ``提示：…`` with the file and the place.

The bar is a factor of :data:`FACTOR` (100) between figures that should be comparable: a unit slip makes
10,000, while real departments stay well inside it (their three public expenses are a few per cent of the
budget, a quarter's adjusted budget is close to the year's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from ..problems import Problem
from ..yamlsource import PathKey, SourceMap
from .load import source_of
from .model import DepartmentYear

FACTOR = Decimal(100)
"""How many times apart two figures of one size must be before a hint says so."""

LARGEST_BUDGET = Decimal(10_000_000)
"""万元: a department's budget above 1,000 亿元 is an amount in 元 entered as 万元."""

SMALLEST_BUDGET = Decimal(1)
"""万元: a department's budget below 1 万元 is an amount in 万元 entered as 元."""

_YUAN_PER_WAN = Decimal(10_000)
_MAIN_TASK_SHARE = Decimal(5_000)  # the main tasks' budgets (元) far below the department's: typed in 万元


@dataclass(frozen=True, slots=True)
class Hint:
    """One figure that looks wrong by orders of magnitude, at its place in the case."""

    path: PathKey
    message: str


def _wan(value: Decimal) -> str:
    """``Decimal("21005000")`` → ``21,005,000 万元``."""
    text = f"{value:,f}"
    return f"{text} 万元"


def _times(big: Decimal, small: Decimal) -> str:
    ratio = big / small
    return f"{int(ratio):,}" if ratio < 1_000_000 else "百万"


def _apart(a: Decimal, b: Decimal) -> bool:
    """Whether two positive amounts are :data:`FACTOR` times or more apart, either way."""
    return a > 0 and b > 0 and (a >= b * FACTOR or b >= a * FACTOR)


def budget_size(case: DepartmentYear) -> Iterator[Hint]:
    """A budget too large or too small for any department.

    >>> from jixiao.facts.load import parse_case
    >>> case = parse_case("department: {name: 某局}\\nyear: 2023\\nbudget: {initial: 21005000, adjusted: 21005000}")
    >>> [h.path for h in budget_size(case)]
    [('budget', 'adjusted')]
    """
    if case.budget is None:
        return
    adjusted = case.budget.adjusted
    if adjusted >= LARGEST_BUDGET:
        yield Hint(("budget", "adjusted"), f"调整预算数为 {_wan(adjusted)}（超过 1,000 亿元），远超一个部门的预算规模："
                                           "是否把以元为单位的金额填成了万元？")
    elif 0 < adjusted < SMALLEST_BUDGET:
        yield Hint(("budget", "adjusted"), f"调整预算数仅 {_wan(adjusted)}（不足 1 万元）：是否把以万元为单位的金额填成了元？")


def budget_versions(case: DepartmentYear) -> Iterator[Hint]:
    """The initial and the adjusted budget of one year orders of magnitude apart.

    >>> from jixiao.facts.load import parse_case
    >>> case = parse_case("department: {name: 某局}\\nyear: 2023\\nbudget: {initial: 47961100, adjusted: 4812.30}")
    >>> [h.path for h in budget_versions(case)]
    [('budget', 'initial')]
    """
    budget = case.budget
    if budget is not None and _apart(budget.initial, budget.adjusted):
        yield Hint(("budget", "initial"), f"年初预算数 {_wan(budget.initial)} 与调整预算数 {_wan(budget.adjusted)} 相差"
                                          f" {_times(*sorted((budget.initial, budget.adjusted), reverse=True))} 倍："
                                          "两者是否用了不同的金额单位？")


def quarters_against_budget(case: DepartmentYear) -> Iterator[Hint]:
    """A quarter's adjusted budget orders of magnitude from the year's (or, with no budget, from the other
    quarters'); a quarter's spending a hundred times its adjusted budget.

    >>> from jixiao.facts.load import parse_case
    >>> case = parse_case('''
    ... department: {name: 某局}
    ... year: 2023
    ... budget: {initial: 4796.11, adjusted: 4812.30}
    ... quarters:
    ...   - {adjusted_budget: 49112600, cumulative_spending: 1052.76}
    ...   - {adjusted_budget: 4744.26, cumulative_spending: 22836900}
    ...   - {adjusted_budget: 4812.92, cumulative_spending: 3136.88}
    ...   - {adjusted_budget: 4812.30, cumulative_spending: 4642.70}
    ... ''')
    >>> [h.path for h in quarters_against_budget(case)]
    [('quarters', 0, 'adjusted_budget'), ('quarters', 1, 'cumulative_spending')]
    """
    if case.quarters is None:
        return
    if case.budget is not None:
        reference, named = case.budget.adjusted, "调整预算数"
    else:
        reference, named = sorted(q.adjusted_budget for q in case.quarters)[1], "其他季度的调整预算数"
    for index, quarter in enumerate(case.quarters):
        number = "一二三四"[index]
        if _apart(quarter.adjusted_budget, reference):
            yield Hint(("quarters", index, "adjusted_budget"),
                       f"第{number}季度末调整预算数 {_wan(quarter.adjusted_budget)} 与{named}（{_wan(reference)}）相差 "
                       f"{_times(*sorted((quarter.adjusted_budget, reference), reverse=True))} 倍：是否用了不同的金额单位？")
        elif quarter.adjusted_budget > 0 and quarter.cumulative_spending >= quarter.adjusted_budget * FACTOR:
            yield Hint(("quarters", index, "cumulative_spending"),
                       f"第{number}季度末累计支出数 {_wan(quarter.cumulative_spending)} 是该季度调整预算数"
                       f"（{_wan(quarter.adjusted_budget)}）的 {_times(quarter.cumulative_spending, quarter.adjusted_budget)}"
                       " 倍：是否用了不同的金额单位？")


def parts_against_budget(case: DepartmentYear) -> Iterator[Hint]:
    """三公经费, 日常公用经费 and government procurement are parts of the budget: a hundred times the whole is a
    unit slip; so is a final account a hundred times its own adjusted budget.

    >>> from jixiao.facts.load import parse_case
    >>> case = parse_case('''
    ... department: {name: 某局}
    ... year: 2023
    ... budget: {initial: 4796.11, adjusted: 4812.30}
    ... public_expenses:
    ...   three_public: {adjusted: 584400, final: 52.54}
    ...   routine: {adjusted: 256.72, final: 241.85}
    ... ''')
    >>> [h.path for h in parts_against_budget(case)]
    [('public_expenses', 'three_public', 'adjusted')]
    """
    whole = case.budget.adjusted if case.budget is not None else None
    parts: list[tuple[PathKey, str, Decimal | None]] = []
    if case.public_expenses is not None:
        for key, label in (("three_public", "“三公”经费"), ("routine", "日常公用经费")):
            line = getattr(case.public_expenses, key)
            parts += [(("public_expenses", key, "initial"), f"{label}年初预算数", line.initial),
                      (("public_expenses", key, "adjusted"), f"{label}调整预算数", line.adjusted),
                      (("public_expenses", key, "final"), f"{label}决算数", line.final)]
            if line.adjusted > 0 and line.final >= line.adjusted * FACTOR and (
                    whole is None or line.final < whole * FACTOR):
                yield Hint(("public_expenses", key, "final"),
                           f"{label}决算数 {_wan(line.final)} 是其调整预算数（{_wan(line.adjusted)}）的 "
                           f"{_times(line.final, line.adjusted)} 倍：是否用了不同的金额单位？")
    if case.procurement is not None:
        parts += [(("procurement", "plan"), "采购计划金额", case.procurement.plan),
                  (("procurement", "paid"), "实际采购支付金额", case.procurement.paid)]
    if whole is None or whole <= 0:
        return
    for path, label, value in parts:
        if value is not None and value >= whole * FACTOR:
            yield Hint(path, f"{label} {_wan(value)} 是部门调整预算数（{_wan(whole)}）的 {_times(value, whole)} 倍："
                             "是否把以元为单位的金额填成了万元？")


def main_tasks_against_budget(case: DepartmentYear) -> Iterator[Hint]:
    """The self-evaluation table is in 元: main tasks whose budgets add up to a few thousandths of the department's
    budget were entered in 万元; a hundred times the budget, in some smaller unit.

    >>> from jixiao.facts.load import parse_case
    >>> case = parse_case('''
    ... department: {name: 某局}
    ... year: 2023
    ... budget: {initial: 4796.11, adjusted: 4812.30}
    ... self_evaluation:
    ...   main_tasks: [{name: 对外联络, budget_total: 2633.64, executed_total: 2600}]
    ... ''')
    >>> [h.path for h in main_tasks_against_budget(case)]
    [('self_evaluation', 'main_tasks')]
    """
    if case.budget is None or case.self_evaluation is None or not case.self_evaluation.main_tasks:
        return
    total = sum((task.budget_total for task in case.self_evaluation.main_tasks), Decimal(0))
    budget = case.budget.adjusted * _YUAN_PER_WAN
    if total <= 0 or budget <= 0:
        return
    shown = f"{total.normalize():,f} 元"
    if total * _MAIN_TASK_SHARE < budget:
        yield Hint(("self_evaluation", "main_tasks"),
                   f"主要任务的预算数合计仅 {shown}，不到部门调整预算数（{_wan(case.budget.adjusted)}）的万分之二："
                   "自评表的金额以元为单位，是否按万元填写了？")
    elif total >= budget * FACTOR:
        yield Hint(("self_evaluation", "main_tasks"),
                   f"主要任务的预算数合计 {shown} 是部门调整预算数（{_wan(case.budget.adjusted)}）的 "
                   f"{_times(total, budget)} 倍：是否用了不同的金额单位？")


_FUND_PARTS = (("fiscal", "当年财政拨款"), ("carryover", "上年结转资金"), ("other", "其他资金"))
_FUND_COLUMNS = (("initial_budget", "initial_budget", "年初预算数"), ("full_year_budget", "budget", "全年预算数"),
                 ("executed", "executed", "全年执行数"))


def project_funds_parts(case: DepartmentYear) -> Iterator[Hint]:
    """A project's funds by source (其中：当年财政拨款、上年结转资金、其他资金) are parts of its total: parts that
    add up to more than the total, or all three given and not adding up to it, are a slip in one of them.

    >>> from jixiao.facts.load import parse_case
    >>> case = parse_case('''
    ... department: {name: 某局}
    ... year: 2023
    ... project: {name: 校舍维修, full_year_budget: 1200, executed: 1104, fiscal_budget: 1150, carryover_budget: 150}
    ... ''')
    >>> [h.path for h in project_funds_parts(case)]
    [('project', 'full_year_budget')]
    """
    figures = case.figures
    for total_id, part_id, label in _FUND_COLUMNS:
        total = figures.get(f"project.{total_id}")
        given = [(name, value) for name, value in
                 ((name, figures.get(f"project.{key}_{part_id}")) for key, name in _FUND_PARTS)
                 if isinstance(value, Decimal)]
        if not isinstance(total, Decimal) or not given:
            continue
        parts = sum((value for _, value in given), Decimal(0))
        shown = " + ".join(f"{name} {value:,f}" for name, value in given)
        if parts > total:
            yield Hint(("project", total_id), f"项目{label}的分项之和（{shown} = {parts:,f} 万元）大于合计 "
                                              f"{total:,f} 万元：请核对分项或合计")
        elif len(given) == len(_FUND_PARTS) and parts != total:
            yield Hint(("project", total_id), f"项目{label}的三个分项之和（{shown} = {parts:,f} 万元）与合计 "
                                              f"{total:,f} 万元不符：请核对分项或合计")


CHECKS: tuple[Callable[[DepartmentYear], Iterator[Hint]], ...] = (
    budget_size, budget_versions, quarters_against_budget, parts_against_budget, main_tasks_against_budget,
    project_funds_parts,
)


def hints(case: DepartmentYear) -> list[Hint]:
    """Every check's hints for a case."""
    return [hint for check in CHECKS for hint in check(case)]


def hint_problems(case: DepartmentYear) -> list[Problem]:
    """The hints at their place in the case's file (its line or cell), for printing as 提示."""
    source = source_of(case) or SourceMap(f"{case.department.name} {case.year} 年度")
    return [source.problem(hint.path, hint.message) for hint in hints(case)]


__all__ = ["CHECKS", "FACTOR", "Hint", "hint_problems", "hints", "project_funds_parts"]
