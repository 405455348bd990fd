"""Each rule kind on its own: boundaries, zero denominators, rounding points, and properties over many inputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from casefiles import apply_changes, base_data
from jixiao.facts.load import case_from_data
from jixiao.facts.model import DepartmentYear, Judgement
from jixiao.intervals import parse_interval
from jixiao.rules import Context, Rule
from jixiao.yamlsource import SourceMap

RULE = TypeAdapter(Rule)
BASE = base_data("examples/shenzhen-ccpit-2023.yaml")
D = Decimal


def rule(**params: Any) -> Any:
    return RULE.validate_python(params)


def case(**changes: Any) -> DepartmentYear:
    return case_from_data(apply_changes(BASE, changes), SourceMap("test"))


def score(r: Any, c: DepartmentYear, judgement: Judgement | None = None) -> Decimal:
    """The rule's score, checked to be the same whether it is explained or not (batches score without trails)."""
    explained = r.evaluate(Context(c, judgement))
    quick_score, quick_steps = r.compile(explain=False)(c, judgement)
    assert quick_score == explained.score
    assert quick_steps in ((), explained.steps)
    assert explained.steps
    return explained.score


# --- intervals -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("≥ 90%", ["0.9", "1"], ["0.8999"]),
        (">= 90%", ["0.9"], ["0.89"]),
        ("> 100%", ["1.0001"], ["1"]),
        ("≤ 100%", ["1", "0"], ["1.0001"]),
        ("< 5%", ["0.0499"], ["0.05"]),
        ("[5%, 10%]", ["0.05", "0.1"], ["0.0499", "0.1001"]),
        ("[75%, 90%)", ["0.75", "0.8999"], ["0.9", "0.7499"]),
        ("(100%, ∞)", ["1.01"], ["1"]),
        ("= 100%", ["1"], ["0.9999", "1.0001"]),
        ("［75%，90%）".replace("［", "[").replace("）", ")"), ["0.8"], ["0.9"]),
        ("≥ 3", ["3", "4"], ["2.99"]),
    ],
)
def test_interval_reading(text: str, inside: list[str], outside: list[str]) -> None:
    interval = parse_interval(text)
    for value in inside:
        assert D(value) in interval, (text, value)
    for value in outside:
        assert D(value) not in interval, (text, value)


@pytest.mark.parametrize("text", ["about 90%", "[90%, 80%]", "≥ 27.000.00", ""])
def test_interval_refuses_unclear_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(text)


# --- bands ---------------------------------------------------------------------------------------------------

SATISFACTION = dict(kind="bands", value="satisfaction.rate", bands=[
    {"range": "≥ 95%", "points": 6}, {"range": "[90%, 95%)", "points": 4},
    {"range": "[80%, 90%)", "points": 2}, {"range": "< 80%", "points": 1}])


@pytest.mark.parametrize(("rate", "points"), [("95%", 6), ("100%", 6), ("94.99%", 4), ("90%", 4), ("89.99%", 2),
                                              ("80%", 2), ("79.99%", 1), ("0%", 1)])
def test_bands_boundaries(rate: str, points: int) -> None:
    assert score(rule(**SATISFACTION), case(**{"satisfaction.rate": rate})) == points


def test_bands_must_not_overlap() -> None:
    with pytest.raises(ValidationError, match="重叠"):
        rule(kind="bands", value="satisfaction.rate",
             bands=[{"range": "≥ 90%", "points": 1}, {"range": "[80%, 95%)", "points": 0.5}])


def test_bands_gap_scores_zero_and_says_so() -> None:
    r = rule(kind="bands", value="satisfaction.rate", bands=[{"range": "≥ 90%", "points": 1}])
    outcome = r.evaluate(Context(case(**{"satisfaction.rate": "50%"}), None))
    assert outcome.score == 0
    assert "不在任何一档内" in outcome.steps[-1].render()


@pytest.mark.parametrize(("policy", "expected"), [("full", D(1)), ("zero", D(0)), (D("0.5"), D("0.5"))])
def test_zero_denominator_follows_the_framework(policy: Any, expected: Decimal) -> None:
    r = rule(kind="bands", numerator="assets.fixed_in_use", denominator="assets.fixed_original_value",
             if_undefined=policy, bands=[{"range": "≥ 90%", "points": 1}, {"range": "< 90%", "points": 0}])
    c = case(**{"assets.fixed_original_value": 0, "assets.fixed_in_use": 0})
    assert score(r, c) == expected


