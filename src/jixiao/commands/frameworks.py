"""``jixiao frameworks`` and ``jixiao framework show ID``: the frameworks jixiao knows."""

from __future__ import annotations

from typing import Annotated

import typer

from .failures import input_errors_exit


def register(app: typer.Typer) -> None:
    app.command("frameworks", help="列出内置的评价指标体系。")(list_frameworks)
    group = typer.Typer(help="查看评价指标体系。", no_args_is_help=True)
    group.command("show", help="显示一个指标体系：各级指标、分值、说明、评分标准和计分规则。")(show)
    app.add_typer(group, name="framework")


def list_frameworks() -> None:
    from rich.table import Table

    from ..frameworks import builtin_ids, load_framework
    from .console import console

    table = Table(title="内置评价指标体系")
    for column in ("编号", "名称", "地区", "年度", "三级指标数", "总分"):
        table.add_column(column)
    with input_errors_exit():
        for framework_id in builtin_ids():
            f = load_framework(framework_id)
            table.add_row(f.id, f.title, f.region, str(f.year), str(len(f.indicators)), f"{f.total.normalize():f}")
    console().print(table)


def show(framework: Annotated[str, typer.Argument(help="内置编号或 YAML 文件路径")]) -> None:
    from ..frameworks import load_framework
    from ..render.rule_text import describe_framework

    with input_errors_exit():
        f = load_framework(framework)
    typer.echo(describe_framework(f))
