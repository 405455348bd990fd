"""The 财预〔2020〕10号 method of the ``targets`` rule (method: caiyu-2020-10), worked by hand.

Quantitative targets: met → the whole weight, missed → actual ÷ expected of it; a lower-bound target exceeded
by more than the threshold loses ``penalty × (deviation − threshold)`` of its weight. Qualitative and deadline
targets: a share of the weight by band (达成 / 部分达成 / 未达成).
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from jixiao.facts.load import parse_case
from jixiao.facts.model import Target
from jixiao.frameworks import parse_framework
from jixiao.problems import InputError
from jixiao.rules import Context, Rule
from jixiao.scoring.engine import evaluate
from jixiao.scoring.trail import render_step
from jixiao.targets import judge_target, judge_values, score_targets, total_score
from jixiao.targets.caiyu10 import Band, Caiyu10Error, Caiyu10Method, band_in_words
from jixiao.targets.expression import PlainMeaning

D = Decimal
RULE = TypeAdapter(Rule)


def _case(rows: str) -> Any:
    return parse_case("department: {name: 测试部门}\nyear: 2023\nself_evaluation:\n  targets:\n" + textwrap.indent(
        textwrap.dedent(rows), "    "
    ))


def _score(rows: str, **parameters: Any) -> tuple[Decimal, list[str]]:
    rule = RULE.validate_python({"kind": "targets", "method": "caiyu-2020-10", **parameters})
    outcome = rule.evaluate(Context(_case(rows), None))
    return outcome.score, [render_step(step) for step in outcome.steps]


def _one(expected: str, actual: str, weight: str, level2: str = "数量指标", **parameters: Any) -> tuple[Decimal, str]:
    row = (f'- {{level1: 产出指标, level2: {level2}, name: 甲, expected: "{expected}", actual: "{actual}", '
           f"weight: {weight}}}\n")
    score, steps = _score(row, points=weight, **parameters)
    return score, steps[0]


# --- quantitative --------------------------------------------------------------------------------------


def test_a_quantitative_target_missed_earns_in_proportion() -> None:
    # 80 ÷ 100 = 80% of weight 10 → 8.00
    assert _one("≥100份", "80份", "10") == (
        D("8.00"), "甲（未达成）：80份 ÷ 100份 = 80.00%，未达到目标，按完成比例计 × 10.00 = 8.00")


def test_an_at_most_target_missed_earns_expected_over_actual() -> None:
    # cost ≤ 100元, actual 125元: 100 ÷ 125 = 80% of weight 5 → 4.00
    assert _one("≤100元", "125元", "5", "成本指标")[0] == D("4.00")


def test_an_at_most_target_far_below_its_cap_is_not_cut() -> None:
    # The cut is for lower-bound targets: a cost of 10元 against ≤100元 keeps the whole weight 5.
    assert _one("≤100元", "10元", "5", "成本指标")[0] == D("5.00")


def test_an_exact_target_overshot_loses_by_its_ratio_not_by_the_cut() -> None:
    # "=100" (plain 100 read as 等于), actual 200: 100 ÷ 200 = 50% of weight 10 → 5.00
    rows = '- {level1: 产出指标, level2: 数量指标, name: 甲, expected: "100份", actual: "200份", weight: 10, ' \
           "plain_meaning: 等于}\n"
    score, steps = _score(rows, points=10)
    assert score == D("5.00")
    assert steps[0] == "甲（未达成）：100份 ÷ 200份 = 50.00%，未达到目标，按完成比例计 × 10.00 = 5.00"


def test_far_above_a_target_set_too_low_is_cut() -> None:
    # ≥100, actual 200: over by (200 − 100) ÷ 100 = 100%; beyond the 50% threshold by 50%;
    # share 1 − 1 × 50% = 50% of weight 10 → 5.00
    assert _one("≥100份", "200份", "10") == (
        D("5.00"),
        "甲（达成）：200份 ÷ 100份 = 200.00%，实际值超出目标 100.00%，超过 50.00% 的部分按目标值设置偏低扣减 "
        "50.00%，按 50.00% 计 × 10.00 = 5.00",
    )
    # actual 180: over 80%, beyond 30%, share 70% → 7.00
    assert _one("≥100份", "180份", "10")[0] == D("7.00")


def test_within_the_threshold_the_target_keeps_its_weight() -> None:
    # actual 140: over 40%, not beyond 50% → 10.00
    assert _one("≥100份", "140份", "10") == (
        D("10.00"), "甲（达成）：140份 ÷ 100份 = 140.00%，超出目标 40.00%，未超过 50.00%，按 100% 计 × 10.00 = 10.00")


@pytest.mark.parametrize(
    ("actual", "score"),
    [
        ("149.9份", "10.00"),  # over 49.9%: within
        ("150份", "10.00"),  # over exactly 50%: "more than" the threshold is needed
        ("150.1份", "9.99"),  # over 50.1%: beyond by 0.1%, share 99.9% → 9.99
        ("151份", "9.90"),  # beyond by 1% → 9.90
        ("250份", "0.00"),  # over 150%: beyond by 100%, the whole weight
        ("400份", "0.00"),  # beyond by 250%: capped at the weight, never below 0
    ],
)
def test_both_sides_of_the_threshold(actual: str, score: str) -> None:
    assert _one("≥100份", actual, "10")[0] == D(score)


def test_at_the_threshold_itself_nothing_is_cut() -> None:
    assert _one("≥100份", "150份", "10")[1] == (
        "甲（达成）：150份 ÷ 100份 = 150.00%，超出目标 50.00%，未超过 50.00%，按 100% 计 × 10.00 = 10.00")


def test_the_cut_stops_at_the_weight_and_says_so() -> None:
    assert _one("≥100份", "400份", "10")[1].endswith("扣减 250.00%（扣完为止），按 0.00% 计 × 10.00 = 0.00")


def test_threshold_and_penalty_are_parameters() -> None:
    # threshold 20%, actual 150: beyond by 30% → 7.00
    assert _one("≥100份", "150份", "10", overshoot_threshold="20%")[0] == D("7.00")
    # penalty 0.5, actual 200: cut 0.5 × 50% = 25% → 7.50
    score, step = _one("≥100份", "200份", "10", overshoot_penalty="0.5")
    assert score == D("7.50")
    assert "扣减 50.00% × 0.5，按 75.00% 计" in step
    # threshold 0: any overshoot is cut; actual 101 → beyond 1% → 9.90; actual 100 → met exactly → 10.00
    assert _one("≥100份", "101份", "10", overshoot_threshold=0)[0] == D("9.90")
    assert _one("≥100份", "100份", "10", overshoot_threshold=0)[0] == D("10.00")


def test_null_threshold_switches_the_cut_off() -> None:
    assert _one("≥100份", "200份", "10", overshoot_threshold=None) == (
        D("10.00"), "甲（达成）：200份 ÷ 100份 = 200.00%，超出目标 100.00%（不作目标偏低扣减），按 100% 计 × 10.00 = 10.00")


def test_a_percentage_target_measures_its_overshoot_against_the_target() -> None:
    # ≥60%, actual 99%: over by (99 − 60) ÷ 60 = 65%, beyond 15% → share 85% of weight 2 → 1.70
    assert _one("≥60%", "99%", "2", "质量指标")[0] == D("1.70")


def test_a_quantitative_target_that_cannot_be_judged_scores_nothing() -> None:
    assert _one("≥5万份", "6.33万场", "2") == (
        D("0.00"), "甲（无法判断）：无法判断，按 0 计（请评价人员复核） × 2.00 = 0.00")


# --- qualitative ---------------------------------------------------------------------------------------


def test_qualitative_partly_met_earns_the_partly_share() -> None:
    # 部分达成, partly = 70% of weight 5 → 3.50
    assert _one("有效", "部分达成", "5", "社会效益") == (
        D("3.50"),
        "甲（部分达成）：定性指标，实际完成值写明“部分达成”，属“部分达成年度指标并具有一定效果”档，"
        "按分值的 70.00% 计 × 5.00 = 3.50",
    )


def test_the_stated_band_wins_over_the_wording_match() -> None:
    # Judged alone, “部分达成” against “达成” reads as met (it contains the words); the band says partly.
    assert judge_values("达成", "部分达成").outcome.value == "达成"
    assert _one("达成", "部分达成", "5", "社会效益")[0] == D("3.50")


@pytest.mark.parametrize(
    ("expected", "actual", "level2", "score", "verdict"),
    [
        ("有效", "有效", "社会效益", "5.00", "达成"),  # judged met → met, 100%
        ("良好", "优秀", "服务对象满意度", "5.00", "达成"),  # a better grade → met
        ("有效", "无效", "社会效益", "0.00", "未达成"),  # judged missed → not met, 0%
        ("有效", "已完成", "社会效益", "5.00", "达成"),
        ("有效", "未完成", "社会效益", "0.00", "未达成"),
        ("有效", "部分完成", "社会效益", "3.50", "部分达成"),
        ("有效", "部分未完成", "社会效益", "3.50", "部分达成"),
        ("年度内", "部分完成", "时效指标", "3.50", "部分达成"),  # a deadline is banded too
        ("年度内", "延期完成", "时效指标", "0.00", "未达成"),
        ("年度内", "100%", "时效指标", "5.00", "达成"),
        ("有效", "正在推进", "社会效益", "0.00", "无法判断"),  # nothing to go on: the evaluator decides
    ],
)
def test_qualitative_bands(expected: str, actual: str, level2: str, score: str, verdict: str) -> None:
    got, step = _one(expected, actual, "5", level2)
    assert got == D(score)
    assert step.startswith(f"甲（{verdict}）：")


def test_a_deadline_says_it_is_one() -> None:
    assert _one("年度内", "延期完成", "5", "时效指标")[1] == (
        "甲（未达成）：时限指标，判断为未达成，属“未达成年度指标且效果较差”档，按分值的 0.00% 计 × 5.00 = 0.00")


def test_band_shares_are_parameters() -> None:
    shares = {"met": "80%", "partly": "60%", "not_met": "59.99%"}
    # weight 5: met 80% → 4.00; partly 60% → 3.00; not met 59.99% → 2.9995 → 3.00
    assert _one("有效", "有效", "5", "社会效益", qualitative=shares)[0] == D("4.00")
    assert _one("有效", "部分达成", "5", "社会效益", qualitative=shares)[0] == D("3.00")
    assert _one("有效", "无效", "5", "社会效益", qualitative=shares)[0] == D("3.00")


@pytest.mark.parametrize(
    ("text", "band"),
    [
        ("达成", Band.MET), ("完成", Band.MET), ("已完成", Band.MET), ("全部完成", Band.MET),
        ("达成年度指标", Band.MET), ("部分达成", Band.PARTLY), ("部分实现", Band.PARTLY),
        ("部分达成并具有一定效果", Band.PARTLY), ("未达成", Band.NOT_MET), ("尚未完成", Band.NOT_MET),
        ("没有达到", Band.NOT_MET), ("有效推动", None), ("良好", None), ("按时完成", None),
    ],
)
def test_band_in_words(text: str, band: Band | None) -> None:
    assert band_in_words(text) is band


# --- rounding and the total ----------------------------------------------------------------------------


def test_ties_round_half_up() -> None:
    # 199 ÷ 200 = 99.5% of weight 3 = 2.985 → 2.99 (half-even would give 2.98)
    assert _one("≥200份", "199份", "3")[0] == D("2.99")
    # ≥1000, actual 1515: over 51.5%, beyond 1.5%, share 98.5% of weight 1 = 0.985 → 0.99
    assert _one("≥1000份", "1515份", "1")[0] == D("0.99")
    # partly 70% of weight 2.55 = 1.785 → 1.79
    assert _one("有效", "部分达成", "2.55", "社会效益")[0] == D("1.79")


def test_the_total_adds_exact_shares_and_rounds_once() -> None:
    # three targets of 2.985 each (shown 2.99): total 8.955 → 8.96, as the proportional method does
    rows = "".join(
        f'- {{level1: 产出指标, level2: 数量指标, name: {name}, expected: "≥200份", actual: "199份", weight: 3}}\n'
        for name in "甲乙丙"
    )
    score, steps = _score(rows, points=9)
    assert score == D("8.96")
    assert steps[-1] == "绩效指标 3 项（全部）合计 8.96"


def test_a_mixed_table() -> None:
    rows = """\
        - {level1: 产出指标, level2: 数量指标, name: 培训人次, expected: "≥100人次", actual: "80人次", weight: 10}
        - {level1: 产出指标, level2: 数量指标, name: 宣传场次, expected: "≥100场", actual: "200场", weight: 10}
        - {level1: 效益指标, level2: 社会效益, name: 群众知晓度, expected: 明显提高, actual: 部分达成, weight: 5}
        - {level1: 满意度指标, level2: 服务对象满意度, name: 满意度, expected: "≥90%", actual: "95%", weight: 5}
        """
    # 8.00 + 5.00 + 3.50 + 5.00 (95 vs 90: over 5.56%, within the threshold) = 21.50
    score, steps = _score(rows, points=30)
    assert score == D("21.50")
    assert steps[-1] == "绩效指标 4 项（全部）合计 21.50"


# --- the default is unchanged --------------------------------------------------------------------------


def test_proportional_written_out_is_the_default() -> None:
    rows = """\
        - {level1: 产出指标, level2: 数量指标, name: 甲, expected: "≥100份", actual: "200份", weight: 4}
        - {level1: 效益指标, level2: 社会效益, name: 乙, expected: 有效, actual: 部分达成, weight: 1}
        """
    default = RULE.validate_python({"kind": "targets", "points": 5}).evaluate(Context(_case(rows), None))
    written = RULE.validate_python({"kind": "targets", "points": 5, "method": "proportional"}).evaluate(
        Context(_case(rows), None))
    assert default == written
    assert default.score == D("4.00")  # 4 + 0 (部分达成 against 有效 cannot be judged)


# --- parameters are checked when the framework loads ---------------------------------------------------


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"qualitative": {"met": "79.99%"}}, r"qualitative\.met.*\[80\.00%, 100\.00%\].*79\.99%"),
        ({"qualitative": {"met": "100.01%"}}, r"qualitative\.met"),
        ({"qualitative": {"partly": "80%"}}, r"qualitative\.partly.*\[60\.00%, 80\.00%\)"),
        ({"qualitative": {"partly": "59.99%"}}, r"qualitative\.partly"),
        ({"qualitative": {"not_met": "60%"}}, r"qualitative\.not_met.*\[0\.00%, 60\.00%\)"),
        ({"qualitative": {"not_met": "-1%"}}, r"qualitative\.not_met"),
        ({"overshoot_threshold": "-5%"}, "overshoot_threshold（超目标扣减的起点）不能为负数"),
        ({"overshoot_penalty": 0}, "overshoot_penalty（超目标扣减的系数）必须大于 0"),
        ({"overshoot_penalty": "-0.5"}, "overshoot_penalty"),
        ({"qualitative": {"partly": "70%", "half": "50%"}}, "half"),
    ],
)
def test_parameters_out_of_range_are_refused(parameters: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RULE.validate_python({"kind": "targets", "points": 5, "method": "caiyu-2020-10", **parameters})


@pytest.mark.parametrize(
    "shares",
    [{"met": "80%"}, {"met": "100%"}, {"partly": "60%"}, {"partly": "79.99%"}, {"not_met": 0},
     {"not_met": "59.99%"}],
)
def test_band_edges_inside_are_accepted(shares: dict[str, Any]) -> None:
    RULE.validate_python({"kind": "targets", "points": 5, "method": "caiyu-2020-10", "qualitative": shares})


def test_the_method_parameters_need_the_method() -> None:
    with pytest.raises(ValueError, match="qualitative、overshoot_threshold 只用于 method: caiyu-2020-10"):
        RULE.validate_python({"kind": "targets", "points": 5, "qualitative": {}, "overshoot_threshold": None})
    with pytest.raises(ValueError, match="method"):
        RULE.validate_python({"kind": "targets", "points": 5, "method": "caiyu"})


def test_the_method_itself_checks_its_parameters() -> None:
    with pytest.raises(Caiyu10Error, match=r"qualitative\.partly"):
        Caiyu10Method(partly=D("0.85"))


FRAMEWORK = textwrap.dedent("""\
    id: caiyu10-test
    title: 项目支出绩效自评（财预〔2020〕10号）测试
    region: 测试市
    year: 2023
    source: {document: 项目支出绩效评价管理办法（财预〔2020〕10号）}
    total: 90
    grades:
      - {grade: 优, min: 81}
      - {grade: 差, min: 0}
    groups:
      - name: 绩效指标
        weight: 90
        groups:
          - name: 产出
            weight: 50
            indicators:
              - id: outputs
                name: 产出指标
                weight: 50
                description: 数量、质量、时效、成本指标
                standard: 达成得满分，未达成按比例，目标偏低超出过多扣分
                rule: {kind: targets, points: 50, level1: [产出指标], method: caiyu-2020-10, RULE_EXTRA}
          - name: 效益
            weight: 40
            indicators:
              - id: benefits
                name: 效益指标
                weight: 40
                description: 社会效益等
                standard: 定性指标分档计分
                rule:
                  kind: targets
                  points: 40
                  level1: [效益指标]
                  method: caiyu-2020-10
                  qualitative: {met: 90%, partly: 65%, not_met: 30%}
    """)

CASE = textwrap.dedent("""\
    department: {name: 测试部门}
    year: 2023
    self_evaluation:
      targets:
        - {level1: 产出指标, level2: 数量指标, name: 培训人次, expected: "≥1000人次", actual: "1800人次", weight: 30}
        - {level1: 产出指标, level2: 时效指标, name: 完成时间, expected: 年度内, actual: 按时完成, weight: 20}
        - {level1: 效益指标, level2: 社会效益, name: 知晓度, expected: 明显提高, actual: 部分达成, weight: 20}
        - {level1: 效益指标, level2: 社会效益, name: 覆盖面, expected: 有效, actual: 达成年度指标, weight: 10}
        - {level1: 效益指标, level2: 可持续影响, name: 长效机制, expected: 建立, actual: 未建立, weight: 10}
    """)


def test_a_framework_file_with_the_method() -> None:
    framework = parse_framework(FRAMEWORK.replace("RULE_EXTRA", "overshoot_threshold: 60%"), "caiyu10.yaml")
    evaluation = evaluate(parse_case(CASE), framework)
    scores = {r.indicator.id: r.score for r in evaluation.results}
    # outputs: 1800 vs ≥1000 is 80% over, 20% beyond 60% → 80% of 30 = 24; on time → 20; total 44.00
    # benefits: 部分达成 65% of 20 = 13; 达成 90% of 10 = 9; 未建立 (judged missed) 30% of 10 = 3; total 25.00
    assert scores == {"outputs": D("44.00"), "benefits": D("25.00")}
    steps = [render_step(s) for s in evaluation.results[0].steps]
    assert "超过 60.00% 的部分按目标值设置偏低扣减 20.00%，按 80.00% 计" in steps[0]


def test_a_framework_file_with_a_band_out_of_range_is_refused_in_chinese() -> None:
    text = FRAMEWORK.replace("RULE_EXTRA", "qualitative: {partly: 85%}")
    with pytest.raises(InputError, match=r"第 22 行.*部分达成年度指标并具有一定效果.*\[60\.00%, 80\.00%\).*85\.00%"):
        parse_framework(text, "caiyu10.yaml")


# --- properties ----------------------------------------------------------------------------------------

_values = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
_rates = st.decimals(min_value=0, max_value=3, places=3, allow_nan=False, allow_infinity=False)


@given(_values, _values, st.sampled_from(["≥", "≤", ">", "<", ""]), _rates,
       st.decimals(min_value=D("0.01"), max_value=5, places=2, allow_nan=False, allow_infinity=False))
def test_the_method_never_gives_more_than_the_proportional_one(
    expected: Decimal, actual: Decimal, comparator: str, threshold: Decimal, penalty: Decimal
) -> None:
    judgement = judge_values(f"{comparator}{expected}份", f"{actual}份", PlainMeaning.EXACTLY)
    method = Caiyu10Method(overshoot_threshold=threshold, overshoot_penalty=penalty)
    (proportional,) = score_targets([judgement], D(10))
    (caiyu,) = score_targets([judgement], D(10), share=method.share)
    assert 0 <= caiyu.ratio <= proportional.ratio <= 1
    over = judgement.relative_deviation
    if comparator not in ("≥", ">") or over is None or over <= threshold:
        assert caiyu.ratio == proportional.ratio
    else:
        assert caiyu.ratio == max(1 - penalty * (over - threshold), 0)


@given(_values, _values, st.sampled_from(["≥", "≤", ""]))
def test_without_a_threshold_quantitative_targets_score_as_proportional(
    expected: Decimal, actual: Decimal, comparator: str
) -> None:
    judgement = judge_values(f"{comparator}{expected}份", f"{actual}份", PlainMeaning.EXACTLY)
    method = Caiyu10Method(overshoot_threshold=None)
    (proportional,) = score_targets([judgement], D(7))
    (caiyu,) = score_targets([judgement], D(7), share=method.share)
    assert caiyu.ratio == proportional.ratio
    assert total_score([caiyu]) == total_score([proportional])


def test_direct_records() -> None:
    target = TypeAdapter(Target).validate_python({
        "level1": "产出指标", "level2": "数量指标", "name": "发放份数", "expected": "≥5万份", "actual": "8万份",
        "weight": 4,
    })
    # 8万 vs ≥5万: over 60%, beyond 50% by 10% → 90% of 4 = 3.60
    (scored,) = score_targets([judge_target(target)], share=Caiyu10Method().share)
    assert scored.score == D("3.60")
    assert scored.step == ("8万份 ÷ 5万份 = 160.00%，实际值超出目标 60.00%，超过 50.00% 的部分按目标值设置偏低扣减 "
                           "10.00%，按 90.00% 计 × 4.00 = 3.60")


def test_the_rule_reads_in_words() -> None:
    from jixiao.render.rule_text import describe_rule

    rule = RULE.validate_python({"kind": "targets", "points": 30, "level1": ["产出指标"], "method": "caiyu-2020-10",
                                 "overshoot_penalty": "0.5"})
    text = describe_rule(rule)
    assert text.startswith("按绩效指标完成情况计分（财预〔2020〕10号，产出指标）：定量指标达成得满分")
    assert "超出目标 50% 以上的，视为目标设置偏低，超过部分每 1 个百分点扣该项分值的 0.5%（扣完为止）" in text
    assert "达成 100%、部分达成 70%、未达成 0%" in text


def test_a_strict_lower_bound_met_exactly_stays_missed_in_the_trail() -> None:
    # “>100” with actual 100 is not met; the ratio 100 ÷ 100 = 100% still earns the weight, as proportionally
    score, step = _one(">100份", "100份", "2")
    assert score == D("2.00")
    assert step.startswith("甲（未达成）：100份 ÷ 100份 = 100.00%")
