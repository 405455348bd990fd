"""A rule's parameters in words (计分规则说明), for ``jixiao framework show``."""

from __future__ import annotations

from decimal import Decimal

from ..frameworks.model import Framework
from ..rules.bands import BandsRule
from ..rules.base import RatioSource, RuleBase
from ..rules.checklist import ChecklistRule
from ..rules.choice import ChoiceRule
from ..rules.composite import CompositeRule
from ..rules.deductions import DeductionsRule
from ..rules.flag import FlagRule
from ..rules.judged import JudgedRule
from ..rules.over_threshold import OverThresholdRule
from ..rules.quarterly import QuarterlyExecutionRule
from ..rules.ratio_points import RatioPointsRule
from ..rules.targets import TargetsRule


def _n(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _pct(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


def _source(rule: RatioSource) -> str:
    rounding = f"（百分数保留 {rule.percent_places} 位小数）" if rule.percent_places is not None else ""
    return rule.quantity_label() + rounding


def _undefined(rule: RatioSource) -> str:
    """When the quantity cannot be worked out (a zero denominator, or a formula's empty figures), what then."""
    then = {"full": "得满分", "zero": "得 0 分"}.get(str(rule.if_undefined), f"得 {rule.if_undefined} 分")
    if rule.value is None:
        return f"；分母为 0 时{then}"
    if rule.measure(rule.value).formula:
        return f"；无法计算时（分母为 0 或所需数据为空）{then}"
    return ""


def describe_rule(rule: RuleBase, indent: str = "") -> str:
    if isinstance(rule, BandsRule):
        bands = "；".join(f"{b.interval.describe()} 得 {_n(b.points)}" for b in rule.bands)
        return f"{indent}分档：{_source(rule)}。{bands}{_undefined(rule)}"
    if isinstance(rule, RatioPointsRule):
        extra = f"；超过 {_pct(rule.zero_if_over)} 得 0 分" if rule.zero_if_over is not None else ""
        return f"{indent}比率计分：{_source(rule)} × {_n(rule.points)} 分{extra}{_undefined(rule)}"
    if isinstance(rule, OverThresholdRule):
        counting = {"whole_steps": "按整步长计", "started_steps": "不足一步按一步计", "proportional": "按比例计"}
        word = "超出" if rule.direction == "above" else "低于"
        return (f"{indent}阈值扣分：{_source(rule)}；{word} {_pct(rule.threshold)} 后每 {_pct(rule.step)} 扣 "
                f"{_n(rule.per_step)} 分（{counting[rule.counting]}），满分 {_n(rule.points)}{_undefined(rule)}")
    if isinstance(rule, DeductionsRule):
        source = "评价人员列出的问题" if rule.from_judgement else rule.measure(rule.findings).label
        return f"{indent}扣分制：{_n(rule.points)} 分，按{source}每项扣 {_n(rule.per_finding)} 分，最低 {_n(rule.floor)}"
    if isinstance(rule, ChecklistRule):
        items = "\n".join(f"{indent}  · {i.name}（{i.id}，{_n(i.points)} 分）" for i in rule.items)
        return f"{indent}评分要点（评价人员逐项给分）：\n{items}"
    if isinstance(rule, QuarterlyExecutionRule):
        times = "、".join(_pct(t) for t in rule.time_progress)
        average = "四舍五入后的季度执行率" if rule.average_of == "rounded_rates" else "未舍入的季度执行率"
        return (f"{indent}季度执行率：各季度支出进度 ÷ 序时进度（{times}）× {_n(rule.quarter_points)} 分；"
                f"全年平均（取{average}）× {_n(rule.average_points)} 分")
    if isinstance(rule, FlagRule):
        wanted = "是" if rule.expect else "否"
        return f"{indent}是否项：{rule.measure(rule.when).label}为“{wanted}”得 {_n(rule.points)} 分"
    if isinstance(rule, ChoiceRule):
        options = "；".join(f"{k} {_n(v)}" for k, v in rule.points.items())
        return f"{indent}分类计分：{rule.measure(rule.value).label}：{options}"
    if isinstance(rule, JudgedRule):
        return f"{indent}评价人员评分，满分 {_n(rule.points)}"
    if isinstance(rule, TargetsRule):
        scope = "、".join(rule.level1) if rule.level1 else "全部"
        instead = (f"；自评表中没有{scope}时按{'、'.join(rule.if_none_level1)}的完成情况计分"
                   if rule.if_none_level1 else "")
        if rule.method == "caiyu-2020-10":
            return _describe_caiyu10(rule, scope, indent) + instead
        return (f"{indent}按绩效指标完成情况计分（{scope}）：每项 min(实际 ÷ 预期, 1) × 权重，“不高于”类取 "
                f"预期 ÷ 实际；权重取自评表分值（按比例折算），未填则均分 {_n(rule.points)} 分；"
                f"不带比较符的预期值按“{rule.plain_meaning}”理解{instead}")
    if isinstance(rule, CompositeRule):
        parts = "\n".join(f"{indent}（{i}）{p.name or ''}\n{describe_rule(p, indent + '  ')}"
                          for i, p in enumerate(rule.parts, 1))
        veto = f"\n{indent}否决：{rule.veto.reason}" if rule.veto is not None else ""
        return f"{indent}组合计分（各部分相加）：\n{parts}{veto}"
    return f"{indent}{rule.kind}"


def _describe_caiyu10(rule: TargetsRule, scope: str, indent: str) -> str:
    shares = rule.qualitative
    threshold = rule.overshoot_threshold
    if threshold is None:
        over = "超额完成不扣分"
    else:
        over = (f"“不低于”类指标实际值超出目标 {_pct(threshold)} 以上的，视为目标设置偏低，超过部分每 1 个百分点"
                f"扣该项分值的 {_pct(rule.overshoot_penalty / 100)}（扣完为止）")
    return (f"{indent}按绩效指标完成情况计分（财预〔2020〕10号，{scope}）：定量指标达成得满分，未达成按 实际 ÷ 预期 "
            f"计分（“不高于”类取 预期 ÷ 实际），{over}；定性指标按档次计分：达成 {_pct(shares.met)}、"
            f"部分达成 {_pct(shares.partly)}、未达成 {_pct(shares.not_met)}；权重取自评表分值"
            f"（按比例折算），未填则均分 {_n(rule.points)} 分")


_CHINESE_NUMERALS = "一二三四五六七八九十"


def _numeral(i: int) -> str:
    return _CHINESE_NUMERALS[i] if i < len(_CHINESE_NUMERALS) else str(i + 1)


def describe_framework(framework: Framework) -> str:
    """The whole framework as indented text: levels, weights, descriptions, standards and rules."""
    source = framework.source.document + (f"（{framework.source.issuer}）" if framework.source.issuer else "")
    grades = "；".join(f"{g.grade} ≥ {_n(g.min)}" for g in framework.grades)
    lines = [
        framework.label(),
        f"地区：{framework.region}  年度：{framework.year}  总分：{_n(framework.total)}",
        f"出处：{source}",
        f"评分等级：{grades}",
    ]
    if framework.source.note:
        lines.append(f"说明：{framework.source.note}")
    number = 0
    for a, level1 in enumerate(framework.groups):
        lines.append("")
        lines.append(f"{_numeral(a)}、{level1.name}（{_n(level1.weight)} 分）")
        for b, level2 in enumerate(level1.groups):
            lines.append(f"  （{_numeral(b)}）{level2.name}（{_n(level2.weight)} 分）")
            for indicator in level2.indicators:
                number += 1
                lines.append(f"    {number}. {indicator.name} [{indicator.id}]  {_n(indicator.weight)} 分")
                lines.append(f"       指标说明：{indicator.description}")
                lines.append(f"       评分标准：{indicator.standard}")
                lines.append("       计分规则：" + describe_rule(indicator.rule, "       ").lstrip())
    return "\n".join(lines)
