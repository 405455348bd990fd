"""``jixiao monitor FILES``: in-year monitoring (绩效运行监控, 双监控) lit against time progress, forecast to the
year's end, and the alert list across departments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .failures import YEARS, input_errors_exit

if TYPE_CHECKING:
    from ..monitoring.claims import UnsupportedClaim
    from ..monitoring.model import MonitoringRules
    from ..monitoring.tables import Monitored
    from ..problems import Problem

_SUFFIXES = (".xlsx", ".json", ".csv")


def register(app: typer.Typer) -> None:
    app.command(
        "monitor",
        help="绩效运行监控（双监控）：各项目支出进度和绩效目标完成进度对照序时进度亮绿、黄、红灯，预计全年执行和完成"
             "情况，列出各部门的预警清单（黄灯、红灯及是否说明原因）。",
    )(monitor)


def monitor(
    files: Annotated[list[Path] | None, typer.Argument(
        help="监控填报文件（.yaml 或 .xlsx 工作簿）或包含它们的文件夹；不给文件时读数据库中 --year 年度各部门最新的填报",
        show_default=False)] = None,
    rules: Annotated[Path | None, typer.Option(
        "--rules", help="监控规则文件（序时进度、亮灯阈值、偏差原因；缺省为内置规则）", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="写出监控表：.xlsx（资金执行、绩效目标、预警清单三张表）或 .docx（含支出进度曲线图）",
        dir_okay=False,
        show_default=False)] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="输出文件已存在时覆盖它")] = False,
    against: Annotated[Path | None, typer.Option(
        "--against", help="年末自评案例（.yaml 或 .xlsx）：自评为达成、监控到年末仍为红灯的指标提示“疑似自评偏高”",
        show_default=False)] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="评价数据库：上年同期执行数从中读取（文件未填时）；不给文件时读其中的填报", show_default=False,
        metavar="数据库")] = None,
    save: Annotated[bool, typer.Option("--save", help="把各文件的填报存入 --db 数据库（每个文件一个事务，只追加）")] = False,
    year: Annotated[int | None, typer.Option("--year", help="不给文件时：读数据库中这一年度的填报", show_default=False, **YEARS,
                                             metavar="年度")] = None,
    claims_in_store: Annotated[bool, typer.Option(
        "--claims", help="年末核对 --db 数据库中各部门同一年度的自评（复核后的版本）：自评为达成、监控到年末仍为红灯的指标"
                         "提示“疑似自评偏高”")] = False,
) -> None:
    from ..monitoring.lights import light_all
    from ..monitoring.model import load_monitoring, load_rules
    from ..monitoring.tables import Monitored, as_dict
    from ..outputs import output_problems
    from ..problems import InputError, Problem

    if db is not None:
        from .db import store_errors

        guard: Any = store_errors()
    else:  # no database: the command does not pay for importing one
        import contextlib

        guard = contextlib.nullcontext()
    with input_errors_exit(), guard:
        problems: list[Problem] = []
        engine = _store(db, files, save, year, problems)
        paths = _files(files or [], problems)
        if output is not None:
            problems += output_problems([output], paths, keep_existing=not overwrite, suffixes=(".xlsx", ".docx"))
        chosen = None
        try:
            chosen = load_rules(rules)
        except InputError as exc:
            problems += exc.problems
        monitored = []
        read: list[tuple[Path, Any]] = []
        if chosen is not None:
            for path in paths:
                try:
                    monitoring, _ = load_monitoring(path, chosen)
                except InputError as exc:
                    problems += exc.problems
                    continue
                read.append((path, monitoring))
            if engine is not None and not files and year is not None:
                from ..store.monitoring import stored

                read = [(Path(name), monitoring) for name, monitoring in stored(engine, year)]
                if not read:
                    problems.append(Problem("数据库", f"数据库中没有 {year} 年度的监控填报"))
            reports = [monitoring for _, monitoring in read]
            if engine is not None:
                from ..store.monitoring import with_last_years

                reports = with_last_years(engine, reports)
            for (path, _), monitoring in zip(read, reports, strict=True):
                monitored.append(Monitored(str(path), monitoring, tuple(light_all(monitoring.projects, chosen))))
        claims = _claims(against, monitored, chosen, problems) if against is not None and chosen else []
        if claims_in_store:
            if engine is None:
                problems.append(Problem("命令行", "--claims 须同时给出 --db 数据库"))
            elif chosen is not None:
                claims += _stored_claims(engine, monitored, chosen)
        if problems:
            raise InputError(problems)
        if save and engine is not None:
            from ..store.monitoring import save as keep

            for path, monitoring in read:
                done = keep(engine, monitoring, path.read_bytes(), path.name)
                typer.echo(f"已保存：{done.department} {done.year} 年 1–{done.month} 月的监控填报（第 {done.version} 版）",
                           err=True)
    if output is not None:
        from ..outputs import write_file

        if output.suffix.lower() == ".docx":
            from ..monitoring.document import monitoring_document
            from ..report.docx import write_docx

            assert chosen is not None
            document = monitoring_document(monitored, chosen)
            write_file(output, lambda temporary: write_docx(document, temporary))
        else:
            from ..monitoring.workbook import write_workbook

            write_file(output, lambda temporary: write_workbook(monitored, temporary))
    if as_json:
        payload = as_dict(monitored)
        if against is not None or claims_in_store:
            payload["自评核对"] = [{"项目": c.project, "指标": c.target, "自评实际完成": c.claimed,
                                    "监控月份": c.monitored.month, "监控完成值": c.monitored.so_far, "说明": c.message}
                                   for c in claims]
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from ..render.monitoring_text import print_monitoring
    from .console import console

    print_monitoring(monitored, console())
    if against is not None or claims_in_store:
        from ..render.monitoring_text import print_claims

        print_claims(claims, console())
    if output is not None:
        typer.echo(f"已生成 {output}")


def _store(db: str | None, files: list[Path] | None, save: bool, year: int | None, problems: list[Problem]) -> Any:
    """The store when ``--db`` is given (opened; it must exist), and what the options ask of it checked."""
    from ..problems import Problem

    if not files and (db is None or year is None):
        problems.append(Problem("命令行", "请给出监控填报文件或文件夹，或用 --db 数据库 --year 年度 读取已保存的填报"))
    if save and db is None:
        problems.append(Problem("命令行", "--save 须同时给出 --db 数据库"))
    if save and not files:
        problems.append(Problem("命令行", "--save 保存的是给出的文件：请给出监控填报文件"))
    if db is None:
        return None
    from ..store.db import open_store

    return open_store(db)


def _files(given: list[Path], problems: list[Problem]) -> list[Path]:
    from ..problems import Problem

    found: list[Path] = []
    for path in given:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if _readable(p))
            if not inside:
                problems.append(Problem(str(path), "文件夹中没有监控填报文件（.yaml 或 .xlsx）"))
            found += inside
        elif not path.exists():
            problems.append(Problem(str(path), "文件不存在"))
        else:
            found.append(path)
    return found


def _readable(path: Path) -> bool:
    # Excel's lock files (~$name.xlsx) are not a department's submission
    return path.suffix.lower() in (".yaml", ".yml", ".xlsx") and not path.name.startswith("~$") and path.is_file()


def _stored_claims(engine: Any, monitored: list[Monitored], rules: MonitoringRules) -> list[UnsupportedClaim]:
    """Each monitored department's self-evaluation of the same year in the store (as reviewed), held against
    what its monitoring showed; departments without one are passed over."""
    from ..monitoring.claims import unsupported_claims
    from ..store.db import StoreError
    from ..store.review import _events, _scored, _submission
    from ..targets.review import ReviewOptions, review_self_evaluation
    from .targets import _judging

    found: list[UnsupportedClaim] = []
    for item in monitored:
        department = item.monitoring.department
        try:
            with engine.connect() as connection:
                submission, _ = _submission(connection, department.code or department.name, item.monitoring.year)
                facts, evaluation = _scored(connection, submission, _events(connection, submission.id))
        except StoreError:
            continue  # no self-evaluation of that year yet
        if facts.self_evaluation is None or not facts.self_evaluation.targets:
            continue
        review = review_self_evaluation(facts, ReviewOptions(_judging(evaluation.framework, facts.year, None)))
        found += unsupported_claims(review, facts.department.name, facts.year, [item], rules.claims.late_month)
    return found


def _claims(against: Path, monitored: list[Monitored], rules: MonitoringRules, problems: list[Problem]
            ) -> list[UnsupportedClaim]:
    from ..monitoring.claims import unsupported_claims
    from ..problems import InputError, Problem
    from ..scoring.intake import load_for_scoring
    from ..targets.review import ReviewOptions, review_self_evaluation
    from .targets import _judging

    try:
        facts, framework = load_for_scoring(against)
    except InputError as exc:
        problems += exc.problems
        return []
    if facts.self_evaluation is None or not facts.self_evaluation.targets:
        problems.append(Problem(str(against), "自评案例未填写绩效指标，无从核对"))
        return []
    if not any(m.monitoring.department.name == facts.department.name and m.monitoring.year == facts.year
               for m in monitored):
        problems.append(Problem(str(against), f"监控填报中没有“{facts.department.name}”{facts.year} 年度的文件，无从核对"))
        return []
    review = review_self_evaluation(facts, ReviewOptions(_judging(framework, facts.year, None)))
    return unsupported_claims(review, facts.department.name, facts.year, monitored, rules.claims.late_month)
