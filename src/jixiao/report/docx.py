"""The report as an editable Word document (Word 报告) in the official format of GB/T 9704-2012.

A4 with the standard's margins; 方正小标宋简体 title; 黑体, 楷体 and 仿宋 headings; 仿宋_GB2312 body in size 3
(16 pt) on a fixed 28.95 pt line (22 lines a page); first lines indented by two characters; page numbers
``- N -`` in 宋体 size 4, right on odd pages and left on even ones. Every run names its East Asian font, so
the document looks the same whichever style an editor later applies. Tables are real Word tables whose header
rows repeat on each page.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from . import fonts
from .document import Block, Cell, Chart, Document, Heading, Paragraph, Table

BODY_PT = 16.0
"""三号."""
TITLE_PT = 22.0
"""二号."""
PAGE_NUMBER_PT = 14.0
"""四号."""
CAPTION_PT = 14.0
PICTURE_SPACE_BEFORE_PT = 6.0
"""Air above a chart, so that it never touches the table (or text) above it."""
SHORT_TABLE_PT = 260.0
"""Tables estimated lower than this (about 40% of the type area) are kept on one page."""
LINE_PT = 28.95
"""Type area 225 mm high ÷ 22 lines."""
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_FONTS = {1: (fonts.HEADING_1, False), 2: (fonts.HEADING_2, False), 3: (fonts.BODY, True),
                  4: (fonts.BODY, False)}


def docx_bytes(document: Document) -> bytes:
    """The Word file's bytes."""
    buffer = io.BytesIO()
    _build(document).save(buffer)
    return buffer.getvalue()


def write_docx(document: Document, path: Path) -> None:
    path.write_bytes(docx_bytes(document))


# ---------------------------------------------------------------------------------------------- building


def _build(document: Document) -> Any:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    word = docx.Document()
    _page_setup(word)
    _styles(word)
    word.core_properties.title = document.title
    word.core_properties.author = document.department
    word.core_properties.language = "zh-CN"
    word.core_properties.comments = "由 jixiao 根据部门事实和评分结果生成"

    title = _paragraph(word, "报告标题")
    lines = document.title_lines()
    for n, line in enumerate(lines):
        run = _run(title, line, fonts.TITLE, TITLE_PT)
        if n < len(lines) - 1:
            run.add_break()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(word)

    for item in document.flow():
        if isinstance(item, Heading):
            _heading(word, item)
        else:
            _block(word, item)
    _page_numbers(word)
    return word


def _block(word: Any, block: Block) -> None:
    if isinstance(block, Paragraph):
        paragraph = _paragraph(word)
        _run(paragraph, block.text, fonts.BODY, BODY_PT)
    elif isinstance(block, Table):
        _table(word, block)
    elif isinstance(block, Chart):
        _chart(word, block)


def _heading(word: Any, heading: Heading) -> None:
    level = min(heading.level, 4)
    paragraph = _paragraph(word, f"Heading{level}")
    font, bold = _HEADING_FONTS[level]
    _run(paragraph, heading.text, font, BODY_PT, bold=bold)


def _style(paragraph: Any, style_id: str) -> None:
    # Set by id: python-docx's lookup by name scans every style each time, which dominates large tables.
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val", style_id
    )


def _paragraph(container: Any, style_id: str | None = None) -> Any:
    paragraph = container.add_paragraph()
    if style_id is not None:
        _style(paragraph, style_id)
    return paragraph


