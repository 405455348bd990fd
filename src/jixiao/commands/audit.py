"""``jixiao audit``: check published evaluation reports' figures (审核已发布的评价报告), one or many."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..problems import InputError
from .failures import YEARS

if TYPE_CHECKING:
    from ..audit.batch import Audited
    from ..problems import Problem


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    files: Annotated[list[Path], typer.Argument(
        help="报告文件：.txt（由 PDF 提取的文字）、.md、.html、.pdf 或 .docx；可给出多个文件或文件夹（逐级查找其中的"
             "报告文件，跳过隐藏文件和 ~$ 开头的临时文件）", show_default=False, metavar="报告文件或文件夹...")],
    framework: Annotated[
        str | None, typer.Option("--framework", help="用于复算公式类指标得分的指标体系（编号或 YAML 文件）")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（每项发现和复核通过的计算都有页、行和原文）")] = False,
    as_csv: Annotated[bool, typer.Option(
        "--csv", help="以 CSV 输出：每项发现一行（文件、程度、检查、页、章节、行、原文、说明）；加 --verbose 时复核通过的计算"
                      "也各占一行")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="另写出结果文件：.xlsx（汇总、问题、复核通过三张表）或 .csv", dir_okay=False,
        show_default=False, metavar="文件")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="结果文件已存在时覆盖它（缺省不覆盖）")] = False,
    extract_only: Annotated[bool, typer.Option("--extract", help="只显示从报告中读取的内容，不做审核（只限一份报告）")] = False,
    brief: Annotated[bool, typer.Option(
        "--brief", help="只列出发现的问题：不列复核通过的计算；多份报告时也不列未发现问题的报告")] = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="逐条列出复核通过的计算，各带页、行和原文（缺省时一份报告逐条列出但不带原文，"
                                "多份报告只列数目）")] = False,
    db: Annotated[str | None, typer.Option(
        "--db", help="把各份报告的审核结果存入评价数据库，记在报告所属的部门年度下（部门、年度取自报告标题）",
        show_default=False, metavar="数据库")] = None,
    department: Annotated[str | None, typer.Option(
        "--department", help="与 --db 同用，只限一份报告：报告所属部门的编码或简称（报告标题读不出时）", show_default=False,
        metavar="部门")] = None,
    year: Annotated[int | None, typer.Option("--year", help="与 --db 同用，只限一份报告：报告的年度", show_default=False, **YEARS,
                                             metavar="年度")] = None,
) -> None:
    """审核部门整体支出绩效评价报告：复算比率、季度执行表、评分表和前后数字。

    每项发现列出页（PDF）、所在章节、行和报告原文。给出多个文件或文件夹时逐份审核：终端上显示进度条，每份报告一张问题表，
    无法读取的文件列出原因后继续审核其余文件。

    退出状态：1 有报告发现错误；2 有文件无法读取（且没有发现错误），或参数、结果文件有误；0 全部读取且未发现错误。
    """
    from ..audit.batch import exit_status, report_files
    from ..outputs import output_problems
    from ..problems import Problem
    from .failures import input_errors_exit

    with input_errors_exit():
        problems: list[Problem] = []
        if as_json and as_csv:
            problems.append(Problem("--json/--csv", "只能选择一种输出格式"))
        if brief and verbose:
            problems.append(Problem("--brief/--verbose", "二者不能同时使用"))
        found = report_files(files)
        inputs = [f for f in found if isinstance(f, Path)]
        if output is not None:
            problems += output_problems([output], inputs, keep_existing=not overwrite, suffixes=(".xlsx", ".csv"))
        if framework is not None:
            from ..frameworks.load import load_framework

            try:
                load_framework(framework)
            except InputError as error:
                problems += error.problems
        single = len(files) == 1 and len(found) == 1 and isinstance(found[0], Path) and not files[0].is_dir()
        if extract_only and not single:
            problems.append(Problem("--extract", "一次只能显示一份报告读取的内容"))
        if (department is not None or year is not None) and (db is None or not single):
            problems.append(Problem("--department/--year", "只能与 --db 一起、且只审核一份报告时使用"))
        engine = None
        if db is not None and not problems:
            from ..store.db import open_store
            from .db import store_errors

            with store_errors():
                engine = open_store(db)
        if problems:
            raise InputError(problems)
    if extract_only:
        _extract(files[0], as_json)
        return
    batch = _audit_one(files[0], framework) if single else _audit_many(found, framework)
    status = exit_status(batch)
    if all(a.result is None for a in batch):  # nothing to show or write
        if not single:
            _print_unreadable(batch)
        raise typer.Exit(status)
    if as_csv:
        from ..audit.exports import findings_csv

        typer.echo(findings_csv(batch, verified=verbose), nl=False)
    elif as_json:
        _print_json(batch, single)
    elif single:
        from ..audit.presentation import result_lines

        result = batch[0].result
        assert result is not None
        typer.echo("\n".join(result_lines(result, verified=not brief, verbose=verbose)))
    else:
        from ..render.audit_text import print_batch
        from .console import console

        print_batch(batch, console(), verbose=verbose, brief=brief)
    if (as_json or as_csv) and not single:
        _print_unreadable(batch)
    if output is not None:
        _write(batch, output, verbose=verbose, quiet=as_json or as_csv)
    if engine is not None:
        _keep(engine, batch, department, year)
    raise typer.Exit(status)


def _keep(engine: Any, batch: list[Audited], department: str | None, year: int | None) -> None:
    """Each audited report's result kept with its department-year; told on standard error, report by report."""
    from ..store.audits import keep
    from .db import store_errors
    from .failures import input_errors_exit

    with input_errors_exit(), store_errors():
        for audited in batch:
            if audited.result is None:
                continue
            kept = keep(engine, audited.result, Path(audited.name).read_bytes(), department=department, year=year)
            if isinstance(kept, str):
                typer.echo(f"未保存审核结果：{audited.name}：{kept}", err=True)
            else:
                typer.echo(f"已保存审核结果：{audited.name} → {kept.department} {kept.year} 年度", err=True)


