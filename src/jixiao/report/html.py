"""The report as one standalone HTML page (HTML 报告): inline styles, charts embedded, printable on A4."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from .document import Cell, Chart, Document, Heading, Paragraph, Table


def html_text(document: Document) -> str:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("jixiao.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = environment.get_template("report.html.j2")
    return template.render(document=document, items=[_item(i) for i in document.flow()])


@dataclass(frozen=True, slots=True)
class _HtmlCell:
    lines: list[str]
    colspan: int
    rowspan: int
    classes: str


def _item(item: Heading | Paragraph | Table | Chart) -> dict[str, Any]:
    if isinstance(item, Heading):
        return {"kind": "heading", "level": item.level, "text": item.text}
    if isinstance(item, Paragraph):
        return {"kind": "paragraph", "text": item.text}
    if isinstance(item, Chart):
        return {"kind": "chart", "caption": item.caption, "width_mm": item.width_mm,
                "data": base64.b64encode(item.png).decode("ascii")}
    total = sum(c.width_mm for c in item.columns)
    rows = []
    for row in item.merged_rows():
        cells = []
        column = 0
        for slot in row:
            if slot is not None:
                cell, rowspan = slot
                cells.append(_cell(cell, rowspan, cell.align or item.columns[column].align))
                column += cell.colspan
            else:
                column += 1
        rows.append(cells)
    return {
        "kind": "table", "title": item.title, "unit": item.unit, "font_size_pt": item.font_size_pt,
        "widths": [round(c.width_mm / total * 100, 2) for c in item.columns],
        "header": item.header_rows(), "rows": rows,
    }


def _cell(cell: Cell, rowspan: int, align: str) -> _HtmlCell:
    classes = align + (" bold" if cell.bold else "")
    return _HtmlCell(cell.text.splitlines() or [""], cell.colspan, rowspan, classes)
