"""The report's tables (报告表格) as extraction leaves them: quarterly, self-evaluation, score sheet.

Extraction flattens tables into lines: a row may be split over several lines, a page number may sit in the
middle, and the score sheet interleaves each indicator's description and standard with its weight and score.
The readers here work from the shape of such tables (quarter labels, columns of money, a weight after an
indicator name, a score alone on its line), never from the wording of one report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..decimals import NumberFormatError, parse_decimal
from .figures import repair_dotted_thousands
from .text import SourceLine

_QUARTER = re.compile(r"^(?:第?\s*([一二三四1-4])\s*季度|[Qq]([1-4]))")
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_CELL = re.compile(r"(?<![\d.,])\d(?:[\d,.]*\d)?\s?%?")
_NUMERIC_LINE = re.compile(r"^(?:\d(?:[\d,.]*\d)?%?\s?)+$")
_LABEL_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
_LONE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_GROUP_NAME = re.compile(r"^(?P<name>\S+?指标)(?:[（(]?(?P<weight>\d+(?:\.\d+)?)\s?分?[)）]?)?$")
_NAME_FRAGMENT = re.compile(r"^[\u4e00-\u9fff“”、A-Za-z]{1,14}$")
_TARGET_UNIT = re.compile(r"^[\u4e00-\u9fff/%‰]{1,4}$")
_GRADES = ("优", "良", "中", "差")


@dataclass(frozen=True, slots=True)
class Cell:
    """一个单元格: as printed, its value (None when malformed), a percentage or not, and its line."""

    raw: str
    value: Decimal | None
    percent: bool
    line: int
    page: int | None = None

    @property
    def places(self) -> int:
        number = self.raw.rstrip("% ")
        return len(number.split(".")[-1]) if "." in number else 0

    @property
    def malformed(self) -> bool:
        return self.value is None


def _cell(raw: str, line: SourceLine) -> Cell:
    raw = raw.strip()
    percent = raw.endswith("%")
    number = raw.rstrip("% ")
    try:
        value: Decimal | None = parse_decimal(number, allow_units=())
    except NumberFormatError:
        value = None
    return Cell(raw, value, percent, line.number, line.page)


def _cells(text: str, line: SourceLine) -> list[Cell]:
    return [_cell(match.group(), line) for match in _CELL.finditer(text)]


# ---------------------------------------------------------------- quarterly execution (季度预算执行)


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
        if _quarter_of(line.text) == 1 and _row_cells(lines, index):
            return _quarterly_from(lines, index)
    return None


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
    cells = _cells(rest, line)
    for follower in lines[index + 1 : index + 6]:
        # `全年平均执` / `行率`: the rest of a label broken over lines comes before the row's numbers.
        if not cells and _LABEL_TAIL.match(follower.text):
            continue
        if not _NUMERIC_LINE.match(follower.text):
            break
        cells.extend(_cells(follower.text, follower))
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
        quarter = _quarter_of(lines[index].text)
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
        if _NUMERIC_LINE.match(candidate.text):
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


# ---------------------------------------------------------------- self-evaluation table (自评表)


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
    start = next((i for i, line in enumerate(lines) if _is_title(line.text, "自评表")), None)
    if start is None:
        return None
    end = start
    in_targets = False
    for index in range(start + 1, len(lines)):
        text = lines[index].text
        if _is_title(text, "评分表") or (in_targets and _is_section_heading(text)):
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
    first_amount = next((i for i, line in enumerate(region) if _NUMERIC_LINE.match(line.text)), len(region))
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
            row = _cells(line.text, line)
            if len(row) >= 2:
                total = _task(row, columns)
        elif _NUMERIC_LINE.match(line.text):
            numbers = _cells(line.text, line)
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
        money.insert(0, _cell(text, line))
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


# ---------------------------------------------------------------- score sheet (评分表)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """评分表一行: 一级 / 二级 / 三级指标, 分值, 得分, with the lines of the weight and the score."""

    level1: str
    level2: str
    name: str
    weight: Cell
    score: Cell | None


@dataclass(frozen=True, slots=True)
class GroupWeight:
    """一级或二级指标的分值, when the sheet prints one."""

    name: str
    weight: Cell


@dataclass(frozen=True)
class ScoreSheet:
    """部门整体支出绩效评分表."""

    first_line: int
    last_line: int
    rows: tuple[ScoreRow, ...]
    total: Cell | None
    grade: str | None
    grade_line: int | None
    group_weights: tuple[GroupWeight, ...] = field(default=())


def score_sheet_bounds(lines: Sequence[SourceLine]) -> tuple[int, int] | None:
    start = next((i for i, line in enumerate(lines) if _is_title(line.text, "评分表")), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if "三级指标" in line.text and "分值" in line.text), None)
    if start is None:
        return None
    end = len(lines) - 1
    for index in range(start + 1, len(lines)):
        if "评分等级" in lines[index].text or "评价等级" in lines[index].text:
            end = index
            # The grade may sit alone on the next line.
            if not any(g in lines[index].text for g in _GRADES) and index + 1 < len(lines):
                end = index + 1
            break
    return start, end


def read_score_sheet(lines: Sequence[SourceLine]) -> ScoreSheet | None:
    bounds = score_sheet_bounds(lines)
    if bounds is None:
        return None
    start, end = bounds
    reader = _ScoreSheetReader()
    for line in lines[start + 1 : end + 1]:
        reader.feed(line)
    if not reader.rows and reader.total is None:
        return None
    return ScoreSheet(
        first_line=lines[start].number,
        last_line=lines[end].number,
        rows=tuple(reader.rows),
        total=reader.total,
        grade=reader.grade,
        grade_line=reader.grade_line,
        group_weights=tuple(reader.group_weights),
    )


class _ScoreSheetReader:
    """Reads the flattened sheet line by line.

    Outside a row, short fragments are pieces of an indicator name (names break mid-word) and ``…指标`` tokens
    are group names; a number after a name is its weight. Inside a row, description and standard prose runs on
    until a number alone on its line: the score.
    """

    def __init__(self) -> None:
        self.rows: list[ScoreRow] = []
        self.group_weights: list[GroupWeight] = []
        self.total: Cell | None = None
        self.grade: str | None = None
        self.grade_line: int | None = None
        self.level1 = self.level2 = ""
        self._groups: list[str] = []
        self._fragments: list[str] = []
        self._open: tuple[str, Cell] | None = None
        self._awaiting_grade = False

    def feed(self, line: SourceLine) -> None:
        text = line.text
        if self._awaiting_grade:
            self._take_grade(text, line)
            return
        if len(line.cells) >= 2:
            self._feed_row(line)
            return
        if text.startswith(("综合评分", "综合得分", "总分", "合计")) and _cells(text, line):
            self._close(None)
            self.total = _cells(text, line)[-1]
            return
        if "评分等级" in text or "评价等级" in text:
            self._close(None)
            self._take_grade(text.split("等级", 1)[1], line)
            return
        if self._open is not None:
            if _LONE_NUMBER.match(text):
                self._close(_cell(text, line))
            return
        if self._is_header(text):
            return
        tokens = text.split(" ")
        if self._row_start(tokens, line):
            return
        if all(_GROUP_NAME.match(t) for t in tokens):
            # `部门管` / `理指标`: a group name broken over lines ends the pieces collected before it.
            tokens[0] = "".join([*self._fragments, tokens[0]])
            for token in tokens:
                self._group(token, line)
            return
        if _NAME_FRAGMENT.match(text):
            self._fragments.append(text)
            return
        # Prose outside a row (standards that run past the score): it breaks any name being collected.
        self._fragments.clear()

    def _feed_row(self, line: SourceLine) -> None:
        """A real table row (Markdown, Word): ``[groups…] name weight [description, standard…] score``."""
        cells = line.cells
        first = cells[0]
        numbers = [c for c in cells[1:] if _LONE_NUMBER.match(c)]
        if first.startswith(("综合评分", "综合得分", "总分", "合计")):
            self._close(None)
            if numbers:
                self.total = _cell(numbers[-1], line)
            return
        if "评分等级" in first or "评价等级" in first:
            self._close(None)
            self._take_grade(" ".join(cells[1:]), line)
            return
        weight_at = next((i for i, c in enumerate(cells) if _LONE_NUMBER.match(c)), None)
        if self._is_header(line.text) or not weight_at:
            return
        names = cells[:weight_at]
        self._close(None)
        for group in names:
            if _GROUP_NAME.match(group):
                self._group(group, line)
        parts = [c for c in names if not _GROUP_NAME.match(c)]
        if not parts:
            return
        self._start("".join(parts), _cell(cells[weight_at], line))
        if len(cells) - 1 > weight_at and _LONE_NUMBER.match(cells[-1]):
            self._close(_cell(cells[-1], line))

    def _row_start(self, tokens: list[str], line: SourceLine) -> bool:
        """``[groups…] name weight [standard… [score]]``, the name possibly begun on earlier lines."""
        first = next((i for i, t in enumerate(tokens) if _LONE_NUMBER.match(t)), None)
        if first is None or not all(_is_name_part(t) for t in tokens[:first]):
            return False
        names, weight, rest = tokens[:first], _cell(tokens[first], line), tokens[first + 1 :]
        # `得 0 分。`: a number inside a standard's sentence, not a weight.
        if rest and rest[0].startswith(("分", "%", "）", ")", "项", "个")):
            return False
        parts = [t for t in names if not _GROUP_NAME.match(t)]
        if not parts and not self._fragments:
            if not names or rest:
                return False
            # `部门管理指标 40`: a group printed with its weight.
            for group in names[:-1]:
                self._group(group, line)
            self._group(f"{names[-1]}{tokens[first]}", line)
            return True
        fragments = self._take_fragments(line, whole_may_be_group=bool(parts))
        for group in names:
            if _GROUP_NAME.match(group):
                self._group(group, line)
        name = "".join([*fragments, *parts])
        if len(name) < 2:
            return False
        self._start(name, weight)
        # A short row may carry its whole standard and its score on the same line.
        if rest and _LONE_NUMBER.match(rest[-1]):  # noqa: SIM102 - the comment belongs to the inner test
            # After a standard that quotes points (`… × 6 分。 6`), the number ending the line is the score when
            # the text before it is a finished sentence.
            if not any(_LONE_NUMBER.match(t) for t in rest[:-1]) or rest[-2].endswith(("。", "；", "）", ")")):
                self._close(_cell(rest[-1], line))
        return True

    def _take_fragments(self, line: SourceLine, *, whole_may_be_group: bool) -> list[str]:
        """Pending name pieces; leading pieces that join into ``…指标`` are a group name broken over lines (all of
        them, when the line itself names the indicator)."""
        fragments = list(self._fragments)
        for cut in range(len(fragments) if whole_may_be_group else len(fragments) - 1, 0, -1):
            head = "".join(fragments[:cut])
            if head.endswith("指标"):
                self._group(head, line)
                return fragments[cut:]
        return fragments

    def _is_header(self, text: str) -> bool:
        return not any(ch.isdigit() for ch in text) and bool(
            re.match(r"^(评价指标|指标说明|评分标准|一级指标|二级指标|三级指标|分值|分数|得分)", text)
        )

    def _group(self, token: str, line: SourceLine) -> None:
        match = _GROUP_NAME.match(token)
        name = match.group("name") if match else token
        if match and match.group("weight"):
            self.group_weights.append(GroupWeight(name, _cell(match.group("weight"), line)))
        self._groups.append(name)
        self._fragments.clear()

    def _start(self, name: str, weight: Cell) -> None:
        if self._groups:
            if len(self._groups) >= 2:
                self.level1 = self._groups[-2]
            self.level2 = self._groups[-1]
        self._groups.clear()
        self._fragments.clear()
        self._open = (name, weight)

    def _close(self, score: Cell | None) -> None:
        if self._open is None:
            return
        name, weight = self._open
        self.rows.append(ScoreRow(self.level1, self.level2, name, weight, score))
        self._open = None

    def _take_grade(self, text: str, line: SourceLine) -> None:
        grade = next((g for g in _GRADES if g in text), None)
        if grade is None and not self._awaiting_grade:
            self._awaiting_grade = True
            return
        self._awaiting_grade = False
        self.grade = grade
        self.grade_line = line.number


def _is_name_part(token: str) -> bool:
    return bool(_NAME_FRAGMENT.match(token) or _GROUP_NAME.match(token))


def _is_title(text: str, ending: str) -> bool:
    stripped = text.strip(" ：:")
    return stripped.endswith(ending) and len(stripped) <= 40 and "《" not in stripped


def _is_section_heading(text: str) -> bool:
    return bool(re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]{1,3}）|\d{1,2}[.、](?!\d))", text))


def repaired_value(cell: Cell) -> Decimal | None:
    """A malformed cell's only sensible reading, when there is one (``27.000.00`` → 27000.00)."""
    return cell.value if cell.value is not None else repair_dotted_thousands(cell.raw.rstrip("% "))
