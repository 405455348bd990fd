"""The report as Markdown (Markdown 报告): plain text for review and diffs between versions.

Tables are pipe tables (merged cells repeat nothing: a cell a merge covers is left empty); charts are left
out, as their figures are all in the tables next to them.
"""

from __future__ import annotations

from .document import Cell, Chart, Document, Heading, Paragraph, Table


def markdown_text(document: Document) -> str:
    lines: list[str] = [f"# {document.title}", ""]
    for item in document.flow():
        if isinstance(item, Heading):
            lines += [f"{'#' * min(item.level + 1, 6)} {item.text}", ""]
        elif isinstance(item, Paragraph):
            lines += [_escape(item.text), ""]
        elif isinstance(item, Table):
            lines += _table(item)
        elif isinstance(item, Chart):
            continue
    return "\n".join(lines).rstrip() + "\n"


def _escape(text: str) -> str:
    # A line that starts like a list or a heading would change meaning in Markdown.
    if text[:1] in "#>-+*" or (text[:1].isdigit() and text.split(".", 1)[0].isdigit() and ". " in text[:5]):
        return "\\" + text
    return text


def _cell(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return cell.text.replace("|", "\\|").replace("\n", "<br>")


def _table(table: Table) -> list[str]:
    lines = [f"**{table.title}**", ""] if table.title else []
    if table.unit:
        lines += [f"（{table.unit}）", ""]
    # A pipe table needs a header line: a form without one gets an empty one.
    headers = table.header_rows()
    header = headers[-1] if headers else tuple(Cell("") for _ in table.columns)
    lines.append("| " + " | ".join(_cell(c) for c in header) + " |")
    lines.append("|" + "|".join(_rule(c.align) for c in table.columns) + "|")
    for row in table.merged_rows():
        cells: list[str] = []
        for slot in row:
            if slot is None:
                cells.append("")
                continue
            cell, _ = slot
            cells.append(_cell(cell))
            cells.extend("" for _ in range(cell.colspan - 1))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _rule(align: str) -> str:
    return {"left": ":---", "center": ":---:", "right": "---:"}[align]
