"""``jixiao targets CASE``: the self-evaluation table judged (绩效指标完成情况判断), and the flags."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.table import Table

    from ..targets.review import TargetReview

_OUTCOME_STYLES = {"达成": "green", "未达成": "bold red", "无法判断": "yellow"}
_SEVERITY_STYLES = {"错误": "bold red", "提示": "yellow"}


def register(app: typer.Typer) -> None:
    app.command(
        "targets",
        help="判断自评表中各项绩效指标是否达成（达成 / 未达成 / 无法判断），并列出复核提示。",
    )(targets)


def targets(
    case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 格式输出")] = False,
    plain: Annotated[
        str, typer.Option("--plain", help="不带比较符的预期值的缺省含义：不低于 / 等于 / 不高于")
    ] = "不低于",
    threshold: Annotated[
        str, typer.Option("--threshold", help="超出预期多少即提示“目标值可能设置偏低”（如 20%）")
    ] = "20%",
) -> None:
    """判断绩效指标完成情况."""
    from ..decimals import NumberFormatError, parse_rate
    from ..facts.load import load_case
    from ..problems import InputError
    from ..targets.expression import PlainMeaning
    from ..targets.judgement import JudgeOptions
    from ..targets.review import ReviewOptions, review_self_evaluation

    problems: list[str] = []
    try:
        meaning = PlainMeaning(plain)
    except ValueError:
        problems.append(f"--plain 应为“不低于”“等于”或“不高于”之一，实际为“{plain}”")
        meaning = PlainMeaning.AT_LEAST
    try:
        limit = parse_rate(threshold)
    except NumberFormatError as exc:
        problems.append(f"--threshold：{exc}")
        limit = Decimal("0.2")
    if problems:
        _fail(problems)
    try:
        loaded = load_case(case)
    except InputError as exc:
        _fail([str(problem) for problem in exc.problems])
    if loaded.self_evaluation is None or not loaded.self_evaluation.targets:
        _fail([f"{case}：案例未填写绩效指标（self_evaluation.targets），无可判断的内容"])
    options = ReviewOptions(JudgeOptions(plain_meaning=meaning, year=loaded.year), exceed_threshold=limit)
    review = review_self_evaluation(loaded, options)
    if as_json:
        payload = {"case": str(case), "department": loaded.department.name, "year": loaded.year}
        payload.update(review_as_data(review))
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(f"{loaded.department.name} {loaded.year} 年度绩效指标完成情况", style="bold")
    console.print(judged_table(review))
    console.print(review.summary())
    for flag in review.flags:
        style = _SEVERITY_STYLES[flag.severity]
        console.print(f"[{style}]{flag.severity}[/] {flag.message}", highlight=False)


def _fail(messages: list[str]) -> NoReturn:
    for message in messages:
        typer.echo(message, err=True)
    raise typer.Exit(2)


def judged_table(review: TargetReview) -> Table:
    """The judged table, one row per target, in table order."""
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    titles = (
        "一级指标", "二级指标", "三级指标", "预期指标值", "实际完成值", "结论", "偏差", "相对偏差", "说明"
    )
    for title in titles:
        table.add_column(title, overflow="fold")
    previous: tuple[str, str] = ("", "")
    for judgement in review.judgements:
        target = judgement.target
        level1 = target.level1 if target is not None else ""
        level2 = target.level2 if target is not None else ""
        shown1 = level1 if level1 != previous[0] else ""
        shown2 = level2 if (level1, level2) != previous else ""
        previous = (level1, level2)
        outcome = judgement.outcome.value
        table.add_row(
            shown1, shown2, judgement.name, judgement.expected_text, judgement.actual_text,
            f"[{_OUTCOME_STYLES[outcome]}]{outcome}[/]", judgement.deviation_text(),
            judgement.relative_text(), judgement.reason,
        )
    return table


def summary_table(review: TargetReview) -> Table:
    """A short summary for the score sheet (``jixiao score`` shows it beside the scores)."""
    from rich.table import Table

    from ..targets.judgement import Outcome

    table = Table(title="绩效指标完成情况", header_style="bold")
    table.add_column("项目")
    table.add_column("数量", justify="right")
    table.add_row("绩效指标", str(len(review.judgements)))
    for outcome in Outcome:
        table.add_row(f"[{_OUTCOME_STYLES[outcome.value]}]{outcome.value}[/]", str(review.count(outcome)))
    table.add_row("复核错误", str(len(review.errors)))
    table.add_row("复核提示", str(len(review.hints)))
    return table


def review_as_data(review: TargetReview) -> dict[str, Any]:
    """Plain data for ``--json``: numbers as strings, so they stay exact."""
    from ..targets.judgement import Outcome

    def number(value: Decimal | None) -> str | None:
        return None if value is None else format(value, "f")

    targets = []
    for judgement in review.judgements:
        target = judgement.target
        reading = judgement.expected
        targets.append({
            "level1": target.level1 if target else "",
            "level2": target.level2 if target else "",
            "name": judgement.name,
            "expected": judgement.expected_text,
            "actual": judgement.actual_text,
            "outcome": judgement.outcome.value,
            "kind": reading.kind.value if reading else None,
            "comparator": reading.comparator.value if reading and reading.comparator else None,
            "unit": reading.unit if reading else None,
            "plain_meaning": judgement.meaning.value if judgement.meaning else None,
            "deviation": number(judgement.deviation),
            "deviation_text": judgement.deviation_text(),
            "relative_deviation": number(judgement.relative_deviation),
            "relative_text": judgement.relative_text(),
            "reason": judgement.reason,
            "weight": number(target.weight) if target else None,
            "deviation_reason": target.reason if target else "",
        })
    return {
        "summary": {
            "targets": len(review.judgements),
            **{outcome.value: review.count(outcome) for outcome in Outcome},
            "errors": len(review.errors),
            "hints": len(review.hints),
            "text": review.summary(),
        },
        "targets": targets,
        "flags": [
            {"severity": f.severity.value, "code": f.code, "target": f.target, "message": f.message}
            for f in review.flags
        ],
    }