def _extract(path: Path, as_json: bool) -> None:
    from ..audit.extraction import extract
    from ..audit.presentation import extraction_data, extraction_lines
    from ..audit.text import read_report

    try:
        extraction = extract(read_report(path))
    except InputError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(json.dumps(extraction_data(extraction), ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(extraction_lines(extraction)))


def _audit_one(path: Path, framework: str | None) -> list[Audited]:
    """One report as before: when it cannot be read, its problems on standard error."""
    from ..audit.batch import audit_all

    batch = list(audit_all([path], framework=framework))
    for problem in batch[0].problems:
        typer.echo(str(problem), err=True)
    return batch


def _audit_many(found: list[Path | Problem], framework: str | None) -> list[Audited]:
    """Each report in turn, with a progress bar on standard error when it is a terminal (never in the output)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..audit.batch import audit_all
    from .console import error_console

    screen = error_console()
    columns = (TextColumn("审核"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
               TimeRemainingColumn())
    with Progress(*columns, console=screen, transient=True, disable=not screen.is_terminal) as progress:
        task = progress.add_task("", total=len(found))

        def begin(name: str) -> None:
            progress.update(task, description=Path(name).name)

        def step(audited: Audited) -> None:
            progress.update(task, advance=1)

        return list(audit_all(found, framework=framework, begin=begin, step=step))


def _print_unreadable(batch: list[Audited]) -> None:
    for audited in batch:
        if audited.result is None:
            for problem in audited.problems:
                typer.echo(str(problem), err=True)


def _print_json(batch: list[Audited], single: bool) -> None:
    from ..audit.batch import totals
    from ..audit.presentation import result_data

    if single:
        result = batch[0].result
        assert result is not None
        typer.echo(json.dumps(result_data(result), ensure_ascii=False, indent=2))
        return
    reports = [result_data(a.result) if a.result is not None
               else {"file": a.name, "unreadable": [str(p) for p in a.problems]} for a in batch]
    typer.echo(json.dumps({"reports": reports, "totals": totals(batch)}, ensure_ascii=False, indent=2))


def _write(batch: list[Audited], output: Path, *, verbose: bool, quiet: bool) -> None:
    from ..audit.exports import findings_csv, write_workbook
    from ..outputs import OutputError, is_path_error, write_file, write_text

    try:
        if output.suffix.lower() == ".csv":
            # with a byte-order mark, as a spreadsheet needs to take a CSV file for UTF-8
            write_text(output, "\ufeff" + findings_csv(batch, verified=verbose))
        else:
            write_file(output, lambda temporary: write_workbook(batch, temporary))
    except OutputError as error:
        typer.echo(f"未写出结果文件：{error}", err=True)
        raise typer.Exit(2 if is_path_error(error) else 1) from None
    typer.echo(f"已写出 {output}", err=quiet)
