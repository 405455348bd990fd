"""``jixiao targets CASE``: the self-evaluation table judged (绩效指标完成情况判断), and the flags."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .failures import input_errors_exit


def register(app: typer.Typer) -> None:
    app.command(
        "targets",
        help="判断自评表中各项绩效指标是否达成（达成 / 未达成 / 无法判断），列出偏差和复核提示。",
    )(targets)


def targets(
    case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（数值为十进制字符串）")] = False,
    plain: Annotated[
        str, typer.Option("--plain", help="不带比较符的预期值的缺省含义：不低于 / 等于 / 不高于")
    ] = "不低于",
    threshold: Annotated[
        str, typer.Option("--threshold", help="超出预期多少即提示“目标值可能设置偏低”（如 20%）")
    ] = "20%",
) -> None:
    from ..decimals import NumberFormatError, parse_rate
    from ..facts.load import load_case
    from ..problems import InputError, Problem
    from ..targets.expression import PlainMeaning
    from ..targets.judgement import JudgeOptions
    from ..targets.review import ReviewOptions, review_self_evaluation
    from .hints import print_hints

    with input_errors_exit():
        problems = []
        if plain not in PlainMeaning.__members__.values():
            problems.append(Problem("命令行", f"--plain 应为“不低于”“等于”或“不高于”之一，实际为“{plain}”"))
        try:
            limit = parse_rate(threshold)
        except NumberFormatError as exc:
            problems.append(Problem("命令行", f"--threshold：{exc}"))
        if problems:
            raise InputError(problems)
        facts = load_case(case)
        if facts.self_evaluation is None or not facts.self_evaluation.targets:
            where = "“绩效指标”表中没有填写任何指标" if case.suffix.lower() == ".xlsx" else \
                "案例未填写绩效指标（self_evaluation.targets）"
            raise InputError.single(str(case), f"{where}，没有可判断的内容")
    print_hints(facts)
    options = ReviewOptions(JudgeOptions(PlainMeaning(plain), year=facts.year), exceed_threshold=limit)
    review = review_self_evaluation(facts, options)
    if as_json:
        from ..render.targets_json import review_to_dict

        payload = {"department": facts.department.name, "year": facts.year, **review_to_dict(review)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from ..render.targets_text import print_target_review
    from .console import console

    print_target_review(review, console(), f"{facts.department.name} {facts.year} 年度绩效指标完成情况")
