"""``jixiao report``: write the evaluation report (绩效评价报告) as Word, PDF, HTML or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("report", help="生成部门整体支出绩效评价报告（格式按扩展名：.docx .pdf .html .md）。")(report)


def report(
    case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）", show_default=False)],
    output: Annotated[
        list[Path],
        typer.Option("--output", "-o", help="输出文件，可多次给出；格式由扩展名决定：.docx .pdf .html .md",
                     show_default=False, metavar="文件"),
    ],
    framework: Annotated[
        str | None,
        typer.Option("--framework", "-f", help="指标体系：内置编号或 YAML 文件路径（缺省取案例中的 framework）",
                     show_default=False, metavar="指标体系"),
    ] = None,
    charts: Annotated[bool, typer.Option("--charts/--no-charts", help="是否插入图表")] = True,
    partial: Annotated[
        bool, typer.Option("--partial", help="数据不全时也生成报告草稿：缺数据的指标标为未计分，不评定等级")
    ] = False,
) -> None:
    from ..report.build import report_document
    from ..report.output import FORMATS, unknown_formats, write_report
    from ..report.pdf import PdfConversionError
    from ..scoring.intake import load_for_scoring
    from .failures import EXIT_BAD_INPUT, input_errors_exit
    from .hints import print_hints

    unknown = unknown_formats(output)
    if unknown:
        names = "、".join(str(p) for p in unknown)
        typer.echo(f"无法识别输出文件的格式：{names}（支持 {' '.join(FORMATS)}）", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    with input_errors_exit():
        facts, _ = load_for_scoring(case, framework, partial=partial)
        document = report_document(facts, framework, charts=charts, partial=partial)
    print_hints(facts)
    try:
        write_report(document, output)
    except PdfConversionError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    for path in output:
        typer.echo(f"已生成 {path}")
