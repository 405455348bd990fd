"""Judging one target (指标完成情况判断): 达成 / 未达成 / 无法判断, the deviation, and why.

The rules, in the order they apply:

- Quantitative (定量): both values must be quantitative and carry the same unit (``万``/``亿`` are
  multipliers, not units: ``6.33万份`` and ``63300份`` agree). The expected value admits an interval
  (``≥5万份`` admits [50000, ∞)); the target is met when every value the actual admits lies inside it,
  missed when none does, and cannot be judged otherwise (an actual of ``≥85%`` against ``≥90%``).
  The deviation is the actual minus the bound it is measured against; the relative deviation divides by
  that bound.
- A value written without a comparator means "at least" unless the target says otherwise (its
  ``plain_meaning``) or is plainly a "less is better" target: a 成本指标 (cost), an incident or complaint
  count or rate, a duration under 时效指标. See :func:`plain_meaning_for`.
- Deadline (时限, ``年度内``, ``12月底前``): met by a completion time no later than the deadline, by a
  completion rate of 100% (the usual way tables report a deadline: everything done within it), or by words
  saying it was done on time; a rate below 100% or words saying it was late mean missed.
- Qualitative (定性, ``有效``, ``良好``): met when the actual repeats the expected wording, states a grade
  at least as good, or affirms completion; missed when it negates; otherwise left to the evaluator.

Anything else (a unit mismatch, an unreadable value, a value of another kind) is 无法判断, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from ..decimals import ZERO, percent, round_half_up
from ..facts.model import Target
from .expression import (
    MULTIPLIERS,
    Comparator,
    PlainMeaning,
    Reading,
    UnreadableValue,
    ValueKind,
    read_value,
)


class Outcome(StrEnum):
    """判断结论."""

    MET = "达成"
    MISSED = "未达成"
    UNDETERMINED = "无法判断"


@dataclass(frozen=True, slots=True)
class JudgeOptions:
    """How to judge (判断参数).

    ``plain_meaning``: what a value written without a comparator means when the target does not say and is
    not a "less is better" target. ``infer_plain_meaning``: read cost targets, incident counts and durations
    as "at most". ``borrow_missing_unit``: when only one side writes a unit, take it for both (off: the
    target is 无法判断). ``year``: the evaluation year, for deadlines written without one.
    """

    plain_meaning: PlainMeaning = PlainMeaning.AT_LEAST
    infer_plain_meaning: bool = True
    borrow_missing_unit: bool = False
    year: int = 0


@dataclass(frozen=True, slots=True)
class TargetJudgement:
    """一项指标的判断结果.

    ``deviation`` is in the base unit (multipliers applied: +13300 for 6.33万份 against 5万份);
    ``relative_deviation`` is a fraction (0.266). Both are ``None`` when there is nothing exact to measure.
    """

    expected_text: str
    actual_text: str
    outcome: Outcome
    reason: str
    expected: Reading | None = None
    actual: Reading | None = None
    meaning: PlainMeaning | None = None
    deviation: Decimal | None = None
    relative_deviation: Decimal | None = None
    target: Target | None = None

    @property
    def name(self) -> str:
        return self.target.name if self.target is not None else ""

    @property
    def reference(self) -> Decimal | None:
        """The expected bound the deviation is measured against (base unit)."""
        if self.deviation is None or self.actual is None or self.actual.quantity is None:
            return None
        return self.actual.quantity.value - self.deviation

    def deviation_text(self) -> str:
        """``+1.33万份``, ``+1.82个百分点``; empty when there is no deviation to show."""
        if self.deviation is None or self.expected is None:
            return ""
        return _signed_amount(self.deviation, self.expected)

    def relative_text(self) -> str:
        """``+26.60%``; empty when it cannot be computed."""
        if self.relative_deviation is None:
            return ""
        return _signed(percent(self.relative_deviation)) + "%"


_LESS_IS_BETTER_NAMES = (
    "发生数", "发生率", "发生次数", "发生量", "事故数", "起数", "投诉量", "投诉数", "投诉率", "差错率",
    "差错数", "错误率", "失误率", "违规率", "超支率", "工本费", "单价", "成本", "费用", "耗时", "时长",
    "用时", "响应时间", "等待时间", "办理时限",
)
_DURATION_UNITS = ("秒", "分钟", "小时", "天", "日", "个工作日", "工作日", "周", "个月", "月", "年")


def plain_meaning_for(
    target: Target, reading: Reading | None, options: JudgeOptions
) -> tuple[PlainMeaning, str]:
    """What the target's value means when it is written without a comparator, and why."""
    if target.plain_meaning is not None:
        return PlainMeaning(target.plain_meaning), "自评表注明"
    if options.infer_plain_meaning:
        if "成本" in target.level2 or "成本" in target.level1:
            return PlainMeaning.AT_MOST, "成本指标"
        if target.name.endswith(_LESS_IS_BETTER_NAMES):
            return PlainMeaning.AT_MOST, "越少越好的指标"
        if "时效" in target.level2 and reading is not None and reading.unit in _DURATION_UNITS:
            return PlainMeaning.AT_MOST, "时效指标的时长"
    return options.plain_meaning, "缺省"


