"""Rates stated in the text (正文比率) against the amounts or head counts they are computed from.

Each named rate (政府采购执行率, “三公”经费控制率, 固定资产利用率, 财政供养人员控制率 …) is a :class:`RateRule`:
which labels its numerator and denominator carry. Shares (“占调整预算数的 4.77%”) and the outside-quota staff
rate, whose groups vary between departments, have their own checks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from ...decimals import HUNDRED, ZERO, NumberFormatError, parse_decimal, round_half_up
from ..extraction import Extraction
from ..figures import Figure, NearestFigures
from ..findings import Finding, Severity, Verified
from .comparison import Outcome, compare_percent, percent_text, plain


@dataclass(frozen=True, slots=True)
class RateRule:
    """How a named rate is computed from amounts (or head counts) stated near it."""

    name: str
    rate: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    rule: str
    kind: str = "amount"
    rate_exclude: str | None = None
    numerator_exclude: str | None = None
    denominator_exclude: str | None = None
    scopes: tuple[str, ...] = ("sentence", "section")


SPENT = (r"决算", r"实际支出", r"实际使用", r"支出数")
_BUDGETED = (r"调整预算", r"预算安排", r"(?<!年初)预算数", r"预算")


RATE_RULES: tuple[RateRule, ...] = (
    RateRule(
        "政府采购执行率",
        r"采购.*执行率",
        (r"实际.*(采购|支付)", r"采购.*(支付|支出)"),
        (r"采购计划", r"采购.*调整预算", r"调整预算", r"采购预算", r"计划"),
        "政府采购执行率 = 实际采购金额 ÷ 采购计划金额 × 100%",
        numerator_exclude=r"计划|预算",
    ),
    RateRule(
        "“三公”经费控制率",
        r"三公.*控制率",
        SPENT,
        _BUDGETED,
        "“三公”经费控制率 = “三公”经费决算数 ÷ 调整预算数 × 100%",
        denominator_exclude=r"年初|率",
    ),
    RateRule(
        "日常公用经费控制率",
        r"日常公用经费控制率",
        SPENT,
        _BUDGETED,
        "日常公用经费控制率 = 日常公用经费决算数 ÷ 调整预算数 × 100%",
        denominator_exclude=r"年初|率",
    ),
    RateRule(
        "公用经费控制率",
        r"^公用经费控制率",
        SPENT,
        _BUDGETED,
        "公用经费控制率 = 公用经费决算数 ÷ 调整预算数 × 100%",
        denominator_exclude=r"年初|率",
    ),
    RateRule(
        "固定资产利用率",
        r"资产利用率",
        (r"在用",),
        (r"原值合计", r"账面原值", r"资产总额", r"原值总额", r"总额", r"原值"),
        "固定资产利用率 = 实际在用固定资产原值 ÷ 固定资产原值合计 × 100%",
        denominator_exclude=r"在用|新增",
    ),
    RateRule(
        "财政供养人员控制率",
        r"(财政供养|在编)人员?控制率",
        (r"实有在编", r"在编人数", r"在编人员", r"实有人[数员]"),
        (r"核定编制", r"编制数"),
        "财政供养人员控制率 = 实有在编人数 ÷ 核定编制数 × 100%",
        kind="count",
        numerator_exclude=r"核定",
        denominator_exclude=r"实有",
        scopes=("sentence", "section", "document"),
    ),
    RateRule(
        "预算执行率",
        r"执行率$",
        (r"决算", r"实际支出", r"累计支出", r"执行数", r"支出数"),
        (r"调整预算",),
        "预算执行率 = 支出数 ÷ 调整预算数 × 100%",
        rate_exclude=r"采购|平均",
        denominator_exclude=r"年初",
        scopes=("sentence",),
    ),
)


OUTSIDE_QUOTA = re.compile(r"编外人员.*(控制率|比率|比例|占比)")
NAMED_RATE = re.compile(r"(控制率|执行率|利用率)$")


def stated_rates(extraction: Extraction) -> list[Figure]:
    return [f for f in extraction.index.prose() if f.kind == "rate" and not f.bounded]


def rule_for(rate: Figure) -> RateRule | None:
    """The rate rule a stated rate falls under, by its label."""
    if OUTSIDE_QUOTA.search(rate.key) or "占" in rate.key or "平均" in rate.key:
        return None
    # A bare 控制率 in a sentence about “三公”经费 is that rate: try the label, then the label with its topic.
    for key in dict.fromkeys((rate.key, f"{rate.topic}{rate.key}")):
        for rule in RATE_RULES:
            if re.search(rule.rate, key) and not (rule.rate_exclude and re.search(rule.rate_exclude, key)):
                return rule
    return None


def rate_inputs(extraction: Extraction, rate: Figure, rule: RateRule) -> tuple[Figure | None, Figure | None]:
    """The numerator and denominator a stated rate is computed from, found by label near it."""
    index = extraction.index
    topic = rate.topic or None if rule.kind == "amount" else None
    numerator = index.find(rate, rule.numerator, kind=rule.kind, exclude=rule.numerator_exclude, topic=topic, scopes=rule.scopes)
    denominator = index.find(
        rate, rule.denominator, kind=rule.kind, exclude=rule.denominator_exclude, topic=topic, scopes=rule.scopes
    )
    return numerator, denominator


def stated_rate(extraction: Extraction, name: str) -> tuple[Figure, Figure, Figure] | None:
    """The first stated rate of the rule called ``name`` whose inputs are stated too."""
    for rate in stated_rates(extraction):
        rule = rule_for(rate)
        if rule is not None and rule.name == name:
            numerator, denominator = rate_inputs(extraction, rate, rule)
            if numerator is not None and denominator is not None and numerator is not denominator:
                return rate, numerator, denominator
    return None


def check_stated_rates(extraction: Extraction) -> Iterable[Outcome]:
    """每个比率与其所依据的金额: 采购执行率, 三公/日常公用经费控制率, 固定资产利用率, 财政供养人员控制率…"""
    for rate in stated_rates(extraction):
        assert rate.value is not None
        rule = rule_for(rate)
        if rule is None:
            continue
        numerator, denominator = rate_inputs(extraction, rate, rule)
        if numerator is None or denominator is None or numerator is denominator:
            if NAMED_RATE.search(rate.key) and not _FRACTION.search(rate.clause):
                yield Finding(
                    Severity.NOTE,
                    "比率复核",
                    rate.line,
                    rate.raw,
                    "报告未同时列明计算所需的数字，无法复核",
                    rule.rule,
                    rate.page,
                    rule.name,
                )
            continue
        yield _rate_from(rule.name, rate, numerator, denominator, rule.rule)


def _rate_from(name: str, rate: Figure, numerator: Figure, denominator: Figure, rule: str) -> Outcome:
    assert numerator.wan is not None and denominator.wan is not None
    if name in _PART_OF_WHOLE and numerator.wan > denominator.wan:
        return Finding(
            Severity.ERROR,
            "比率复核",
            numerator.line,
            numerator.raw,
            f"不大于{denominator.label} {denominator.raw}",
            f"{numerator.label}是{denominator.label}的一部分",
            numerator.page,
            name,
        )
    return _ratio_outcome(name, rate, numerator, denominator, rule)


# Rates whose numerator is part of the denominator, so can never exceed it.
_PART_OF_WHOLE = ("固定资产利用率",)


def _ratio_outcome(name: str, rate: Figure, numerator: Figure, denominator: Figure, rule: str) -> Outcome:
    assert rate.value is not None and numerator.wan is not None and denominator.wan is not None
    if denominator.wan == 0:
        return Finding(
            Severity.ERROR,
            "比率复核",
            rate.line,
            rate.raw,
            f"分母{denominator.label}为 0，比率无意义",
            rule,
            rate.page,
            name,
        )
    working = f"{numerator.raw} ÷ {denominator.raw}"
    return compare_percent(
        "比率复核",
        name,
        rate.value,
        rate.places,
        rate.raw,
        numerator.wan / denominator.wan,
        working,
        rule,
        rate.line,
        rate.page,
    )


def check_outside_quota_rate(extraction: Extraction) -> Iterable[Outcome]:
    """编外人员控制率 = 编外人数 ÷ (在编 + 编外)。Which hired staff count as outside quota varies (员额 posts
    replace approved ones), so a reading in which some listed groups are not counted is a 提示,
    not an error."""
    index = extraction.index
    rule = "编外人员控制率 = 编外人员数 ÷ 在职人员总数（在编 + 编外）× 100%"
    for rate in stated_rates(extraction):
        if not OUTSIDE_QUOTA.search(rate.key):
            continue
        assert rate.value is not None
        in_post = index.find(
            rate,
            (r"实有在编", r"在编人数", r"在编人员"),
            kind="count",
            exclude=r"核定",
            scopes=("sentence", "section", "document"),
        )
        groups = staff_groups(extraction, rate)
        if in_post is not None and not groups and rate.value == 0:
            yield Verified("比率复核", rate.line, "编外人员控制率：报告未列编外人员，0% 与之相符")
            continue
        if in_post is None or in_post.value is None or not groups:
            yield Finding(
                Severity.NOTE,
                "比率复核",
                rate.line,
                rate.raw,
                "报告未同时列明在编人数和编外人员数，无法复核",
                rule,
                rate.page,
                "编外人员控制率",
            )
            continue
        nearby = index.in_section(rate.section_id)
        yield _outside_quota(rate, in_post, groups, rule, nearby)


def staff_groups(extraction: Extraction, rate: Figure) -> list[Figure]:
    def wanted(f: Figure) -> bool:
        # A total (“共 25 人”, key empty once 共 is dropped) repeats the groups before it.
        return (
            f.kind == "count"
            and not f.bounded
            and bool(f.key)
            and not re.search(r"核定|在编|编制|空缺|退休|离休|置换|总数|在职人员", f.key)
        )

    index = extraction.index
    same_sentence = [f for f in index.in_sentence(rate.sentence_id) if wanted(f)]
    return same_sentence or [f for f in index.in_section(rate.section_id) if wanted(f)]


_NOT_COUNTED = re.compile(r"不计入|不计为|不算作|不属于|不作为")


def declared_outside_quota(groups: Sequence[Figure]) -> tuple[Figure, ...]:
    """The groups the report counts as outside quota: all but those it says are not (“员额 11 人不计入编外”)."""
    return tuple(g for g in groups if not _NOT_COUNTED.search(g.clause))


def outside_quota_reading(rate: Figure, in_post: Figure, groups: Sequence[Figure]) -> tuple[Figure, ...] | None:
    """The groups counted as outside quota in the stated rate: those the report declares if that matches,
    else the largest subset that does, else None."""
    assert rate.value is not None and in_post.value is not None
    total = in_post.value + sum((g.value or ZERO for g in groups), ZERO)
    if total == 0:
        return None

    def matches(subset: Sequence[Figure]) -> bool:
        counted = sum((g.value or ZERO for g in subset), ZERO)
        return round_half_up(counted / total * HUNDRED, rate.places) == rate.value

    declared = declared_outside_quota(groups)
    if matches(declared):
        return declared
    for size in range(len(groups), 0, -1):
        for subset in combinations(groups, size):
            if matches(subset):
                return subset
    return None


def _outside_quota(rate: Figure, in_post: Figure, groups: Sequence[Figure], rule: str, nearby: Sequence[Figure]) -> Outcome:
    assert rate.value is not None and in_post.value is not None
    total = in_post.value + sum((g.value or ZERO for g in groups), ZERO)
    reading = outside_quota_reading(rate, in_post, groups)
    declared = declared_outside_quota(groups)
    counted_declared = sum((g.value or ZERO for g in declared), ZERO)
    working = f"{plain(counted_declared)} ÷ {plain(total)}（在编 {plain(in_post.value)} 人）"
    stated_total = next(
        (f for f in nearby if f.kind == "count" and re.search(r"在职人员总数|在职总人数|在职人员合计", f.key)), None
    )
    if stated_total is not None and stated_total.value is not None and stated_total.value != total:
        return Finding(
            Severity.ERROR,
            "比率复核",
            stated_total.line,
            stated_total.raw,
            f"{plain(total)} 人（在编 {plain(in_post.value)} 人加所列其他人员）",
            "在职人员总数 = 在编人数 + 编外人员数",
            stated_total.page,
            "在职人员总数",
        )
    if total == 0:
        # No one in post at all: there is no rate to recompute (and 0 ÷ 0 must not stop the audit).
        return Finding(
            Severity.ERROR,
            "比率复核",
            rate.line,
            rate.raw,
            "分母在职人员总数为 0，比率无意义",
            rule,
            rate.page,
            "编外人员控制率",
        )
    if reading is not None and set(map(id, reading)) == set(map(id, declared)):
        return Verified(
            "比率复核",
            rate.line,
            f"编外人员控制率：{working} = {percent_text(counted_declared / total)}，报告 {rate.raw} 无误",
        )
    if reading is not None:
        counted = sum((g.value or ZERO for g in reading), ZERO)
        left_out = "、".join(f"{g.key} {g.raw}" for g in groups if g not in reading)
        return Finding(
            Severity.NOTE,
            "比率复核",
            rate.line,
            rate.raw,
            f"按 {plain(counted)} ÷ {plain(total)} = {percent_text(counted / total)} 计算时与报告一致，"
            f"即{left_out}未计为编外人员；若按所列人员全部计入应为 {percent_text(counted_declared / total)}",
            rule,
            rate.page,
            "编外人员控制率",
        )
    if in_post.value and round_half_up(counted_declared / in_post.value * HUNDRED, rate.places) == rate.value:
        return Finding(
            Severity.SUSPECT,
            "比率复核",
            rate.line,
            rate.raw,
            f"{percent_text(counted_declared / total)}（{working}）；报告按 {plain(counted_declared)} ÷ 在编 "
            f"{plain(in_post.value)} 计算，分母未含编外人员",
            rule,
            rate.page,
            "编外人员控制率",
        )
    return compare_percent(
        "比率复核",
        "编外人员控制率",
        rate.value,
        rate.places,
        rate.raw,
        counted_declared / total,
        working,
        rule,
        rate.line,
        rate.page,
    )


_SHARE = re.compile(r"^(?P<part>.*?)占(?P<whole>.+)$")
_WHOLE_NOISE = re.compile(r"部门|单位|总规模|总额|总数|本年度|的|数$")


def check_shares(extraction: Extraction) -> Iterable[Outcome]:
    """占比: “调剂 229.43 万元，占调整预算数的 4.77%” — the amount(s) before, over the total after 占."""
    index = extraction.index
    prose = [f for f in index.prose() if f.kind == "amount" and not f.bounded]
    order = {id(f): position for position, f in enumerate(extraction.figures)}
    wholes: dict[tuple[str, str], NearestFigures] = {}
    for rate in stated_rates(extraction):
        match = _SHARE.match(rate.key)
        if not match:
            continue
        assert rate.value is not None
        part = match.group("part")
        parts = _share_parts(index.in_sentence(rate.sentence_id), rate, part, order)
        whole = _share_whole(prose, rate, match.group("whole"), wholes)
        if not parts or whole is None or whole.wan in (None, ZERO):
            continue
        assert whole.wan is not None
        numerator = sum((f.wan or ZERO) for f in parts)
        working = " + ".join(f.raw for f in parts)
        working = f"({working})" if len(parts) > 1 else working
        subject = "、".join(f.key for f in parts) + "占" + match.group("whole")
        yield compare_percent(
            "比率复核",
            subject,
            rate.value,
            rate.places,
            rate.raw,
            numerator / whole.wan,
            f"{working} ÷ {whole.raw}",
            f"占比 = 分项金额 ÷ {whole.label} × 100%",
            rate.line,
            rate.page,
        )


_SUM_WORDS = re.compile(r"(?P<count>[两二三四五六七八九])(项|者|笔)|二者|以上|上述|合计|共计|累计|总计")
_CHINESE_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _share_parts(sentence: list[Figure], rate: Figure, part: str, order: dict[int, int]) -> list[Figure]:
    before = [f for f in sentence if f.kind == "amount" and not f.bounded and order[id(f)] < order[id(rate)]]
    summed = _SUM_WORDS.search(part)
    if summed:
        # “两项合计占…”: the amounts named before it in the sentence, the last N when it says how many.
        count = _CHINESE_COUNT.get(summed.group("count") or "", 0) or (2 if summed.group() == "二者" else 0)
        return before[-count:] if count else before
    if part:
        # “调整资金占…”: the amount of that name; none stated means nothing to check against.
        named = [f for f in before if f.key and (f.key in part or part in f.key)]
        return named[-1:]
    if not before:
        return []
    nearest = max(f.clause_id for f in before)
    return [f for f in before if f.clause_id == nearest]


def _share_whole(prose: list[Figure], rate: Figure, whole: str,
                 wholes: dict[tuple[str, str], NearestFigures]) -> Figure | None:
    """The total a share is of: in the rate's sentence if there, else the nearest in the text."""
    core = _WHOLE_NOISE.sub("", whole)
    if not core:
        return None
    candidates = wholes.get((rate.topic, core))
    if candidates is None:
        # Gathered once for each total a report names, not once for each share of it.
        candidates = wholes[(rate.topic, core)] = NearestFigures(
            [f for f in prose if f.topic == rate.topic and core in _WHOLE_NOISE.sub("", f.key) and "占" not in f.key])
    return candidates.nearest(rate, "sentence") or candidates.nearest(rate, "document")


_FRACTION = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(?:万元|元|人)?\s*[/÷]\s*(\d[\d,]*(?:\.\d+)?)(?![\d.,])")


def check_stated_fractions(extraction: Extraction) -> Iterable[Outcome]:
    """“执行率 98.74%（145.53/147.39）”: a rate printed with the division it comes from."""
    for rate in stated_rates(extraction):
        assert rate.value is not None
        match = _FRACTION.search(rate.clause)
        if match is None:
            continue
        try:
            numerator, denominator = (parse_decimal(match.group(i), allow_units=()) for i in (1, 2))
        except NumberFormatError:
            continue
        if denominator == 0:
            continue
        working = f"{match.group(1)} ÷ {match.group(2)}"
        rule = rule_for(rate)
        yield compare_percent(
            "比率复核",
            rule.name if rule else rate.key or "比率",
            rate.value,
            rate.places,
            rate.raw,
            numerator / denominator,
            working,
            "比率 = 所列分子 ÷ 分母",
            rate.line,
            rate.page,
        )
