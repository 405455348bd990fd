"""The catalogue of figures in a terminal (事实目录): one row a figure or measure, and who uses it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..facts.listing import Entry, User, columns_text
from .wrapping import Wrapped

UNUSED = "无指标使用"


def facts_table(entries: Sequence[Entry], title: str) -> Group:
    with_users = any(e.users is not None for e in entries)
    shared = _shared_names(entries)
    table = Table(title=title, title_style="bold", show_lines=True)
    table.add_column("编号", no_wrap=True)  # whole, to be copied into a framework file
    table.add_column("名称", max_width=18)
    table.add_column("单位", no_wrap=True)
    table.add_column("类型", no_wrap=True)
    table.add_column("填写位置", ratio=3)
    table.add_column("是否必填", max_width=10)
    if with_users:
        table.add_column("使用的指标", ratio=2)
    for entry in entries:
        where = entry.where if entry.type == "figure" else f"公式：{entry.where}"
        columns = columns_text(entry)
        if columns:
            where = f"{where}\n{columns}"
        label = f"{entry.label}（本体系定义）" if entry.origin else entry.label
        kind = entry.kind_label if entry.type == "figure" else f"计量项（{entry.kind_label}）"
        row: list[str | Text | Wrapped] = [entry.id, Wrapped(label), entry.unit or "—", kind, Wrapped(where),
                                           Wrapped(entry.required_text)]
        if with_users:
            if entry.users:
                row.append(Wrapped("、".join(_shown(u, shared) for u in entry.users)))
            else:
                row.append(Text(UNUSED, style="dim"))
        table.add_row(*row)
    parts: list[Table | Text] = [table]
    figures = [e for e in entries if e.type == "figure"]
    measures = len(entries) - len(figures)
    summary = f"事实 {len(figures)} 项，公式计量项 {measures} 项"
    if with_users:
        unused = sum(1 for e in figures if not e.users)
        summary += f"；本体系的指标未使用其中 {unused} 项事实（标为“{UNUSED}”，基本信息等仍用于报告）"
    parts.append(Text(summary))
    return Group(*parts)


def print_facts(entries: Sequence[Entry], console: Console, title: str) -> None:
    console.print(facts_table(entries, title))


def _shared_names(entries: Sequence[Entry]) -> set[str]:
    """Indicator names that more than one indicator bears (under different 二级 groups): shown with their ids."""
    ids: dict[str, set[str]] = {}
    for entry in entries:
        for user in entry.users or ():
            ids.setdefault(user.name, set()).add(user.id)
    return {name for name, found in ids.items() if len(found) > 1}


def _shown(user: User, shared: set[str]) -> str:
    return f"{user.name}（{user.id}）" if user.name in shared else user.name