@settings(max_examples=100, deadline=None)
@given(points=st.decimals(min_value=0, max_value=10, places=2), kind=st.sampled_from(["bands", "ratio_points"]))
def test_a_zero_denominator_never_scores_above_the_rule(points: Decimal, kind: str) -> None:
    params: dict[str, Any] = (
        {"bands": [{"range": "≥ 90%", "points": 2}, {"range": "< 90%", "points": 0}]} if kind == "bands"
        else {"points": 2})
    try:
        r = rule(kind=kind, numerator="assets.fixed_in_use", denominator="assets.fixed_original_value",
                 if_undefined=points, **params)
    except ValidationError as exc:
        assert points > 2 and "超过本规则的最高分 2 分" in str(exc)
        return
    assert points <= 2
    assert score(r, case(**{"assets.fixed_original_value": 0, "assets.fixed_in_use": 0})) == points


@pytest.mark.parametrize("kind", ["over_threshold", "deductions"])
def test_a_floor_above_the_full_score_is_refused(kind: str) -> None:
    params: dict[str, Any] = (
        {"numerator": "budget.adjustments_and_transfers", "denominator": "budget.initial", "threshold": "10%",
         "per_step": 0.1} if kind == "over_threshold" else {"per_finding": 0.5})
    with pytest.raises(ValidationError, match="最低得分不能高于满分"):
        rule(kind=kind, points=1, floor=2, **params)


def test_a_quarterly_cap_above_100_percent_is_refused() -> None:
    # a quarter would otherwise score more than its points
    with pytest.raises(ValidationError, match="cap 不能超过 100%"):
        rule(kind="quarterly_execution", cap="120%")
    assert rule(kind="quarterly_execution", cap="90%").max_points() == D("5.4")


def test_value_and_ratio_are_exclusive() -> None:
    with pytest.raises(ValidationError, match="二选一"):
        rule(kind="bands", value="satisfaction.rate", numerator="procurement.paid", denominator="procurement.plan",
             bands=[{"range": "≥ 0%", "points": 1}])


def test_unknown_measure_is_refused() -> None:
    with pytest.raises(ValidationError, match="未知的计量项"):
        rule(kind="bands", value="satisfaction.rat", bands=[{"range": "≥ 0%", "points": 1}])


# --- ratio × points ------------------------------------------------------------------------------------------

PROCUREMENT = dict(kind="ratio_points", numerator="procurement.paid", denominator="procurement.plan",
                   percent_places=2, points=1, zero_if_over="100%")


def test_ratio_points_rounds_the_rate_first() -> None:
    # 145.53 / 147.39 = 98.738…% → 98.74% → 0.9874 → 0.99
    assert score(rule(**PROCUREMENT), case()) == D("0.99")


@pytest.mark.parametrize(("paid", "expected"), [("147.39", "1.00"), ("147.40", "0"), ("0", "0.00")])
def test_ratio_points_at_and_over_the_plan(paid: str, expected: str) -> None:
    assert score(rule(**PROCUREMENT), case(**{"procurement.paid": paid})) == D(expected)


def test_over_the_plan_by_a_fen_is_over_although_the_rate_rounds_to_100() -> None:
    c = case(**{"procurement.plan": "400.01", "procurement.paid": "400.02"})
    outcome = rule(**PROCUREMENT).evaluate(Context(c, None))
    assert outcome.score == 0
    assert outcome.steps[-1].render() == "100.0025% 超过 100.00% → 0"


def test_ratio_points_caps_without_zeroing() -> None:
    r = rule(kind="ratio_points", numerator="procurement.paid", denominator="procurement.plan", points=2)
    assert score(r, case(**{"procurement.paid": 200})) == 2


def test_proportion() -> None:
    r = rule(kind="proportion", numerator="projects.completed_on_time", denominator="projects.planned", points=6)
    assert score(r, case(**{"projects.completed_on_time": 7})) == D("3.00")


# --- deductions ----------------------------------------------------------------------------------------------

def test_deductions_floor_and_count_measure() -> None:
    r = rule(kind="deductions", points=8, per_finding=4, findings="key_tasks.not_completed")
    tasks = [{"name": f"任务{i}", "completed": i > 3} for i in range(5)]
    assert score(r, case(key_tasks=tasks)) == 0  # four not completed: 8 − 16, floor 0


def test_deductions_from_listed_findings() -> None:
    r = rule(kind="deductions", points=5, per_finding=1)
    judgement = Judgement(findings=("问题一", "问题二"))
    outcome = r.evaluate(Context(case(), judgement))
    assert outcome.score == 3
    assert [s.render() for s in outcome.steps][:2] == ["问题 1：问题一", "问题 2：问题二"]


def test_deductions_count_must_be_a_count() -> None:
    with pytest.raises(ValidationError, match="不是计数"):
        rule(kind="deductions", points=5, per_finding=1, findings="budget.initial")


# --- over threshold: "each point over loses 0.5", per whole point or in proportion -----------------------------

STAFF_OVER = dict(kind="over_threshold", numerator="staff.in_post", denominator="staff.authorised_posts",
                  points=2, threshold="100%", step="1%", per_step=0.5)


