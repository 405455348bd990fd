"""The checks (审核规则): small independent functions over an :class:`Extraction`.

Each check yields :class:`Finding` records for what does not add up and :class:`Verified` records for what
was recomputed and matched, so that an audit shows both what is wrong and what was confirmed. A difference
no larger than one unit of the last printed decimal (98.73% where half-up rounding gives 98.74%) is a rounding
matter (提示), never an error (错误).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, Decimal
from itertools import combinations

from ..decimals import HUNDRED, TEN_THOUSAND, ZERO, round_half_up
from .extraction import Extraction
from .figures import Figure
from .findings import Finding, Severity, Verified
from .tables import Cell, QuarterlyTable, ScoreRow, repaired_value

Outcome = Finding | Verified
Check = Callable[[Extraction], Iterable[Outcome]]

GRADE_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (ZERO, "差"),
)
"""评分等级: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (财预〔2020〕10号, also the Shenzhen rule)."""

QUARTER_POINTS = Decimal(1)
"""预算执行率: points per quarter, (支出进度 ÷ 序时进度) × 1, in the Shenzhen 2023 framework."""
AVERAGE_POINTS = Decimal(2)
"""预算执行率: points for the year's average of the quarters' ratios, average × 2."""


def amount_text(value: Decimal) -> str:
    return f"{round_half_up(value, 2):,}"


def percent_text(value: Decimal, places: int = 2) -> str:
    return f"{round_half_up(value * HUNDRED, places)}%"


def plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def rounding_variant(stated: Decimal, exact: Decimal, places: int) -> bool:
    """Whether ``stated`` is ``exact`` rounded another common way (cut off, or half to even) at its precision:
    a rounding matter, not a wrong figure."""
    quantum = Decimal(1).scaleb(-places)
    return stated in (exact.quantize(quantum, rounding=ROUND_DOWN), exact.quantize(quantum, rounding=ROUND_HALF_EVEN))


def compare_percent(
    check: str,
    subject: str,
    stated: Decimal,
    places: int,
    raw: str,
    ratio: Decimal,
    working: str,
    rule: str,
    line: int | None,
    page: int | None = None,
) -> Outcome:
    """A stated percentage against the ratio it is computed from, to the precision it is printed with."""
    expected = round_half_up(ratio * HUNDRED, places)
    calculation = f"{working} = {percent_text(ratio, max(places + 2, 4))}"
    if stated == expected:
        return Verified(check, line, f"{subject}：{calculation}，报告 {raw} 无误")
    severity = Severity.NOTE if rounding_variant(stated, ratio * HUNDRED, places) else Severity.ERROR
    reason = "；仅为舍入方法不同（如截尾），按四舍五入应为此值" if severity is Severity.NOTE else ""
    return Finding(severity, check, line, raw, f"{expected}%（{calculation}{reason}）", rule, page, subject)


# ---------------------------------------------------------------- rates stated in the text


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


_SPENT = (r"决算", r"实际支出", r"实际使用", r"支出数")
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
        _SPENT,
        _BUDGETED,
        "“三公”经费控制率 = “三公”经费决算数 ÷ 调整预算数 × 100%",
        denominator_exclude=r"年初|率",
    ),
    RateRule(
        "日常公用经费控制率",
        r"日常公用经费控制率",
        _SPENT,
        _BUDGETED,
        "日常公用经费控制率 = 日常公用经费决算数 ÷ 调整预算数 × 100%",
        denominator_exclude=r"年初|率",
    ),
    RateRule(
        "公用经费控制率",
        r"^公用经费控制率",
        _SPENT,
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
_OUTSIDE_QUOTA = re.compile(r"编外人员.*(控制率|比率|比例|占比)")
# Amounts a report states once for the whole year: the same label (in the same topic) twice means one figure.
# Figures a report states once for the year; within one topic, the same concept twice means the same figure.
_CONCEPTS: tuple[tuple[str, str, str, str | None], ...] = (
    ("年初预算数", "amount", r"年初.*预算", r"占|采购计划"),
    ("调整预算数", "amount", r"调整预算", r"占"),
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


_NAMED_RATE = re.compile(r"(控制率|执行率|利用率)$")


def _stated_rates(extraction: Extraction) -> list[Figure]:
    return [f for f in extraction.index.prose() if f.kind == "rate" and not f.bounded]


def rule_for(rate: Figure) -> RateRule | None:
    """The rate rule a stated rate falls under, by its label."""
    if _OUTSIDE_QUOTA.search(rate.key) or "占" in rate.key or "平均" in rate.key:
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
    for rate in _stated_rates(extraction):
        rule = rule_for(rate)
        if rule is not None and rule.name == name:
            numerator, denominator = rate_inputs(extraction, rate, rule)
            if numerator is not None and denominator is not None and numerator is not denominator:
                return rate, numerator, denominator
    return None


def check_stated_rates(extraction: Extraction) -> Iterable[Outcome]:
    """每个比率与其所依据的金额: 采购执行率, 三公/日常公用经费控制率, 固定资产利用率, 财政供养人员控制率…"""
    for rate in _stated_rates(extraction):
        assert rate.value is not None
        rule = rule_for(rate)
        if rule is None:
            continue
        numerator, denominator = rate_inputs(extraction, rate, rule)
        if numerator is None or denominator is None or numerator is denominator:
            if _NAMED_RATE.search(rate.key):
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
    for rate in _stated_rates(extraction):
        if not _OUTSIDE_QUOTA.search(rate.key):
            continue
        assert rate.value is not None
        in_post = index.find(
            rate,
            (r"实有在编", r"在编人数", r"在编人员"),
            kind="count",
            exclude=r"核定",
            scopes=("sentence", "section", "document"),
        )
        groups = _staff_groups(extraction, rate)
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
        nearby = [f for f in index.prose() if f.section_id == rate.section_id]
        yield _outside_quota(rate, in_post, groups, rule, nearby)


def _staff_groups(extraction: Extraction, rate: Figure) -> list[Figure]:
    def wanted(f: Figure) -> bool:
        # A total (“共 25 人”, key empty once 共 is dropped) repeats the groups before it.
        return (
            f.kind == "count"
            and not f.bounded
            and bool(f.key)
            and not re.search(r"核定|在编|编制|空缺|退休|离休|置换|总数|在职人员", f.key)
        )

    prose = list(extraction.index.prose())
    same_sentence = [f for f in prose if f.sentence_id == rate.sentence_id and wanted(f)]
    return same_sentence or [f for f in prose if f.section_id == rate.section_id and wanted(f)]


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
    for rate in _stated_rates(extraction):
        match = _SHARE.match(rate.key)
        if not match:
            continue
        assert rate.value is not None
        part = match.group("part")
        parts = _share_parts(prose, rate, part)
        whole = _share_whole(prose, rate, match.group("whole"))
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


def _share_parts(prose: list[Figure], rate: Figure, part: str) -> list[Figure]:
    same_sentence = [f for f in prose if f.sentence_id == rate.sentence_id and f.clause_id < rate.clause_id]
    summed = _SUM_WORDS.search(part)
    if summed:
        # “两项合计占…”: the amounts named before it in the sentence, the last N when it says how many.
        count = _CHINESE_COUNT.get(summed.group("count") or "", 0) or (2 if summed.group() == "二者" else 0)
        return same_sentence[-count:] if count else same_sentence
    if part:
        named = [f for f in same_sentence if f.key and (f.key in part or part in f.key)]
        if named:
            return named[-1:]
    before = [f for f in same_sentence if f.clause_id < rate.clause_id]
    if not before:
        return []
    nearest = max(f.clause_id for f in before)
    return [f for f in before if f.clause_id == nearest]


def _share_whole(prose: list[Figure], rate: Figure, whole: str) -> Figure | None:
    core = _WHOLE_NOISE.sub("", whole)
    if not core:
        return None
    candidates = [f for f in prose if f.topic == rate.topic and core in _WHOLE_NOISE.sub("", f.key) and "占" not in f.key]
    candidates.sort(key=lambda f: (f.sentence_id != rate.sentence_id, f.line > rate.line, abs(f.line - rate.line)))
    return candidates[0] if candidates else None


_ADJUSTMENT = re.compile(r"(预算)?(调整|调增|调减|追加)(资金|金额)(总额)?|(调增|调减|追加)(预算)?(资金|金额)?")


_ACCUMULATED = re.compile(r"调整[、和及与]?调剂(资金)?(累计|合计|总额|共计)")
_TRANSFER = re.compile(r"^调剂(预算|资金)(数|总额)?$")


def check_adjustments_and_transfers(extraction: Extraction) -> Iterable[Outcome]:
    """调整、调剂资金累计 = 调整资金 + 调剂资金."""
    prose = [f for f in extraction.index.prose() if f.kind == "amount" and not f.bounded and not f.topic]
    adjustment = next((f for f in prose if _ADJUSTMENT.fullmatch(f.key)), None)
    transfer = next((f for f in prose if _TRANSFER.match(f.key)), None)
    for stated in prose:
        prefix = stated.clause[: stated.clause.find(stated.raw.split(" ")[0])]
        if not _ACCUMULATED.search(prefix) or adjustment is None or transfer is None:
            continue
        assert adjustment.wan is not None and transfer.wan is not None and stated.wan is not None
        total = adjustment.wan + transfer.wan
        working = f"{adjustment.raw} + {transfer.raw} = {amount_text(total)} 万元"
        if total == stated.wan:
            yield Verified("金额复核", stated.line, f"调整、调剂资金累计：{working}，无误")
        else:
            yield Finding(
                Severity.ERROR,
                "金额复核",
                stated.line,
                stated.raw,
                working,
                "调整、调剂资金累计 = 调整资金 + 调剂资金",
                stated.page,
                "调整、调剂资金累计",
            )


def check_stated_sums(extraction: Extraction) -> Iterable[Outcome]:
    """“A 5 人、B 20 人，共 25 人”: a bare 共/合计 figure is the sum of those listed before it (after 其中)."""
    prose = [f for f in extraction.index.prose() if not f.bounded]
    for total in prose:
        if total.kind not in ("count", "amount") or total.key or not re.search(r"(共|共计|合计|总计)\s*$", total.label):
            continue
        before = [
            f
            for f in prose
            if f.sentence_id == total.sentence_id
            and f.clause_id < total.clause_id
            and f.kind == total.kind
            and f.unit == total.unit
        ]
        start = total.sentence.rfind("其中", 0, max(total.sentence.find(total.clause), 0))
        if start >= 0:
            listed = total.sentence[start:]
            before = [f for f in before if f.clause in listed]
        if len(before) < 2:
            continue
        parts = [f.value or ZERO for f in before]
        computed = sum(parts, ZERO)
        working = " + ".join(plain(p) for p in parts) + f" = {plain(computed)}"
        if computed == total.value:
            yield Verified("金额复核", total.line, f"合计 {total.raw}：{working}，无误")
        else:
            yield Finding(
                Severity.ERROR, "金额复核", total.line, total.raw, working, "合计数 = 所列各项之和", total.page, "合计数"
            )


def check_budget_adjustment(extraction: Extraction) -> Iterable[Outcome]:
    """调整资金 = 调整预算数 − 年初预算数 (调整 changes the total; 调剂 only moves money within it)."""
    index = extraction.index
    for stated in index.prose():
        if stated.kind != "amount" or stated.topic or not _ADJUSTMENT.fullmatch(stated.key):
            continue
        initial = index.find(stated, (r"^年初(部门)?预算(数|总额)?$",), topic="", scopes=("sentence", "section"))
        adjusted = index.find(stated, (r"^调整预算(数|总额)?$",), topic="", scopes=("sentence", "section"))
        if initial is None or adjusted is None or None in (initial.wan, adjusted.wan, stated.wan):
            continue
        assert initial.wan is not None and adjusted.wan is not None and stated.wan is not None
        difference = adjusted.wan - initial.wan
        working = f"{adjusted.raw} − {initial.raw} = {amount_text(difference)} 万元"
        if abs(difference) == stated.wan:
            yield Verified("金额复核", stated.line, f"调整资金：{working}，报告 {stated.raw} 无误")
        else:
            yield Finding(
                Severity.SUSPECT,
                "金额复核",
                stated.line,
                stated.raw,
                working,
                "调整资金 = 调整预算数 − 年初预算数",
                stated.page,
                "调整资金",
            )


# ---------------------------------------------------------------- the quarterly table


def _time_progress(quarter: int) -> Decimal:
    return Decimal(25 * quarter)


def _cell_loc(cell: Cell | None, fallback: int | None) -> int | None:
    return cell.line if cell is not None else fallback


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


# ---------------------------------------------------------------- the score sheet


def check_score_sheet(extraction: Extraction) -> Iterable[Outcome]:
    """评分表: 得分不超过分值, 分值合计 100, 得分合计等于综合评分, 等级与分数段相符."""
    sheet = extraction.score_sheet
    if sheet is None:
        return
    rule_cap = "三级指标得分应在 0 与其分值之间"
    for row in sheet.rows:
        if row.score is None:
            yield Finding(
                Severity.SUSPECT,
                "评分表",
                row.weight.line,
                "（未读到得分）",
                "每个三级指标应有得分",
                "评分表每行应列明分值和得分",
                row.weight.page,
                row.name,
            )
        elif row.score.value is not None and row.weight.value is not None and not ZERO <= row.score.value <= row.weight.value:
            yield Finding(
                Severity.ERROR,
                "评分表",
                row.score.line,
                row.score.raw,
                f"0 至 {row.weight.raw}",
                rule_cap,
                row.score.page,
                row.name,
            )
    weights = sum((r.weight.value or ZERO for r in sheet.rows), ZERO)
    scores = sum((r.score.value or ZERO for r in sheet.rows if r.score is not None), ZERO)
    first = sheet.rows[0].weight.line if sheet.rows else sheet.first_line
    weights_short = Decimal(100) - weights
    scores_short = (sheet.total.value - scores) if sheet.total and sheet.total.value is not None else None
    # A row we failed to read lowers both sums; only a shortfall that no missing row explains is the report's.
    maybe_unread = weights_short > 0 and scores_short is not None and ZERO <= scores_short <= weights_short
    if weights == 100:
        yield Verified("评分表", first, f"三级指标分值合计 {plain(weights)} 分，无误")
    else:
        yield Finding(
            Severity.SUSPECT if maybe_unread else Severity.ERROR,
            "评分表",
            first,
            f"分值合计 {plain(weights)}",
            "100",
            "各三级指标分值之和应为 100 分",
            None,
            "分值合计" + ("（也可能有指标行未能读出）" if maybe_unread else ""),
        )
    yield from _group_weights(sheet.rows, sheet.group_weights)
    if sheet.total is not None and sheet.total.value is not None:
        working = " + ".join(plain(r.score.value) for r in sheet.rows if r.score and r.score.value is not None)
        if scores == sheet.total.value:
            yield Verified("评分表", sheet.total.line, f"综合评分：{len(sheet.rows)} 项得分合计 {plain(scores)}，无误")
        else:
            yield Finding(
                Severity.SUSPECT if maybe_unread and weights != 100 else Severity.ERROR,
                "评分表",
                sheet.total.line,
                sheet.total.raw,
                f"{working} = {plain(scores)}",
                "综合评分 = 各三级指标得分之和",
                sheet.total.page,
                "综合评分",
            )
        expected_grade = grade_for(sheet.total.value)
        if sheet.grade is not None:
            if sheet.grade == expected_grade:
                yield Verified("评分表", sheet.grade_line, f"评分等级：{sheet.total.raw} 分为“{expected_grade}”，无误")
            else:
                yield Finding(
                    Severity.ERROR,
                    "评分表",
                    sheet.grade_line,
                    sheet.grade,
                    expected_grade,
                    "评分等级：优 ≥ 90 分，良 80–90 分，中 60–80 分，差 < 60 分",
                    None,
                    "评分等级",
                )


def grade_for(total: Decimal) -> str:
    return next(grade for floor, grade in GRADE_BANDS if total >= floor)


def _group_weights(rows: Sequence[ScoreRow], groups: Sequence[object]) -> Iterable[Outcome]:
    from .tables import GroupWeight

    for group in groups:
        assert isinstance(group, GroupWeight)
        children = [r for r in rows if group.name in (r.level1, r.level2)]
        total = sum((r.weight.value or ZERO for r in children), ZERO)
        if not children or group.weight.value is None:
            continue
        if total == group.weight.value:
            yield Verified("评分表", group.weight.line, f"{group.name}：下级分值合计 {plain(total)}，无误")
        else:
            yield Finding(
                Severity.ERROR,
                "评分表",
                group.weight.line,
                group.weight.raw,
                plain(total),
                "上级指标分值 = 所属下级指标分值之和",
                group.weight.page,
                group.name,
            )


def check_execution_score_row(extraction: Extraction) -> Iterable[Outcome]:
    """评分表“预算执行率”得分 = 季度执行表四个季度得分 + 全年平均得分."""
    table, sheet = extraction.quarterly, extraction.score_sheet
    if table is None or sheet is None:
        return
    row = next((r for r in sheet.rows if "预算执行" in r.name), None)
    parts = [r.score.value for r in table.rows if r.score is not None and r.score.value is not None]
    if (
        row is None
        or row.score is None
        or row.score.value is None
        or len(parts) != 4
        or table.average_score is None
        or table.average_score.value is None
    ):
        return
    parts.append(table.average_score.value)
    total = sum(parts, ZERO)
    working = " + ".join(plain(p) for p in parts) + f" = {plain(total)}"
    if total == row.score.value:
        yield Verified("交叉核对", row.score.line, f"评分表{row.name}得分与季度执行表一致：{working}")
    else:
        yield Finding(
            Severity.ERROR,
            "交叉核对",
            row.score.line,
            row.score.raw,
            working,
            "预算执行率得分 = 各季度得分 + 全年平均得分（见季度执行表）",
            row.score.page,
            row.name,
        )


# ---------------------------------------------------------------- the self-evaluation table and cross-checks


def check_self_evaluation(extraction: Extraction) -> Iterable[Outcome]:
    """自评表: 合计行、各行金额关系，以及预算数合计 = 调整预算数、执行数合计 = 第四季度累计支出."""
    table = extraction.self_evaluation
    if table is None or not table.tasks:
        return
    for task in table.tasks:
        budget, executed = repaired_value(task.budget_total), repaired_value(task.executed_total)
        for fiscal, total, name in (
            (task.budget_fiscal, task.budget_total, "预算数"),
            (task.executed_fiscal, task.executed_total, "执行数"),
        ):
            fiscal_value, total_value = (repaired_value(fiscal) if fiscal else None), repaired_value(total)
            if fiscal is not None and fiscal_value is not None and total_value is not None and fiscal_value > total_value:
                yield Finding(
                    Severity.ERROR,
                    "自评表",
                    fiscal.line,
                    fiscal.raw,
                    f"不大于{name}总数 {total.raw}",
                    "其中财政拨款不能超过总数",
                    fiscal.page,
                    f"自评表{name}",
                )
        if budget is not None and executed is not None and executed > budget:
            yield Finding(
                Severity.SUSPECT,
                "自评表",
                task.executed_total.line,
                task.executed_total.raw,
                f"不大于预算数 {task.budget_total.raw}",
                "执行数一般不超过预算数",
                task.executed_total.page,
                "自评表执行数",
            )
    budget_cells = [t.budget_total for t in table.tasks]
    executed_cells = [t.executed_total for t in table.tasks]
    budget_sum = _column_sum(budget_cells)
    executed_sum = _column_sum(executed_cells)
    if table.total is not None:
        fiscal_budget = _column_sum([t.budget_fiscal for t in table.tasks if t.budget_fiscal is not None])
        fiscal_executed = _column_sum([t.executed_fiscal for t in table.tasks if t.executed_fiscal is not None])
        for stated_cell, computed, name in (
            (table.total.budget_total, budget_sum, "预算数"),
            (table.total.budget_fiscal, fiscal_budget, "预算数（其中：财政拨款）"),
            (table.total.executed_total, executed_sum, "执行数"),
            (table.total.executed_fiscal, fiscal_executed, "执行数（其中：财政拨款）"),
        ):
            if stated_cell is None or computed is None or stated_cell.value is None:
                continue
            stated = stated_cell
            if stated.value == computed:
                yield Verified("自评表", stated.line, f"自评表{name}合计 {amount_text(computed)} 元，无误")
            else:
                yield Finding(
                    Severity.ERROR,
                    "自评表",
                    stated.line,
                    stated.raw,
                    f"各行合计 {amount_text(computed)}",
                    "合计行 = 各行之和",
                    stated.page,
                    f"自评表{name}合计",
                )
    adjusted = _department_adjusted_budget(extraction)
    q4 = extraction.quarterly.rows[-1] if extraction.quarterly and len(extraction.quarterly.rows) == 4 else None
    spent = q4.spending if q4 is not None else None
    first_line = table.tasks[0].line
    if budget_sum is not None and adjusted is not None:
        yield _yuan_against(budget_sum, adjusted[0], adjusted[1], "自评表预算数合计", "调整预算数", first_line)
    if executed_sum is not None and spent is not None and spent.value is not None:
        yield _yuan_against(executed_sum, spent.value, spent.line, "自评表执行数合计", "第四季度累计支出数", first_line)


def _column_sum(cells: Sequence[Cell]) -> Decimal | None:
    values = [repaired_value(c) for c in cells]
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), ZERO)


def _department_adjusted_budget(extraction: Extraction) -> tuple[Decimal, int] | None:
    for figure in extraction.index.prose():
        if figure.kind == "amount" and not figure.topic and re.fullmatch(r"(部门)?调整预算(数|总额)?", figure.key):
            assert figure.wan is not None
            return figure.wan, figure.line
    table = extraction.quarterly
    if table is not None and len(table.rows) == 4 and table.rows[-1].budget and table.rows[-1].budget.value:
        return table.rows[-1].budget.value, table.rows[-1].budget.line
    return None


def _yuan_against(total_yuan: Decimal, wan: Decimal, wan_line: int, subject: str, other: str, line: int) -> Outcome:
    in_wan = round_half_up(total_yuan / TEN_THOUSAND, 2)
    stated = f"{amount_text(total_yuan)} 元（{amount_text(in_wan)} 万元）"
    if in_wan == round_half_up(wan, 2):
        return Verified("交叉核对", line, f"{subject} {stated} = {other} {amount_text(wan)} 万元（第 {wan_line} 行）")
    return Finding(
        Severity.SUSPECT,
        "交叉核对",
        line,
        stated,
        f"{other} {amount_text(wan)} 万元（第 {wan_line} 行）",
        f"{subject}应与{other}一致",
        None,
        subject,
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
            for match in re.finditer(r"(?:评分等级|评价等级|评价结果|等级)为?[“\"]?(优秀|优|良好|良|中|差)[”\"]?", line.text):
                stated = match.group(1)[0]
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
    seen: dict[tuple[str, str], Figure] = {}
    for figure in prose:
        named_rate = figure.kind == "rate" and _NAMED_RATE.search(figure.key) and len(figure.key) >= 5
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


def _restated_by_label(prose: Sequence[Figure]) -> Iterable[Finding]:
    """Head counts or amounts under the same label twice (“外资专班工作人员 5 人” … “其中外资专班工作人员 5 人”):
    one label ending the other, four characters at least; amounts must also share their topic."""
    earlier: list[Figure] = []
    for figure in prose:
        if figure.kind not in ("count", "amount") or concept_of(figure) or len(figure.key) < 4:
            continue
        for first in earlier:
            if first.kind != figure.kind or (figure.kind == "amount" and first.topic != figure.topic):
                continue
            short, long = sorted((first.key, figure.key), key=len)
            # “调剂及科目更正” names a sum that ends with one of its parts: not the same figure.
            joined = long[: len(long) - len(short)].endswith(("及", "和", "与", "、", "加", "并"))
            if long.endswith(short) and not joined and first.wan != figure.wan:
                yield _restated(figure, first, short)
                break
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


_DEDUCTION = re.compile(r"少|扣减|扣除|扣")


def check_scores_in_text(extraction: Extraction) -> Iterable[Outcome]:
    """正文中的得分与评分表一致: “‘预算执行率’得 5.48 分（分值 6 分）”, “部门管理指标得 38.29 分”."""
    sheet = extraction.score_sheet
    if sheet is None or not sheet.rows:
        return
    totals: dict[str, tuple[Decimal, Decimal, int]] = {}
    for row in sheet.rows:
        if row.score is None or row.score.value is None or row.weight.value is None:
            continue
        totals[row.name] = (row.score.value, row.weight.value, row.score.line)
        for group in {row.level1, row.level2} - {""}:
            score, weight, _line = totals.get(group, (ZERO, ZERO, sheet.first_line))
            totals[group] = (score + row.score.value, weight + row.weight.value, sheet.first_line)
    names = sorted(totals, key=len, reverse=True)
    for figure in extraction.index.prose():
        if figure.kind != "points" or figure.bounded or re.search(r"综合|总分", figure.key):
            continue
        name = next((n for n in names if n in figure.clause.replace("“", "").replace("”", "")), None)
        if name is None and _DEDUCTION.search(figure.label):
            # “‘预算编制合理性’得 4.8 分，较分值少 0.2 分”: the indicator named last before it in the sentence.
            before = figure.sentence[: figure.sentence.find(figure.clause)].replace("“", "").replace("”", "")
            named = [(before.rfind(n), len(n), n) for n in names if n in before]
            name = max(named)[2] if named else None
        if name is None:
            continue
        score, weight, line = totals[name]
        if _DEDUCTION.search(figure.label):
            expected, what = weight - score, "失分（分值减得分）"
        elif re.search(r"分值|满分", figure.label):
            expected, what = weight, "分值"
        else:
            expected, what = score, "得分"
        if figure.value == expected:
            yield Verified("前后一致", figure.line, f"“{name}”{what} {figure.raw} 与评分表一致")
        else:
            yield Finding(
                Severity.ERROR,
                "前后一致",
                figure.line,
                figure.raw,
                f"评分表为 {plain(expected)} 分（第 {line} 行）",
                "正文所述得分应与评分表一致",
                figure.page,
                f"{name}{what}",
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
            subject = f"第{'一二三四'[quarter - 1]}季度{what}"
            if figure.value == cell.value:
                yield Verified("前后一致", figure.line, f"{subject}：正文 {figure.raw} 与表中 {cell.raw} 一致")
            else:
                yield Finding(
                    Severity.ERROR,
                    "前后一致",
                    figure.line,
                    figure.raw,
                    f"{cell.raw}（第 {cell.line} 行）",
                    "同一数字前后表述应一致",
                    figure.page,
                    subject,
                )


def check_quarter_against_text(extraction: Extraction) -> Iterable[Outcome]:
    """第四季度调整预算数 = 正文所述年度调整预算数."""
    table = extraction.quarterly
    if table is None or len(table.rows) != 4:
        return
    q4 = table.rows[-1].budget
    for figure in extraction.index.prose():
        if figure.kind == "amount" and not figure.topic and re.fullmatch(r"(部门)?调整预算(数|总额)?", figure.key):
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


def check_malformed_numbers(extraction: Extraction) -> Iterable[Outcome]:
    """格式错误的数字 (``27.000.00``); the same typo repeated on one line (a row's cells) is one finding."""
    counts: dict[tuple[int, str], int] = {}
    for number in extraction.malformed:
        counts[(number.line, number.raw)] = counts.get((number.line, number.raw), 0) + 1
    for number in extraction.malformed:
        count = counts.pop((number.line, number.raw), 0)
        if not count:
            continue
        reading = f"{amount_text(number.reading)}（按千分位误写为小数点推断）" if number.reading is not None else "无法确定数值"
        stated = number.raw if count == 1 else f"{number.raw}（本行 {count} 处）"
        yield Finding(
            Severity.ERROR,
            "数字格式",
            number.line,
            stated,
            reading,
            "数字只能有一个小数点，千分位用逗号分隔",
            number.page,
            "数字格式",
        )


def check_targets(extraction: Extraction) -> Iterable[Outcome]:
    """自评表绩效指标: 实际完成值未达到预期指标值的，提示."""
    table = extraction.self_evaluation
    if table is None:
        return
    for target in table.targets:
        expected = _bound(target.expected)
        actual = _bound(target.actual)
        if expected is None or actual is None or actual[0] or expected[2] != actual[2]:
            continue
        operator, limit, _unit = expected
        value = actual[1]
        missed = (
            (operator in ("≥", ">=") and value < limit)
            or (operator in ("≤", "<=") and value > limit)
            or (operator == ">" and value <= limit)
            or (operator == "<" and value >= limit)
        )
        if missed:
            yield Finding(
                Severity.NOTE,
                "绩效指标",
                target.line,
                target.actual,
                target.expected,
                "实际完成值未达到预期指标值",
                None,
                target.name,
            )


_BOUND_VALUE = re.compile(r"^(?P<op>[≥≤<>]=?|＞|＜)?\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>.*)$")


def _bound(text: str) -> tuple[str, Decimal, str] | None:
    match = _BOUND_VALUE.match(text.replace("＞", ">").replace("＜", "<"))
    if not match:
        return None
    return match.group("op") or "", Decimal(match.group("number")), match.group("unit").strip()


CHECKS: tuple[Check, ...] = (
    check_malformed_numbers,
    check_stated_rates,
    check_outside_quota_rate,
    check_shares,
    check_budget_adjustment,
    check_stated_sums,
    check_adjustments_and_transfers,
    check_quarterly_table,
    check_quarter_against_text,
    check_quarter_lists_in_text,
    check_score_sheet,
    check_execution_score_row,
    check_self_evaluation,
    check_restated_figures,
    check_scores_in_text,
    check_targets,
)
