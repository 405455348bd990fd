"""Figures stated in the report's sentences (文中数字): amounts, rates, head counts, points, with labels.

A figure's *label* is the text just before it in its clause (``调整预算数 4,812.30 万元`` → ``调整预算数``);
its *topic* is what it is about (政府采购, “三公”经费, ...): the topic named last before it in its sentence
or, failing that, its section heading's. Checks find the figures they need by label and topic, never by position.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..decimals import HUNDRED, MAX_DIGITS, MAX_INTEGER_DIGITS, TEN_THOUSAND, NumberFormatError, parse_decimal
from .text import SourceLine

# A run of digits with separators; validated afterwards, so that `27.000.00` is caught rather than split.
_NUMBER_UNIT = re.compile(
    r"(?<![\d.,])(?P<number>\d(?:[\d,.]*\d)?)\s?(?P<unit>万元|亿元|元(?!/)|%|人(?!次)|名|分(?![钟类之别期批局会行项数值配档]))"
)
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]{1,3}）|\(\d{1,3}\)|\d{1,2}[.、](?!\d))")
# A heading is a sentence of its own: a newline is put after it when lines are joined.
_SENTENCE_END = "。！？\n"
# A comma between digits groups thousands; anywhere else it ends a clause.
_CLAUSE_BREAK = re.compile(r"[，；;：:]|(?<!\d),|,(?!\d)")
_LABEL_BREAK = re.compile(r"[、（）()《》]")
_BOUND = re.compile(r"(?:[≥≤<>＜＞≈~～]|约|超过?|逾|近|不低于|不超过|不少于|达到?)\s*$")
_NUMBER_TOKEN = re.compile(r"(?<![\d.,])\d(?:[\d,.]*\d)?")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+\.\d{1,2}")

# What a figure is about, by the keywords before it; specific topics come before the general ones they contain.
TOPICS: tuple[tuple[str, str], ...] = (
    ("政府采购", "政府采购"),
    ("三公", "三公经费"),
    ("日常公用经费", "日常公用经费"),
    ("公用经费", "公用经费"),
    ("固定资产", "固定资产"),
    ("编外", "编外人员"),
    ("财政供养", "人员编制"),
    ("核定编制", "人员编制"),
    ("在编", "人员编制"),
)

KINDS = {
    "万元": "amount",
    "亿元": "amount",
    "元": "amount",
    "%": "rate",
    "人": "count",
    "名": "count",
    "分": "points",
}


@dataclass(frozen=True, slots=True)
class Figure:
    """一个数字: as printed, its value (None when malformed), unit, place and the words around it."""

    kind: str
    raw: str
    value: Decimal | None
    unit: str
    line: int
    page: int | None
    label: str
    clause: str
    sentence: str
    sentence_id: int
    clause_id: int
    section_id: int
    topic: str
    bounded: bool
    region: str
    key: str = ""
    """The label without the words that vary between reports (see :func:`label_key`)."""
    heading: str = ""
    """The heading of the section the figure stands in (`（3）政府采购执行情况`), if it has one."""

    @property
    def places(self) -> int:
        """Decimals printed: the precision the report claims."""
        number = self.raw.rstrip(self.unit).strip()
        return len(number.split(".")[-1]) if "." in number else 0

    @property
    def wan(self) -> Decimal | None:
        """An amount in 万元 (the text's unit); other kinds unchanged; a rate as a fraction."""
        if self.value is None:
            return None
        if self.unit == "元":
            return self.value / TEN_THOUSAND
        if self.unit == "亿元":
            return self.value * TEN_THOUSAND
        if self.unit == "%":
            return self.value / HUNDRED
        return self.value


_LABEL_NOISE = re.compile(
    r"\d{4}\s*年度?|截至|截止|本年度|年度中|本年|当年|我委|我局|我厅|我办|本部门|本单位|我部门|本委|其中|全年|年末|年度"
)
_LABEL_TAIL = re.compile(r"(?:为|达|达到|是|约|共|共计|合计|总计|的|了)+$")


# The department's budget totals, however a report words them: 年初部门预算数, 年初预算批复数, 调整后预算数 ….
INITIAL_BUDGET = r"^年初(部门)?(批复)?(的)?(部门)?预算(批复)?(数|总额|总规模)?$"
ADJUSTED_BUDGET = r"^(部门)?调整后?(的)?(部门)?预算(数|总额|总规模)?$"


def label_key(label: str) -> str:
    """A label without the words that vary between reports (我委, 2023 年度, trailing 为/达/合计)."""
    key = _LABEL_NOISE.sub("", re.sub(r"[\s“”\"‘’']", "", label))
    return _LABEL_TAIL.sub("", key)


def is_heading(text: str) -> bool:
    return bool(_HEADING.match(text)) and "。" not in text[:-1]


def last_topic(text: str) -> str:
    """The topic named last in ``text`` (the words before a figure); at the same place the longer keyword."""
    best: tuple[int, int, str] = (-1, 0, "")
    for keyword, topic in TOPICS:
        index = text.rfind(keyword)
        if index >= 0:
            best = max(best, (index + len(keyword), len(keyword), topic))
    return best[2]


def topic_of(text: str) -> str:
    for keyword, topic in TOPICS:
        if keyword in text:
            return topic
    return ""


@dataclass(frozen=True, slots=True)
class _Joined:
    text: str
    starts: list[int]
    lines: list[SourceLine]

    def line_at(self, offset: int) -> SourceLine:
        return self.lines[max(bisect_right(self.starts, offset) - 1, 0)]


def _join(lines: Sequence[SourceLine]) -> _Joined:
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for index, line in enumerate(lines):
        if index == 1 and is_heading(lines[0].text):
            parts.append("\n")
            length += 1
        # Lines of one sentence join without a space, as Chinese does, except where two words or numbers meet.
        if (
            parts
            and parts[-1][-1:].isascii()
            and parts[-1][-1:].isalnum()
            and line.text[:1].isascii()
            and line.text[:1].isalnum()
        ):
            parts.append(" ")
            length += 1
        starts.append(length)
        parts.append(line.text)
        length += len(line.text)
    return _Joined("".join(parts), starts, list(lines))


def sections(lines: Sequence[SourceLine], region_of: dict[int, str]) -> list[tuple[str, list[SourceLine]]]:
    """Split the lines at headings and at the edges of tables: ``(region, lines)`` runs."""
    runs: list[tuple[str, list[SourceLine]]] = []
    for line in lines:
        region = region_of.get(line.number, "")
        if not runs or runs[-1][0] != region or (not region and is_heading(line.text)):
            runs.append((region, []))
        runs[-1][1].append(line)
    return runs


def extract_figures(lines: Sequence[SourceLine], region_of: dict[int, str]) -> tuple[Figure, ...]:
    """Every amount, rate, head count and score stated in the report, in order."""
    figures: list[Figure] = []
    sentence_id = clause_id = 0
    for section_id, (region, run) in enumerate(sections(lines, region_of)):
        joined = _join(run)
        heading = run[0].text if is_heading(run[0].text) else ""
        for start, sentence in _split(joined.text, _SENTENCE_END):
            sentence_id += 1
            for clause_start, clause in _split_clauses(sentence):
                clause_id += 1
                figures.extend(
                    _figures_in_clause(
                        clause,
                        start + clause_start,
                        joined,
                        sentence.strip(),
                        sentence_id,
                        clause_id,
                        section_id,
                        (sentence[:clause_start], heading),
                        region,
                    )
                )
    return tuple(figures)


def _split(text: str, ends: str) -> Iterable[tuple[int, str]]:
    start = 0
    for index, char in enumerate(text):
        if char in ends:
            yield start, text[start : index + 1].rstrip("\n")
            start = index + 1
    if start < len(text):
        yield start, text[start:]


def _split_clauses(sentence: str) -> Iterable[tuple[int, str]]:
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        yield start, sentence[start : match.end()]
        start = match.end()
    if start < len(sentence):
        yield start, sentence[start:]


def _figures_in_clause(
    clause: str,
    offset: int,
    joined: _Joined,
    sentence: str,
    sentence_id: int,
    clause_id: int,
    section_id: int,
    context: tuple[str, str],
    region: str,
) -> Iterable[Figure]:
    sentence_before, heading = context
    heading_topic = topic_of(heading)
    label_start = 0
    for match in _NUMBER_UNIT.finditer(clause):
        number, unit = match.group("number"), match.group("unit")
        before = clause[label_start : match.start()]
        breaks = list(_LABEL_BREAK.finditer(before))
        label = before[breaks[-1].end() :] if breaks else before
        # A label broken by brackets (`核定编制数（含工勤人员）53 人`) keeps the words before the bracket.
        if not label.strip(" ，,") and breaks:
            label = _LABEL_BREAK.sub("", before)
        label_start = match.end()
        try:
            value: Decimal | None = parse_decimal(number, allow_units=())
        except NumberFormatError:
            value = None
        source = joined.line_at(offset + match.start())
        yield Figure(
            kind=KINDS[unit],
            raw=f"{number}{'' if unit == '%' else ' '}{unit}",
            value=value,
            unit=unit,
            line=source.number,
            page=source.page,
            label=label.strip(" ，,：:"),
            key=label_key(label),
            heading=heading,
            clause=clause.strip(),
            sentence=sentence,
            sentence_id=sentence_id,
            clause_id=clause_id,
            section_id=section_id,
            topic=last_topic(sentence_before + clause[: match.start()]) or heading_topic,
            bounded=bool(_BOUND.search(before)),
            region=region,
        )


def malformed_tokens(text: str) -> list[str]:
    """Numbers in a line that cannot be read without guessing (``27.000.00``)."""
    found = []
    for match in _NUMBER_TOKEN.finditer(text):
        token = match.group()
        if "." not in token and "," not in token and len(token) <= MAX_INTEGER_DIGITS:
            continue
        try:
            parse_decimal(token, allow_units=())
        except NumberFormatError:
            found.append(token)
    return found


def is_too_long(token: str) -> bool:
    """Whether a number has more digits than any figure of a report (digits glued together by extraction)."""
    whole = token.replace(",", "").split(".")[0]
    return len(whole.lstrip("0")) > MAX_INTEGER_DIGITS or sum(c.isdigit() for c in token) > MAX_DIGITS


def looks_like_dotted_thousands(token: str) -> bool:
    return bool(_DOTTED_THOUSANDS.fullmatch(token))


def repair_dotted_thousands(token: str) -> Decimal | None:
    """``27.000.00`` → 27000.00: the only reading of dots used as thousands separators."""
    if not looks_like_dotted_thousands(token):
        return None
    head, _, decimals = token.rpartition(".")
    return Decimal(head.replace(".", "") + "." + decimals)


class FigureIndex:
    """Find stated figures by what their label says, nearest to a given figure first.

    A report states thousands of figures and the checks look up several for each one, so every lookup must
    cost far less than a pass over the text: the figures a label pattern matches are gathered once, in the
    text's order, and a scope (sentence, section) is a contiguous run of them found by bisection, since
    figures, sentences and sections all follow the order of the lines.
    """

    def __init__(self, figures: Sequence[Figure]) -> None:
        self.figures = tuple(figures)
        self._prose = tuple(f for f in self.figures if not f.region and f.value is not None)
        self._runs: dict[tuple[str, str | None, str, str | None], NearestFigures] = {}
        self._sentences: dict[int, list[Figure]] = {}
        self._sections: dict[int, list[Figure]] = {}
        for figure in self._prose:
            self._sentences.setdefault(figure.sentence_id, []).append(figure)
            self._sections.setdefault(figure.section_id, []).append(figure)

    def prose(self) -> Iterable[Figure]:
        """The figures of the running text (outside the tables) whose value could be read."""
        return iter(self._prose)

    def in_sentence(self, sentence_id: int) -> list[Figure]:
        return self._sentences.get(sentence_id, [])

    def in_section(self, section_id: int) -> list[Figure]:
        return self._sections.get(section_id, [])

    def find(
        self,
        near: Figure | None,
        patterns: Sequence[str],
        *,
        kind: str = "amount",
        exclude: str | None = None,
        topic: str | None = None,
        scopes: Sequence[str] = ("sentence", "section"),
    ) -> Figure | None:
        """The first figure whose label matches one of ``patterns`` (in order of preference), searching the
        sentence of ``near``, then its section, then (with ``"document"``) the whole text, nearest first
        (the nearest before ``near``, else the nearest after it). ``topic`` narrows the wider scopes; within
        one sentence the labels alone decide."""
        for scope in scopes:
            narrowed = None if scope == "sentence" else topic
            for pattern in patterns:
                run = self._run(kind, narrowed, pattern, exclude)
                found = run.nearest(near, scope)
                if found is not None:
                    return found
        return None

    def _run(self, kind: str, topic: str | None, pattern: str, exclude: str | None) -> NearestFigures:
        key = (kind, topic, pattern, exclude)
        run = self._runs.get(key)
        if run is None:
            wanted, unwanted = re.compile(pattern), re.compile(exclude) if exclude else None
            run = self._runs[key] = NearestFigures([
                f
                for f in self._prose
                if f.kind == kind
                and not f.bounded
                and (topic is None or f.topic == topic)
                and wanted.search(f.key)
                and not (unwanted and unwanted.search(f.key))
            ])
        return run


class NearestFigures:
    """Figures in the text's order, searched nearest to a figure first, within its sentence, its section or
    the whole text (bisection on their lines, sentences and sections, which follow that order)."""

    def __init__(self, figures: list[Figure]) -> None:
        self.figures = figures
        self.lines = [f.line for f in figures]
        self.sentences = [f.sentence_id for f in figures]
        self.sections = [f.section_id for f in figures]

    def nearest(self, near: Figure | None, scope: str) -> Figure | None:
        low, high = 0, len(self.figures)
        if near is None:
            return self.figures[0] if self.figures else None
        if scope == "sentence":
            low, high = bisect_left(self.sentences, near.sentence_id), bisect_right(self.sentences, near.sentence_id)
        elif scope == "section":
            low, high = bisect_left(self.sections, near.section_id), bisect_right(self.sections, near.section_id)
        # At or before near's line: the last line there, and on that line the first figure other than near.
        end = bisect_right(self.lines, near.line, low, high)
        while end > low:
            line_start = bisect_left(self.lines, self.lines[end - 1], low, end)
            for figure in self.figures[line_start:end]:
                if figure is not near:
                    return figure
            end = line_start
        after = bisect_right(self.lines, near.line, low, high)
        return self.figures[after] if after < high else None
