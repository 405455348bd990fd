"""The quarterly execution table (季度预算执行表) and the text that restates it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ...decimals import HUNDRED, ZERO, round_half_up
from ..extraction import Extraction
from ..figures import ADJUSTED_BUDGET, Figure
from ..findings import Finding, Severity, Verified
from ..tables import Cell, QuarterlyTable
from .comparison import Outcome, compare_percent, percent_text, plain, rounding_variant

QUARTER_POINTS = Decimal(1)
"""预算执行率: points per quarter, (支出进度 ÷ 序时进度) × 1, in the Shenzhen 2023 framework."""


AVERAGE_POINTS = Decimal(2)
"""预算执行率: points for the year's average of the quarters' ratios, average × 2."""


def _time_progress(quarter: int) -> Decimal:
    return Decimal(25 * quarter)


def check_quarterly_table(extraction: Extraction) -> Iterable[Outcome]:
    """季度执行表: 支出进度 = 累计支出 ÷ 调整预算; 得分 = 支出进度 ÷ 序时进度 × 1; 全年平均执行率及其得分."""
    table = extraction.quarterly
    if table is None:
        return
    for row in table.rows:
        name = f"第{'一二三四'[row.quarter - 1]}季度"
        time = _time_progress(row.quarter)
        if row.time_progress is not None and row.time_progress.value != time:
            yield Finding(
                Severity.ERROR,
                "季度执行表",
                row.time_progress.line,
                row.time_progress.raw,
                f"{time}%",
                "序时进度为 25%、50%、75%、100%",
                row.time_progress.page,
                f"{name}序时进度",
            )
        ratio = None
        if row.budget and row.spending and row.budget.value and row.spending.value is not None:
            ratio = row.spending.value / row.budget.value
            if row.progress is not None and row.progress.value is not None:
                yield compare_percent(
                    "季度执行表",
                    f"{name}支出进度",
                    row.progress.value,
                    row.progress.places,
                    row.progress.raw,
                    ratio,
                    f"{row.spending.raw} ÷ {row.budget.raw}",
                    "支出进度 = 累计支出数 ÷ 调整预算数 × 100%",
                    row.progress.line,
                )
        if row.ratio is not None and row.ratio.value is not None and row.progress is not None and row.progress.value:
            yield compare_percent(
                "季度执行表",
                f"{name}执行率",
                row.ratio.value,
                row.ratio.places,
                row.ratio.raw,
                row.progress.value / time,
                f"{row.progress.raw} ÷ {time}%",
                "季度执行率 = 支出进度 ÷ 序时进度",
                row.ratio.line,
            )
        if row.score is not None and row.score.value is not None:
            yield from _quarter_score(name, row.score, row.progress, ratio, time)
    yield from _average(table)


def _quarter_score(name: str, score: Cell, progress: Cell | None, ratio: Decimal | None, time: Decimal) -> Iterable[Outcome]:
    points = plain(QUARTER_POINTS)
    rule = f"季度得分 = 支出进度 ÷ 序时进度 {time}% × {points} 分（最高 {points} 分）"
    candidates: list[tuple[Decimal, str]] = []
    if progress is not None and progress.value is not None:
        candidates.append((progress.value / time, f"{progress.raw} ÷ {time}%"))
    if ratio is not None:
        candidates.append((ratio * HUNDRED / time, f"{percent_text(ratio, 4)} ÷ {time}%"))
    if not candidates:
        return
    results = [(round_half_up(min(r, Decimal(1)) * QUARTER_POINTS, 2), w) for r, w in candidates]
    assert score.value is not None
    for value, working in results:
        if value == score.value:
            yield Verified("季度执行表", score.line, f"{name}得分：{working} × {plain(QUARTER_POINTS)} = {value}，无误")
            return
    value, working = results[0]
    variant = any(rounding_variant(score.value, min(r, Decimal(1)) * QUARTER_POINTS, 2) for r, _ in candidates)
    severity = Severity.NOTE if variant else Severity.ERROR
    yield Finding(
        severity,
        "季度执行表",
        score.line,
        score.raw,
        f"{working} × {plain(QUARTER_POINTS)} = {value}",
        rule,
        score.page,
        f"{name}得分",
    )


def quarter_ratios(table: QuarterlyTable) -> list[Decimal] | None:
    """Each quarter's 支出进度 ÷ 序时进度 from the amounts, unrounded; None unless all four are known."""
    ratios = []
    for row in table.rows:
        if not (row.budget and row.spending and row.budget.value and row.spending.value is not None):
            return None
        ratios.append(row.spending.value / row.budget.value * HUNDRED / _time_progress(row.quarter))
    return ratios if len(ratios) == 4 else None


