"""``jixiao score CASE``: the score sheet of a department-year, every score explained."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .failures import input_errors_exit

FrameworkOption = Annotated[
    str | None,
    typer.Option("--framework", "-f", help="指标体系：内置编号或 YAML 文件路径（缺省取案例中的 framework）"),
]


def register(app: typer.Typer) -> None:
    app.command("score", help="按指标体系计算评分表：每项得分及计分过程、小计、综合评分和等级。")(score)


def score(
    case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）", show_default=False)],
    framework: FrameworkOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（数值为十进制字符串）")] = False,
    brief: Annotated[bool, typer.Option("--brief", help="只列得分，不列计分过程")] = False,
) -> None:
    from ..scoring.engine import evaluate
    from ..scoring.intake import load_for_scoring
    from .hints import print_hints

    with input_errors_exit():
        facts, chosen = load_for_scoring(case, framework)
        evaluation = evaluate(facts, chosen)
    print_hints(facts, chosen, str(case))
    review = None
    if facts.self_evaluation is not None and facts.self_evaluation.targets:
        from ..targets.review import review_self_evaluation

        review = review_self_evaluation(facts)
    if as_json:
        from ..render.sheet_json import evaluation_to_dict

        data = evaluation_to_dict(evaluation)
        if review is not None:
            from ..render.targets_json import review_to_dict

            data["targets"] = review_to_dict(review)
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from ..render.sheet_text import print_score_sheet
    from .console import console

    out = console()
    print_score_sheet(evaluation, out, trails=not brief)
    if review is not None:
        from ..render.targets_text import summary_table

        out.print(summary_table(review))
        out.print(review.summary() + "（详见 jixiao targets）")
