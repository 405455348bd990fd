"""``jixiao review-report`` and ``jixiao whatif``: a stored department-year's report as reviewed (with the review
record), and the year re-scored under another framework (a view: nothing is stored)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .db import DbOption, store_errors
from .failures import input_errors_exit
from .review import Department, Year

Outputs = Annotated[list[Path], typer.Option("--output", "-o", help="输出文件，可多次给出；格式由扩展名决定：.docx .pdf "
                                              ".html .md", show_default=False, metavar="文件")]
Overwrite = Annotated[bool, typer.Option("--overwrite", help="输出文件已存在时覆盖它（缺省不覆盖）")]
Charts = Annotated[bool, typer.Option("--charts/--no-charts", help="是否插入图表")]


def register(app: typer.Typer) -> None:
    app.command("review-report", help="生成数据库中一个部门年度复核后的评价报告，末尾附复核情况：复核记录和得分有变化的指标。"
                )(review_report)
    app.command("whatif", help="按另一套指标体系重新计分数据库中的一个部门年度（只显示，不保存），与现有得分逐项对照。")(whatif)


def review_report(department: Department, year: Year, output: Outputs, charts: Charts = True,
                  overwrite: Overwrite = False, db: DbOption = None) -> None:
    from ..store.db import open_store
    from ..store.reports import reviewed_document
    from .report import write_document

    write_document(lambda use_charts: reviewed_document(open_store(db), department, year, charts=use_charts),
                   output, charts=charts, overwrite=overwrite, store=True)


def whatif(
    department: Department, year: Year,
    framework: Annotated[str, typer.Option("--framework", "-f", help="指标体系：内置编号、YAML 文件路径，或数据库中的"
                                           "“db:”加哈希前 12 位", show_default=False, metavar="指标体系")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON：重新计分的评分表")] = False,
    db: DbOption = None,
) -> None:
    from ..frameworks.load import load_framework
    from ..problems import InputError, Problem
    from ..store.db import open_store
    from ..store.reports import STORED, framework_by_key, what_if
    from ..store.review import view

    with input_errors_exit(), store_errors():
        engine = open_store(db)
        chosen = framework_by_key(engine, framework) if framework.startswith(STORED) else load_framework(framework)
        if chosen is None:
            raise InputError([Problem("--framework", f"数据库中没有“{framework[:40]}”这套指标体系")])
        now = view(engine, department, year)
        name, sheet = what_if(engine, department, year, chosen)
    if as_json:
        from ..store.views import as_json as dumps

        typer.echo(dumps(sheet))
        return
    from rich.table import Table

    from .console import console

    table = Table(title=f"{name} {year} 年度按“{chosen.title}”重新计分（不保存）", title_style="bold")
    for column in ("指标", "现分值", "现得分", "新分值", "新得分"):
        table.add_column(column, justify="left" if column == "指标" else "right")
    new = {i["id"]: i for i in sheet["indicators"]}
    seen = set()
    for key, label, weight, score in now.indicators:
        seen.add(key)
        other = new.get(key)
        table.add_row(label, f"{weight:f}", "" if score is None else f"{score:f}",
                      "" if other is None else str(other["weight"]), "" if other is None else str(other["score"] or ""))
    for key, other in new.items():
        if key not in seen:
            table.add_row(other["name"], "", "", str(other["weight"]), str(other["score"] or ""))
    table.add_row("综合评分", "", now.reviewed_total or "", "", str(sheet["total"]))
    table.add_row("等级", "", now.reviewed_grade or "", "", str(sheet["grade"] or "未评定"))
    console().print(table)
