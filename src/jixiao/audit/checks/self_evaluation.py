"""The self-evaluation table (自评表): its totals, its rows, its cross-checks and its targets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ...decimals import TEN_THOUSAND, ZERO, round_half_up
from ..extraction import Extraction
from ..figures import ADJUSTED_BUDGET
from ..findings import Finding, Severity, Verified
from ..tables import Cell, TaskAmounts, repaired_value
from .comparison import Outcome, amount_text


def check_self_evaluation(extraction: Extraction) -> Iterable[Outcome]:
    """自评表: 合计行、各行金额关系，以及预算数合计 = 调整预算数、执行数合计 = 第四季度累计支出."""
    table = extraction.self_evaluation
    if table is None or not table.tasks:
        return
    for task in table.tasks:
        budget, executed = repaired_value(task.budget_total), repaired_value(task.executed_total)
        for fiscal, total, name in (
            (task.budget_fiscal, task.budget_total, "预算数"),
            (task.executed_fiscal, task.executed_total, "执行数"),
        ):
            fiscal_value, total_value = (repaired_value(fiscal) if fiscal else None), repaired_value(total)
            if fiscal is not None and fiscal_value is not None and total_value is not None and fiscal_value > total_value:
                yield Finding(
                    Severity.ERROR,
                    "自评表",
                    fiscal.line,
                    fiscal.raw,
                    f"不大于{name}总数 {total.raw}",
                    "其中财政拨款不能超过总数",
                    fiscal.page,
                    f"自评表{name}",
                )
        if budget is not None and executed is not None and executed > budget:
            yield Finding(
                Severity.SUSPECT,
                "自评表",
                task.executed_total.line,
                task.executed_total.raw,
                f"不大于预算数 {task.budget_total.raw}",
                "执行数一般不超过预算数",
                task.executed_total.page,
                "自评表执行数",
            )
    yield from _fiscal_outliers(table.tasks)
    budget_cells = [t.budget_total for t in table.tasks]
    executed_cells = [t.executed_total for t in table.tasks]
    budget_sum = _column_sum(budget_cells)
    executed_sum = _column_sum(executed_cells)
    if table.total is not None:
        fiscal_budget = _column_sum([t.budget_fiscal for t in table.tasks if t.budget_fiscal is not None])
        fiscal_executed = _column_sum([t.executed_fiscal for t in table.tasks if t.executed_fiscal is not None])
        for stated_cell, computed, name in (
            (table.total.budget_total, budget_sum, "预算数"),
            (table.total.budget_fiscal, fiscal_budget, "预算数（其中：财政拨款）"),
            (table.total.executed_total, executed_sum, "执行数"),
            (table.total.executed_fiscal, fiscal_executed, "执行数（其中：财政拨款）"),
        ):
            if stated_cell is None or computed is None or stated_cell.value is None:
                continue
            stated = stated_cell
            if stated.value == computed:
                yield Verified("自评表", stated.line, f"自评表{name}合计 {amount_text(computed)} 元，无误")
            else:
                yield Finding(
                    Severity.ERROR,
                    "自评表",
                    stated.line,
                    stated.raw,
                    f"各行合计 {amount_text(computed)}",
                    "合计行 = 各行之和",
                    stated.page,
                    f"自评表{name}合计",
                )
    adjusted = _department_adjusted_budget(extraction)
    q4 = extraction.quarterly.rows[-1] if extraction.quarterly and len(extraction.quarterly.rows) == 4 else None
    spent = q4.spending if q4 is not None else None
    first_line = table.tasks[0].line
    if budget_sum is not None and adjusted is not None:
        yield _table_against(budget_sum, table.unit, adjusted, "自评表预算数合计", "调整预算数", first_line)
    if executed_sum is not None and spent is not None and spent.value is not None:
        yield _table_against(
            executed_sum, table.unit, (spent.value, spent.line), "自评表执行数合计", "第四季度累计支出数", first_line
        )


def _fiscal_outliers(tasks: Sequence[TaskAmounts]) -> Iterable[Outcome]:
    """Where every other row's 财政拨款 equals its total, the one row where it does not is worth a look."""
    columns = {
        "预算数": [(t.budget_fiscal, t.budget_total) for t in tasks],
        "执行数": [(t.executed_fiscal, t.executed_total) for t in tasks],
    }
    for name, pairs in columns.items():
        if len(pairs) < 3 or any(fiscal is None for fiscal, _ in pairs):
            continue
        differing = [(f, t) for f, t in pairs if f is not None and repaired_value(f) != repaired_value(t)]
        if len(differing) == 1:
            fiscal, total = differing[0]
            assert fiscal is not None
            yield Finding(
                Severity.NOTE,
                "自评表",
                fiscal.line,
                fiscal.raw,
                f"与总数 {total.raw} 相同（其余各行二者相等）",
                "各项资金均为财政拨款时，其中财政拨款等于总数",
                fiscal.page,
                f"自评表{name}（其中：财政拨款）",
            )


