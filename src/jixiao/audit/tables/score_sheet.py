"""The score sheet (评分表) as extraction leaves it.

Each indicator's description and standard sit between its weight and its score; names and group names break
over lines; a real table (Word, Markdown, HTML) gives the same row as cells.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..text import SourceLine
from .cells import LONE_NUMBER, Cell, cell_of, cells_in, is_title

# the total's row; a draft scored in part (jixiao report --partial) totals what it scored
UNSCORED = "未计分"  # a draft's indicator lacking its figures: it has a weight and, as yet, no score
_TOTALS = ("综合评分", "综合得分", "总分", "合计", "已计分合计")
_GROUP_NAME = re.compile(r"^(?P<name>\S+?指标)(?:[（(]?(?P<weight>\d+(?:\.\d+)?)\s?分?[)）]?)?$")
_NAME_FRAGMENT = re.compile(r"^[\u4e00-\u9fff“”、A-Za-z]{1,14}$")
_GRADES = ("优", "良", "中", "差")
# An indicator name and its weight, nothing else: a new row even before the previous one got its score.
_BARE_ROW_START = re.compile(r"^[\u4e00-\u9fff“”、]{3,14} \d+(?:\.\d+)?$")
_NOT_NAMES = ("得分", "分值", "满分", "分数", "合计", "扣分")
# A standard's sentence wrapped before its points (`…超过计划的该项得 0`) is not a name and weight.
_STANDARD_WRAP = re.compile(r"的|(得|扣|为|达|是|于|过|至|计|按|超|低|占|分|率|于|每) \d")


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
    start = next((i for i, line in enumerate(lines) if is_title(line.text, "评分表")), None)
    if start is None:  # a project's self-evaluation form: its budget row and its targets' rows are scored
        start = next((i for i, line in enumerate(lines) if is_title(line.text, "自评表")
                      and any("分值" in later.text for later in lines[i + 1:i + 12])), None)
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
    # a table's own header row (cells) says where its columns stand; a title line is not read
    first = start if len(lines[start].cells) >= 2 else start + 1
    for line in lines[first : end + 1]:
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
        # from a table's header: how many cells stand between the indicator's name and its weight (年度指标值,
        # 实际完成值 of a project's self-evaluation table), and whether the score follows the weight directly
        self._between = 0
        self._score_next = False
        self._columns: tuple[str, ...] = ()
        self._name_at = 0

    def feed(self, line: SourceLine) -> None:
        text = line.text
        if self._awaiting_grade:
            self._take_grade(text, line)
            return
        if len(line.cells) >= 2:
            self._feed_row(line)
            return
        if text.startswith(_TOTALS) and cells_in(text, line):
            self._close(None)
            self.total = cells_in(text, line)[-1]
            return
        if "评分等级" in text or "评价等级" in text:
            self._close(None)
            self._take_grade(text.split("等级", 1)[1], line)
            return
        if self._open is not None:
            if LONE_NUMBER.match(text):
                self._close(cell_of(text, line))
            elif _BARE_ROW_START.match(text) and not text.startswith(_NOT_NAMES) and not _STANDARD_WRAP.search(text):
                # `预算编制规范性 5` while the row before still waits for its score: that score is missing.
                self._close(None)
                self._row_start(text.split(" "), line)
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
        numbers = [c for c in cells[1:] if LONE_NUMBER.match(c)]
        if first.startswith(_TOTALS):
            self._close(None)
            if numbers:
                self.total = cell_of(numbers[-1], line)
            return
        if "评分等级" in first or "评价等级" in first:
            self._close(None)
            self._take_grade(" ".join(cells[1:]), line)
            return
        if "分值" in cells and not any(ch.isdigit() for ch in line.text):
            self._header(cells)
            return
        weight_at = next((i for i, c in enumerate(cells) if LONE_NUMBER.match(c)), None)
        if self._is_header(line.text) or not weight_at:
            return
        if self._columns and len(cells) == len(self._columns) and "得分" in self._columns:
            # every cell filled, as the header has them: `年度资金总额 1,000.00 1,200.00 1,104.00 10.00 92.00% 9.20`
            # under `项目资金 年初预算数 全年预算数 全年执行数 分值 执行率 得分`
            # (a row whose 分值 and 得分 are “—”, such as 上年结转资金 or 其他资金, is not scored)
            weight, score = cells[self._columns.index("分值")], cells[self._columns.index("得分")]
            if LONE_NUMBER.match(weight) and (LONE_NUMBER.match(score) or score == UNSCORED):
                self._close(None)
                for group in cells[:self._name_at]:
                    if _GROUP_NAME.match(group):
                        self._group(group, line)
                self._start(cells[self._name_at], cell_of(weight, line))
                self._close(cell_of(score, line))
            return
        if self._score_next and weight_at + 1 < len(cells) and LONE_NUMBER.match(cells[weight_at + 1]):
            # `… 维修改造学校数 ≥12所 12所 10.00 10.00 [偏差原因]`: the two cells before the weight are the
            # target and what was achieved, the score follows the weight, a reason may come after it
            names = cells[:max(weight_at - self._between, 1)]
            self._close(None)
            for group in names:
                if _GROUP_NAME.match(group):
                    self._group(group, line)
            parts = [c for c in names if not _GROUP_NAME.match(c)]
            if parts:
                self._start("".join(parts), cell_of(cells[weight_at], line))
                self._close(cell_of(cells[weight_at + 1], line))
            return
        names = cells[:weight_at]
        self._close(None)
        for group in names:
            if _GROUP_NAME.match(group):
                self._group(group, line)
        parts = [c for c in names if not _GROUP_NAME.match(c)]
        if not parts:
            return
        self._start("".join(parts), cell_of(cells[weight_at], line))
        if len(cells) - 1 > weight_at and LONE_NUMBER.match(cells[-1]):
            self._close(cell_of(cells[-1], line))

    def _header(self, cells: tuple[str, ...]) -> None:
        """A table's header row: where the name, the weight and the score stand."""
        self._columns = cells
        weight = cells.index("分值")
        named = [i for i, c in enumerate(cells[:weight]) if c.endswith(("三级指标", "指标名称")) or c == "指标"]
        self._between = weight - named[-1] - 1 if named else 0
        self._name_at = named[-1] if named else 0
        self._score_next = weight + 1 < len(cells) and cells[weight + 1] in ("得分", "分数", "自评得分")

    def _row_start(self, tokens: list[str], line: SourceLine) -> bool:
        """``[groups…] name weight [standard… [score]]``, the name possibly begun on earlier lines."""
        first = next((i for i, t in enumerate(tokens) if LONE_NUMBER.match(t)), None)
        if first is None or not all(_is_name_part(t) for t in tokens[:first]):
            return False
        names, weight, rest = tokens[:first], cell_of(tokens[first], line), tokens[first + 1 :]
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
        if rest and LONE_NUMBER.match(rest[-1]):  # noqa: SIM102 - the comment belongs to the inner test
            # After a standard that quotes points (`… × 6 分。 6`), the number ending the line is the score when
            # the text before it is a finished sentence.
            if not any(LONE_NUMBER.match(t) for t in rest[:-1]) or rest[-2].endswith(("。", "；", "）", ")")):
                self._close(cell_of(rest[-1], line))
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
            self.group_weights.append(GroupWeight(name, cell_of(match.group("weight"), line)))
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
