"""The judged targets in a terminal (绩效指标完成情况表): the table, the summary, and the reviewer's flags."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..targets.judgement import Outcome
from ..targets.review import TargetReview
from .wrapping import Wrapped

_OUTCOME_STYLES = {Outcome.MET: "green", Outcome.MISSED: "bold red", Outcome.UNDETERMINED: "yellow"}
_SEVERITY_STYLES = {"错误": "bold red", "提示": "yellow"}


def judged_table(review: TargetReview, title: str = "绩效指标完成情况") -> Table:
    """One row per target, in table order, with the outcome, the deviation and the reason."""
    table = Table(title=title, title_style="bold", header_style="bold")
    table.add_column("一级指标", no_wrap=True)
    table.add_column("二级指标", no_wrap=True)
    table.add_column("三级指标")
    table.add_column("预期指标值")
    table.add_column("实际完成值")
    table.add_column("结论", no_wrap=True)
    table.add_column("偏差", justify="right", no_wrap=True)
    table.add_column("相对偏差", justify="right", no_wrap=True)
    table.add_column("说明", ratio=1)
    previous: tuple[str, str] = ("", "")
    for judgement in review.judgements:
        target = judgement.target
        level1 = target.level1 if target is not None else ""
        level2 = target.level2 if target is not None else ""
        shown1 = level1 if level1 != previous[0] else ""
        shown2 = level2 if (level1, level2) != previous else ""
        previous = (level1, level2)
        table.add_row(
            shown1, shown2, Wrapped(judgement.name), Wrapped(judgement.expected_text), Wrapped(judgement.actual_text),
            Text(judgement.outcome.value, style=_OUTCOME_STYLES[judgement.outcome]),
            judgement.deviation_text(), judgement.relative_text(), Wrapped(judgement.reason),
        )
    return table


def summary_table(review: TargetReview) -> Table:
    """A few lines to stand beside a score sheet: how many targets met, missed, undecided; flags."""
    table = Table(title="绩效指标完成情况", title_style="bold", header_style="bold")
    table.add_column("项目")
    table.add_column("数量", justify="right")
    table.add_row("绩效指标", str(len(review.judgements)))
    for outcome in Outcome:
        table.add_row(Text(outcome.value, style=_OUTCOME_STYLES[outcome]), str(review.count(outcome)))
    table.add_row("复核错误", str(len(review.errors)))
    table.add_row("复核提示", str(len(review.hints)))
    return table


def flag_lines(review: TargetReview) -> Group:
    lines = [Text(review.summary())]
    for flag in review.flags:
        line = Text()
        line.append(flag.severity.value, style=_SEVERITY_STYLES[flag.severity.value])
        line.append(f" {flag.message}")
        lines.append(line)
    return Group(*lines)


def print_target_review(review: TargetReview, console: Console, title: str = "绩效指标完成情况") -> None:
    console.print(judged_table(review, title))
    console.print(flag_lines(review))