def _column_sum(cells: Sequence[Cell]) -> Decimal | None:
    values = [repaired_value(c) for c in cells]
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), ZERO)


def _department_adjusted_budget(extraction: Extraction) -> tuple[Decimal, int] | None:
    for figure in extraction.index.prose():
        if figure.kind == "amount" and not figure.topic and re.match(ADJUSTED_BUDGET, figure.key):
            assert figure.wan is not None
            return figure.wan, figure.line
    table = extraction.quarterly
    if table is not None and len(table.rows) == 4 and table.rows[-1].budget and table.rows[-1].budget.value:
        return table.rows[-1].budget.value, table.rows[-1].budget.line
    return None


def _table_against(total: Decimal, unit: str, other_figure: tuple[Decimal, int], subject: str, other: str, line: int) -> Outcome:
    wan, wan_line = other_figure
    in_wan = round_half_up(total / TEN_THOUSAND, 2) if unit == "元" else total
    stated = f"{amount_text(total)} 元（{amount_text(in_wan)} 万元）" if unit == "元" else f"{amount_text(total)} 万元"
    if in_wan == round_half_up(wan, 2):
        return Verified("交叉核对", line, f"{subject} {stated} = {other} {amount_text(wan)} 万元（第 {wan_line} 行）")
    return Finding(
        Severity.SUSPECT,
        "交叉核对",
        line,
        stated,
        f"{other} {amount_text(wan)} 万元（第 {wan_line} 行）",
        f"{subject}应与{other}一致",
        None,
        subject,
    )


def check_targets(extraction: Extraction) -> Iterable[Outcome]:
    """自评表绩效指标: 实际完成值未达到预期指标值的，提示."""
    table = extraction.self_evaluation
    if table is None:
        return
    for target in table.targets:
        expected = _bound(target.expected)
        actual = _bound(target.actual)
        if expected is None or actual is None or actual[0] or expected[2] != actual[2]:
            continue
        operator, limit, _unit = expected
        value = actual[1]
        missed = (
            (operator in ("≥", ">=") and value < limit)
            or (operator in ("≤", "<=") and value > limit)
            or (operator == ">" and value <= limit)
            or (operator == "<" and value >= limit)
        )
        if missed:
            yield Finding(
                Severity.NOTE,
                "绩效指标",
                target.line,
                target.actual,
                target.expected,
                "实际完成值未达到预期指标值",
                None,
                target.name,
            )


_BOUND_VALUE = re.compile(r"^(?P<op>[≥≤<>]=?|＞|＜)?\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>.*)$")


def _bound(text: str) -> tuple[str, Decimal, str] | None:
    match = _BOUND_VALUE.match(text.replace("＞", ">").replace("＜", "<"))
    if not match:
        return None
    return match.group("op") or "", Decimal(match.group("number")), match.group("unit").strip()
