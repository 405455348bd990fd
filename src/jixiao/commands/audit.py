"""``jixiao audit``: check a published evaluation report's figures (审核已发布的评价报告)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..problems import InputError


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    file: Annotated[Path, typer.Argument(help="报告文件：.txt（由 PDF 提取的文字）、.md、.html、.pdf 或 .docx")],
    framework: Annotated[
        str | None, typer.Option("--framework", help="用于复算公式类指标得分的指标体系（编号或 YAML 文件）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    extract_only: Annotated[bool, typer.Option("--extract", help="只显示从报告中读取的内容，不做审核")] = False,
    brief: Annotated[bool, typer.Option("--brief", help="只列出发现的问题，不列复核通过的计算")] = False,
) -> None:
    """审核部门整体支出绩效评价报告：复算比率、季度执行表、评分表和前后数字。

    退出状态：0 未发现错误；1 发现错误；2 无法读取文件。
    """
    from ..audit import audit_file
    from ..audit.extraction import extract
    from ..audit.presentation import extraction_data, extraction_lines, result_data, result_lines
    from ..audit.text import read_report

    try:
        if extract_only:
            extraction = extract(read_report(file))
            if as_json:
                typer.echo(json.dumps(extraction_data(extraction), ensure_ascii=False, indent=2))
            else:
                typer.echo("\n".join(extraction_lines(extraction)))
            return
        result = audit_file(file, framework=framework)
    except InputError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(result_data(result), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(result_lines(result, verified=not brief)))
    raise typer.Exit(1 if result.has_errors else 0)
