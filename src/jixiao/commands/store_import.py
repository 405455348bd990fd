"""``jixiao import FILES_OR_FOLDERS``: store many departments' workbooks and cases, each in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .db import DbOption, store_errors
from .failures import EXIT_BAD_INPUT, YEARS, input_errors_exit

if TYPE_CHECKING:
    from ..store.imports import Imported


def register(app: typer.Typer) -> None:
    app.command("import", help="把工作簿和案例文件导入评价数据库：逐个文件计分并保存，有问题的文件不保存、列出全部问题。"
                )(import_files)


def import_files(
    paths: Annotated[list[Path], typer.Argument(help="案例文件或文件夹（文件夹中的 .yaml .yml .xlsx 都导入）",
                                                show_default=False, metavar="文件或文件夹")],
    db: DbOption = None,
    framework: Annotated[
        str | None, typer.Option("--framework", "-f", help="指标体系（缺省取各文件中的 framework）",
                                 show_default=False, metavar="指标体系")] = None,
    year: Annotated[int | None, typer.Option("--year", help="只接受这一年度的文件（其他年度的拒绝导入）", **YEARS,
                                             show_default=False, metavar="年度")] = None,
    by: Annotated[str, typer.Option("--by", help="导入人（记入每份报送）", metavar="姓名")] = "导入",
    types: Annotated[list[str] | None, typer.Option("--type", help="部门类型标签（同类比较用），可多次给出",
                                                    show_default=False, metavar="类型")] = None,
    any_year: Annotated[bool, typer.Option("--any-year", help="也导入指标体系适用年度以外的年度（缺省拒绝）")] = False,
    rename: Annotated[bool, typer.Option("--rename", help="部门已更名：编码相同、名称不同时按文件中的名称更新（缺省拒绝）")
                      ] = False,
) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..store.db import open_store
    from ..store.imports import case_files, import_all
    from .console import console, error_console

    with input_errors_exit(), store_errors():
        engine = open_store(db)
        files, missing = case_files(paths)
        if missing and not files:
            from ..problems import InputError

            raise InputError(missing)
    results: list[Imported] = []
    columns = (TextColumn("导入"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeRemainingColumn())
    def step(result: Imported) -> None:
        results.append(result)
        progress.update(task, advance=1, description=result.path.name)

    with input_errors_exit(), store_errors(), Progress(*columns, console=error_console(), transient=True) as progress:
        task = progress.add_task("", total=len(files))
        try:
            for _ in import_all(engine, files, framework=framework, year=year, actor=by, step=step,
                                tags=tuple(types or ()), any_year=any_year, rename=rename):
                pass
        except BaseException:  # the database refused (or the user stopped it): say what was stored so far
            _print_summary(results, missing, console())
            raise
    _print_summary(results, missing, console())
    if missing or any(r.status == "refused" for r in results):
        raise typer.Exit(EXIT_BAD_INPUT)


def _print_summary(results: list[Imported], missing: Sequence[object], out: object) -> None:
    from rich.console import Console
    from rich.table import Table

    assert isinstance(out, Console)
    table = Table(title="导入结果", title_style="bold")
    for column in ("文件", "部门", "年度", "版本", "综合评分", "等级", "结果"):
        table.add_column(column)
    words = {"imported": "已导入", "replaced": "已导入（新版本，保留旧版本）", "refused": "拒绝导入"}
    for r in results:
        table.add_row(str(r.path), r.department, str(r.year or ""), str(r.version or ""), r.total or "",
                      r.grade or "", words[r.status])
    out.print(table)
    refused = [r for r in results if r.status == "refused"]
    for r in refused:
        out.print(f"拒绝导入 {r.path}（{len(r.problems)} 个问题，未保存任何内容）：")
        for problem in r.problems:
            out.print(f"  - {problem}")
    for absent in missing:
        out.print(f"  - {absent}")
    counts = {status: sum(1 for r in results if r.status == status) for status in words}
    out.print(f"共 {len(results)} 个文件：导入 {counts['imported']} 个，导入新版本 {counts['replaced']} 个，"
              f"拒绝 {counts['refused']} 个" + (f"；另有 {len(missing)} 个名称不存在" if missing else ""))
