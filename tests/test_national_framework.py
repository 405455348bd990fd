"""The national common framework (national-department-2021) on the invented 某县农业农村局 case.

Every expected score is worked out by hand in the comment beside it. The variations change one or two lines of
the example case file and cross each band edge and each threshold on both sides.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.facts.load import load_case, parse_case
from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import Framework, load_framework, parse_framework
from jixiao.frameworks.load import builtin_path
from jixiao.rules.base import RatioSource
from jixiao.scoring.engine import evaluate, scorer_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "national-department-2023.yaml"
EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
FRAMEWORK_ID = "national-department-2021"


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework(FRAMEWORK_ID)


def varied(*changes: tuple[str, str]) -> DepartmentYear:
    """The example case with each ``(old, new)`` text replaced; each ``old`` must occur exactly once."""
    text = EXAMPLE_TEXT
    for old, new in changes:
        assert text.count(old) == 1, f"“{old}”在示例案例中应恰好出现一次"
        text = text.replace(old, new)
    return parse_case(text, "变化的案例.yaml")


def score(case: DepartmentYear, indicator: str) -> Decimal | None:
    return evaluate(case, load_framework(FRAMEWORK_ID)).result(indicator).score


# ---------------------------------------------------------------------------------------------------------
# The framework itself


def test_outline(framework: Framework) -> None:
    assert [(g.name, int(g.weight)) for g in framework.groups] == [("投入", 20), ("过程", 30), ("产出", 25), ("效果", 25)]
    assert [(g.name, int(g.weight)) for l1 in framework.groups for g in l1.groups] == [
        ("目标设定", 8), ("预算配置", 12), ("预算执行", 16), ("预算管理", 8), ("资产管理", 6), ("职责履行", 25),
        ("履职效益", 25)]
    assert len(framework.indicators) == 26
    assert [(b.grade, int(b.min)) for b in framework.grades] == [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
    assert "财预〔2013〕53号" in framework.source.document
    assert framework.source.note is not None and "jixiao" in framework.source.note
    # 管理制度健全性 appears under 预算管理 and 资产管理, with ids of its own
    assert framework.sharing("管理制度健全性") == ("budget_rules", "asset_rules")


@pytest.mark.parametrize(("score_value", "grade"), [
    ("100", "优"), ("90.00", "优"), ("89.99", "良"), ("80.00", "良"), ("79.99", "中"), ("60.00", "中"),
    ("59.99", "差"), ("0", "差")])
def test_grade_edges(framework: Framework, score_value: str, grade: str) -> None:
    assert framework.grade_for(Decimal(score_value)) == grade


def test_every_ratio_is_a_formula_measure(framework: Framework) -> None:
    # Rules that score a number read a named measure (value:), whose formula is the definition.
    names = [i.rule.value for i in framework.indicators if isinstance(i.rule, RatioSource) and i.rule.value]
    assert len(names) == 15
    for name in names:
        assert name == "satisfaction.rate" or framework.catalogue.measures[name].formula


# ---------------------------------------------------------------------------------------------------------
# The example case, every indicator by hand

EXPECTED = {
    # 投入 — 目标设定
    "goal_rationality": "3.70",      # 1 + 1.5 + 1.2 = 3.70
    "indicator_clarity": "3.50",     # 1.5 + 1 + 1 = 3.50
    # 投入 — 预算配置
    "staff_control": "3.00",         # 88 ÷ 86 = 102.33%；超出 2.33 个百分点，按整百分点计 2 个 → 4 − 2 × 0.5 = 3.00
    "three_public_change": "2.00",   # (41.00 − 40.00) ÷ 40.00 = 2.50%；按比例 2.5 × 0.8 = 2.00 → 4 − 2.00 = 2.00
    "key_spending": "3.00",          # 1247.00 ÷ 2150.00 = 58.00% → [50%, 60%) 档 → 3
    # 过程 — 预算执行
    "budget_completion": "3.92",     # 3396.50 ÷ 3464.80 = 98.03% → 4 × 0.9803 = 3.9212 → 3.92
    "budget_adjustment": "1.60",     # (330.00 + 65.20) ÷ 3200.00 = 12.35%；超出 2.35，整百分点 2 个 → 2 − 0.4 = 1.60
    "payment_progress": "1.50",      # 71.20% ÷ 75% = 94.93% → [90%, 100%) 档 → 1.5
    "carryover": "1.50",             # 236.40 ÷ 3464.80 = 6.82% → (5%, 10%] 档 → 1.5
    "public_funds_control": "2.66",  # (39.85 + 278.30) ÷ (41.00 + 275.00) = 318.15 ÷ 316.00 = 100.68%；
                                     # 按比例 0.68 × 0.5 = 0.34 → 3 − 0.34 = 2.66
    "procurement": "2.93",           # 409.50 ÷ 420.00 = 97.50% → 3 × 0.975 = 2.925 → 四舍五入 2.93
    # 过程 — 预算管理
    "budget_rules": "2.00",          # 1 + 1 = 2.00
    "funds_compliance": "1.80",      # 0.5 + 0.3 + 0.5 + 0.5 = 1.80（未发生违规，不否决）
    "disclosure": "1.50",            # 预算按规定公开 1 + 决算公开但不符合要求 0.5 = 1.50
    "basic_information": "2.00",     # 4 × 0.5 = 2.00
    # 过程 — 资产管理
    "asset_rules": "2.00",           # 1 + 1 = 2.00
    "asset_security": "1.80",        # 0.5 + 0.5 + 0.3 + 0.5 = 1.80
    "fixed_asset_use": "1.50",       # 5180.00 ÷ 5620.00 = 92.17% → [85%, 95%) 档 → 1.5
    # 产出 — 职责履行
    "duties_completion": "5.00",     # 38 ÷ 40 = 95.00%；低 5 个百分点 = 1 个步长（5%）→ 7 − 2 = 5.00
    "duties_on_time": "5.40",        # 36 ÷ 40 = 90.00% → 6 × 0.9 = 5.40
    "duties_quality": "4.00",        # 37 ÷ 40 = 92.50% → [90%, 95%) 档 → 4
    "key_tasks_done": "5.25",        # 7 ÷ 8 = 87.50% → 6 × 0.875 = 5.25
    # 效果 — 履职效益
    "economic_benefit": "5.50",      # 评价人员评分 5.5
    "social_benefit": "6.00",        # 评价人员评分 6（满分）
    "ecological_benefit": "4.50",    # 评价人员评分 4.5
    "satisfaction": "6.00",          # 88.40% → [80%, 90%) 档 → 6
}
# 投入 3.70 + 3.50 + 3.00 + 2.00 + 3.00 = 15.20
# 过程 预算执行 3.92 + 1.60 + 1.50 + 1.50 + 2.66 + 2.93 = 14.11；预算管理 2 + 1.8 + 1.5 + 2 = 7.30；
#      资产管理 2 + 1.8 + 1.5 = 5.30 → 14.11 + 7.30 + 5.30 = 26.71
# 产出 5.00 + 5.40 + 4.00 + 5.25 = 19.65
# 效果 5.50 + 6.00 + 4.50 + 6.00 = 22.00
# 合计 15.20 + 26.71 + 19.65 + 22.00 = 83.56 → 80 ≤ 83.56 < 90 → 良
EXPECTED_TOTAL = Decimal("83.56")


def test_example_scores(framework: Framework) -> None:
    evaluation = evaluate(load_case(EXAMPLE), framework)
    assert {r.indicator.id: r.score for r in evaluation.results} == {k: Decimal(v) for k, v in EXPECTED.items()}
    assert evaluation.total == EXPECTED_TOTAL
    assert evaluation.grade == "良"
    subtotals = {s.level1: s.score for s in evaluation.subtotals() if s.level2 is None}
    assert subtotals == {"投入": Decimal("15.20"), "过程": Decimal("26.71"), "产出": Decimal("19.65"),
                         "效果": Decimal("22.00")}
    # The batch path (no trails) agrees.
    scores, total, grade = scorer_for(framework).score_values(load_case(EXAMPLE))
    assert (scores, total, grade) == ([r.score for r in evaluation.results], evaluation.total, evaluation.grade)


def test_example_trail_shows_the_readings(framework: Framework) -> None:
    evaluation = evaluate(load_case(EXAMPLE), framework)

    def lines(key: str) -> str:
        return "\n".join(step.render() for step in evaluation.result(key).steps)

    assert "计 2 个步长" in lines("staff_control")          # 2.33 points over, whole steps
    assert "计 0.68 个步长" in lines("public_funds_control")  # 0.68 points over, in proportion
    assert "102.33%" in lines("staff_control")


def test_total_crosses_good_and_fair() -> None:
    # 经济效益 5.5 → 1.94：83.56 − 3.56 = 80.00 → 良；→ 1.93：79.99 → 中
    at_edge = evaluate(varied(("score: 5.5", "score: 1.94")), load_framework(FRAMEWORK_ID))
    assert (at_edge.total, at_edge.grade) == (Decimal("80.00"), "良")
    below = evaluate(varied(("score: 5.5", "score: 1.93")), load_framework(FRAMEWORK_ID))
    assert (below.total, below.grade) == (Decimal("79.99"), "中")


# ---------------------------------------------------------------------------------------------------------
# Thresholds with deductions per step


@pytest.mark.parametrize(("posts", "in_post", "expected"), [
    (86, 86, "4.00"),         # 100.00%，不超过 → 4
    (86, 85, "4.00"),         # 98.84% → 4
    (200, 201, "4.00"),       # 100.50%：超出 0.5 个百分点，不满一个 → 不扣 → 4
    (10000, 10099, "4.00"),   # 100.99%：超出 0.99，不满一个 → 4
    (200, 202, "3.50"),       # 101.00%：整 1 个 → 4 − 0.5 = 3.50
    (86, 87, "3.50"),         # 87 ÷ 86 = 101.16%：1 个 → 3.50
    (200, 207, "2.50"),       # 103.50%：超出 3.5，整百分点 3 个 → 4 − 3 × 0.5 = 2.50
    (86, 100, "0.00"),        # 116.28%：16 个 × 0.5 = 8 > 4 → 扣完为止 0
])
def test_staff_control_whole_points(posts: int, in_post: int, expected: str) -> None:
    case = varied(("authorised_posts: 86", f"authorised_posts: {posts}"), ("in_post: 88", f"in_post: {in_post}"))
    assert score(case, "staff_control") == Decimal(expected)


@pytest.mark.parametrize(("initial", "expected"), [
    ("40.00", "4.00"),   # (40 − 40) ÷ 40 = 0.00%，不超过 0 → 4
    ("39.00", "4.00"),   # −2.50%，下降 → 4
    ("40.20", "3.60"),   # 0.50%：按比例 0.5 × 0.8 = 0.40 → 3.60
    ("40.49", "3.02"),   # 1.225% → 1.23%（四舍五入）：1.23 × 0.8 = 0.984 → 4 − 0.984 = 3.016 → 3.02
    ("42.00", "0.00"),   # 5.00%：5 × 0.8 = 4 → 0
    ("43.00", "0.00"),   # 7.50%：6 → 扣完为止 0
])
def test_three_public_change_in_proportion(initial: str, expected: str) -> None:
    case = varied(("three_public: {initial: 41.00, adjusted: 41.00",
                   f"three_public: {{initial: {initial}, adjusted: 41.00"))
    assert score(case, "three_public_change") == Decimal(expected)


def test_three_public_change_undefined_scores_zero() -> None:
    # 上年预算未填：分母 ifempty(…, 0) = 0，变动率无法计算 → if_undefined 缺省 zero → 0
    assert score(varied((", prior_budget: 40.00", "")), "three_public_change") == Decimal("0.00")
    # 上年预算为 0：同样无法计算 → 0
    assert score(varied(("prior_budget: 40.00", "prior_budget: 0")), "three_public_change") == Decimal("0.00")


@pytest.mark.parametrize(("final", "expected"), [
    ("276.15", "3.00"),   # (39.85 + 276.15) ÷ 316.00 = 100.00% → 3
    ("276.16", "3.00"),   # 316.01 ÷ 316 = 100.0032% → 100.00%（先舍入再比较）→ 3
    ("276.24", "2.99"),   # 316.09 ÷ 316 = 100.0285% → 100.03%：0.03 × 0.5 = 0.015 → 2.985 → 四舍五入 2.99
    ("276.32", "2.98"),   # 316.17 ÷ 316 = 100.0538% → 100.05%：0.025 → 2.975 → 2.98
    ("280.89", "2.25"),   # 320.74 ÷ 316 = 101.50%：1.5 × 0.5 = 0.75 → 2.25
    ("270.00", "3.00"),   # 309.85 ÷ 316 < 100% → 3
])
def test_public_funds_control_in_proportion(final: str, expected: str) -> None:
    case = varied(("final: 278.30", f"final: {final}"))
    assert score(case, "public_funds_control") == Decimal(expected)


@pytest.mark.parametrize(("supplementary", "reductions", "expected"), [
    ("256.00", "64.00", "2.00"),   # 320 ÷ 3200 = 10.00% → 不超过 → 2
    ("287.68", "64.00", "2.00"),   # 351.68 ÷ 3200 = 10.99%：不满一个百分点 → 2
    ("288.00", "64.00", "1.80"),   # 352 ÷ 3200 = 11.00%：1 个 → 2 − 0.2 = 1.80
    ("576.00", "64.00", "0.00"),   # 640 ÷ 3200 = 20.00%：10 个 × 0.2 = 2 → 0
])
def test_budget_adjustment_whole_points(supplementary: str, reductions: str, expected: str) -> None:
    case = varied(("supplementary: 330.00", f"supplementary: {supplementary}"),
                  ("reductions: 65.20", f"reductions: {reductions}"))
    assert score(case, "budget_adjustment") == Decimal(expected)


def test_budget_adjustment_when_figures_are_left_out() -> None:
    # 只填追加：330 ÷ 3200 = 10.3125% → 10.31%：不满一个百分点 → 2
    only_added = varied(("  reductions: 65.20         # 年中追减：农机购置补贴县级配套结余收回\n", ""))
    assert score(only_added, "budget_adjustment") == Decimal("2.00")
    # 只填追减 400：400 ÷ 3200 = 12.50%：2 个 → 2 − 0.4 = 1.60
    only_cut = varied(("  supplementary: 330.00     # 年中追加：高标准农田建设配套、动物防疫应急经费\n", ""),
                      ("reductions: 65.20", "reductions: 400.00"))
    assert score(only_cut, "budget_adjustment") == Decimal("1.60")
    # 两项都不填：取调整预算数与年初预算数之差 |3600 − 3200| = 400 → 12.50% → 1.60
    neither = varied(("  supplementary: 330.00     # 年中追加：高标准农田建设配套、动物防疫应急经费\n", ""),
                     ("  reductions: 65.20         # 年中追减：农机购置补贴县级配套结余收回\n", ""),
                     ("adjusted: 3464.80         #", "adjusted: 3600.00         #"))
    assert score(neither, "budget_adjustment") == Decimal("1.60")


@pytest.mark.parametrize(("completed", "expected"), [
    (41, "7.00"),   # 102.50%：不低于 100% → 7
    (40, "7.00"),   # 100.00% → 7
    (39, "7.00"),   # 97.50%：低 2.5 个百分点，不满一个步长（5%）→ 7
    (38, "5.00"),   # 95.00%：低 5 个百分点 = 1 步 → 7 − 2 = 5
    (37, "5.00"),   # 92.50%：低 7.5，整步长 1 个 → 5
    (36, "3.00"),   # 90.00%：2 步 → 7 − 4 = 3
    (33, "1.00"),   # 82.50%：低 17.5，3 步 → 7 − 6 = 1
    (32, "0.00"),   # 80.00%：4 步 × 2 = 8 > 7 → 0
])
def test_duties_completion_steps_of_five(completed: int, expected: str) -> None:
    case = varied(("completed: 38", f"completed: {completed}"), ("on_time: 36", "on_time: 30"),
                  ("quality_met: 37", "quality_met: 30"))
    assert score(case, "duties_completion") == Decimal(expected)


def test_duties_completion_just_short_of_a_step() -> None:
    # 计划 100、完成 96：96.00%，低 4 个百分点，不满 5 → 7；完成 95：95.00%，1 步 → 5
    def at(done: int) -> Decimal | None:
        return score(varied(("planned: 40", "planned: 100"), ("completed: 38", f"completed: {done}")),
                     "duties_completion")

    assert (at(96), at(95)) == (Decimal("7.00"), Decimal("5.00"))


# ---------------------------------------------------------------------------------------------------------
# The two readings of "per percentage point"


def test_both_readings_of_per_point_differ_on_the_same_overshoot() -> None:
    # Both rules say "≤ 100% full, −0.5 per percentage point over"; the overshoot is 1.5 points in each.
    staff = varied(("authorised_posts: 86", "authorised_posts: 200"), ("in_post: 88", "in_post: 203"))
    # 在职人员控制率 203 ÷ 200 = 101.50%，整百分点：1 个 × 0.5 = 0.5 → 4 − 0.5 = 3.50
    assert score(staff, "staff_control") == Decimal("3.50")
    funds = varied(("final: 278.30", "final: 280.89"))
    # 公用经费控制率 (39.85 + 280.89) ÷ 316.00 = 101.50%，按比例：1.5 × 0.5 = 0.75 → 3 − 0.75 = 2.25
    assert score(funds, "public_funds_control") == Decimal("2.25")


def test_the_same_indicator_under_the_other_reading() -> None:
    # The framework file with only 在职人员控制率 switched to proportional counting, the same 101.50%:
    path = builtin_path(FRAMEWORK_ID)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    marker = "              per_step: 0.5\n              counting: whole_steps\n"
    assert text.count(marker) == 1
    proportional = parse_framework(text.replace(marker, marker.replace("whole_steps", "proportional")))
    case = varied(("authorised_posts: 86", "authorised_posts: 200"), ("in_post: 88", "in_post: 203"))
    whole = evaluate(case, load_framework(FRAMEWORK_ID)).result("staff_control").score
    pro_rata = evaluate(case, proportional).result("staff_control").score
    # whole_steps：1 × 0.5 → 3.50；proportional：1.5 × 0.5 = 0.75 → 3.25
    assert (whole, pro_rata) == (Decimal("3.50"), Decimal("3.25"))


# ---------------------------------------------------------------------------------------------------------
# Ratios times points, and ties at x.xx5


@pytest.mark.parametrize(("adjusted", "spending", "expected"), [
    ("3464.80", "3464.80", "4.00"),   # 100.00% × 4 = 4
    ("3464.80", "3500.00", "4.00"),   # 101.02%：超过 100% 按 100% 计 → 4
    ("2000.00", "1972.50", "3.95"),   # 0.98625 → 98.63%（四舍五入，非 98.62%）→ 4 × 0.9863 = 3.9452 → 3.95
    ("2000.00", "1000.00", "2.00"),   # 50.00% × 4 = 2
])
def test_budget_completion(adjusted: str, spending: str, expected: str) -> None:
    case = varied(("adjusted: 3464.80         #", f"adjusted: {adjusted}         #"),
                  ("  spending: 3396.50", f"  spending: {spending}"))
    assert score(case, "budget_completion") == Decimal(expected)


@pytest.mark.parametrize(("plan", "paid", "expected"), [
    ("420.00", "409.50", "2.93"),   # 97.50% × 3 = 2.925 → 四舍五入 2.93（银行家舍入会得 2.92）
    ("420.00", "420.00", "3.00"),   # 100% → 3
    ("420.00", "430.00", "3.00"),   # 102.38% → 按 100% 计 → 3
    ("0", "0", "3.00"),             # 没有采购计划：无法计算 → if_undefined full → 3
])
def test_procurement(plan: str, paid: str, expected: str) -> None:
    case = varied(("plan: 420.00", f"plan: {plan}"), ("paid: 409.50", f"paid: {paid}"))
    assert score(case, "procurement") == Decimal(expected)


def test_on_time_and_key_tasks_ties() -> None:
    # 计划 48、按时 45：93.75% × 6 = 5.625 → 四舍五入 5.63
    on_time = varied(("planned: 40", "planned: 48"), ("completed: 38", "completed: 46"),
                     ("on_time: 36", "on_time: 45"), ("quality_met: 37", "quality_met: 45"))
    assert score(on_time, "duties_on_time") == Decimal("5.63")
    # 16 项重点工作办结 13 项：81.25% × 6 = 4.875 → 4.88
    tasks = "".join(f"  - {{name: 重点工作{i}, completed: {'true' if i <= 13 else 'false'}}}\n" for i in range(1, 17))
    start = EXAMPLE_TEXT.index("key_tasks:\n") + len("key_tasks:\n")
    end = EXAMPLE_TEXT.index("\nsatisfaction:")
    case = varied((EXAMPLE_TEXT[start:end + 1], tasks))
    assert score(case, "key_tasks_done") == Decimal("4.88")


def test_key_tasks_all_done_or_none() -> None:
    # 8 项全部办结：100% × 6 = 6
    all_done = varied(("completed: false, note: 设备采购流标，顺延至 2024 年", "completed: true"))
    assert score(all_done, "key_tasks_done") == Decimal("6.00")
    # 没有重点工作：0 ÷ 0 无法计算 → if_undefined full → 6
    start = EXAMPLE_TEXT.index("key_tasks:\n")
    end = EXAMPLE_TEXT.index("\nsatisfaction:")
    none = varied((EXAMPLE_TEXT[start:end + 1], "key_tasks: []\n"))
    assert score(none, "key_tasks_done") == Decimal("6.00")


def test_on_time_left_out_scores_zero() -> None:
    # 未填按时完成数：分子为空，完成及时率无法计算 → 0
    case = varied(("  on_time: 36               # 其中按计划时间完成\n", ""))
    assert score(case, "duties_on_time") == Decimal("0.00")


# ---------------------------------------------------------------------------------------------------------
# Bands, each edge from both sides


@pytest.mark.parametrize(("key", "expected"), [
    ("1290.00", "4"),   # 1290 ÷ 2150 = 60.00% → ≥ 60% → 4
    ("1289.89", "3"),   # 59.9949% → 59.99% → [50%, 60%) → 3
    ("1075.00", "3"),   # 50.00% → 3
    ("1074.89", "2"),   # 49.99% → 2
    ("860.00", "2"),    # 40.00% → 2
    ("859.89", "1"),    # 39.99% → 1
    ("645.00", "1"),    # 30.00% → 1
    ("644.89", "0"),    # 29.99% → 0
])
def test_key_spending_bands(key: str, expected: str) -> None:
    assert score(varied(("key_project_spending: 1247.00", f"key_project_spending: {key}")),
                 "key_spending") == Decimal(expected)


def test_key_spending_without_project_spending() -> None:
    # 未填项目支出决算数：分母 ifempty(…, 0) = 0 → 无法计算 → 0
    case = varied(("  project_spending: 2150.00     # 项目支出决算数\n", ""))
    assert score(case, "key_spending") == Decimal("0")


@pytest.mark.parametrize(("actual", "expected"), [
    ("75%", "2"),        # 75 ÷ 75 = 100.00% → 2
    ("74.99%", "1.5"),   # 99.9867% → 99.99% → [90%, 100%) → 1.5
    ("67.50%", "1.5"),   # 90.00% → 1.5
    ("67.49%", "1"),     # 89.99% → 1
    ("60%", "1"),        # 80.00% → 1
    ("59.99%", "0.5"),   # 79.99% → 0.5
    ("52.50%", "0.5"),   # 70.00% → 0.5
    ("52.49%", "0"),     # 69.99% → 0
    ("80%", "2"),        # 106.67%：超过既定进度 → 2
])
def test_payment_progress_bands(actual: str, expected: str) -> None:
    assert score(varied(("actual_progress: 71.20%", f"actual_progress: {actual}")),
                 "payment_progress") == Decimal(expected)


@pytest.mark.parametrize(("carryover", "expected"), [
    ("173.24", "2"),     # 173.24 ÷ 3464.80 = 5.00% → ≤ 5% → 2
    ("173.25", "2"),     # 5.0003% → 5.00%（先舍入）→ 2
    ("173.60", "1.5"),   # 5.0104% → 5.01% → (5%, 10%] → 1.5
    ("346.48", "1.5"),   # 10.00% → 1.5
    ("346.83", "1"),     # 10.01% → (10%, 15%] → 1
    ("519.72", "1"),     # 15.00% → 1
    ("520.07", "0.5"),   # 15.01% → 0.5
    ("692.96", "0.5"),   # 20.00% → 0.5
    ("693.31", "0"),     # 20.01% → > 20% → 0
    ("0", "2"),          # 0% → 2
])
def test_carryover_bands(carryover: str, expected: str) -> None:
    assert score(varied(("carryover: 236.40", f"carryover: {carryover}")), "carryover") == Decimal(expected)


def test_carryover_left_out_scores_zero() -> None:
    case = varied(("  carryover: 236.40             # 年末结转结余资金\n", ""))
    assert score(case, "carryover") == Decimal("0")


@pytest.mark.parametrize(("in_use", "original", "expected"), [
    ("5339.00", "5620.00", "2"),     # 5339 ÷ 5620 = 95.00% → 2
    ("5338.99", "5620.00", "2"),     # 94.99982% → 95.00%（先舍入）→ 2
    ("5338.70", "5620.00", "1.5"),   # 94.9947% → 94.99% → 1.5
    ("4777.00", "5620.00", "1.5"),   # 85.00% → 1.5
    ("4776.70", "5620.00", "1"),     # 84.99% → 1
    ("4215.00", "5620.00", "1"),     # 75.00% → 1
    ("4214.70", "5620.00", "0"),     # 74.99% → 0
    ("0", "0", "2"),                 # 没有固定资产：无法计算 → if_undefined full → 2
])
def test_fixed_asset_use_bands(in_use: str, original: str, expected: str) -> None:
    case = varied(("fixed_in_use: 5180.00", f"fixed_in_use: {in_use}"),
                  ("fixed_original_value: 5620.00", f"fixed_original_value: {original}"))
    assert score(case, "fixed_asset_use") == Decimal(expected)


@pytest.mark.parametrize(("planned", "quality", "expected"), [
    (40, 40, "6"),     # 100.00% → 6
    (200, 199, "5"),   # 99.50% → [95%, 100%) → 5
    (40, 38, "5"),     # 95.00% → 5
    (200, 189, "4"),   # 94.50% → 4
    (40, 36, "4"),     # 90.00% → 4
    (200, 179, "2"),   # 89.50% → 2
    (40, 32, "2"),     # 80.00% → 2
    (200, 159, "0"),   # 79.50% → 0
])
def test_duties_quality_bands(planned: int, quality: int, expected: str) -> None:
    case = varied(("planned: 40", f"planned: {planned}"), ("completed: 38", f"completed: {quality}"),
                  ("on_time: 36", f"on_time: {quality}"), ("quality_met: 37", f"quality_met: {quality}"))
    assert score(case, "duties_quality") == Decimal(expected)


@pytest.mark.parametrize(("rate", "expected"), [
    ("90%", "8"), ("89.99%", "6"), ("80%", "6"), ("79.99%", "4"), ("70%", "4"), ("69.99%", "2"),
    ("60%", "2"), ("59.99%", "0"),
])
def test_satisfaction_bands(rate: str, expected: str) -> None:
    # 各档下限属于本档：90% → 8，89.99% → 6，依此类推
    assert score(varied(("rate: 88.40%", f"rate: {rate}")), "satisfaction") == Decimal(expected)


# ---------------------------------------------------------------------------------------------------------
# Checklists, choices and the veto


def test_misuse_vetoes_funds_compliance() -> None:
    # 发生违规使用资金：资金使用合规性整项 0 分，要点得分不再计入
    case = varied(("misuse_found: false", "misuse_found: true"))
    assert score(case, "funds_compliance") == Decimal("0.00")


@pytest.mark.parametrize(("final_accounts", "expected"), [
    ("按规定公开", "2.00"),          # 1 + 1
    ("未公开", "1.00"),              # 1 + 0
    ("涉密免于公开", "2.00"),        # 1 + 1
])
def test_disclosure(final_accounts: str, expected: str) -> None:
    case = varied(("final_accounts: 公开但不符合要求", f"final_accounts: {final_accounts}"))
    assert score(case, "disclosure") == Decimal(expected)


# ---------------------------------------------------------------------------------------------------------
# Properties


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_duties_completion_never_rises_as_fewer_are_done(a: int, b: int) -> None:
    low, high = sorted((a, b))

    def at(done: int) -> Decimal:
        case = varied(("completed: 38", f"completed: {done}"), ("on_time: 36", "on_time: 0"),
                      ("quality_met: 37", "quality_met: 0"))
        result = score(case, "duties_completion")
        assert result is not None
        return result

    s_low, s_high = at(low), at(high)
    assert Decimal(0) <= s_low <= s_high <= Decimal(7)
    # one step of 5 points is 2 whole completions of 40: the score drops by 2 for each full step
    assert s_high == max(Decimal(0), 7 - 2 * ((100 * (40 - high)) // 40 // 5))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=400), st.integers(min_value=0, max_value=100))
def test_staff_control_whole_points_formula(posts: int, extra: int) -> None:
    # in post = posts + extra: whole points over = floor of the rounded percentage over 100
    in_post = posts + extra
    case = varied(("authorised_posts: 86", f"authorised_posts: {posts}"), ("in_post: 88", f"in_post: {in_post}"))
    rate = (Decimal(in_post) / Decimal(posts) * 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    whole = int(rate - 100)
    assert score(case, "staff_control") == max(Decimal(0), 4 - Decimal("0.5") * whole).quantize(Decimal("0.01"))
