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
from typing import IO

from ..inputs import MIB, REPORT_LIMIT, REPORT_TEXT_LIMIT, read_input, size_text
from ..ooxml import OLE_MAGIC, PartLimit, check_parts, damaged, open_package
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
    foreign_numbers: tuple[tuple[SourceLine, str], ...] = ()
    """Numbers written with digits other than 0-9 (٤٧٩٦, ४७९६), with their line: not read, but reported."""


# A digit of another script (Arabic-Indic ٤, Devanagari ४ …). Python's `\d`, int() and Decimal() read them all
# as numbers; a report's figures are written with 0-9 (or full-width ０-９), so these are marked □ and not read.
_FOREIGN_DIGIT = re.compile(r"[^\D0-9０-９]")
_FOREIGN_NUMBER = re.compile(r"[\d.,٫٬]*[^\D0-9０-９][\d.,٫٬]*")
NOT_A_DIGIT = "□"


def clean_line(raw: str) -> str:
    """Make the numbers on a line readable: half-width digits, no spaces inside numbers, single spaces;
    letter-spaced prose closed up; Markdown heading marks and emphasis dropped; digits of other scripts
    marked □ so that no reader takes them for numbers."""
    raw = _FOREIGN_DIGIT.sub(NOT_A_DIGIT, raw)
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
    foreign: list[tuple[SourceLine, str]] = []
    number = 0
    for page, chunk in chunks:
        for raw in chunk.splitlines():
            number += 1
            if _FOREIGN_DIGIT.search(raw):
                place = SourceLine(number, clean_line(raw), page)
                foreign.extend((place, match.group()) for match in _FOREIGN_NUMBER.finditer(raw))
            stripped = raw.strip()
            if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
                cells = tuple(c for c in (clean_line(cell) for cell in stripped[1:-1].split("|")) if c)
                if cells and not all(_RULE_CELL.match(c) for c in cells):
                    lines.append(SourceLine(number, " ".join(cells), page, cells))
                continue
            cleaned = clean_line(raw)
            if cleaned and not is_page_marker(cleaned):
                lines.append(SourceLine(number, cleaned, page))
    return ReportText(name, tuple(lines), tuple(foreign))


_PDF_PAGES = 2000
"""Pages of a PDF read at most; a department's report has some tens."""


def read_report(path: Path | str, *, display_name: str | None = None) -> ReportText:
    """Read a report file (.txt/.md, .html, .pdf, .docx); raise :class:`InputError` when it cannot be read."""
    path = Path(path)
    name = display_name or str(path)
    suffix = path.suffix.lower()
    if suffix in (".pdf", ".docx"):
        data = read_input(path, name, limit=REPORT_LIMIT, what="报告文件")
        text = "\n".join(_docx_lines(data, name)) if suffix == ".docx" else ""
        pages = _pdf_pages(data, name) if suffix == ".pdf" else None
        _check_text_size(sum(map(len, pages)) if pages is not None else len(text), name)
        report = report_from_text(text, name, pages=pages)
    elif suffix in (".html", ".htm"):
        data = read_input(path, name, limit=REPORT_TEXT_LIMIT, what="报告文件")
        report = report_from_text("\n".join(html_lines(_decode(data, name))), name)
    elif suffix in TEXT_SUFFIXES or not suffix:
        data = read_input(path, name, limit=REPORT_TEXT_LIMIT, what="报告文字")
        report = report_from_text(_decode(data, name), name)
    else:
        raise InputError.single(name, f"不支持的文件类型“{suffix}”：报告应为 .txt、.md、.html、.pdf 或 .docx 文件")
    if not report.lines:
        raise InputError.single(name, "文件中没有可读取的文字（扫描版 PDF 需先识别文字）")
    return report


def _check_text_size(characters: int, name: str) -> None:
    # Counted in characters, which is at most the bytes of the text: a bound on audit time either way.
    if characters > REPORT_TEXT_LIMIT:
        raise InputError.single(name, f"报告的文字过长（{characters} 个字符）：报告文字不应超过 "
                                      f"{size_text(REPORT_TEXT_LIMIT)}")


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError.single(name, "无法识别文件编码：文本文件应为 UTF-8 或 GB18030 编码")


def _pdf_pages(data: bytes, name: str) -> list[str]:
    import io

    from pypdf import PdfReader

    # pypdf logs what it repairs or cannot read ("EOF marker not found") in English; the problem is said below.
    logging.getLogger("pypdf").setLevel(logging.ERROR + 1)
    if not data.startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise InputError.single(name, "无法读取 PDF 文件：文件已损坏或不是 PDF（文件开头没有 PDF 标记）")
    pages: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError.single(name, "PDF 文件已加密，无法读取文字")
        if len(reader.pages) > _PDF_PAGES:
            raise InputError.single(name, f"PDF 文件页数过多（{len(reader.pages)} 页，上限 {_PDF_PAGES} 页）")
        extracted = 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            extracted += len(pages[-1])
            _check_text_size(extracted, name)
    except InputError:
        raise
    except Exception:  # pypdf raises many kinds of error for damaged content; all mean the same here
        raise InputError.single(name, "无法读取 PDF 文件：文件已损坏或不是 PDF") from None
    return pages


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


_WORD = "Word 文件"
_WORD_BODY = PartLimit(re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$"), "正文部分",
                       16 * MIB, "请删除无关的内容或图片后再试")


def _docx_lines(data: bytes, name: str) -> list[str]:
    """Paragraphs and table cells in document order; a cell spanning rows or columns is read once. The file
    gets the checks every Office file gets (:mod:`jixiao.ooxml`) before python-docx opens it."""
    import io
    import zipfile

    if data[:8] == OLE_MAGIC:
        raise InputError.single(name, "无法读取 Word 文件：这是旧版 Word（.doc）格式或设置了打开密码的文件；"
                                      "请取消密码并“另存为”.docx 格式")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError.single(name, "无法读取 Word 文件：文件已损坏或不是 .docx 格式")
    with open_package(data, name, _WORD) as archive:
        members = archive.infolist()
        if "word/document.xml" not in {m.filename for m in members}:
            raise InputError.single(name, "无法读取 Word 文件：文件已损坏或不是 .docx 格式（压缩包中没有 Word 正文）")
        check_parts(members, name, _WORD, (_WORD_BODY,))
    try:
        return _document_lines(io.BytesIO(data))
    except Exception:  # python-docx and lxml raise many kinds of error for damaged content; all mean the same
        raise damaged(name, _WORD) from None


def _document_lines(stream: IO[bytes]) -> list[str]:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(stream)
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
