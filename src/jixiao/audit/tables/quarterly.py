"""The quarterly execution table (季度预算执行表): a row per quarter, then the year's average.

A row may be split over lines (one cell a line in Word and some PDFs); the header, when there is one, says
the order of the amounts and which percentages are printed (支出进度, 序时进度, 执行率).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import SourceLine
from .cells import LABEL_TAIL, NUMERIC_LINE, Cell, cells_in

_QUARTER = re.compile(r"^(?:第?\s*([一二三四1-4])\s*季度|[Qq]([1-4]))")
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, slots=True)
class QuarterRow:
    """一个季度: 调整预算数, 累计支出数, 支出进度, 序时进度, 得分 (any may be missing)."""

    quarter: int
    line: int
    budget: Cell | None
    spending: Cell | None
    progress: Cell | None
    time_progress: Cell | None
    score: Cell | None
    ratio: Cell | None = None
    """季度执行率 (支出进度 ÷ 序时进度), when the table prints it."""


@dataclass(frozen=True, slots=True)
class QuarterlyTable:
    """各季度预算执行率表."""

    header_line: int | None
    rows: tuple[QuarterRow, ...]
    average: Cell | None
    average_score: Cell | None
    average_line: int | None
    first_line: int
    last_line: int


def read_quarterly_table(lines: Sequence[SourceLine]) -> QuarterlyTable | None:
    """The first run of quarter rows (第一季度 … 第四季度), with the year's average row after it."""
    for index, line in enumerate(lines):
        if _quarter_of(line.text) == 1 and _is_row(line.text) and _row_cells(lines, index):
            return _quarterly_from(lines, index)
    return None


def _is_row(text: str) -> bool:
    """A quarter label followed by numbers only (or by nothing, its cells on the next lines), not a sentence
    about the quarter (`第一季度末支出进度 21.44%，…`)."""
    label = _QUARTER.match(text)
    rest = text[label.end() :].strip() if label else text
    return not rest or bool(NUMERIC_LINE.match(rest))


def _quarter_of(text: str) -> int | None:
    match = _QUARTER.match(text)
    if not match:
        return None
    return _QUARTER_NUMBER[match.group(1) or match.group(2)]


def _row_cells(lines: Sequence[SourceLine], index: int) -> list[Cell]:
    """A row's cells: those on its label line, then lines holding only numbers (cells split over lines)."""
    line = lines[index]
    label = _QUARTER.match(line.text)
    rest = line.text[label.end() :] if label else line.text
    cells = cells_in(rest, line)
    for follower in lines[index + 1 : index + 6]:
        # `全年平均执` / `行率`: the rest of a label broken over lines comes before the row's numbers.
        if not cells and LABEL_TAIL.match(follower.text):
            continue
        if not NUMERIC_LINE.match(follower.text):
            break
        cells.extend(cells_in(follower.text, follower))
    return cells


def _quarterly_from(lines: Sequence[SourceLine], first: int) -> QuarterlyTable:
    # The header may be one line or (Word tables, some PDFs) one cell per line: read back to its 季度 cell.
    header_index = next((i for i in range(first - 1, max(first - 9, -1), -1) if "季度" in lines[i].text), None)
    header = " ".join(line.text for line in lines[header_index:first]) if header_index is not None else ""
    if "支出" not in header:
        header_index, header = None, ""
    spending_first = _column(header, ("累计支出", "支出数", "实际支出")) < _column(header, ("调整预算", "预算数"))
    percent_columns = _percent_columns(header)
    rows: list[QuarterRow] = []
    index = first
    last = first
    expected = 1
    while index < len(lines) and expected <= 4:
        quarter = _quarter_of(lines[index].text) if _is_row(lines[index].text) else None
        if quarter == expected:
            rows.append(_quarter_row(quarter, lines[index], _row_cells(lines, index), spending_first, percent_columns))
            last = index
            expected += 1
        elif quarter is not None or index - last > 6:
            break
        index += 1
    average = average_score = None
    average_line = None
    last_line = lines[last].number
    for offset, candidate in enumerate(lines[last + 1 : last + 12], start=last + 1):
        if NUMERIC_LINE.match(candidate.text):
            continue  # the fourth quarter's cells, when each sits on its own line
        if "平均" in candidate.text or candidate.text.startswith("全年"):
            cells = _row_cells(lines, offset)
            average = next((c for c in cells if c.percent), None)
            after = cells[cells.index(average) + 1 :] if average else cells
            average_score = next((c for c in after if not c.percent), None)
            average_line = average.line if average else candidate.number
            last_line = max([candidate.number, *(c.line for c in cells)])
        break
    return QuarterlyTable(
        header_line=lines[header_index].number if header_index is not None else None,
        rows=tuple(rows),
        average=average,
        average_score=average_score,
        average_line=average_line,
        first_line=lines[header_index if header_index is not None else first].number,
        last_line=last_line,
    )


def _column(header: str, names: tuple[str, ...]) -> int:
    positions = [header.find(name) for name in names if name in header]
    return min(positions) if positions else len(header) + 1


_PERCENT_COLUMNS = {"progress": ("支出进度", "执行进度"), "time": ("序时进度", "时间进度"), "ratio": ("执行率",)}


def _percent_columns(header: str) -> tuple[str, ...] | None:
    """The order of the percentage columns the header names (支出进度, 序时进度, 执行率), or None without one."""
    found = []
    for column, names in _PERCENT_COLUMNS.items():
        # “预算执行率得分” names the score column, not a rate.
        positions = [m.start() for name in names for m in re.finditer(name + "(?!得分)", header)]
        if positions:
            found.append((min(positions), column))
    return tuple(column for _, column in sorted(found)) or None


def _quarter_row(
    quarter: int, line: SourceLine, cells: list[Cell], spending_first: bool, percent_columns: tuple[str, ...] | None
) -> QuarterRow:
    amounts = [c for c in cells if not c.percent]
    percents = [c for c in cells if c.percent]
    first_percent = cells.index(percents[0]) if percents else len(cells)
    leading = [c for c in cells[:first_percent] if not c.percent]
    trailing = [c for c in cells[first_percent:] if not c.percent]
    budget, spending = (leading[0], leading[1]) if len(leading) >= 2 else (None, None)
    if spending_first:
        budget, spending = spending, budget
    if not percents and len(amounts) >= 3:
        trailing = amounts[2:]
    if percent_columns is None:
        # No header: the second percentage is the time progress when it is one (25%, 50% …), else the ratio.
        second = "time" if len(percents) > 1 and percents[1].value == 25 * quarter else "ratio"
        percent_columns = ("progress", second)
    by_column = dict(zip(percent_columns, percents, strict=False))
    return QuarterRow(
        quarter=quarter,
        line=line.number,
        budget=budget,
        spending=spending,
        progress=by_column.get("progress"),
        time_progress=by_column.get("time"),
        score=trailing[-1] if trailing else None,
        ratio=by_column.get("ratio"),
    )
