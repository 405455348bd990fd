"""Judging an actual value against the expected one (指标完成情况判断)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from jixiao.facts.model import Target
from jixiao.targets.expression import PlainMeaning
from jixiao.targets.judgement import JudgeOptions, Outcome, judge_target, judge_values, plain_meaning_for

MET, MISSED, UNKNOWN = Outcome.MET, Outcome.MISSED, Outcome.UNDETERMINED
AT_LEAST, EXACTLY, AT_MOST = PlainMeaning.AT_LEAST, PlainMeaning.EXACTLY, PlainMeaning.AT_MOST


@pytest.mark.parametrize(
    ("expected", "actual", "meaning", "outcome", "deviation", "relative"),
    [
        ("≥5万份", "6.33万份", AT_LEAST, MET, "+1.33万份", "+26.60%"),
        ("≥5万份", "63300份", AT_LEAST, MET, "+1.33万份", "+26.60%"),
        ("≥5万份", "4.5万份", AT_LEAST, MISSED, "-0.5万份", "-10.00%"),
        ("≥80%", "81.82%", AT_LEAST, MET, "+1.82 个百分点", "+2.28%"),
        ("≥90%", "85%", AT_LEAST, MISSED, "-5 个百分点", "-5.56%"),
        (">90%", "90%", AT_LEAST, MISSED, "0 个百分点", "0.00%"),
        ("≥23", "28", AT_LEAST, MET, "+5", "+21.74%"),
        ("11", "11", AT_LEAST, MET, "0", "0.00%"),
        ("11", "12", EXACTLY, MISSED, "+1", "+9.09%"),
        ("11", "12", AT_LEAST, MET, "+1", "+9.09%"),
        ("15 元/份", "15 元/份", AT_MOST, MET, "0元/份", "0.00%"),
        ("15 元/份", "18元/份", AT_MOST, MISSED, "+3元/份", "+20.00%"),
        ("15元/份", "12元/份", AT_MOST, MET, "-3元/份", "-20.00%"),
        ("3%", "3%", AT_LEAST, MET, "0 个百分点", "0.00%"),
        ("0", "0", AT_MOST, MET, "0", ""),
        ("0", "1", AT_MOST, MISSED, "+1", ""),
        ("≤5天", "3天", AT_LEAST, MET, "-2天", "-40.00%"),
        ("3个工作日内", "4个工作日", AT_LEAST, MISSED, "+1个工作日", "+33.33%"),
        ("80%-90%", "85%", AT_LEAST, MET, "", ""),
        ("80%-90%", "95%", AT_LEAST, MISSED, "+5 个百分点", "+5.56%"),
        ("80%-90%", "70%", AT_LEAST, MISSED, "-10 个百分点", "-12.50%"),
        ("≥90%", "95%以上", AT_LEAST, MET, "", ""),
        ("≥90%", "≥85%", AT_LEAST, UNKNOWN, "", ""),
        ("≥90%", "<80%", AT_LEAST, MISSED, "", ""),
        ("≥300人", "300余人", AT_LEAST, MET, "", ""),
        ("≥2亿元", "1.8亿元", AT_LEAST, MISSED, "-0.2亿元", "-10.00%"),
    ],
)
def test_quantitative(
    expected: str, actual: str, meaning: PlainMeaning, outcome: Outcome, deviation: str, relative: str
) -> None:
    judgement = judge_values(expected, actual, meaning)
    assert judgement.outcome is outcome, judgement.reason
    assert judgement.deviation_text() == deviation
    assert judgement.relative_text() == relative
    assert judgement.expected_text == expected and judgement.actual_text == actual


def test_deviation_is_exact_in_the_base_unit() -> None:
    judgement = judge_values("≥5万份", "6.33 万份")
    assert judgement.deviation == Decimal("13300")
    assert judgement.relative_deviation == Decimal("0.266")
    assert judgement.reference == Decimal("50000")


@pytest.mark.parametrize(
    ("expected", "actual", "says"),
    [
        ("≥5万份", "6.33万场", "单位不一致：预期为“份”，实际为“场”"),
        ("≥500个", "612", "未写单位"),
        ("≥500", "612个", "未写单位"),
        ("≥90%", "0.95", "未写单位"),
        ("≥90%", "27.000.00", "多个小数点"),
        ("≥90%", "约95%", "约数"),
        ("≥90%", "", "未填写实际完成指标值"),
        ("≥90%", "良好", "无法比较"),
        ("≥90%", "—", "不是指标值"),
        ("见附件", "详见说明", "未说明"),
        ("≥90%以内", "95%", "预期指标值无法识别"),
        ("有效", "95%", "无法比较"),
        ("年度内", "3天", "完成时间、完成比例"),
    ],
)
def test_cannot_judge_says_why(expected: str, actual: str, says: str) -> None:
    judgement = judge_values(expected, actual)
    assert judgement.outcome is UNKNOWN
    assert says in judgement.reason
    assert judgement.deviation is None


def test_a_missing_unit_may_be_borrowed_when_asked() -> None:
    options = JudgeOptions(borrow_missing_unit=True)
    judgement = judge_values("≥500个", "612", options=options)
    assert judgement.outcome is MET
    assert "按“个”理解" in judgement.reason
    assert judge_values("≥500个", "612场", options=options).outcome is UNKNOWN


@pytest.mark.parametrize(
    ("expected", "actual", "outcome"),
    [
        ("年度内", "100%", MET),
        ("年度内", "80%", MISSED),
        ("年度内", "≥95%", UNKNOWN),
        ("12月底前", "11月20日完成", MET),
        ("12月底前", "2023年12月31日", MET),
        ("6月30日前", "7月5日", MISSED),
        ("第三季度前", "9月底前", MET),
        ("年度内", "年度内", MET),
        ("年度内", "按时完成", MET),
        ("年度内", "已完成", MET),
        ("年度内", "延期完成", MISSED),
        ("年度内", "未完成", MISSED),
        ("年度内", "正在推进", UNKNOWN),
        ("年度内", "2024年1月", MISSED),
        ("年度内", "2023年12月20日", MET),
    ],
)
def test_deadlines(expected: str, actual: str, outcome: Outcome) -> None:
    judgement = judge_values(expected, actual, options=JudgeOptions(year=2023))
    assert judgement.outcome is outcome, judgement.reason


@pytest.mark.parametrize(
    ("expected", "actual", "outcome"),
    [
        ("有效推动", "有效推动", MET),
        ("有效", "有效", MET),
        ("有效", "成效显著", UNKNOWN),
        ("有效", "有效提升", MET),
        ("有效", "无效", MISSED),
        ("有效推动", "未能有效推动", MISSED),
        ("良好", "优秀", MET),
        ("良好", "良好", MET),
        ("优秀", "良好", MISSED),
        ("良好", "一般", MISSED),
        ("及时", "及时", MET),
        ("及时", "不及时", MISSED),
        ("及时", "已完成", MET),
        ("无重大事故", "无重大事故", MET),
        ("无重大事故", "发生1起", UNKNOWN),
        ("有效提升", "不断提升", UNKNOWN),
        ("有效", "不断有效推进", MET),
    ],
)
def test_qualitative(expected: str, actual: str, outcome: Outcome) -> None:
    judgement = judge_values(expected, actual)
    assert judgement.outcome is outcome, judgement.reason


def _target(name: str, expected: str, actual: str, level2: str = "数量指标", **more: object) -> Target:
    return TypeAdapter(Target).validate_python(
        {"level1": "产出指标", "level2": level2, "name": name, "expected": expected, "actual": actual, **more}
    )


@pytest.mark.parametrize(
    ("target", "meaning", "why"),
    [
        (_target("空白证明书工本费", "15元/份", "15元/份", "成本指标"), AT_MOST, "成本指标"),
        (_target("重大网络安全事故发生数", "0", "0", "社会效益"), AT_MOST, "越少越好"),
        (_target("投诉率", "2%", "1%", "质量指标"), AT_MOST, "越少越好"),
        (_target("办件时长", "5天", "3天", "时效指标"), AT_MOST, "越少越好"),
        (_target("办理时间", "5天", "3天", "时效指标"), AT_MOST, "时效"),
        (_target("办件量", "5000件", "6000件"), AT_LEAST, "缺省"),
        (_target("投诉办结率", "100%", "100%", "质量指标"), AT_LEAST, "缺省"),
        (_target("联络处数量", "11", "11", plain_meaning="等于"), EXACTLY, "自评表注明"),
    ],
)
def test_what_a_plain_value_means(target: Target, meaning: PlainMeaning, why: str) -> None:
    from jixiao.targets.expression import read_value

    found, reason = plain_meaning_for(target, read_value(target.expected), JudgeOptions())
    assert found is meaning
    assert why in reason


def test_the_default_meaning_is_a_parameter() -> None:
    target = _target("联络处数量", "11", "12")
    assert judge_target(target).outcome is MET
    assert judge_target(target, JudgeOptions(plain_meaning=EXACTLY)).outcome is MISSED
    assert judge_target(target, JudgeOptions(plain_meaning=AT_MOST)).outcome is MISSED
    cost = _target("工本费", "15元/份", "16元/份", "成本指标")
    assert judge_target(cost).outcome is MISSED
    assert judge_target(cost, JudgeOptions(infer_plain_meaning=False)).outcome is MET


def test_the_reason_names_the_meaning_applied() -> None:
    judgement = judge_target(_target("空白证明书工本费", "15 元/份", "15 元/份", "成本指标"))
    assert judgement.meaning is AT_MOST
    assert "按“不高于”理解：成本指标" in judgement.reason
    assert judgement.name == "空白证明书工本费"


def test_yaml_numbers_are_kept_as_written_text() -> None:
    target = TypeAdapter(Target).validate_python(
        {"level1": "效益指标", "level2": "社会效益", "name": "事故数", "expected": 0, "actual": Decimal("0")}
    )
    assert (target.expected, target.actual) == ("0", "0")


_amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(_amounts, _amounts, st.sampled_from(["份", "%", "", "元/份"]))
def test_at_least_agrees_with_arithmetic(expected: Decimal, actual: Decimal, unit: str) -> None:
    judgement = judge_values(f"≥{expected}{unit}", f"{actual}{unit}")
    assert judgement.outcome is (MET if actual >= expected else MISSED)
    assert judgement.deviation == actual - expected
    if expected:
        assert judgement.relative_deviation == (actual - expected) / expected


@given(_amounts, _amounts)
def test_at_most_agrees_with_arithmetic(expected: Decimal, actual: Decimal) -> None:
    judgement = judge_values(f"{expected}元/份", f"{actual}元/份", AT_MOST)
    assert judgement.outcome is (MET if actual <= expected else MISSED)


@given(_amounts, st.sampled_from(["万", "亿", ""]))
def test_multipliers_compare_exactly(value: Decimal, multiplier: str) -> None:
    factor = {"万": 10**4, "亿": 10**8, "": 1}[multiplier]
    written = f"{value}{multiplier}份"
    expanded = f"{format(value * factor, 'f')}份"
    judgement = judge_values(f"≥{written}", expanded)
    assert judgement.outcome is MET
    assert judgement.deviation == 0
