"""The score sheet in a terminal (评分表): every indicator with its trail, subtotals, total and grade."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..scoring.result import Evaluation
from ..scoring.trail import format_points, render_step
from .wrapping import Wrapped


def score_sheet(evaluation: Evaluation, *, trails: bool = True) -> Group:
    framework = evaluation.framework
    # A project's case (项目支出评价) names its project; a department's does not.
    project = evaluation.case.figures.get("project.name")
    subject = f"“{project}”项目支出" if project else "部门整体支出"
    table = Table(title=f"{evaluation.department} {evaluation.year} 年度{subject}绩效评分表",
                  caption=f"指标体系：{framework.label()}", show_lines=trails,
                  title_style="bold", caption_justify="left")
    table.add_column("一级指标", no_wrap=True)
    table.add_column("二级指标", no_wrap=True)
    table.add_column("三级指标")
    table.add_column("分值", justify="right", no_wrap=True)
    table.add_column("得分", justify="right", no_wrap=True)
    if trails:
        table.add_column("计分过程", ratio=1)
    previous: tuple[str, str] = ("", "")
    for result in evaluation.results:
        indicator = result.indicator
        level1 = indicator.level1 if indicator.level1 != previous[0] else ""
        level2 = indicator.level2 if (indicator.level1, indicator.level2) != previous else ""
        previous = (indicator.level1, indicator.level2)
        score = Text("未计分", style="yellow") if result.score is None else Text(format_points(result.score))
        if result.score is not None and result.score < indicator.weight:
            score.stylize("bold")
        row: list[str | Text | Wrapped] = [level1, level2, Wrapped(indicator.name), format_points(indicator.weight),
                                           score]
        if trails:
            row.append(Wrapped("\n".join(render_step(step) for step in result.steps)))
        table.add_row(*row)

    subtotals = Table(title="小计", title_style="bold", show_header=True)
    subtotals.add_column("指标")
    subtotals.add_column("分值", justify="right")
    subtotals.add_column("得分", justify="right")
    for subtotal in evaluation.subtotals():
        label = subtotal.level1 if subtotal.level2 is None else f"  {subtotal.level2}"
        style = "bold" if subtotal.level2 is None else ""
        subtotals.add_row(Text(label, style=style), format_points(subtotal.weight), format_points(subtotal.score))

    if evaluation.grade is None:
        verdict = Text(f"已计分合计 {format_points(evaluation.total)}（部分指标未计分，不评定等级）", style="yellow")
    else:
        verdict = Text.assemble(("综合评分 ", "bold"), (format_points(evaluation.total), "bold"),
                                ("    评分等级 ", "bold"), (evaluation.grade, "bold"))
    return Group(table, subtotals, verdict)


def print_score_sheet(evaluation: Evaluation, console: Console, *, trails: bool = True) -> None:
    console.print(score_sheet(evaluation, trails=trails))