def judge_target(target: Target, options: JudgeOptions | None = None) -> TargetJudgement:
    """Judge one row of the self-evaluation table."""
    options = options or JudgeOptions()
    try:
        reading = read_value(target.expected)
    except UnreadableValue:
        reading = None
    meaning, why = plain_meaning_for(target, reading, options)
    judgement = judge_values(target.expected, target.actual, meaning, options=options, meaning_source=why)
    return replace(judgement, target=target)


def judge_values(
    expected: str,
    actual: str,
    meaning: PlainMeaning = PlainMeaning.AT_LEAST,
    *,
    options: JudgeOptions | None = None,
    meaning_source: str = "",
) -> TargetJudgement:
    """Judge an actual value against an expected one; ``meaning`` is what a plain expected value means."""
    options = options or JudgeOptions()
    try:
        expected_reading = read_value(expected)
    except UnreadableValue as exc:
        return TargetJudgement(expected, actual, Outcome.UNDETERMINED, f"预期指标值无法识别：{exc}")
    expected_reading = expected_reading.with_plain_meaning(meaning)
    if not str(actual).strip():
        return TargetJudgement(
            expected, actual, Outcome.UNDETERMINED, "未填写实际完成指标值", expected_reading
        )
    try:
        actual_reading = read_value(actual)
    except UnreadableValue as exc:
        return TargetJudgement(
            expected, actual, Outcome.UNDETERMINED, f"实际完成指标值无法识别：{exc}", expected_reading
        )
    if expected_reading.kind is ValueKind.QUANTITATIVE:
        judgement = _judge_quantity(expected_reading, actual_reading, options)
        if not expected_reading.explicit and judgement.expected is not None:
            source = f"：{meaning_source}" if meaning_source and meaning_source != "缺省" else ""
            note = f"（预期值未写比较符，按“{meaning.value}”理解{source}）"
            judgement = replace(judgement, reason=judgement.reason + note, meaning=meaning)
        return judgement
    if expected_reading.kind is ValueKind.DEADLINE:
        return _judge_deadline(expected_reading, actual_reading, options)
    return _judge_qualitative(expected_reading, actual_reading)


# --- quantitative --------------------------------------------------------------------------------------


def _judge_quantity(expected: Reading, actual: Reading, options: JudgeOptions) -> TargetJudgement:
    def result(outcome: Outcome, reason: str, deviation: Decimal | None = None) -> TargetJudgement:
        relative = None
        if deviation is not None:
            reference = actual_value - deviation if actual_value is not None else None
            if reference:
                relative = deviation / abs(reference)
        return TargetJudgement(
            expected.text, actual.text, outcome, reason, expected, actual, deviation=deviation,
            relative_deviation=relative,
        )

    point = actual.quantity if actual.comparator is Comparator.EXACTLY else None
    actual_value = point.value if point is not None else None
    if actual.kind is not ValueKind.QUANTITATIVE:
        return result(
            Outcome.UNDETERMINED, f"预期为数值，实际为{actual.kind.value}描述“{actual.text}”，无法比较"
        )
    unit_note = ""
    if expected.unit != actual.unit:
        if options.borrow_missing_unit and not (expected.unit and actual.unit):
            unit_note = f"（一方未写单位，按“{expected.unit or actual.unit}”理解）"
        else:
            return result(Outcome.UNDETERMINED, _unit_mismatch(expected, actual))
    wanted = expected.interval()
    got = actual.interval()
    if got.within(wanted):
        deviation = _deviation(expected, actual_value)
        return result(Outcome.MET, f"满足预期“{expected.text}”{_gap(deviation, expected)}{unit_note}",
                      deviation)
    if got.disjoint(wanted):
        deviation = _deviation(expected, actual_value)
        missed = f"{_missed_phrase(expected)}{_gap(deviation, expected)}{unit_note}"
        return result(Outcome.MISSED, missed, deviation)
    return result(
        Outcome.UNDETERMINED, f"实际值“{actual.text}”是一个范围，无法确定是否达到预期“{expected.text}”"
    )


