"""The ``jixiao`` command line (命令行). Start-up stays light: heavy libraries load inside each command."""

from __future__ import annotations

import typer

from .commands import audit, frameworks, report, score, targets, workbook

app = typer.Typer(
    name="jixiao",
    help="绩效：部门整体支出绩效评价——按指标体系计分、生成报告、审核已发布报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

for command_module in (score, targets, report, workbook, audit, frameworks):
    command_module.register(app)


def main() -> None:
    app()
