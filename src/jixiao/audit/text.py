"""The text of a report (报告文本) as numbered lines, read from plain text, PDF or Word.

Reports reach us damaged by PDF extraction: page numbers in the middle of tables, full-width digits, spaces
inside numbers. Each line keeps its number (and page, for PDF) in the extracted text so that every finding
points at the place a reader can find; cleaning only makes numbers readable, never moves text between
lines.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..problems import InputError

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％＋－　\u00a0\u3000", "0123456789.%+-   ")
# A page number on its own line: `- 12 -`, `— 12 —`, `第 12 页`, `第 12 页 共 30 页`, `12 / 30`. A bare number is
# not one: in a score sheet it is a weight or a score.
_PAGE_MARKER = re.compile(
    r"^[-—–－]\s*\d{1,4}\s*[-—–－]$|^第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$"
)
# A full-width comma is a clause mark; between digits with three digits after it, it groups thousands.
_WIDE_GROUPING = re.compile(r"(?<=\d)，(?=\d{3}(?!\d))")
# `4, 812. 30` → `4,812.30`: spaces next to a separator inside a number are extraction damage.
_SPACED_SEPARATOR = re.compile(r"(?<=\d)\s*([.,])\s*(?=\d)")
# `4 812.30`: a space where the thousands comma was. Only before a group of three digits that carries decimals,
# so that two whole numbers side by side in a table (`≥500 612`) stay two numbers.
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}) (\d{3}(?:,\d{3})*\.\d)")
_SPACES = re.compile(r"[ \t\r\f\v]+")

_HEADING_MARK = re.compile(r"^#{1,6}\s+")
_MARKUP = re.compile(r"\*\*|__")
_RULE_CELL = re.compile(r"^:?-{3,}:?$")

TEXT_SUFFIXES = (".txt", ".md", ".text")


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One non-empty line of the report: its number in the extracted text, its page if known, its text."""

    number: int
    text: str
    page: int | None = None
    cells: tuple[str, ...] = ()
    """A table row's non-empty cells, when the source has real tables (Markdown, Word); else empty."""


@dataclass(frozen=True)
class ReportText:
    """报告文本: the cleaned, non-empty lines of one report, page numbers removed."""

    name: str
    lines: tuple[SourceLine, ...]


def clean_line(raw: str) -> str:
    """Make the numbers on a line readable: half-width digits, no spaces inside numbers, single spaces;
    letter-spaced prose closed up; Markdown heading marks and emphasis dropped."""
    text = _MARKUP.sub("", _HEADING_MARK.sub("", raw.translate(_FULL_WIDTH).strip()))
    text = _WIDE_GROUPING.sub(",", text)
    text = _SPACED_SEPARATOR.sub(r"\1", text)
    text = _SPACED_THOUSANDS.sub(r"\1\2", text)
    text = _SPACES.sub(" ", text).strip()
    return _close_letter_spacing(text)


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"
_CJK_TOKEN = re.compile(f"^[{_CJK}]+$")
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")


def _close_letter_spacing(text: str) -> str:
    """`经 费年 初预 算 9.70 万 元 ，`: justified PDF text spaces out characters. A line made mostly of one- and
    two-character Chinese pieces is such text (table rows have whole names between their spaces), and in it
    a space next to a Chinese character means nothing."""
    tokens = text.split(" ")
    chinese = [t for t in tokens if _CJK_TOKEN.match(t)]
    if len(chinese) < 4 or sum(1 for t in chinese if len(t) <= 2) * 10 < len(chinese) * 6:
        return text
    return _SPACE_BY_CJK.sub("", text)


def is_page_marker(text: str) -> bool:
    return bool(_PAGE_MARKER.match(text))


