"""The common catalogue as Markdown (文档中的事实表), for ``docs/frameworks.md``.

The doc's table lies between ``<!-- facts:begin -->`` and ``<!-- facts:end -->`` and is generated, never
written by hand: ``python -m jixiao.facts.doc_table docs/frameworks.md`` rewrites it there, and without a path
prints it. A test fails when the doc and the catalogue part ways.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .catalogue import Catalogue, common
from .listing import Entry, columns_text, entries

BEGIN = "<!-- facts:begin -->"
END = "<!-- facts:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`"


def figures_markdown(catalogue: Catalogue) -> str:
    """One table a worksheet: every figure with its id, label, kind, unit, where it is entered, and whether it
    must be filled in; then one table of the formula measures with their formulas."""
    listing = entries(catalogue)
    figures = [e for e in listing if e.type == "figure"]
    measures = [e for e in listing if e.type == "measure"]
    notes = {sheet.sheet: sheet.note for sheet in catalogue.sheets}
    sheets: dict[str, list[Entry]] = {}
    for entry in figures:
        sheets.setdefault(catalogue.figures[entry.id].sheet, []).append(entry)
    lines: list[str] = []
    for sheet, found in sheets.items():
        note = f"{notes[sheet]}" if notes.get(sheet) else ""
        lines.append(f"**“{sheet}”表**" + (f"：{_cell(note)}" if note else ""))
        lines.append("")
        lines.append("| 编号 | 名称 | 类型 | 单位 | 填写位置 | 是否必填 |")
        lines.append("|---|---|---|---|---|---|")
        for entry in found:
            where = entry.where
            columns = columns_text(entry, code=True)
            if columns:
                where = f"{where}；{columns}"
            lines.append(f"| {_code(entry.id)} | {_cell(entry.label)} | {entry.kind_label} | {entry.unit or '—'} "
                         f"| {_cell(where)} | {_cell(entry.required_text)} |")
        lines.append("")
    lines.append("**公式计量项**（由上面的事实算出，不需填写）")
    lines.append("")
    lines.append("| 编号 | 名称 | 公式 |")
    lines.append("|---|---|---|")
    for entry in measures:
        lines.append(f"| {_code(entry.id)} | {_cell(entry.label)} | {_code(_cell(entry.formula))} |")
    return "\n".join(lines)


def common_table() -> str:
    """The Markdown of the common catalogue, as it stands between the markers in ``docs/frameworks.md``."""
    return figures_markdown(common())


def between_markers(doc: str) -> str:
    """What ``doc`` holds between the markers (without the blank lines beside them)."""
    start = doc.index(BEGIN) + len(BEGIN)
    return doc[start:doc.index(END, start)].strip("\n")


def with_table(doc: str, table: str) -> str:
    """``doc`` with ``table`` between its markers, a blank line on either side."""
    start = doc.index(BEGIN) + len(BEGIN)
    end = doc.index(END, start)
    return f"{doc[:start]}\n\n{table}\n\n{doc[end:]}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    table = common_table()
    if not args:
        print(table)
        return 0
    path = Path(args[0])
    doc = path.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        print(f"{path} 中没有 {BEGIN} 和 {END} 标记", file=sys.stderr)
        return 2
    path.write_text(with_table(doc, table), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