@pytest.mark.parametrize(
    ("in_post", "counting", "expected"),
    [
        (1000, "whole_steps", "2.00"),      # exactly 100%: full
        (1015, "whole_steps", "1.50"),      # 101.5%: one whole point over
        (1015, "proportional", "1.25"),     # 1.5 points over × 0.5
        (1015, "started_steps", "1.00"),    # two started points
        (1100, "whole_steps", "0.00"),      # 10 points over: floor 0
    ],
)
def test_over_threshold_counting(in_post: int, counting: str, expected: str) -> None:
    r = rule(**STAFF_OVER, counting=counting)
    c = case(**{"staff.in_post": in_post, "staff.authorised_posts": 1000})
    assert score(r, c) == D(expected)


def test_over_threshold_below_direction() -> None:
    r = rule(kind="over_threshold", value="satisfaction.rate", points=3, threshold="90%", step="1%",
             per_step=1, direction="below")
    assert score(r, case(**{"satisfaction.rate": "88%"})) == 1
    assert score(r, case(**{"satisfaction.rate": "95%"})) == 3


# --- checklist, flag, choice, judged -------------------------------------------------------------------------

def test_checklist_sums_awards() -> None:
    r = rule(kind="checklist", items=[{"id": "a", "name": "甲", "points": 1}, {"id": "b", "name": "乙", "points": 2}])
    judgement = TypeAdapter(Judgement).validate_python({"items": {"a": 1, "b": {"points": "1.5", "reason": "部分落实"}}})
    outcome = r.evaluate(Context(case(), judgement))
    assert outcome.score == D("2.5")
    assert "部分落实" in outcome.steps[1].render()


def test_checklist_ids_are_unique() -> None:
    with pytest.raises(ValidationError, match="重复"):
        rule(kind="checklist", items=[{"id": "a", "name": "甲", "points": 1}, {"id": "a", "name": "乙", "points": 1}])


def test_flag_and_choice() -> None:
    flag = rule(kind="flag", when="petitions.channel", points=1)
    assert score(flag, case()) == 1
    assert score(flag, case(**{"petitions.channel": False})) == 0
    choice = rule(kind="choice", value="disclosure.budget",
                  points={"按规定公开": 1.5, "公开但不符合要求": 1, "未公开": 0, "涉密免于公开": 1.5})
    assert score(choice, case(**{"disclosure.budget": "公开但不符合要求"})) == 1


def test_choice_must_cover_every_category() -> None:
    with pytest.raises(ValidationError, match="缺少类别"):
        rule(kind="choice", value="disclosure.budget", points={"按规定公开": 1.5})


# --- quarterly execution -------------------------------------------------------------------------------------

def test_quarterly_rounding_point_is_a_parameter() -> None:
    rounded = rule(kind="quarterly_execution")
    exact = rule(kind="quarterly_execution", average_of="exact_rates")
    c = case()
    assert score(rounded, c) == D("5.48")  # average of 0.86, 0.96, 0.87, 0.96 = 91.25% → 1.83
    # unrounded rates average 91.36% (progress rounded first) → 1.83 too, but the trail differs
    exact_steps = [s.render() for s in exact.evaluate(Context(c, None)).steps]
    assert any("全年平均执行率 91.36%" in s for s in exact_steps)


def test_quarterly_zero_budget_quarter() -> None:
    r = rule(kind="quarterly_execution")
    c = case(**{"quarters[0].adjusted_budget": 0, "quarters[0].cumulative_spending": 0})
    assert score(r, c) == D("0.96") + D("0.87") + D("0.96") + D("1.40")  # average (0+.96+.87+.96)/4 = 69.75%


# --- properties over many inputs -----------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.01"), max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
rates = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)

BAND_RULES = [
    SATISFACTION,
    dict(kind="bands", value="satisfaction.rate", percent_places=2, bands=[
        {"range": "< 5%", "points": 1}, {"range": "[5%, 10%]", "points": 0.5}, {"range": "> 10%", "points": 0}]),
]


@settings(max_examples=150, deadline=None)
@given(a=rates, b=rates, which=st.sampled_from([0, 1]))
def test_bands_stay_within_weight_and_are_monotone(a: Decimal, b: Decimal, which: int) -> None:
    r = rule(**BAND_RULES[which])
    low, high = sorted((a, b))
    s_low = score(r, case(**{"satisfaction.rate": low}))
    s_high = score(r, case(**{"satisfaction.rate": high}))
    assert 0 <= s_low <= r.max_points() and 0 <= s_high <= r.max_points()
    if which == 0:
        assert s_low <= s_high      # higher satisfaction never scores less
    else:
        assert s_low >= s_high      # a higher share of outside-quota staff never scores more