def _missed_phrase(expected: Reading) -> str:
    assert expected.comparator is not None
    if expected.comparator is Comparator.BETWEEN:
        return f"不在预期区间“{expected.text}”内"
    if expected.comparator.downward:
        return f"超出预期上限“{expected.text}”"
    if expected.comparator is Comparator.EXACTLY:
        return f"不等于预期值“{expected.text}”"
    return f"未达到预期“{expected.text}”"


def _unit_mismatch(expected: Reading, actual: Reading) -> str:
    if not actual.unit:
        return f"实际值“{actual.text}”未写单位，预期单位为“{expected.unit}”，无法确认口径一致"
    if not expected.unit:
        return f"预期值“{expected.text}”未写单位，实际单位为“{actual.unit}”，无法确认口径一致"
    return f"单位不一致：预期为“{expected.unit}”，实际为“{actual.unit}”"


def _deviation(expected: Reading, actual: Decimal | None) -> Decimal | None:
    """Actual minus the expected bound it is measured against; ``None`` inside a range or if inexact."""
    if actual is None:
        return None
    if expected.comparator is Comparator.BETWEEN:
        assert expected.low is not None and expected.high is not None
        if actual < expected.low.value:
            return actual - expected.low.value
        if actual > expected.high.value:
            return actual - expected.high.value
        return None
    quantity = expected.quantity
    assert quantity is not None
    return actual - quantity.value


def _gap(deviation: Decimal | None, expected: Reading) -> str:
    if deviation is None:
        return ""
    if deviation == 0:
        return "，与预期值持平"
    word = "高出" if deviation > 0 else "低于预期值"
    return f"，{word} {amount_text(abs(deviation), expected)}"


# --- deadline ------------------------------------------------------------------------------------------

_AFFIRMATIVE = (
    "达成", "已达成", "完成", "已完成", "全部完成", "按时完成", "按期完成", "如期完成", "按时", "按期",
    "如期", "及时", "实现", "已实现", "达到", "达到预期", "符合预期", "是", "有效", "良好", "满意",
)
_NEGATIONS = ("未", "不", "没有", "无效", "尚未", "延期", "逾期", "滞后", "推迟", "超期", "否", "欠")
# Words that contain a negation character and still say something good (`不断提升`, `面向未来`).
_NOT_NEGATIONS = ("不断", "不懈", "不遗余力", "未来", "无不")


def _judge_deadline(expected: Reading, actual: Reading, options: JudgeOptions) -> TargetJudgement:
    def result(outcome: Outcome, reason: str) -> TargetJudgement:
        return TargetJudgement(expected.text, actual.text, outcome, reason, expected, actual)

    limit = f"时限“{expected.text}”"
    if actual.kind is ValueKind.QUANTITATIVE:
        quantity = actual.quantity
        if actual.unit != "%" or quantity is None or actual.comparator not in (
            Comparator.EXACTLY, Comparator.AT_LEAST, Comparator.ABOVE
        ):
            return result(
                Outcome.UNDETERMINED,
                f"{limit}的实际值应为完成时间、完成比例（%）或完成情况，实际为“{actual.text}”",
            )
        # A deadline row reports the share of the work done within the deadline: 100% is all of it.
        if quantity.value >= 100:
            return result(Outcome.MET, f"实际完成比例“{actual.text}”，即按{limit}全部完成")
        if actual.explicit:
            return result(Outcome.UNDETERMINED, f"实际完成比例“{actual.text}”不确切，无法确定是否全部完成")
        return result(Outcome.MISSED, f"按{limit}仅完成 {actual.text}")
    if actual.kind is ValueKind.DEADLINE:
        assert expected.deadline is not None and actual.deadline is not None
        year = options.year or actual.deadline.year or expected.deadline.year or 0
        if actual.deadline.order_key(year) <= expected.deadline.order_key(year):
            return result(Outcome.MET, f"实际完成时间“{actual.text}”不晚于{limit}")
        return result(Outcome.MISSED, f"实际完成时间“{actual.text}”晚于{limit}")
    if _denies(actual.term, ""):
        return result(Outcome.MISSED, f"实际情况“{actual.text}”表明未按{limit}完成")
    if _affirms(actual.term):
        return result(Outcome.MET, f"实际情况“{actual.text}”表明已按{limit}完成")
    return result(Outcome.UNDETERMINED, f"实际情况“{actual.text}”未说明是否按{limit}完成，请评价人员判断")


