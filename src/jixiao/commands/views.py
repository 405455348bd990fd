"""``jixiao ranking``, ``jixiao compare`` and ``jixiao summary``: the store across departments and years."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from ..numbers import text_of
from .db import DbOption, store_errors
from .failures import YEARS, input_errors_exit

AsJson = Annotated[bool, typer.Option("--json", help="输出 JSON（数值为十进制字符串）")]
AsCsv = Annotated[bool, typer.Option("--csv", help="输出 CSV")]
Output = Annotated[Path | None, typer.Option("--output", "-o", help="写成 Excel 工作簿（.xlsx）", dir_okay=False,
                                              show_default=False, metavar="文件")]
Tag = Annotated[str | None, typer.Option("--type", help="只比较这一类型的部门（同类比较）", show_default=False,
                                         metavar="类型")]


def register(app: typer.Typer) -> None:
    app.command("ranking", help="一个年度各部门的得分排名（复核后得分；未复核的为自评得分）。")(ranking)
    app.command("compare", help="一个部门各年度的得分对比：各指标、综合评分和等级。")(compare)
    app.command("summary", help="一个年度的汇总：等级分布、失分最多的指标、自评与复核差异、与上年相比。")(summary)


def ranking(year: Annotated[int, typer.Option("--year", help="年度", metavar="年度", **YEARS)], tag: Tag = None,
            as_json: AsJson = False, as_csv: AsCsv = False, output: Output = None, db: DbOption = None) -> None:
    from ..store.db import open_store
    from ..store.views import ranking as rank

    with input_errors_exit(), store_errors():
        rows = rank(open_store(db), year, tag)
    title = f"{year} 年度部门得分排名" + (f"（{tag}）" if tag else "")
    _emit({title: rows}, as_json, as_csv, output)


def compare(department: Annotated[str, typer.Argument(help="部门编码或部门简称", metavar="部门")],
            as_json: AsJson = False, as_csv: AsCsv = False, output: Output = None, db: DbOption = None) -> None:
    from ..store.db import open_store
    from ..store.views import compare as side_by_side

    with input_errors_exit(), store_errors():
        _, rows = side_by_side(open_store(db), department)
    _emit({f"{department} 各年度得分对比": rows}, as_json, as_csv, output)


def summary(year: Annotated[int, typer.Option("--year", help="年度", metavar="年度", **YEARS)], tag: Tag = None,
            as_json: AsJson = False, as_csv: AsCsv = False,
            output: Annotated[Path | None, typer.Option(
                "--output", "-o", help="写成 Excel 工作簿（.xlsx），或汇总报告（.docx .pdf .html .md：等级分布、得分排名、"
                "同类部门比较、各指标得分率热力图、失分最多的指标、自评与复核差异、与上年相比）", dir_okay=False,
                show_default=False, metavar="文件")] = None,
            charts: Annotated[bool, typer.Option("--charts/--no-charts", help="汇总报告是否插入图表")] = True,
            overwrite: Annotated[bool, typer.Option("--overwrite", help="汇总报告文件已存在时覆盖它（缺省不覆盖）")] = False,
            db: DbOption = None) -> None:
    from ..store.db import open_store
    from ..store.views import summary as sum_up

    if output is not None and output.suffix.lower() != ".xlsx":
        from ..store.reports import bureau_document
        from .report import write_document

        write_document(lambda use_charts: bureau_document(open_store(db), year, tag, charts=use_charts), [output],
                       charts=charts, overwrite=overwrite, store=True)
        return

    with input_errors_exit(), store_errors():
        found = sum_up(open_store(db), year, tag)
    sections: dict[str, list[dict[str, Any]]] = {
        "等级分布": [{"等级": grade, "部门数": n} for grade, n in found["等级分布"].items()],
        "失分最多的指标": found["失分最多的指标"],
        "自评与复核差异": found["自评与复核差异"],
        "与上年相比": found["与上年相比"],
    }
    if as_json:
        from ..store.views import as_json as dumps

        typer.echo(dumps(found))
        return
    _emit({f"{year} 年度汇总（{found['部门数']} 个部门）—{name}": rows for name, rows in sections.items()},
          False, as_csv, output)


def _emit(tables: dict[str, list[dict[str, Any]]], as_json: bool, as_csv: bool, output: Path | None) -> None:
    if as_json:
        from ..store.views import as_json as dumps

        typer.echo(dumps(tables if len(tables) > 1 else next(iter(tables.values()))))
        return
    if as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for index, (title, rows) in enumerate(tables.items()):
            if len(tables) > 1:
                if index:
                    writer.writerow([])
                writer.writerow([title])
            if rows:
                writer.writerow(list(rows[0]))
                writer.writerows([text_of(v) for v in row.values()] for row in rows)
        typer.echo(buffer.getvalue(), nl=False)
        return
    if output is not None:
        _xlsx(tables, output)
        typer.echo(f"已写出 {output}")
        return
    from rich.table import Table

    from .console import console

    out = console()
    for title, rows in tables.items():
        table = Table(title=title, title_style="bold")
        for column in (rows[0] if rows else {"（无）": ""}):
            table.add_column(column)
        for row in rows:
            table.add_row(*(text_of(v) for v in row.values()))
        out.print(table)


def _xlsx(tables: dict[str, list[dict[str, Any]]], output: Path) -> None:
    from openpyxl import Workbook

    from ..outputs import write_file

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for index, (title, rows) in enumerate(tables.items(), 1):
        sheet = book.create_sheet((title.rsplit("—", 1)[-1])[:31] or f"表{index}")
        if rows:
            sheet.append(list(rows[0]))
            for row in rows:
                # numbers stay numbers (openpyxl writes a Decimal exactly as its digits), the rest as text
                sheet.append([v if isinstance(v, Decimal | int) else text_of(v) for v in row.values()])
    write_file(output, book.save)