@settings(max_examples=150, deadline=None)
@given(plan=positive, a=amounts, b=amounts)
def test_procurement_score_bounded_and_monotone_up_to_the_plan(plan: Decimal, a: Decimal, b: Decimal) -> None:
    r = rule(**PROCUREMENT)
    low, high = sorted((a, b))
    s_low = score(r, case(**{"procurement.plan": plan, "procurement.paid": low}))
    s_high = score(r, case(**{"procurement.plan": plan, "procurement.paid": high}))
    assert 0 <= s_low <= 1 and 0 <= s_high <= 1
    if high <= plan:
        assert s_low <= s_high
    else:
        assert s_high == 0


@settings(max_examples=150, deadline=None)
@given(initial=positive, a=amounts, b=amounts, counting=st.sampled_from(["whole_steps", "started_steps", "proportional"]))
def test_over_threshold_bounded_and_never_rewards_more_adjustment(initial: Decimal, a: Decimal, b: Decimal,
                                                                   counting: str) -> None:
    r = rule(kind="over_threshold", numerator="budget.adjustments_and_transfers", denominator="budget.initial",
             points=1, threshold="10%", per_step=0.1, counting=counting, percent_places=2)
    low, high = sorted((a, b))
    scores = [score(r, case(**{"budget.initial": initial, "budget.adjustments": x, "budget.transfers": 0}))
              for x in (low, high)]
    assert all(0 <= s <= 1 for s in scores)
    assert scores[0] >= scores[1]


@settings(max_examples=200, deadline=None)
@given(points=st.decimals(min_value=0, max_value=20, places=1), per_step=st.decimals(min_value=0, max_value=5, places=2),
       floor=st.decimals(min_value=0, max_value=20, places=1), threshold=rates,
       step=st.decimals(min_value=D("0.0001"), max_value=1, places=4),
       counting=st.sampled_from(["whole_steps", "started_steps", "proportional"]),
       direction=st.sampled_from(["above", "below"]), initial=positive, adjusted=amounts)
def test_over_threshold_with_any_parameters_stays_within_its_points(
        points: Decimal, per_step: Decimal, floor: Decimal, threshold: Decimal, step: Decimal, counting: str,
        direction: str, initial: Decimal, adjusted: Decimal) -> None:
    try:
        r = rule(kind="over_threshold", numerator="budget.adjustments_and_transfers", denominator="budget.initial",
                 points=points, per_step=per_step, floor=floor, threshold=threshold, step=step, counting=counting,
                 direction=direction)
    except ValidationError:
        assert floor > points
        return
    s = score(r, case(**{"budget.initial": initial, "budget.adjustments": adjusted, "budget.transfers": 0}))
    assert min(floor, points) <= s <= r.max_points() == points


@settings(max_examples=100, deadline=None)
@given(budget=positive, spent=st.lists(rates, min_size=4, max_size=4), extra=rates, quarter=st.integers(0, 3))
def test_quarterly_bounded_and_monotone(budget: Decimal, spent: list[Decimal], extra: Decimal, quarter: int) -> None:
    r = rule(kind="quarterly_execution")
    quarters = [{"adjusted_budget": budget, "cumulative_spending": budget * s} for s in spent]
    more = [dict(q) for q in quarters]
    more[quarter]["cumulative_spending"] += budget * extra
    s1 = score(r, case(quarters=quarters))
    s2 = score(r, case(quarters=more))
    assert 0 <= s1 <= 6 and 0 <= s2 <= 6
    assert s1 <= s2   # spending more in a quarter never lowers the score


def test_change_rate_with_deduction_per_point_over() -> None:
    """“三公”经费变动率 ≤ 0 得满分，每增长一个百分点扣 0.8 分（按比例）."""
    r = rule(kind="over_threshold", numerator="public_expenses.three_public.final",
             denominator="public_expenses.three_public.prior_final", change=True, threshold="0%", per_step=0.8,
             counting="proportional", points=4, percent_places=2)
    grown = case(**{"public_expenses.three_public.final": 52.54, "public_expenses.three_public.prior_final": 51.00})
    outcome = r.evaluate(Context(grown, None))
    # (52.54 − 51.00) ÷ 51.00 = 3.02% → 3.02 points over × 0.8 = 2.416 → 4 − 2.416 = 1.584 → 1.58
    assert outcome.score == D("1.58")
    assert "（52.54 − 51.00）÷ 51.00 = 3.02%" in outcome.steps[0].render()
    shrunk = case(**{"public_expenses.three_public.final": 50, "public_expenses.three_public.prior_final": 51})
    assert score(r, shrunk) == 4


def test_change_needs_a_ratio() -> None:
    with pytest.raises(ValidationError, match="change"):
        rule(kind="bands", value="satisfaction.rate", change=True, bands=[{"range": "≥ 0%", "points": 1}])
