"""Everything read from one report (提取结果): figures in sentences, the three tables, malformed numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from .figures import (
    Figure,
    FigureIndex,
    extract_figures,
    is_too_long,
    looks_like_dotted_thousands,
    malformed_tokens,
    repair_dotted_thousands,
)
from .tables import (
    QuarterlyTable,
    ScoreSheet,
    SelfEvaluationTable,
    read_quarterly_table,
    read_score_sheet,
    read_self_evaluation,
)
from .text import ReportText, SourceLine

_UNIT_AFTER = re.compile(r"^\s?(万元|亿元|元|%)")
# Every word has a digit. Possessive: `(?:\S*\d\S*\s?)+` backtracked exponentially on a long run of digits.
_NUMERIC_LINE = re.compile(r"^(?:[^\s\d]*+\d\S*+\s?)++$")
_TITLE = re.compile(r"^(?P<department>.*?)\s*(?P<year>(?:19|20)\d{2})\s*年度?")

_MALFORMED_RULE = "数字只能有一个小数点，千分位用逗号分隔"
_FOREIGN_RULE = "数字应使用 0–9 书写：阿拉伯-印度数字、天城文数字等其他文字的数字无法读取"
_TOO_LONG_RULE = "数字位数异常（整数部分超过 15 位或总位数超过 30 位），可能是提取时几个数字连在了一起"

REGION_NAMES = {"quarterly": "季度执行表", "self_evaluation": "自评表", "score_sheet": "评分表"}


@dataclass(frozen=True, slots=True)
class MalformedNumber:
    """一个无法确定数值的数字 (``27.000.00``), with its only sensible reading when there is one."""

    raw: str
    line: int
    page: int | None
    reading: Decimal | None
    context: str
    rule: str = "数字只能有一个小数点，千分位用逗号分隔"  # the same as _MALFORMED_RULE
    """What the number breaks, in the finding's words."""


@dataclass(frozen=True)
class Extraction:
    """What a report states, with every item's place in the extracted text."""

    text: ReportText
    department: str | None
    year: int | None
    figures: tuple[Figure, ...]
    quarterly: QuarterlyTable | None
    self_evaluation: SelfEvaluationTable | None
    score_sheet: ScoreSheet | None
    malformed: tuple[MalformedNumber, ...]

    @cached_property
    def index(self) -> FigureIndex:
        return FigureIndex(self.figures)

    def region_lines(self) -> set[int]:
        """Numbers of the lines inside the tables."""
        tables = (self.quarterly, self.self_evaluation, self.score_sheet)
        return {
            line.number
            for line in self.text.lines
            for table in tables
            if table is not None and table.first_line <= line.number <= table.last_line
        }


def extract(text: ReportText) -> Extraction:
    lines = text.lines
    quarterly = read_quarterly_table(lines)
    self_evaluation = read_self_evaluation(lines)
    score_sheet = read_score_sheet(lines)
    region_of: dict[int, str] = {}
    for name, table in (
        ("quarterly", quarterly),
        ("self_evaluation", self_evaluation),
        ("score_sheet", score_sheet),
    ):
        if table is not None:
            for line in lines:
                if table.first_line <= line.number <= table.last_line:
                    region_of[line.number] = name
    department, year = _title(lines)
    return Extraction(
        text=text,
        department=department,
        year=year,
        figures=extract_figures(lines, region_of),
        quarterly=quarterly,
        self_evaluation=self_evaluation,
        score_sheet=score_sheet,
        malformed=tuple(_malformed(lines)) + tuple(
            MalformedNumber(raw, line.number, line.page, None, line.text, _FOREIGN_RULE)
            for line, raw in text.foreign_numbers
        ),
    )


_AFTER_YEAR = re.compile(r"^(?:年度)?(?P<department>.+?)(?:部门整体|整体支出|部门支出|绩效|$)")
_NAMED_DEPARTMENT = re.compile(r"(?:部门|单位)名称[:：\s]*(?P<department>[^\s，,。]+)")
_NAMED_YEAR = re.compile(r"预算年度[:：\s]*(?P<year>(?:19|20)\d{2})")


def _title(lines: tuple[SourceLine, ...]) -> tuple[str | None, int | None]:
    """Department and year from the title (`深圳市贸促委 2023 年度…`, `2023年度某局部门整体…`), else from the
    self-evaluation table's 部门名称 and 预算年度."""
    department: str | None = None
    year: int | None = None
    for index, line in enumerate(lines[:3]):
        match = _TITLE.match(line.text)
        if not match:
            continue
        year = int(match.group("year"))
        name = match.group("department").strip()
        if not name:
            # `2023年度某局部门整体支出…`: the department follows the year (the title may wrap).
            rest = "".join(other.text for other in lines[index : index + 2])[match.end() :].strip()
            after = _AFTER_YEAR.match(rest)
            name = after.group("department").strip() if after else ""
        department = name if name and not re.search(r"[、，。：:；]|报告", name) else None
        break
    text = "\n".join(line.text for line in lines)
    if department is None and (named := _NAMED_DEPARTMENT.search(text)):
        department = named.group("department")
    if year is None and (named_year := _NAMED_YEAR.search(text)):
        year = int(named_year.group("year"))
    return department, year


def _malformed(lines: tuple[SourceLine, ...]) -> list[MalformedNumber]:
    """Numbers that cannot be read: those with a unit, in a row of numbers, or grouped with dots."""
    found = []
    for line in lines:
        for token in malformed_tokens(line.text):
            after = line.text[line.text.find(token) + len(token) :]
            if looks_like_dotted_thousands(token) or _UNIT_AFTER.match(after) or _NUMERIC_LINE.match(line.text):
                rule = _TOO_LONG_RULE if is_too_long(token) else _MALFORMED_RULE
                found.append(MalformedNumber(token, line.number, line.page, repair_dotted_thousands(token), line.text,
                                             rule))
    return found
