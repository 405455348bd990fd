"""The self-evaluation table (部门整体支出绩效目标完成情况自评表): main tasks' amounts and the targets.

The amounts of each task end its row; the rows' text cells (task, content, result) run over many lines and
are not needed for the checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..text import SourceLine
from .cells import NUMERIC_LINE, Cell, cell_of, cells_in, is_section_heading, is_title

_TARGET_UNIT = re.compile(r"^[\u4e00-\u9fff/%‰]{1,4}$")


@dataclass(frozen=True, slots=True)
class TaskAmounts:
    """自评表一行的金额（元）: 预算数 (总数, 其中财政拨款) and 执行数 (总额, 其中财政拨款)."""

    line: int
    budget_total: Cell
    executed_total: Cell
    budget_fiscal: Cell | None = None
    executed_fiscal: Cell | None = None


@dataclass(frozen=True, slots=True)
class TargetRow:
    """一项绩效指标: 三级指标, 预期指标值, 实际完成指标值, as printed."""

    line: int
    name: str
    expected: str
    actual: str
    level1: str = ""
    level2: str = ""


@dataclass(frozen=True)
class SelfEvaluationTable:
    """部门整体支出绩效目标完成情况自评表."""

    first_line: int
    last_line: int
    columns: int
    tasks: tuple[TaskAmounts, ...]
    total: TaskAmounts | None
    stray_cells: tuple[Cell, ...]
    targets: tuple[TargetRow, ...] = field(default=())
    unit: str = "元"


def self_evaluation_bounds(lines: Sequence[SourceLine]) -> tuple[int, int] | None:
    """Indices of the self-evaluation table: from its title to the last target row."""
    start = next((i for i, line in enumerate(lines) if is_title(line.text, "自评表")), None)
    if start is None:
        return None
    end = start
    in_targets = False
    for index in range(start + 1, len(lines)):
        text = lines[index].text
        if is_title(text, "评分表") or (in_targets and is_section_heading(text)):
            break
        if re.match(r"^[一二三四五六七八九十]+、", text):
            break
        if "预期指标值" in text or ("指标值" in text and "三级指标" in text):
            in_targets = True
        end = index
    return start, end


def read_self_evaluation(lines: Sequence[SourceLine]) -> SelfEvaluationTable | None:
    bounds = self_evaluation_bounds(lines)
    if bounds is None:
        return None
    start, end = bounds
    region = lines[start : end + 1]
    first_amount = next((i for i, line in enumerate(region) if NUMERIC_LINE.match(line.text)), len(region))
    # Letter-spaced headers (`其 中：财政拨 款`) are read without their spaces.
    header = "".join(line.text for line in region[:first_amount]).replace(" ", "")
    columns = 4 if "其中" in header else 2
    # The national template prints this table in 元; a header saying 万元 (and not 元 alone) overrides that.
    unit = "万元" if "万元" in header and not re.search(r"[（(]元[）)]|单位[:：]元", header) else "元"
    targets_at = next((i for i, line in enumerate(region) if "指标值" in line.text), len(region))
    cells: list[Cell] = []
    total: TaskAmounts | None = None
    structured: list[TaskAmounts] = []
    for line in region[:targets_at]:
        if line.cells:
            money = _trailing_money(line, line.cells)
            if len(money) >= 2 and re.match(r"^(合计|总计)", line.cells[0]):
                total = _task(money, columns)
            elif len(money) >= 2:
                structured.append(_task(money, columns))
            continue
        if re.match(r"^(合计|总计)", line.text):
            row = cells_in(line.text, line)
            if len(row) >= 2:
                total = _task(row, columns)
        elif NUMERIC_LINE.match(line.text):
            numbers = cells_in(line.text, line)
            # A lone number is a cell of the table only when it is money (two decimals), not a count or a year.
            if len(numbers) >= 2 or _MONEY.match(line.text):
                cells.extend(numbers)
        else:
            # `保密设备配置 236,000.00 236,000.00 …`: the last text cell and the amounts share a line.
            cells.extend(_trailing_money(line, tuple(line.text.split(" "))))
    flat = [_task(cells[i : i + columns], columns) for i in range(0, len(cells) - columns + 1, columns)]
    stray = tuple(cells[len(flat) * columns :])
    tasks = structured + flat
    return SelfEvaluationTable(
        first_line=lines[start].number,
        last_line=lines[end].number,
        columns=columns,
        tasks=tuple(tasks),
        total=total,
        stray_cells=stray,
        targets=tuple(_targets(region)),
        unit=unit,
    )


_MONEY = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)\.\d{2}$|^\d{1,3}(?:\.\d{3})+\.\d{2}$")


def _trailing_money(line: SourceLine, texts: Sequence[str]) -> list[Cell]:
    """The amounts that end a table row (预算数 and 执行数 columns), in order."""
    money: list[Cell] = []
    for text in reversed(texts):
        if not _MONEY.match(text):
            break
        money.insert(0, cell_of(text, line))
    return money


def _task(cells: list[Cell], columns: int) -> TaskAmounts:
    if columns == 4 and len(cells) >= 4:
        return TaskAmounts(cells[0].line, cells[0], cells[2], cells[1], cells[3])
    return TaskAmounts(cells[0].line, cells[0], cells[1])


def _targets(region: Sequence[SourceLine]) -> list[TargetRow]:
    header = next((i for i, line in enumerate(region) if "指标值" in line.text), None)
    if header is None:
        return []
    rows: list[TargetRow] = []
    level1 = level2 = ""
    for line in region[header + 1 :]:
        tokens = list(line.cells) if line.cells else _target_tokens(line.text)
        groups = [t for t in tokens if t.endswith("指标") or t.endswith("效益")]
        if len(tokens) < 3 or len(tokens) - len(groups) < 3:
            level1, level2 = _target_levels(groups, level1, level2)
            continue
        level1, level2 = _target_levels(tokens[:-3], level1, level2)
        rows.append(TargetRow(line.number, tokens[-3], tokens[-2], tokens[-1], level1, level2))
    return rows


# The first-level groups of performance targets in the national template; everything else is second level.
_TARGET_LEVEL1 = ("产出指标", "效益指标", "满意度指标")


def _target_levels(groups: Sequence[str], level1: str, level2: str) -> tuple[str, str]:
    for group in groups:
        if group in _TARGET_LEVEL1:
            level1, level2 = group, ""
        else:
            level2 = group
    return level1, level2


def _target_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for token in text.split(" "):
        if tokens and _TARGET_UNIT.match(token) and tokens[-1][-1:].isdigit():
            tokens[-1] = f"{tokens[-1]} {token}"
        else:
            tokens.append(token)
    return tokens
