"""``jixiao review``, ``jixiao reply`` and ``jixiao history``: review (复核) of a stored department-year."""

from __future__ import annotations

from typing import Annotated

import typer

from .db import DbOption, store_errors
from .failures import YEARS, input_errors_exit

Department = Annotated[str, typer.Argument(help="部门编码或部门简称", show_default=False, metavar="部门")]
Year = Annotated[int, typer.Argument(help="评价年度", show_default=False, metavar="年度", **YEARS)]
Reason = Annotated[str, typer.Option("--reason", help="理由（必填）", metavar="理由")]
By = Annotated[str, typer.Option("--by", help="操作人", metavar="姓名")]


def register(app: typer.Typer) -> None:
    app.command("review", help="复核一个部门年度：开始复核、修改事实或评价判断（须说明理由）、通过或退回。")(review)
    app.command("reply", help="部门答复被退回的复核，使其回到待复核。")(reply)
    app.command("history", help="列出一个部门年度的复核记录，以及自评得分与复核后得分。")(history)


def review(
    department: Department, year: Year, reason: Reason = "",
    set_: Annotated[str | None, typer.Option("--set", help="修改：字段=值，如 budget.adjusted=4812.30、"
                                             "judgements.project_supervision.items.inspection=0.5",
                                             show_default=False, metavar="字段=值")] = None,
    state: Annotated[str | None, typer.Option("--state", help="改变复核状态：复核中、已复核或退回",
                                              show_default=False, metavar="状态")] = None,
    after: Annotated[int | None, typer.Option("--after", help="你看到的最后一条复核记录的序号（防止覆盖他人的修改）",
                                              show_default=False, metavar="序号")] = None,
    db: DbOption = None, by: By = "复核人员",
) -> None:
    from ..problems import InputError, Problem
    from ..store.db import open_store
    from ..store.review import change_value, record

    with input_errors_exit(), store_errors():
        if (set_ is None) == (state is None):
            raise InputError([Problem("命令行", "请给出 --set 字段=值 或 --state 状态 之一")])
        engine = open_store(db)
        if set_ is not None:
            target, sep, raw = set_.partition("=")
            if not sep or not target.strip():
                raise InputError([Problem("命令行", f"--set 应写成 字段=值，实际为“{set_}”")])
            result = record(engine, department, year, kind="change", actor=by, reason=reason,
                            target=target.strip(), value=change_value(target.strip(), raw.strip(), reason),
                            after_seq=after)
        else:
            result = record(engine, department, year, kind="state", actor=by, reason=reason, state=state,
                            after_seq=after)
    typer.echo(f"已记录第 {result.events[-1].seq} 条：{result.department} {year} 年度，状态“{result.state}”，"
               f"自评 {result.self_total}，复核后 {result.reviewed_total}（{result.reviewed_grade}）")


def reply(department: Department, year: Year, reason: Reason = "", db: DbOption = None, by: By = "部门") -> None:
    from ..store.db import open_store
    from ..store.review import PENDING, record

    with input_errors_exit(), store_errors():
        result = record(open_store(db), department, year, kind="reply", actor=by, reason=reason, state=PENDING)
    typer.echo(f"已记录答复：{result.department} {year} 年度回到“{result.state}”")


def history(department: Department, year: Year, db: DbOption = None) -> None:
    from rich.table import Table

    from ..numbers import text_of
    from ..store.db import open_store
    from ..store.review import view
    from .console import console

    with input_errors_exit(), store_errors():
        result = view(open_store(db), department, year)
    table = Table(title=f"{result.department} {year} 年度复核记录（第 {result.version} 版报送）", title_style="bold")
    for column in ("序号", "时间（UTC）", "操作人", "类型", "字段", "改前", "改后", "理由"):
        table.add_column(column, overflow="fold")  # every word of a reason shown, never cut short
    kinds = {"change": "修改", "state": "状态", "reply": "答复"}
    for e in result.events:
        table.add_row(str(e.seq), e.at.strftime("%Y-%m-%d %H:%M:%S"), e.actor, kinds.get(e.kind, e.kind),
                      e.target or "", text_of(e.before), text_of(e.after), e.reason)
    out = console()
    out.print(table)
    out.print(f"状态：{result.state}；自评得分 {result.self_total}（{result.self_grade}），"
              f"复核后得分 {result.reviewed_total}（{result.reviewed_grade}）")