# --- qualitative ---------------------------------------------------------------------------------------

_GRADES = {
    "差": 0, "较差": 0, "不合格": 0, "不满意": 0, "一般": 1, "中": 1, "中等": 1, "基本满意": 1,
    "合格": 2, "达标": 2, "满意": 2, "较好": 3, "良": 3, "良好": 3, "好": 3, "优良": 3, "很好": 4,
    "优": 4, "优秀": 4, "非常满意": 4,
}


def _affirms(term: str) -> bool:
    return term in _AFFIRMATIVE or term.startswith(("已", "全部", "按时", "按期", "如期"))


def _denies(term: str, expected_term: str) -> bool:
    # `无重大事故` expected and achieved is not a negation of the target: only new negations count.
    for harmless in _NOT_NEGATIONS:
        term = term.replace(harmless, "")
    return any(word in term and word not in expected_term for word in _NEGATIONS)


def _judge_qualitative(expected: Reading, actual: Reading) -> TargetJudgement:
    def result(outcome: Outcome, reason: str) -> TargetJudgement:
        return TargetJudgement(expected.text, actual.text, outcome, reason, expected, actual)

    wanted = f"预期“{expected.text}”"
    if actual.kind is not ValueKind.QUALITATIVE:
        return result(
            Outcome.UNDETERMINED, f"{wanted}为定性描述，实际为{actual.kind.value}值“{actual.text}”，无法比较"
        )
    term, expected_term = actual.term, expected.term
    if term == expected_term:
        return result(Outcome.MET, f"实际情况与{wanted}一致")
    if term in _GRADES and expected_term in _GRADES:
        if _GRADES[term] >= _GRADES[expected_term]:
            return result(Outcome.MET, f"实际等级“{actual.text}”不低于{wanted}")
        return result(Outcome.MISSED, f"实际等级“{actual.text}”低于{wanted}")
    if _denies(term, expected_term):
        return result(Outcome.MISSED, f"实际情况“{actual.text}”表明未达到{wanted}")
    if expected_term in term or _affirms(term):
        return result(Outcome.MET, f"实际情况“{actual.text}”表明已达到{wanted}")
    return result(Outcome.UNDETERMINED, f"实际情况“{actual.text}”未说明是否达到{wanted}，请评价人员判断")


# --- text ----------------------------------------------------------------------------------------------


def amount_text(value: Decimal, expected: Reading) -> str:
    """A deviation written as the expected value writes it: 13300 份 → ``1.33万份``, 1.82 % → 个百分点."""
    if expected.unit == "%":
        return f"{_number(value)} 个百分点"
    if expected.unit == "‰":
        return f"{_number(value)} 个千分点"
    multiplier = expected.multiplier
    scaled = value / MULTIPLIERS[multiplier] if multiplier else value
    return f"{_number(scaled)}{multiplier}{expected.unit}"


def value_text(value: Decimal, expected: Reading) -> str:
    """A base-unit value written as the expected value writes it: 63300 份 → ``6.33万份``."""
    multiplier = expected.multiplier
    scaled = value / MULTIPLIERS[multiplier] if multiplier else value
    return f"{_number(scaled)}{multiplier}{expected.unit}"


def _signed_amount(value: Decimal, expected: Reading) -> str:
    text = amount_text(abs(value), expected)
    return ("+" if value > 0 else "-" if value < 0 else "") + text


def _number(value: Decimal) -> str:
    rounded = round_half_up(value, 2)
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _signed(value: Decimal) -> str:
    return ("+" if value > ZERO else "") + format(value, "f")
