"""The same figure stated twice (前后一致), and numbers that cannot be read (数字格式)."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from decimal import Decimal

from ...decimals import shown
from ..extraction import Extraction
from ..figures import Figure
from ..findings import Finding, Severity, Verified
from .comparison import Outcome, amount_text
from .rates import NAMED_RATE

# Figures a report states once for the year; within one topic, the same concept twice means the same figure.
_CONCEPTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("年初预算数", "amount", r"年初.*预算", r"占|采购计划"),
    ("调整预算数", "amount", r"调整后?的?(部门)?预算", r"占"),
    ("决算数", "amount", r"决算", r"占"),
    ("采购计划金额", "amount", r"采购计划", None),
    ("实际采购金额", "amount", r"实际采购|采购支付", None),
    ("固定资产原值合计", "amount", r"原值合计|账面原值", r"在用|新增"),
    ("在用固定资产原值", "amount", r"在用", None),
    ("满意度", "rate", r"满意度$", None),
    ("核定编制数", "count", r"核定编制", None),
    ("实有在编人数", "count", r"实有在编|在编人数", r"核定"),
)


def concept_of(figure: Figure) -> str | None:
    for name, kind, pattern, exclude in _CONCEPTS:
        if figure.kind == kind and re.search(pattern, figure.key) and not (exclude and re.search(exclude, figure.key)):
            return name
    return None


# “评价等级为优”, “评分等级“优””: a grade is stated with 为/是/： or in quotes (not “等级中…”).
_GRADE_STATED = re.compile(
    r"(?:评分等级|评价等级|评价结果|等级)(?:为|是|:|：)?\s*[“\"](优秀|优|良好|良|中|差)[”\"]"
    r"|(?:评分等级|评价等级|评价结果|等级)(?:为|是|:|：)\s*(优秀|优|良好|良|中|差)"
)


def check_restated_figures(extraction: Extraction) -> Iterable[Outcome]:
    """同一数字两处表述: the year's average rate, the total score and the grade, and any named rate."""
    table, sheet = extraction.quarterly, extraction.score_sheet
    prose = [f for f in extraction.index.prose() if not f.bounded]
    for figure in prose:
        if table is not None and table.average is not None and figure.kind == "rate" and "平均执行率" in figure.key:
            yield _same("全年平均执行率", figure, table.average.raw, table.average.value, table.average.line)
        if (
            sheet is not None
            and sheet.total is not None
            and figure.kind == "points"
            and re.search(r"综合(评分|得分)|总(得)?分|评价得分", figure.key)
        ):
            yield _same("综合评分", figure, sheet.total.raw, sheet.total.value, sheet.total.line)
    if sheet is not None and sheet.grade is not None:
        for line in extraction.text.lines:
            if sheet.first_line <= line.number <= sheet.last_line:
                continue
            for match in _GRADE_STATED.finditer(line.text):
                stated = (match.group(1) or match.group(2))[0]
                if stated != sheet.grade:
                    yield Finding(
                        Severity.ERROR,
                        "前后一致",
                        line.number,
                        match.group(),
                        f"评分表为“{sheet.grade}”",
                        "同一结论前后表述应一致",
                        line.page,
                        "评分等级",
                    )
                else:
                    yield Verified("前后一致", line.number, f"评分等级：正文“{match.group()}”与评分表一致")
    seen: dict[tuple[str, str], Figure] = {}
    for figure in prose:
        named_rate = figure.kind == "rate" and NAMED_RATE.search(figure.key) and len(figure.key) >= 5
        concept = concept_of(figure) or (figure.key if named_rate else None)
        if concept is None:
            continue
        # A satisfaction rate is one figure whoever's words introduce it (公众, 服务对象, 服务企业).
        key = ("" if concept == "满意度" else figure.topic, concept)
        first = seen.setdefault(key, figure)
        if first is not figure and first.value != figure.value:
            yield _restated(figure, first, concept)
    yield from _restated_by_label(prose)


def _restated(figure: Figure, first: Figure, subject: str) -> Finding:
    return Finding(
        Severity.SUSPECT,
        "前后一致",
        figure.line,
        figure.raw,
        f"{first.raw}（第 {first.line} 行）",
        "同一数字前后表述应一致",
        figure.page,
        subject,
    )


