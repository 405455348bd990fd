"""``jixiao facts [--framework ID]``: the catalogue of figures (事实目录), and which indicators use each."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from .failures import input_errors_exit


def register(app: typer.Typer) -> None:
    app.command(
        "facts",
        short_help="列出事实目录：每个事实和计量项的编号、名称、填写位置和使用它的指标。",
        help="列出事实目录：每个事实的编号、名称、单位、类型、填写位置和是否必填，以及公式计量项；"
             "指定指标体系时列出该体系的目录，并注明每项被哪些指标使用。",
    )(facts)


def facts(
    framework: Annotated[
        str | None,
        typer.Option("--framework", "-f", help="指标体系：内置编号或 YAML 文件路径（缺省列出共同事实目录）",
                     show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（一项一个对象）")] = False,
) -> None:
    from ..facts.listing import entries, entry_to_dict

    if framework is None:
        from ..facts.catalogue import common

        listing = entries(common())
        title = "共同事实目录"
    else:
        from ..frameworks import load_framework
        from ..frameworks.usage import users_of

        with input_errors_exit():
            chosen = load_framework(framework)
        listing = entries(chosen.catalogue, users_of(chosen), origin=chosen.file or chosen.id)
        title = f"事实目录：{chosen.label()}"
    if as_json:
        typer.echo(json.dumps([entry_to_dict(e) for e in listing], ensure_ascii=False, indent=2))
        return
    from ..render.facts_text import print_facts
    from .console import console

    print_facts(listing, console(), title)
