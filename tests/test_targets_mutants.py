"""Judging targets (jixiao.targets.judgement, .expression), pinned where the mutation run found them loose.

Each case is one row of a self-evaluation table, as a finance officer reads it: what was expected, what was
achieved, the verdict and the sentence that explains it. Both sides of each boundary (the expected value itself,
the ends of a range, 100% of a deadline's work, a grade equal to the one expected), what a value written without a
comparator means and why, and the year a deadline without one falls in. Every expected text is worked out by hand.
See docs/mutation.md.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.facts.model import Target
from jixiao.targets.expression import Comparator, Deadline, PlainMeaning, Quantity, UnreadableValue, read_value
from jixiao.targets.judgement import JudgeOptions, Outcome, judge_target, judge_values, plain_meaning_for

MET, MISSED, UNKNOWN = Outcome.MET, Outcome.MISSED, Outcome.UNDETERMINED
AT_LEAST, EXACTLY, AT_MOST = PlainMeaning.AT_LEAST, PlainMeaning.EXACTLY, PlainMeaning.AT_MOST
D = Decimal


def target(name: str = "培训人数", expected: str = "100人", actual: str = "", *, level1: str = "产出指标",
           level2: str = "数量指标", plain_meaning: str | None = None) -> Target:
    return Target(level1=level1, level2=level2, name=name, expected=expected, actual=actual,
                  plain_meaning=plain_meaning)  # type: ignore[arg-type]


# --- quantitative: the verdict and its sentence -------------------------------------------------------------

@pytest.mark.parametrize(
    ("expected", "actual", "outcome", "reason"),
    [
        ("≥5万份", "6.33万份", MET, "满足预期“≥5万份”，高出 1.33万份"),  # 63300 − 50000 = 13300 = 1.33万
        ("≥5万份", "4.5万份", MISSED, "未达到预期“≥5万份”，低于预期值 0.5万份"),
        ("≥90%", "90%", MET, "满足预期“≥90%”，与预期值持平"),  # the bound itself is enough
        (">90%", "90%", MISSED, "未达到预期“>90%”，与预期值持平"),  # … unless it must be exceeded
        ("≤5天", "5天", MET, "满足预期“≤5天”，与预期值持平"),
        ("<5天", "5天", MISSED, "超出预期上限“<5天”，与预期值持平"),
        ("≤5天", "6天", MISSED, "超出预期上限“≤5天”，高出 1天"),
        ("=11", "12", MISSED, "不等于预期值“=11”，高出 1"),
        ("=11", "11", MET, "满足预期“=11”，与预期值持平"),
        ("80%-90%", "80%", MET, "满足预期“80%-90%”"),  # an end of the range is inside it, no deviation
        ("80%-90%", "90%", MET, "满足预期“80%-90%”"),
        ("80%-90%", "95%", MISSED, "不在预期区间“80%-90%”内，高出 5 个百分点"),
        ("80%-90%", "79%", MISSED, "不在预期区间“80%-90%”内，低于预期值 1 个百分点"),
        ("≥2‰", "1.5‰", MISSED, "未达到预期“≥2‰”，低于预期值 0.5 个千分点"),
        ("≥10", "10.125", MET, "满足预期“≥10”，高出 0.13"),  # 0.125 rounds half-up (half-even: 0.12)
        ("≥10", "10.0049", MET, "满足预期“≥10”，高出 0"),  # 0.0049 at two places is 0.00
        ("≥90%", "良好", UNKNOWN, "预期为数值，实际为定性描述“良好”，无法比较"),
        ("≥90%", "年度内", UNKNOWN, "预期为数值，实际为时限描述“年度内”，无法比较"),
        ("≥90%", "≥85%", UNKNOWN, "实际值“≥85%”是一个范围，无法确定是否达到预期“≥90%”"),
        ("≥90%", "95", UNKNOWN, "实际值“95”未写单位，预期单位为“%”，无法确认口径一致"),
        ("≥90", "95%", UNKNOWN, "预期值“≥90”未写单位，实际单位为“%”，无法确认口径一致"),
        ("≥90人", "95次", UNKNOWN, "单位不一致：预期为“人”，实际为“次”"),
    ],
)
def test_quantitative_reasons(expected: str, actual: str, outcome: Outcome, reason: str) -> None:
    judgement = judge_values(expected, actual)
    assert (judgement.outcome, judgement.reason) == (outcome, reason)
    assert (judgement.expected_text, judgement.actual_text) == (expected, actual)


def test_the_ends_of_a_range_have_no_deviation() -> None:
    for actual in ("80%", "90%", "85%"):
        judgement = judge_values("80%-90%", actual)
        assert judgement.deviation is None and judgement.relative_deviation is None
        assert judgement.deviation_text() == "" and judgement.relative_text() == ""


def test_a_deviation_in_thousandths_and_its_relative_size() -> None:
    judgement = judge_values("≥2‰", "1.5‰")
    assert judgement.deviation == D("-0.5")
    assert judgement.deviation_text() == "-0.5 个千分点"
    assert judgement.relative_text() == "-25.00%"  # −0.5 ÷ 2


def test_the_relative_deviation_rounds_half_up() -> None:
    # (10.00125 − 10) ÷ 10 = 0.000125 = 0.0125% → 0.01% … and 0.0001245 → 0.01245% → 0.01%;
    # 10.0125 → 0.125% → 0.13% (half-even: 0.12%)
    assert judge_values("≥10", "10.0125").relative_text() == "+0.13%"
    assert judge_values("≥10", "9.9875").relative_text() == "-0.13%"


def test_borrowing_a_missing_unit_is_said() -> None:
    judgement = judge_values("≥90%", "95", options=JudgeOptions(borrow_missing_unit=True))
    assert judgement.outcome is MET
    assert judgement.reason == "满足预期“≥90%”，高出 5 个百分点（一方未写单位，按“%”理解）"
    judgement = judge_values("≥90", "85%", options=JudgeOptions(borrow_missing_unit=True))
    assert judgement.reason == "未达到预期“≥90”，低于预期值 5（一方未写单位，按“%”理解）"
    # two different units are never borrowed across
    assert judge_values("≥90人", "95次", options=JudgeOptions(borrow_missing_unit=True)).outcome is UNKNOWN


def test_a_plain_expected_value_says_how_it_was_read() -> None:
    assert judge_values("100人", "120人").reason == "满足预期“100人”，高出 20人（预期值未写比较符，按“不低于”理解）"
    judgement = judge_values("15元/份", "12元/份", AT_MOST, meaning_source="成本指标")
    assert judgement.reason == "满足预期“15元/份”，低于预期值 3元/份（预期值未写比较符，按“不高于”理解：成本指标）"
    assert judgement.meaning is AT_MOST
    assert judge_values("≥100人", "120人").meaning is None  # written with a comparator: nothing to say


# --- what a value without a comparator means, and why ----------------------------------------------------------

@pytest.mark.parametrize(
    ("row", "meaning", "why"),
    [
        (target(plain_meaning="等于"), EXACTLY, "自评表注明"),
        (target(level1="成本指标", level2="经济成本指标", name="采购金额", expected="100万元"), AT_MOST, "成本指标"),
        (target(level1="成本指标", level2="其他", name="采购金额", expected="100万元"), AT_MOST, "成本指标"),
        (target(level2="经济成本指标", name="采购金额", expected="100万元"), AT_MOST, "成本指标"),
        (target(name="安全事故发生数", expected="0起"), AT_MOST, "越少越好的指标"),
        (target(level2="时效指标", name="办结时长", expected="3天"), AT_MOST, "越少越好的指标"),
        (target(level2="时效指标", name="审批办结", expected="3个工作日"), AT_MOST, "时效指标的时长"),
        (target(level2="时效指标", name="按时办结比例", expected="100%"), AT_LEAST, "缺省"),
        (target(level2="数量指标", name="培训天数", expected="5天"), AT_LEAST, "缺省"),
        (target(), AT_LEAST, "缺省"),
    ],
)
def test_plain_meaning_and_why(row: Target, meaning: PlainMeaning, why: str) -> None:
    assert plain_meaning_for(row, read_value(row.expected), JudgeOptions()) == (meaning, why)


def test_the_target_says_first_then_the_inference_then_the_default() -> None:
    cost = target(level1="成本指标", level2="经济成本指标", name="采购金额", expected="100万元",
                  plain_meaning="不低于")
    assert plain_meaning_for(cost, read_value("100万元"), JudgeOptions()) == (AT_LEAST, "自评表注明")
    cost = target(level1="成本指标", level2="经济成本指标", name="采购金额", expected="100万元")
    no_inference = JudgeOptions(infer_plain_meaning=False, plain_meaning=EXACTLY)
    assert plain_meaning_for(cost, read_value("100万元"), no_inference) == (EXACTLY, "缺省")


def test_a_duration_is_at_most_only_when_its_unit_is_read() -> None:
    # 3天 under 时效指标 is "at most" … which judge_target can tell only from the expected value's unit
    row = target(level2="时效指标", name="审批办结", expected="3天", actual="2天")
    judgement = judge_target(row)
    assert judgement.outcome is MET
    assert judgement.reason == "满足预期“3天”，低于预期值 1天（预期值未写比较符，按“不高于”理解：时效指标的时长）"
    assert judgement.target is row and judgement.name == "审批办结"


def test_an_unreadable_expected_value_under_a_timeliness_target() -> None:
    row = target(level2="时效指标", name="审批办结", expected="约3天", actual="2天")
    judgement = judge_target(row)
    assert (judgement.outcome, judgement.reason) == (UNKNOWN, "预期指标值无法识别：“约3天”是约数（“约”），无法据以判断")
    row = target(expected="约90%", actual="95%")
    assert judge_target(row).reason == "预期指标值无法识别：“约90%”是约数（“约”），无法据以判断"


def test_judge_target_uses_the_options_it_is_given() -> None:
    row = target(name="采购金额", level1="成本指标", level2="经济成本指标", expected="100万元", actual="120万元")
    assert judge_target(row).outcome is MISSED  # at most 100
    assert judge_target(row, JudgeOptions(infer_plain_meaning=False)).outcome is MET  # at least 100
    row = target(expected="95%", actual="95")
    assert judge_target(row, JudgeOptions(borrow_missing_unit=True)).outcome is MET


# --- deadlines ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("expected", "actual", "outcome", "reason"),
    [
        ("年度内", "100%", MET, "实际完成比例“100%”，即按时限“年度内”全部完成"),
        ("年度内", ">100%", MET, "实际完成比例“>100%”，即按时限“年度内”全部完成"),
        ("年度内", "99.99%", MISSED, "按时限“年度内”仅完成 99.99%"),
        ("年度内", "≥95%", UNKNOWN, "实际完成比例“≥95%”不确切，无法确定是否全部完成"),
        ("年度内", "≤100%", UNKNOWN, "时限“年度内”的实际值应为完成时间、完成比例（%）或完成情况，实际为“≤100%”"),
        ("年度内", "80%-100%", UNKNOWN,
         "时限“年度内”的实际值应为完成时间、完成比例（%）或完成情况，实际为“80%-100%”"),
        ("年度内", "12个", UNKNOWN, "时限“年度内”的实际值应为完成时间、完成比例（%）或完成情况，实际为“12个”"),
        ("12月15日前", "12月15日", MET, "实际完成时间“12月15日”不晚于时限“12月15日前”"),
        ("12月15日前", "12月16日", MISSED, "实际完成时间“12月16日”晚于时限“12月15日前”"),
        ("12月15日前", "12月底", MISSED, "实际完成时间“12月底”晚于时限“12月15日前”"),  # the month's end is later
        ("12月底前", "12月31日", MET, "实际完成时间“12月31日”不晚于时限“12月底前”"),
        ("年度内", "延期完成", MISSED, "实际情况“延期完成”表明未按时限“年度内”完成"),
        ("年度内", "已完成", MET, "实际情况“已完成”表明已按时限“年度内”完成"),
        ("年度内", "正在推进", UNKNOWN, "实际情况“正在推进”未说明是否按时限“年度内”完成，请评价人员判断"),
    ],
)
def test_deadline_reasons(expected: str, actual: str, outcome: Outcome, reason: str) -> None:
    judgement = judge_values(expected, actual)
    assert (judgement.outcome, judgement.reason) == (outcome, reason)
    assert (judgement.expected_text, judgement.actual_text) == (expected, actual)


def test_the_year_of_a_deadline_written_without_one() -> None:
    # the actual's own year stands for the expected month: 2024年3月 is before 2024's December
    assert judge_values("12月底前", "2024年3月").outcome is MET
    # the expected value's year stands for an actual month without one: December 2023 is after June 2023
    assert judge_values("2023年6月底前", "12月底").outcome is MISSED
    # the evaluation year comes first: June 2024 is after December 2023 …
    assert judge_values("6月底前", "2023年12月", options=JudgeOptions(year=2024)).outcome is MET
    # … and without it the actual's year is taken: December 2023 is after June 2023
    assert judge_values("6月底前", "2023年12月").outcome is MISSED


# --- qualitative ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("expected", "actual", "outcome", "reason"),
    [
        ("良好", "良好", MET, "实际情况与预期“良好”一致"),
        ("良好", "良", MET, "实际等级“良”不低于预期“良好”"),  # the same grade in other words
        ("良好", "优秀", MET, "实际等级“优秀”不低于预期“良好”"),
        ("良好", "合格", MISSED, "实际等级“合格”低于预期“良好”"),
        ("有效推动", "未有效推动", MISSED, "实际情况“未有效推动”表明未达到预期“有效推动”"),
        ("无重大事故", "无重大事故发生", MET, "实际情况“无重大事故发生”表明已达到预期“无重大事故”"),
        ("有效推动", "完成", MET, "实际情况“完成”表明已达到预期“有效推动”"),
        ("有效推动", "已验收", MET, "实际情况“已验收”表明已达到预期“有效推动”"),
        ("有效推动", "全部交付", MET, "实际情况“全部交付”表明已达到预期“有效推动”"),
        ("有效推动", "按时交付", MET, "实际情况“按时交付”表明已达到预期“有效推动”"),
        ("有效推动", "按期交付", MET, "实际情况“按期交付”表明已达到预期“有效推动”"),
        ("有效推动", "如期交付", MET, "实际情况“如期交付”表明已达到预期“有效推动”"),
        ("有效推动", "优秀", UNKNOWN, "实际情况“优秀”未说明是否达到预期“有效推动”，请评价人员判断"),
        ("良好", "正在推进", UNKNOWN, "实际情况“正在推进”未说明是否达到预期“良好”，请评价人员判断"),
        ("良好", "95%", UNKNOWN, "预期“良好”为定性描述，实际为定量值“95%”，无法比较"),
    ],
)
def test_qualitative_reasons(expected: str, actual: str, outcome: Outcome, reason: str) -> None:
    judgement = judge_values(expected, actual)
    assert (judgement.outcome, judgement.reason) == (outcome, reason)
    assert (judgement.expected_text, judgement.actual_text) == (expected, actual)


# --- readings ------------------------------------------------------------------------------------------------

def test_only_a_quantitative_reading_has_an_interval() -> None:
    for text in ("良好", "年度内"):
        with pytest.raises(ValueError, match=r"^只有定量指标值有取值区间$"):
            read_value(text).interval()


def test_interval_ends_open_only_where_the_comparator_excludes_them() -> None:
    below, at_most = read_value("<5天").interval(), read_value("≤5天").interval()
    assert D(5) not in below and D("4.99") in below
    assert D(5) in at_most and D("5.01") not in at_most
    above, at_least = read_value(">5天").interval(), read_value("≥5天").interval()
    assert D(5) not in above and D(5) in at_least


def test_canonical_writes_small_numbers_in_full() -> None:
    assert read_value("≥0.0000001%").canonical() == "≥0.0000001%"
    assert read_value("0.0000001%").canonical() == "0.0000001%"


def test_what_is_not_a_value_and_why() -> None:
    for text, message in [
        ("", "未填写"),
        ("-", "“-”不是指标值"),
        ("12月32日前", "“12月32日前”不是有效的日期"),
        ("13月底前", "“13月底前”不是有效的日期"),
        ("超过90%以内", "“超过90%以内”同时写了“高于”和“不高于”，含义矛盾"),
        ("≤300余人", "“≤300余人”同时写了“不高于”和“高于”，含义矛盾"),
        ("300余-400人", "“300余-400人”的区间端点不能是约数"),
        ("300-400余人", "“300-400余人”的区间端点不能是约数"),
        ("5%-5%", "“5%-5%”区间下限不小于上限"),
        ("6%-5%", "“6%-5%”区间下限不小于上限"),
    ]:
        with pytest.raises(UnreadableValue) as caught:
            read_value(text)
        assert str(caught.value) == message, text


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("12月31日前", Deadline(12, 31)),
        ("1月1日前", Deadline(1, 1)),
        ("2024年第一季度", Deadline(3, None, 2024)),
        ("第四季度末", Deadline(12)),
        ("上半年", Deadline(6)),
        ("下半年", Deadline(12)),
        ("年中前", Deadline(6)),
    ],
)
def test_deadlines_as_written(text: str, deadline: Deadline) -> None:
    assert read_value(text).deadline == deadline


def test_some_more_keeps_the_comparator_written() -> None:
    # `≥300余人`: more than 300 is already at least 300; the bound stays closed
    assert read_value("≥300余人").comparator is Comparator.AT_LEAST
    assert read_value("300余人").comparator is Comparator.ABOVE


def test_a_range_shares_the_upper_multiplier_only_to_stay_below_it() -> None:
    assert read_value("5-6万份").low == Quantity(D(5), "万")  # 5万 to 6万
    assert read_value("5万-6万份").low == Quantity(D(5), "万")
    # 6万 would not be below 6万: the lower end stays 6
    assert read_value("6-6万份").low == Quantity(D(6), "")


def test_what_cannot_be_judged_keeps_both_texts() -> None:
    judgement = judge_values("约90%", "95%")
    assert (judgement.outcome, judgement.reason) == (UNKNOWN, "预期指标值无法识别：“约90%”是约数（“约”），无法据以判断")
    assert (judgement.expected_text, judgement.actual_text, judgement.expected) == ("约90%", "95%", None)
    judgement = judge_values("≥90%", " ")
    assert (judgement.outcome, judgement.reason) == (UNKNOWN, "未填写实际完成指标值")
    assert (judgement.expected_text, judgement.actual_text) == ("≥90%", " ")
    assert judgement.expected == read_value("≥90%")
    judgement = judge_values("≥90%", "约95%")
    assert (judgement.outcome, judgement.reason) == (UNKNOWN, "实际完成指标值无法识别：“约95%”是约数（“约”），无法据以判断")
    assert (judgement.expected_text, judgement.actual_text) == ("≥90%", "约95%")
    assert judgement.expected == read_value("≥90%") and judgement.actual is None


def test_the_default_meaning_is_not_named_as_a_source() -> None:
    judgement = judge_values("100人", "120人", meaning_source="缺省")
    assert judgement.reason == "满足预期“100人”，高出 20人（预期值未写比较符，按“不低于”理解）"