# “同比增加 160 万元” names a change, not its subject: two such labels belong to different subjects (收入 and 财政拨款
# 收入) as often as not, so they are never taken for the same figure.
_CHANGE_ONLY = re.compile(r"^(其中)?(同比|较上年|比上年|较去年|比去年|较上年度|比上年度)?(增加|增长|减少|下降|上升|增|减)了?$")


def _restated_by_label(prose: Sequence[Figure]) -> Iterable[Finding]:
    """Head counts or amounts under the same label twice (“外资专班工作人员 5 人” … “其中外资专班工作人员 5 人”):
    one label ending the other, four characters at least; amounts must also share their topic."""
    # Earlier figures are looked up by label ending rather than compared one by one, which made a long report
    # take time in the square of its length. A figure that repeats an earlier one's kind, topic, label and
    # value would be found only after that one, so only the first of each is kept.
    earlier: list[Figure] = []
    kept: set[tuple[str, str, str, Decimal | None]] = set()
    by_key: dict[str, list[int]] = {}
    lengths: set[int] = set()
    reversed_keys: list[tuple[str, int]] = []
    for figure in prose:
        if figure.kind not in ("count", "amount") or concept_of(figure) or len(figure.key) < 4:
            continue
        if _CHANGE_ONLY.match(figure.key):
            continue
        key = figure.key
        # Earlier labels that end this one, and earlier labels that this one ends.
        candidates = {i for length in lengths if length <= len(key) for i in by_key.get(key[-length:], ())}
        tail = key[::-1]
        start = bisect_left(reversed_keys, (tail, -1))
        for reversed_key, i in reversed_keys[start:]:
            if not reversed_key.startswith(tail):
                break
            candidates.add(i)
        for i in sorted(candidates):
            first = earlier[i]
            if first.kind != figure.kind or (figure.kind == "amount" and first.topic != figure.topic):
                continue
            short, long = sorted((first.key, figure.key), key=len)
            # “调剂及科目更正” names a sum that ends with one of its parts: not the same figure.
            joined = long[: len(long) - len(short)].endswith(("及", "和", "与", "、", "加", "并"))
            if not joined and first.wan != figure.wan:
                yield _restated(figure, first, short)
                break
        identity = (figure.kind, figure.topic if figure.kind == "amount" else "", key, figure.wan)
        if identity in kept:
            continue
        kept.add(identity)
        by_key.setdefault(key, []).append(len(earlier))
        lengths.add(len(key))
        insort(reversed_keys, (tail, len(earlier)))
        earlier.append(figure)


def _same(subject: str, figure: Figure, other_raw: str, other: Decimal | None, other_line: int) -> Outcome:
    if other is not None and figure.value == other:
        return Verified(
            "前后一致",
            figure.line,
            f"{subject}：正文 {figure.raw} 与表中 {other_raw}（第 {other_line} 行）一致",
        )
    return Finding(
        Severity.ERROR,
        "前后一致",
        figure.line,
        figure.raw,
        f"{other_raw}（第 {other_line} 行）",
        "同一数字前后表述应一致",
        figure.page,
        subject,
    )


def check_malformed_numbers(extraction: Extraction) -> Iterable[Outcome]:
    """格式错误的数字 (``27.000.00``); the same typo repeated on one line (a row's cells) is one finding."""
    counts: dict[tuple[int, str], int] = {}
    where = _table_of_line(extraction)
    for number in extraction.malformed:
        counts[(number.line, number.raw)] = counts.get((number.line, number.raw), 0) + 1
    for number in extraction.malformed:
        count = counts.pop((number.line, number.raw), 0)
        if not count:
            continue
        reading = f"{amount_text(number.reading)}（按千分位误写为小数点推断）" if number.reading is not None else "无法确定数值"
        raw = shown(number.raw, 40)  # a run of thousands of digits glued together is shown cut short
        stated = raw if count == 1 else f"{raw}（本行 {count} 处）"
        yield Finding(
            Severity.ERROR,
            "数字格式",
            number.line,
            stated,
            reading,
            number.rule,
            number.page,
            where.get(number.line, "正文数字"),
        )


def _table_of_line(extraction: Extraction) -> dict[int, str]:
    names = (
        (extraction.quarterly, "季度执行表金额"),
        (extraction.self_evaluation, "自评表金额"),
        (extraction.score_sheet, "评分表数字"),
    )
    return {
        line.number: name
        for table, name in names
        if table is not None
        for line in extraction.text.lines
        if table.first_line <= line.number <= table.last_line
    }
