"""``jixiao report``: write the evaluation report (绩效评价报告) as Word, PDF, HTML or Markdown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="输出文件已存在时覆盖它（缺省不覆盖，以免丢失手工修改过的报告）")
    ] = False,
) -> None:
    from ..report.build import report_document
    from ..scoring.intake import load_for_scoring
    from .hints import print_hints

    def build(use_charts: bool) -> Document:
        facts, chosen = load_for_scoring(case, framework, partial=partial)
        document = report_document(facts, chosen, charts=use_charts, partial=partial)
        print_hints(facts, chosen, str(case))
        return document

    # Every output is checked before anything is read or written; its problems are told with the case's own.
    sources = [case, *([Path(framework)] if framework and Path(framework).is_file() else [])]
    write_document(build, output, charts=charts, overwrite=overwrite, sources=sources)


def write_document(build: Callable[[bool], Document], output: list[Path], *, charts: bool, overwrite: bool,
                   sources: Sequence[Path] = (), store: bool = False) -> None:
    """Build a document (``build(charts)``) and write it to every output, all or nothing: the outputs checked
    before anything is built (a file already there is kept unless ``overwrite``), their problems told with the
    document's own (and, with ``store``, the database's refusals); a machine's failure (a full disk,
    LibreOffice) said and exit status 1."""
    import contextlib

    from ..outputs import OutputError, is_path_error, output_problems
    from ..problems import InputError, raise_if_any
    from ..report.charts import chart_labels_can_be_drawn
    from ..report.output import FORMATS, write_report
    from ..report.pdf import PdfConversionError
    from .db import store_errors
    from .failures import EXIT_BAD_INPUT, input_errors_exit

    problems = output_problems(output, sources, keep_existing=not overwrite, suffixes=tuple(FORMATS))
    pictures = any(path.suffix.lower() != ".md" for path in output)
    if charts and pictures and not problems and not chart_labels_can_be_drawn():
        typer.echo("提示：本机没有可用的中文字体（如 fonts-noto-cjk），图表中的文字无法显示，本次报告不插入图表", err=True)
        charts = False
    with input_errors_exit():
        try:
            with store_errors() if store else contextlib.nullcontext():  # the database's refusal is one problem more
                document = build(charts)
        except InputError as error:
            raise InputError([*problems, *error.problems]) from None
        raise_if_any(problems)
    try:
        write_report(document, output)
    except OutputError as error:
        _not_written(error, error.written)
        raise typer.Exit(EXIT_BAD_INPUT if is_path_error(error) else EXIT_NOT_WRITTEN) from None
    except PdfConversionError as error:
        _not_written(error, ())
        raise typer.Exit(EXIT_NOT_WRITTEN) from None
    for path in output:
        typer.echo(f"已生成 {path}")


EXIT_NOT_WRITTEN = 1
"""The report could not be written for a reason of the machine's (a full disk, LibreOffice failing)."""


def _not_written(error: Exception, written: tuple[Path, ...]) -> None:
    if written:
        typer.echo(f"报告未能全部写出：{error}（已写出：{'、'.join(map(str, written))}）", err=True)
    else:
        typer.echo(f"未生成报告，没有写出任何文件：{error}", err=True)
