"""``jixiao export --year Y -o FOLDER``: a year's scores as open data (CSV, JSON and a Data Package descriptor)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .db import DbOption, store_errors
from .failures import EXIT_BAD_INPUT, YEARS, input_errors_exit

EXIT_NOT_WRITTEN = 1
"""The folder could not be written for a reason of the machine's (a full disk, a failing device)."""


def register(app: typer.Typer) -> None:
    app.command("export", help="导出一个年度的公开数据：各部门得分、各指标得分和评价所用的事实（CSV、JSON），"
                               "附 Data Package（财政数据包）说明文件 datapackage.json。")(export)


def export(
    year: Annotated[int, typer.Option("--year", help="年度", metavar="年度", **YEARS)],
    output: Annotated[Path, typer.Option("--output", "-o", help="写入的文件夹（不存在时新建）",
                                         show_default=False, metavar="文件夹")],
    db: DbOption = None,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="文件夹中已有文件时覆盖其中的导出文件（其他文件不动）")] = False,
) -> None:
    from ..outputs import OutputError, is_path_error
    from ..problems import InputError
    from ..store.db import locate, open_store
    from ..store.export import FILES, folder_problems, package_files, write_package, year_scores

    with input_errors_exit(), store_errors():
        database = locate(db).file
        problems = folder_problems(output, overwrite=overwrite, inputs=[database] if database else [])
        if problems:
            raise InputError(problems)
        years = year_scores(open_store(db), year)
        files = package_files(years, year)
    try:
        write_package(output, files, overwrite=overwrite)
    except OutputError as error:
        typer.echo(f"未导出，没有写出任何文件：{error}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT if is_path_error(error) else EXIT_NOT_WRITTEN) from None
    indicators = sum(len(y.indicators) for y in years)
    figures = sum(len(y.figures) for y in years)
    typer.echo(f"已导出 {year} 年度 {len(years)} 个部门（{indicators} 行指标得分、{figures} 项事实）到 {output}："
               + "、".join(FILES))
