"""``jixiao report``: write the evaluation report (绩效评价报告) as Word, PDF, HTML or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..report.document import Document


def register(app: typer.Typer) -> None:
    app.command("report", help="生成部门整体支出绩效评价报告（格式按扩展名：.docx .pdf .html .md）。")(report)


def report(
    case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）", show_default=False)],
    output: Annotated[
        list[Path],
        typer.Option("--output", "-o", help="输出文件，可多次给出；格式由扩展名决定：.docx .pdf .html .md",
                     show_default=False),
    ],
    framework: Annotated[
        str | None,
        typer.Option("--framework", "-f", help="评价指标体系（内置名称或 YAML 文件）；缺省用案例中指定的体系",
                     show_default=False),
    ] = None,
    charts: Annotated[bool, typer.Option("--charts/--no-charts", help="是否插入图表")] = True,
) -> None:
    from ..problems import InputError
    from ..report.output import FORMATS, unknown_formats, write_report

    unknown = unknown_formats(output)
    if unknown:
        names = "、".join(str(p) for p in unknown)
        known = " ".join(FORMATS)
        typer.echo(f"无法识别输出文件的格式：{names}（支持 {known}）", err=True)
        raise typer.Exit(2)
    try:
        document = _document(case, framework, charts=charts)
        write_report(document, output)
    except InputError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    except RuntimeError as error:  # the PDF converter: missing, or it failed
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from None
    for path in output:
        typer.echo(f"已生成 {path}")


def _document(case_path: Path, framework_name: str | None, *, charts: bool) -> Document:
    from ..facts.load import load_case
    from ..report.build import report_document

    case = load_case(case_path)
    return report_document(case, framework_name, charts=charts)