def _average(table: QuarterlyTable) -> Iterable[Outcome]:
    average = table.average
    if average is None or average.value is None:
        return
    rule = "全年平均执行率 = ∑（各季度支出进度 ÷ 序时进度，按得分取两位小数）÷ 4"
    scores = [row.score.value for row in table.rows if row.score is not None and row.score.value is not None]
    ratios = quarter_ratios(table)
    if len(scores) == 4:
        mean = sum(scores, ZERO) / 4 / QUARTER_POINTS
        working = f"({' + '.join(plain(s) for s in scores)}) ÷ 4"
        outcome = compare_percent(
            "季度执行表",
            "全年平均执行率",
            average.value,
            average.places,
            average.raw,
            mean,
            working,
            rule,
            average.line,
        )
        if isinstance(outcome, Finding) and ratios is not None:
            unrounded = sum(ratios, ZERO) / 4
            if round_half_up(unrounded * HUNDRED, average.places) == average.value:
                outcome = Finding(
                    Severity.NOTE,
                    "季度执行表",
                    average.line,
                    average.raw,
                    f"按各季度得分（两位小数）平均应为 {percent_text(mean, average.places)}；报告按未取整的"
                    f"比率平均（{percent_text(unrounded, 4)}），取整位置与评分规则不同",
                    rule,
                    None,
                    "全年平均执行率",
                )
        yield outcome
    elif ratios is not None:
        mean = sum(ratios, ZERO) / 4
        yield compare_percent(
            "季度执行表",
            "全年平均执行率",
            average.value,
            average.places,
            average.raw,
            mean,
            "各季度支出进度 ÷ 序时进度之和 ÷ 4",
            rule,
            average.line,
        )
    score = table.average_score
    if score is not None and score.value is not None:
        expected = round_half_up(min(average.value / HUNDRED, Decimal(1)) * AVERAGE_POINTS, 2)
        working = f"{average.raw} × {plain(AVERAGE_POINTS)} = {expected}"
        if expected == score.value:
            yield Verified("季度执行表", score.line, f"全年平均执行率得分：{working}，无误")
        else:
            yield Finding(
                Severity.ERROR,
                "季度执行表",
                score.line,
                score.raw,
                working,
                f"全年平均支出进度得分 = 全年平均执行率 × {plain(AVERAGE_POINTS)} 分",
                score.page,
                "全年平均执行率得分",
            )


def check_quarter_lists_in_text(extraction: Extraction) -> Iterable[Outcome]:
    """“各季度末支出进度依次为 a、b、c、d”: the four figures against the quarterly table."""
    table = extraction.quarterly
    if table is None or len(table.rows) != 4:
        return
    by_clause: dict[int, list[Figure]] = {}
    for figure in extraction.index.prose():
        if figure.kind == "rate":
            by_clause.setdefault(figure.clause_id, []).append(figure)
    for rates in by_clause.values():
        if len(rates) != 4:
            continue
        if "支出进度" in rates[0].key:
            column = [row.progress for row in table.rows]
            what = "支出进度"
        elif "序时进度" in rates[0].key:
            column = [row.time_progress for row in table.rows]
            what = "序时进度"
        else:
            continue
        for quarter, (figure, cell) in enumerate(zip(rates, column, strict=True), start=1):
            if cell is None or cell.value is None or figure.value is None:
                continue
            yield _text_against_table(f"第{'一二三四'[quarter - 1]}季度{what}", figure, cell)


def _text_against_table(subject: str, figure: Figure, cell: Cell) -> Outcome:
    """A quarter's figure stated in the text, against the same figure in the table."""
    if figure.value == cell.value:
        return Verified("前后一致", figure.line, f"{subject}：正文 {figure.raw} 与表中 {cell.raw} 一致")
    return Finding(Severity.ERROR, "前后一致", figure.line, figure.raw, f"{cell.raw}（第 {cell.line} 行）",
                   "同一数字前后表述应一致", figure.page, subject)


_QUARTER_NAMED = re.compile(r"第?([一二三四1-4])季度")
_QUARTER_INDEX = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def check_quarter_figures_in_text(extraction: Extraction) -> Iterable[Outcome]:
    """“第一季度末支出进度 21.44%，序时进度 25.00%”: each quarter's figures named in the text, against the table."""
    table = extraction.quarterly
    if table is None or len(table.rows) != 4:
        return
    for figure in extraction.index.prose():
        if figure.kind != "rate" or figure.value is None:
            continue
        if "支出进度" in figure.key:
            column, what = "progress", "支出进度"
        elif figure.key == "序时进度":
            column, what = "time", "序时进度"
        else:
            continue
        before = figure.sentence[: figure.sentence.find(figure.clause)] + figure.label
        named = list(_QUARTER_NAMED.finditer(before))
        if not named or "依次" in figure.label:
            continue
        row = table.rows[_QUARTER_INDEX[named[-1].group(1)] - 1]
        cell = row.progress if column == "progress" else row.time_progress
        if cell is None or cell.value is None:
            continue
        yield _text_against_table(f"第{'一二三四'[row.quarter - 1]}季度{what}", figure, cell)


def check_quarter_against_text(extraction: Extraction) -> Iterable[Outcome]:
    """第四季度调整预算数 = 正文所述年度调整预算数."""
    table = extraction.quarterly
    if table is None or len(table.rows) != 4:
        return
    q4 = table.rows[-1].budget
    for figure in extraction.index.prose():
        if figure.kind == "amount" and not figure.topic and re.match(ADJUSTED_BUDGET, figure.key):
            if q4 is None or q4.value is None or figure.wan is None:
                return
            if q4.value == figure.wan:
                yield Verified("交叉核对", q4.line, f"第四季度调整预算数 {q4.raw} 与正文（第 {figure.line} 行）一致")
            else:
                yield Finding(
                    Severity.SUSPECT,
                    "交叉核对",
                    q4.line,
                    q4.raw,
                    f"{figure.raw}（第 {figure.line} 行）",
                    "年末（第四季度）调整预算数应与正文所述调整预算数一致",
                    q4.page,
                    "第四季度调整预算数",
                )
            return
