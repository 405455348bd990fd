"""The report as a document model (报告文档结构): sections, paragraphs, tables and charts.

The content builder fills this model once; every output format renders the same model, so the Word file,
the HTML page and the Markdown text cannot disagree. Section numbers (一、 （一） 1. （1）) are given at
rendering time, after empty sections are dropped, so that leaving out a section never leaves a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text (indented two characters in print)."""

    text: str


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell. ``rowspan`` covers the rows below too: those rows leave out the cells it covers."""

    text: str
    colspan: int = 1
    align: Align | None = None
    bold: bool = False
    rowspan: int = 1


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    width_mm: float
    align: Align = "center"


@dataclass(frozen=True, slots=True)
class Table:
    """A table with repeated header rows. ``merge_down`` columns join equal consecutive cells (一级/二级).

    A form (自评表) labels its own rows: ``headless`` gives it no header row, and its cells span rows by
    ``Cell.rowspan`` (a table uses either that or ``merge_down``, not both). An empty ``title`` has no caption.
    """

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    unit: str = ""
    header: tuple[tuple[Cell, ...], ...] = ()
    merge_down: tuple[int, ...] = ()
    font_size_pt: float = 10.5
    headless: bool = False

    def __post_init__(self) -> None:
        if self.merge_down and any(cell.rowspan > 1 for row in self.rows for cell in row):
            raise ValueError("a table spans rows either by merge_down or by Cell.rowspan")

    def header_rows(self) -> tuple[tuple[Cell, ...], ...]:
        """The header rows: given ones, else one row of the column titles (none for a headless form)."""
        if self.header:
            return self.header
        if self.headless:
            return ()
        return (tuple(Cell(c.title, bold=True) for c in self.columns),)

    def merged_rows(self) -> list[list[tuple[Cell, int] | None]]:
        """Each body cell with its row span; ``None`` for each column a cell above spans over."""
        if any(cell.rowspan > 1 for row in self.rows for cell in row):
            return self._spanned_rows()
        grid: list[list[tuple[Cell, int] | None]] = [[(cell, 1) for cell in row] for row in self.rows]
        for column in self.merge_down:
            top = 0
            while top < len(self.rows):
                bottom = top + 1
                while (
                    bottom < len(self.rows)
                    and _cell_text(self.rows, bottom, column) == _cell_text(self.rows, top, column)
                    and _cell_text(self.rows, top, column)
                    and _spans_one(self.rows[bottom]) and _spans_one(self.rows[top])
                ):
                    bottom += 1
                if bottom - top > 1:
                    first = grid[top][column]
                    assert first is not None
                    grid[top][column] = (first[0], bottom - top)
                    for below in range(top + 1, bottom):
                        grid[below][column] = None
                top = bottom
        return grid


    def _spanned_rows(self) -> list[list[tuple[Cell, int] | None]]:
        """The grid of a table whose cells give their own row spans."""
        covered = [0] * len(self.columns)  # for each column, how many more rows a cell above covers
        grid: list[list[tuple[Cell, int] | None]] = []
        for row in self.rows:
            slots: list[tuple[Cell, int] | None] = []
            cells = iter(row)
            column = 0
            while column < len(self.columns):
                if covered[column]:
                    covered[column] -= 1
                    slots.append(None)
                    column += 1
                    continue
                cell = next(cells, None)
                if cell is None:
                    break
                slots.append((cell, cell.rowspan))
                for spanned in range(column, min(column + cell.colspan, len(self.columns))):
                    covered[spanned] = cell.rowspan - 1
                column += cell.colspan
            grid.append(slots)
        return grid


def _cell_text(rows: tuple[tuple[Cell, ...], ...], row: int, column: int) -> str:
    cells = rows[row]
    return cells[column].text if column < len(cells) else ""


def _spans_one(row: tuple[Cell, ...]) -> bool:
    return all(cell.colspan == 1 for cell in row)


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart drawn as a PNG image, with the caption printed under it.

    ``draw`` makes the image the first time a format asks for :attr:`png`: the Markdown report leaves charts
    out, and the first chart of a run costs matplotlib's import, about half a second.
    """

    key: str
    caption: str
    draw: Callable[[], bytes]
    width_mm: float = 150.0
    _drawn: list[bytes] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def png(self) -> bytes:
        """The image, drawn once however many formats show it."""
        if not self._drawn:
            self._drawn.append(self.draw())
        return self._drawn[0]


Block = Paragraph | Table | Chart


@dataclass(slots=True)
class Section:
    """A titled part of the report; its number depends on its depth and on which siblings are present.

    A section without a title (a form's one table and its note) has no heading and takes no number.
    """

    title: str
    children: list[Section | Block] = field(default_factory=list)

    def add(self, *items: Section | Block | None) -> Section:
        self.children.extend(item for item in items if item is not None)
        return self

    def is_empty(self) -> bool:
        return not any(
            not child.is_empty() if isinstance(child, Section) else True for child in self.children
        )


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading, as renderers receive it: ``level`` 1 is 一、, 2 is （一）, 3 is 1., 4 is （1）."""

    level: int
    number: str
    title: str

    @property
    def text(self) -> str:
        return f"{self.number}{self.title}"


@dataclass(slots=True)
class Document:
    """The whole report: its title, its sections, and the department and year for page furniture.

    ``title_on_one_line`` keeps a short title (a form's: 2023年度项目支出绩效自评表) whole.
    """

    title: str
    department: str
    year: int
    sections: list[Section] = field(default_factory=list)
    title_on_one_line: bool = False

    def title_lines(self) -> tuple[str, ...]:
        """The title in two lines, broken after the year as official titles are: who and when, then what."""
        head, mark, rest = self.title.partition("年度")
        if mark and rest and head and not self.title_on_one_line:
            return (f"{head}{mark}", rest)
        return (self.title,)

    def flow(self) -> Iterator[Heading | Block]:
        """Headings and blocks in reading order, empty sections dropped, numbers given."""
        yield from _flow(list(self.sections), 1)


_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for section numbers)."""
    if n <= 0 or n >= 100:
        return str(n)
    tens, units = divmod(n, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[units] if units else ''}"


def section_number(level: int, n: int) -> str:
    if level == 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def _flow(children: list[Section | Block], level: int) -> Iterator[Heading | Block]:
    n = 0
    for child in children:
        if not isinstance(child, Section):
            yield child
            continue
        if child.is_empty():
            continue
        if not child.title:
            yield from _flow(child.children, level)
            continue
        n += 1
        yield Heading(level, section_number(level, n), child.title)
        yield from _flow(child.children, level + 1)