def _run(paragraph: Any, text: str, font: str, size_pt: float, *, bold: bool = False) -> Any:
    """A run with its fonts, size and weight written out directly.

    Built as XML in schema order rather than through python-docx's property setters, which search the
    element's children on every call and made a long report take most of a second.
    """
    from docx.oxml import OxmlElement
    from docx.text.run import Run

    r = OxmlElement("w:r")
    rPr = OxmlElement("w:rPr")
    fonts_element = OxmlElement("w:rFonts")
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts_element.set(_qn(script), font)
    rPr.append(fonts_element)
    weight = OxmlElement("w:b")
    weight.set(_qn("w:val"), "1" if bold else "0")
    rPr.append(weight)
    half_points = str(round(size_pt * 2))
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(_qn("w:val"), half_points)
        rPr.append(size)
    r.append(rPr)
    if text:
        t = OxmlElement("w:t")
        t.text = text
        if text != text.strip():
            t.set(_XML_SPACE, "preserve")
        r.append(t)
    paragraph._p.append(r)
    return Run(r, paragraph)


def _qn(tag: str) -> str:
    name = tag.partition(":")[2]
    return f"{{{_W}}}{name}"


# ---------------------------------------------------------------------------------------------- fonts


def _set_fonts(rPr: Any, font: str) -> None:
    """Name ``font`` for every script, East Asian included, dropping theme fonts that would override it."""
    from docx.oxml.ns import qn

    rFonts = rPr.find(qn("w:rFonts"))
    if rFonts is None:
        rFonts = rPr.makeelement(qn("w:rFonts"), {})
        rPr.insert(0, rFonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rFonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rFonts.set(qn(script), font)


def _page_setup(word: Any) -> None:
    from docx.shared import Mm

    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    # The page number's line sits about 7 mm below the type area.
    section.footer_distance = Mm(22)
    section.header_distance = Mm(15)


def _styles(word: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    styles = word.styles
    # Defaults first: anything an editor adds later starts in 仿宋, Chinese language.
    defaults = styles.element.find(qn("w:docDefaults"))
    rPr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rPr_default, fonts.BODY)
    lang = rPr_default.find(qn("w:lang"))
    if lang is None:
        lang = rPr_default.makeelement(qn("w:lang"), {})
        rPr_default.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _style_font(normal, fonts.BODY, BODY_PT)
    body = normal.paragraph_format
    body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    body.line_spacing = Pt(LINE_PT)
    body.space_before = body.space_after = Pt(0)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_chars(normal, 200)
    body.widow_control = True

    for level, (font, bold) in _HEADING_FONTS.items():
        style = styles[f"Heading {level}"]
        _style_font(style, font, BODY_PT, bold=bold)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PT)
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(style, 200)

    title = styles.add_style("报告标题", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    _style_font(title, fonts.TITLE, TITLE_PT)
    fmt = title.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(35)
    _indent_chars(title, 0)

    for name, font, size, align in (
        ("表格标题", fonts.HEADING_1, CAPTION_PT, WD_ALIGN_PARAGRAPH.CENTER),
        ("表格单位", fonts.BODY, 12.0, WD_ALIGN_PARAGRAPH.RIGHT),
        ("图片", fonts.BODY, 12.0, WD_ALIGN_PARAGRAPH.CENTER),
        ("图题", fonts.BODY, CAPTION_PT, WD_ALIGN_PARAGRAPH.CENTER),
        ("表格文字", fonts.BODY, 10.5, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _style_font(style, font, size)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY if name != "图片" else WD_LINE_SPACING.SINGLE
        if name != "图片":
            fmt.line_spacing = Pt(round(size * 1.45, 1) if name != "表格标题" else LINE_PT)
        _indent_chars(style, 0)
    styles["表格标题"].paragraph_format.keep_with_next = True
    styles["表格单位"].paragraph_format.keep_with_next = True
    picture = styles["图片"].paragraph_format
    picture.keep_with_next = True
    # LibreOffice draws a table's bottom border below the table, in the space of the paragraph that follows;
    # an opaque chart placed flush against the table would paint over it.
    picture.space_before = Pt(PICTURE_SPACE_BEFORE_PT)


def _style_font(style: Any, font: str, size_pt: float, *, bold: bool = False) -> None:
    from docx.shared import Pt

    style.font.name = font
    style.font.size = Pt(size_pt)
    style.font.bold = bold
    _set_fonts(style.element.get_or_add_rPr(), font)


def _indent_chars(style: Any, hundredths: int) -> None:
    """First-line indent in characters (``firstLineChars``), with the equivalent points for other readers."""
    from docx.oxml.ns import qn

    ind = style.element.get_or_add_pPr().get_or_add_ind()  # placed where the schema wants it
    ind.set(qn("w:firstLineChars"), str(hundredths))
    size = style.font.size.pt if style.font.size is not None else BODY_PT
    ind.set(qn("w:firstLine"), str(round(size * 20 * hundredths / 100)))


# ---------------------------------------------------------------------------------------------- tables


def _table(word: Any, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    if table.title:
        caption = _paragraph(word, "表格标题")
        _run(caption, table.title, fonts.HEADING_1, CAPTION_PT)
    if table.unit:
        unit = _paragraph(word, "表格单位")
        _run(unit, table.unit, fonts.BODY, 12.0)

    header = table.header_rows()
    grid = table.merged_rows()
    n_columns = len(table.columns)
    word_table = word.add_table(rows=len(header) + len(grid), cols=n_columns)
    word_table.style = word.styles["Table Grid"]
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    word_table.autofit = False
    _fixed_layout(word_table, table)

    rows = word_table.rows
    # Cell objects are taken once, before merging: looking each up anew re-reads the whole table.
    all_cells = word_table._cells
    # A short table is kept on one page (each row kept with the next), as a reader expects of it.
    short = _estimated_height_pt(table) <= SHORT_TABLE_PT
    last = len(header) + len(grid) - 1
    for r, header_cells in enumerate(header):
        _header_row(rows[r])
        _fill_row(all_cells, n_columns, r, [(c, 1) for c in header_cells], table, header=True,
                  keep_with_next=short)
    for r, body_cells in enumerate(grid):
        _keep_together(rows[len(header) + r])
        # The last two rows stay together even in a long table: a total is not left alone on a page.
        together = (short and len(header) + r < last) or len(header) + r == last - 1
        _fill_row(all_cells, n_columns, len(header) + r, body_cells, table, header=False,
                  keep_with_next=together)


def _fixed_layout(word_table: Any, table: Table) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Mm

    tblPr = word_table._tbl.tblPr
    # Narrow cell margins (1 mm): long amounts in 元 must fit their columns on one line. The element goes
    # before tblLook, where the schema wants it (the fixed layout is set by ``autofit = False``).
    margins = tblPr.makeelement(qn("w:tblCellMar"), {})
    for side in ("left", "right"):
        margins.append(margins.makeelement(qn(f"w:{side}"), {qn("w:w"): "57", qn("w:type"): "dxa"}))
    look = tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tblPr.append(margins)
    for column, spec in zip(word_table.columns, table.columns, strict=True):
        column.width = Mm(spec.width_mm)


def _header_row(row: Any) -> None:
    """Repeat this row at the top of each page the table runs onto, and never split it."""
    from docx.oxml.ns import qn

    trPr = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        trPr.append(trPr.makeelement(qn(tag), {qn("w:val"): "true"}))


def _estimated_height_pt(table: Table) -> float:
    """Roughly how tall the table will be: each row as tall as its longest cell wraps to."""
    char_mm = table.font_size_pt * 0.3528  # a Chinese character is one em wide
    line_pt = table.font_size_pt * 1.4
    height = 0.0
    for row in (*table.header_rows(), *table.rows):
        lines = 1
        column = 0
        for cell in row:
            width = sum(c.width_mm for c in table.columns[column:column + cell.colspan]) - 2
            per_line = max(1, int(width / char_mm))
            wrapped = sum(-(-max(len(part), 1) // per_line) for part in (cell.text.splitlines() or [""]))
            lines = max(lines, wrapped)
            column += cell.colspan
        height += lines * line_pt + 4
    return height


def _keep_together(row: Any) -> None:
    """A row stays on one page (a row taller than a page still breaks)."""
    from docx.oxml.ns import qn

    trPr = row._tr.get_or_add_trPr()
    trPr.append(trPr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))


def _fill_row(
    all_cells: list[Any], n_columns: int, r: int, cells: list[tuple[Cell, int] | None], table: Table, *,
    header: bool, keep_with_next: bool,
) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Mm

    column = 0
    for slot in cells:
        if slot is None:
            column += 1
            continue
        cell, rowspan = slot
        target = all_cells[r * n_columns + column]
        last_column = column + cell.colspan - 1
        if cell.colspan > 1 or rowspan > 1:
            target = target.merge(all_cells[(r + rowspan - 1) * n_columns + last_column])
        target.width = Mm(sum(c.width_mm for c in table.columns[column:last_column + 1]))
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        align = cell.align or ("center" if header else table.columns[column].align)
        _cell_text(target, cell.text, align, table.font_size_pt, bold=header or cell.bold,
                   keep_with_next=keep_with_next)
        column += cell.colspan


def _cell_text(
    target: Any, text: str, align: str, size_pt: float, *, bold: bool, keep_with_next: bool
) -> None:
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph as WordParagraph

    lines = text.splitlines() or [""]
    tc = target._tc
    for p in tc.findall(_qn("w:p")):
        tc.remove(p)
    line_twips = str(round(size_pt * 1.4 * 20))
    for n, line in enumerate(lines):
        # Paragraph properties written directly (see _run): style, exact line, a little air, alignment.
        p = OxmlElement("w:p")
        pPr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(_qn("w:val"), "表格文字")
        spacing = OxmlElement("w:spacing")
        spacing.set(_qn("w:before"), "40" if n == 0 else "0")
        spacing.set(_qn("w:after"), "40" if n == len(lines) - 1 else "0")
        spacing.set(_qn("w:line"), line_twips)
        spacing.set(_qn("w:lineRule"), "exact")
        jc = OxmlElement("w:jc")
        jc.set(_qn("w:val"), align)
        pPr.append(style)
        if keep_with_next:
            pPr.append(OxmlElement("w:keepNext"))
        for child in (spacing, jc):
            pPr.append(child)
        p.append(pPr)
        tc.append(p)
        if line:
            _run(WordParagraph(p, target), line, fonts.BODY, size_pt, bold=bold)


# ---------------------------------------------------------------------------------------------- charts


def _chart(word: Any, chart: Chart) -> None:
    from docx.shared import Mm

    picture = _paragraph(word, "图片")
    _run(picture, "", fonts.BODY, 12.0).add_picture(io.BytesIO(chart.png), width=Mm(chart.width_mm))
    caption = _paragraph(word, "图题")
    _run(caption, chart.caption, fonts.BODY, CAPTION_PT)


# ---------------------------------------------------------------------------------------------- page numbers


def _page_numbers(word: Any) -> None:
    """``- N -`` in 宋体 size 4, one character in from the outer edge: right on odd pages, left on even."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    for footer, alignment in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Pt(0)
        if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            fmt.left_indent = Pt(PAGE_NUMBER_PT)
        _run(paragraph, "- ", fonts.PAGE_NUMBER, PAGE_NUMBER_PT)
        _page_field(paragraph)
        _run(paragraph, " -", fonts.PAGE_NUMBER, PAGE_NUMBER_PT)


def _page_field(paragraph: Any) -> None:
    """A PAGE field, one run a part, as Word writes it (shows 1 until fields are updated)."""
    from docx.oxml.ns import qn

    parts = (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None))
    for kind, text in parts:
        r = _run(paragraph, "", fonts.PAGE_NUMBER, PAGE_NUMBER_PT)._element
        if kind == "instr":
            element = r.makeelement(qn("w:instrText"), {_XML_SPACE: "preserve"})
            element.text = text
        elif kind == "text":
            element = r.makeelement(qn("w:t"), {})
            element.text = text
        else:
            element = r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        r.append(element)
