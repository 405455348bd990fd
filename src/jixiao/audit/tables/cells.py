"""Table cells (单元格) and the line shapes every table reader relies on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ...decimals import NumberFormatError, parse_decimal
from ..figures import repair_dotted_thousands
from ..text import SourceLine

CELL = re.compile(r"(?<![\d.,])\d(?:[\d,.]*\d)?\s?%?")
# Possessive (*+, ++): written as `(?:\d(?:[\d,.]*\d)?%?\s?)+` the pattern could split a long run of digits in
# exponentially many ways before failing, and a run of 26 digits glued together by extraction took minutes.
NUMERIC_LINE = re.compile(r"^(?:\d[\d,.]*+(?<=\d)%?\s?)++$")
LABEL_TAIL = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
LONE_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


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


def cell_of(raw: str, line: SourceLine) -> Cell:
    raw = raw.strip()
    percent = raw.endswith("%")
    number = raw.rstrip("% ")
    try:
        value: Decimal | None = parse_decimal(number, allow_units=())
    except NumberFormatError:
        value = None
    return Cell(raw, value, percent, line.number, line.page)


def cells_in(text: str, line: SourceLine) -> list[Cell]:
    return [cell_of(match.group(), line) for match in CELL.finditer(text)]


def is_title(text: str, ending: str) -> bool:
    stripped = text.strip(" ：:")
    return stripped.endswith(ending) and len(stripped) <= 40 and "《" not in stripped


def is_section_heading(text: str) -> bool:
    return bool(re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]{1,3}）|\d{1,2}[.、](?!\d))", text))


def repaired_value(cell: Cell) -> Decimal | None:
    """A malformed cell's only sensible reading, when there is one (``27.000.00`` → 27000.00)."""
    return cell.value if cell.value is not None else repair_dotted_thousands(cell.raw.rstrip("% "))