def report_from_text(text: str, name: str, *, pages: list[str] | None = None) -> ReportText:
    """Number the lines of extracted text; ``pages`` (PDF) gives each page's text so lines know their page.
    Markdown table rows (``| a | b |``) keep their cells."""
    chunks = [(None, text)] if pages is None else [(index + 1, page) for index, page in enumerate(pages)]
    lines: list[SourceLine] = []
    number = 0
    for page, chunk in chunks:
        for raw in chunk.splitlines():
            number += 1
            stripped = raw.strip()
            if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
                cells = tuple(c for c in (clean_line(cell) for cell in stripped[1:-1].split("|")) if c)
                if cells and not all(_RULE_CELL.match(c) for c in cells):
                    lines.append(SourceLine(number, " ".join(cells), page, cells))
                continue
            cleaned = clean_line(raw)
            if cleaned and not is_page_marker(cleaned):
                lines.append(SourceLine(number, cleaned, page))
    return ReportText(name, tuple(lines))


def read_report(path: Path | str, *, display_name: str | None = None) -> ReportText:
    """Read a report file (.txt/.md, .pdf, .docx); raise :class:`InputError` when it cannot be read."""
    path = Path(path)
    name = display_name or str(path)
    if not path.is_file():
        raise InputError.single(name, "文件不存在或不是普通文件")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        report = report_from_text("", name, pages=_pdf_pages(path, name))
    elif suffix == ".docx":
        report = report_from_text("\n".join(_docx_lines(path, name)), name)
    elif suffix in (".html", ".htm"):
        report = report_from_text("\n".join(html_lines(_decode(path.read_bytes(), name))), name)
    elif suffix in TEXT_SUFFIXES or not suffix:
        report = report_from_text(_decode(path.read_bytes(), name), name)
    else:
        raise InputError.single(name, f"不支持的文件类型“{suffix}”：报告应为 .txt、.md、.html、.pdf 或 .docx 文件")
    if not report.lines:
        raise InputError.single(name, "文件中没有可读取的文字（扫描版 PDF 需先识别文字）")
    return report


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError.single(name, "无法识别文件编码：文本文件应为 UTF-8 或 GB18030 编码")


def _pdf_pages(path: Path, name: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs or cannot read ("EOF marker not found") in English; the problem is said below.
    logging.getLogger("pypdf").setLevel(logging.ERROR + 1)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError.single(name, "PDF 文件已加密，无法读取文字")
        return [page.extract_text() or "" for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, OSError) as exc:
        raise InputError.single(name, f"无法读取 PDF 文件：文件已损坏或不是 PDF（{exc}）") from None


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "title", "section", "table"}


def html_lines(html: str) -> list[str]:
    """An HTML report's text: block elements become lines, table rows become Markdown rows (cells kept)."""
    from html.parser import HTMLParser

    class _Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.lines: list[str] = [""]
            self.row: list[str] | None = None
            self.cell: list[str] | None = None
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("style", "script", "head"):
                self.skip += 1
            elif tag == "tr":
                self.row = []
            elif tag in ("td", "th") and self.row is not None:
                self.cell = []
            elif tag in _BLOCK_TAGS and self.cell is None:
                self.lines.append("")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("style", "script", "head"):
                self.skip = max(self.skip - 1, 0)
            elif tag in ("td", "th") and self.row is not None and self.cell is not None:
                self.row.append("".join(self.cell).strip().replace("|", "｜"))
                self.cell = None
            elif tag == "tr" and self.row is not None:
                self.lines.append("| " + " | ".join(self.row) + " |")
                self.lines.append("")
                self.row = None
            elif tag in _BLOCK_TAGS and self.cell is None:
                self.lines.append("")

        def handle_data(self, data: str) -> None:
            if self.skip:
                return
            if self.cell is not None:
                self.cell.append(data)
            elif self.row is None:
                self.lines[-1] += data.replace("\n", "")

    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.lines


def _docx_lines(path: Path, name: str) -> list[str]:
    """Paragraphs and table cells in document order; a cell spanning rows or columns is read once."""
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError.single(name, f"无法读取 Word 文件：文件已损坏或不是 .docx 格式（{exc}）") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(block.text.splitlines() or [""])
        elif isinstance(block, Table):
            # Rows become Markdown table rows, so that one reader serves both. A merged cell comes back once per
            # grid position with its XML element shared: it is read once, in its first row.
            seen: set[object] = set()
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if cell._tc in seen:
                        cells.append("")
                        continue
                    seen.add(cell._tc)
                    cells.append("".join(cell.text.splitlines()).replace("|", "｜"))
                lines.append("| " + " | ".join(cells) + " |")
    return lines
