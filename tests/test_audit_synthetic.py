"""Small reports written for the tests, worded unlike the seed: the audit works from patterns, not one file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_support import at, errors
from jixiao.audit import Severity, audit_text
from jixiao.decimals import round_half_up

REPORT = """某市文化广电旅游局 2022 年度部门整体支出绩效自评报告

一、部门基本情况

（一）预算执行情况

2022 年本部门年初预算 1,200.00 万元，调整预算数 1,250.00 万元，调整资金 50.00 万元。

（二）政府采购

本年度政府采购计划金额 300.00 万元，实际采购金额 240.00 万元，政府采购执行率为 80.00%。

（三）“三公”经费

“三公”经费调整预算数 20.00 万元，决算数 19.00 万元，控制率 95.00%。

（四）人员

年末核定编制 30 人，实有人数 28 人，财政供养人员控制率 93.33%。

二、季度执行情况

表 1 季度预算执行

季度 累计支出 调整预算 支出进度 序时进度 得分

一季度 250.00 1,250.00 20.00% 25% 0.80

二季度 600.00 1,250.00 48.00% 50% 0.96

三季度 900.00 1,250.00 72.00% 75% 0.96

四季度 1,200.00 1,250.00 96.00% 100% 0.96

全年平均 92.00% 1.84

三、评分

部门整体支出绩效评分表

一级指标 二级指标 三级指标 分值 得分

管理指标

预算管理指标

预算编制质量 40

说明文字，按要求编制。

35

执行指标 执行进度 30

依据季度执行表计分。

28.5

效果指标 履职效果 20

18

满意度指标 服务满意度 10

9

综合评分 90.5

评分等级 优
"""


def test_a_consistent_report_in_other_words_has_no_errors() -> None:
    result = audit_text(REPORT, "synthetic.txt")
    assert errors(result) == [], [(f.line, f.subject, f.stated, f.expected) for f in result.findings]
    texts = " ".join(v.text for v in result.verified)
    for subject in (
        "政府采购执行率",
        "“三公”经费控制率",
        "财政供养人员控制率",
        "调整资金",
        "第一季度支出进度",
        "全年平均执行率得分",
        "综合评分",
        "评分等级",
    ):
        assert subject in texts, subject
    sheet = result.extraction.score_sheet
    assert sheet is not None and [r.name for r in sheet.rows] == ["预算编制质量", "执行进度", "履职效果", "服务满意度"]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def test_spending_before_budget_in_the_header_is_respected() -> None:
    table = audit_text(REPORT, "synthetic.txt").extraction.quarterly
    assert table is not None
    first = table.rows[0]
    assert first.budget is not None and first.budget.raw == "1,250.00"
    assert first.spending is not None and first.spending.raw == "250.00"


def test_wrong_grade_and_total_are_errors_at_their_lines() -> None:
    altered = REPORT.replace("综合评分 90.5", "综合评分 91.5").replace("评分等级 优", "评分等级 良")
    result = audit_text(altered, "synthetic.txt")
    assert at(result, _line_of(altered, "综合评分"), Severity.ERROR)
    grade = at(result, _line_of(altered, "评分等级"), Severity.ERROR)
    assert grade and grade[0].expected == "优"


def test_a_bare_control_rate_is_read_by_its_sentence_topic() -> None:
    altered = REPORT.replace("控制率 95.00%", "控制率 85.00%")
    result = audit_text(altered, "synthetic.txt")
    found = at(result, _line_of(altered, "控制率 85.00%"), Severity.ERROR)
    assert found and found[0].expected.startswith("95.00%")


def test_a_report_without_tables_is_still_audited() -> None:
    text = "某单位 2021 年度绩效报告\n\n政府采购计划金额 10.00 万元，实际支付金额 12.00 万元，政府采购执行率 120.00%。\n"
    result = audit_text(text, "short.txt")
    assert errors(result) == []
    assert result.extraction.quarterly is None and result.extraction.score_sheet is None


amounts = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("99999.99"), places=2)


@settings(max_examples=60, deadline=None)
@given(plan=amounts, share=st.integers(min_value=1, max_value=100))
def test_any_correctly_stated_procurement_rate_is_confirmed(plan: Decimal, share: int) -> None:
    paid = round_half_up(plan * share / 100, 2)
    rate = round_half_up(paid / plan * 100, 2)
    text = f"某局 2023 年度报告\n\n采购计划金额 {plan:,} 万元，实际采购支付金额 {paid:,} 万元，政府采购执行率 {rate}%。\n"
    result = audit_text(text, "p.txt")
    assert result.findings == ()
    assert any("政府采购执行率" in v.text for v in result.verified)


@settings(max_examples=60, deadline=None)
@given(plan=amounts, share=st.integers(min_value=1, max_value=100), off=st.integers(min_value=2, max_value=500))
def test_any_misstated_procurement_rate_is_an_error(plan: Decimal, share: int, off: int) -> None:
    paid = round_half_up(plan * share / 100, 2)
    rate = round_half_up(paid / plan * 100, 2) + Decimal(off) / 100
    text = f"某局 2023 年度报告\n\n采购计划金额 {plan:,} 万元，实际采购支付金额 {paid:,} 万元，政府采购执行率 {rate}%。\n"
    result = audit_text(text, "p.txt")
    assert [f.line for f in errors(result)] == [3]


def test_the_same_amount_stated_twice_with_two_values_is_suspect() -> None:
    altered = REPORT.replace("二、季度执行情况", "本年度调整预算数 1,260.00 万元。\n\n二、季度执行情况")
    result = audit_text(altered, "synthetic.txt")
    found = at(result, _line_of(altered, "1,260.00"), Severity.SUSPECT)
    assert found and found[0].check == "前后一致" and "1,250.00" in found[0].expected


def test_a_rate_stated_before_its_amounts() -> None:
    text = "某局 2023 年度报告\n\n政府采购执行率为 95.00%（实际支付 190.00 万元，计划 200.00 万元）。\n"
    result = audit_text(text, "p.txt")
    assert any("190.00 万元 ÷ 200.00 万元" in v.text for v in result.verified)
    wrong = audit_text(text.replace("95.00%", "96.00%"), "p.txt")
    assert [f.line for f in errors(wrong)] == [3]


RELATIONS = """某区水务局 2023 年度部门整体支出绩效评价报告

一、部门基本情况

（一）预算

2023 年年初部门预算 2,000.00 万元，调整预算 2,100.00 万元，全年调增预算 100.00 万元。年度中调剂预算 50.00 万元。
调整、调剂资金累计 150.00 万元，占年初预算的 7.50%。

（二）人员

年末实有在编 40 人，其中：行政编制 30 人、事业编制 10 人，共 40 人。

（三）季度执行

各季度末支出进度依次为20.00%、45.00%、70.00%、95.00%。

季度 调整预算数 累计支出数 支出进度 序时进度 得分

第一季度 2,100.00 420.00 20.00% 25% 0.80

第二季度 2,100.00 945.00 45.00% 50% 0.90

第三季度 2,100.00 1,470.00 70.00% 75% 0.93

第四季度 2,100.00 1,995.00 95.00% 100% 0.95

全年平均执行率 89.50% 1.79

二、评分

按评分标准，“执行进度”得 28.5 分（分值 30 分），“预算编制质量”得 35 分，较分值少 5 分。

部门整体支出绩效评分表

一级指标 二级指标 三级指标 分值 得分

管理指标 预算管理指标 预算编制质量 40

35

执行指标 执行进度 30

28.5

效果指标 履职效果 30

27

综合评分 90.5

评分等级 优
"""


@pytest.mark.parametrize(
    ("old", "new", "subject"),
    [
        ("调整、调剂资金累计 150.00", "调整、调剂资金累计 160.00", "调整、调剂资金累计"),
        ("共 40 人", "共 41 人", "合计数"),
        ("依次为20.00%、45.00%", "依次为20.00%、46.00%", "第二季度支出进度"),
        ("“执行进度”得 28.5 分", "“执行进度”得 29.5 分", "执行进度得分"),
        ("（分值 30 分）", "（分值 35 分）", "执行进度分值"),
        ("较分值少 5 分", "较分值少 4 分", "预算编制质量失分（分值减得分）"),
    ],
)
def test_relations_between_figures_in_the_text(old: str, new: str, subject: str) -> None:
    assert errors(audit_text(RELATIONS, "relations.txt")) == []
    altered = RELATIONS.replace(old, new)
    found = at(audit_text(altered, "relations.txt"), _line_of(altered, new), Severity.ERROR)
    assert subject in [f.subject for f in found]


def test_an_explicit_framework_makes_a_different_weight_an_error() -> None:
    from audit_support import edit_line, seed_lines

    text = edit_line(seed_lines(), 1612, "固定资产利用率 1", "固定资产利用率 2")
    implicit = [f for f in audit_text(text, "seed.txt").findings if f.line == 1612 and f.check == "指标体系"]
    explicit = [
        f
        for f in audit_text(text, "seed.txt", framework="shenzhen-department-2023").findings
        if f.line == 1612 and f.check == "指标体系"
    ]
    assert [f.severity for f in implicit] == [Severity.SUSPECT]
    assert [f.severity for f in explicit] == [Severity.ERROR]


budgets = st.decimals(min_value=Decimal("100.00"), max_value=Decimal("99999.99"), places=2)


def _quarterly_report(budget: Decimal, shares: list[int]) -> tuple[str, list[Decimal]]:
    rows = []
    scores = []
    for quarter, share in enumerate(shares, start=1):
        spending = round_half_up(budget * share / 1000, 2)
        progress = round_half_up(spending / budget * 100, 2)
        score = round_half_up(min(progress / (25 * quarter), Decimal(1)), 2)
        scores.append(score)
        rows.append(f"第{'一二三四'[quarter - 1]}季度 {budget:,} {spending:,} {progress}% {25 * quarter}% {score}")
    average = round_half_up(sum(scores, Decimal(0)) / 4 * 100, 2)
    average_score = round_half_up(min(average / 100, Decimal(1)) * 2, 2)
    text = "\n\n".join(
        [
            "某局 2023 年度报告",
            "季度 调整预算数 累计支出数 支出进度 序时进度 得分",
            *rows,
            f"全年平均执行率 {average}% {average_score}",
        ]
    )
    return text, scores


@settings(max_examples=40, deadline=None)
@given(budget=budgets, shares=st.lists(st.integers(min_value=50, max_value=1000), min_size=4, max_size=4).map(sorted))
def test_any_consistent_quarterly_table_is_confirmed(budget: Decimal, shares: list[int]) -> None:
    text, _ = _quarterly_report(budget, shares)
    result = audit_text(text, "q.txt")
    assert result.findings == ()
    assert sum(1 for v in result.verified if v.check == "季度执行表") == 10


@settings(max_examples=40, deadline=None)
@given(
    budget=budgets,
    shares=st.lists(st.integers(min_value=50, max_value=1000), min_size=4, max_size=4).map(sorted),
    quarter=st.integers(min_value=1, max_value=4),
)
def test_a_quarter_score_off_by_more_than_rounding_is_an_error(budget: Decimal, shares: list[int], quarter: int) -> None:
    text, scores = _quarterly_report(budget, shares)
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith(f"第{'一二三四'[quarter - 1]}季度"))
    wrong = (
        scores[quarter - 1] + Decimal("0.05") if scores[quarter - 1] < Decimal("0.9") else scores[quarter - 1] - Decimal("0.05")
    )
    lines[row] = lines[row].rsplit(" ", 1)[0] + f" {wrong}"
    result = audit_text("\n".join(lines), "q.txt")
    assert any(f.line == row + 1 and f.severity is Severity.ERROR for f in result.findings)


VARIANT = """某市交通运输局 2023 年度部门整体支出绩效自评报告

（一）预算情况

2023 年我局年初预算批复数 12,000.00 万元，调整后预算数 12,600.00 万元，调整资金 600.00 万元，占年初预算的 5.00%。

（二）政府采购

政府采购预算 800.00 万元，实际采购金额 760.00 万元，政府采购执行率 95.00%。

（三）公用经费

“三公”经费预算数 50.00 万元，实际支出 40.00 万元，控制率 80.00%。日常公用经费预算 300.00 万元，决算支出 280.00 万元，
日常公用经费控制率为 93.33%。

（四）资产与人员

固定资产总额 1,000.00 万元，实际在用固定资产 950.00 万元，固定资产利用率 95.00%。编制数 30 人，实有人数 28 人，
财政供养人员控制率 93.33%。
"""


def test_other_wordings_of_the_same_figures() -> None:
    result = audit_text(VARIANT, "variant.txt")
    assert result.findings == (), [str(f) for f in result.findings]
    texts = " ".join(v.text for v in result.verified)
    for subject in (
        "调整资金",
        "政府采购执行率",
        "“三公”经费控制率",
        "日常公用经费控制率",
        "固定资产利用率",
        "财政供养人员控制率",
    ):
        assert subject in texts, subject
    wrong = audit_text(VARIANT.replace("调整资金 600.00", "调整资金 500.00"), "variant.txt")
    assert {f.subject for f in wrong.findings} >= {"调整资金"}


GROUPED_SHEET = """某局 2023 年度报告

部门整体支出绩效评分表

一级指标 二级指标 三级指标 分值 得分

管理指标（60分）

预算指标（30分）

预算编制 30

20

执行指标（30分）

执行进度 30

25

绩效指标（40分）

效果指标（40分）

履职效果 40

38

综合评分 83

评分等级 良
"""


def test_group_weights_printed_on_the_sheet_must_add_up() -> None:
    result = audit_text(GROUPED_SHEET, "sheet.txt")
    assert result.findings == ()
    assert sum(1 for v in result.verified if "下级分值合计" in v.text) == 5
    altered = GROUPED_SHEET.replace("管理指标（60分）", "管理指标（50分）")
    found = at(audit_text(altered, "sheet.txt"), _line_of(altered, "管理指标（50分）"), Severity.ERROR)
    assert [f.subject for f in found] == ["管理指标"]


def test_standards_quoted_in_the_text_are_not_taken_for_scores() -> None:
    quoted = RELATIONS.replace(
        "二、评分", "二、评分\n\n按评分标准，“执行进度”每有一项未完成扣 4 分，全部完成得 30 分，满分 30 分。"
    )
    assert errors(audit_text(quoted, "relations.txt")) == []


RATIO_COLUMN = """某局 2023 年度报告

季度 调整预算数 累计支出数 支出进度 预算执行率 得分

第一季度 1,000.00 200.00 20.00% 80.00% 0.80

第二季度 1,000.00 450.00 45.00% 90.00% 0.90

第三季度 1,000.00 700.00 70.00% 93.33% 0.93

第四季度 1,000.00 950.00 95.00% 95.00% 0.95

全年平均执行率 89.50% 1.79
"""


def test_a_table_printing_the_quarter_ratio_instead_of_the_time_progress() -> None:
    result = audit_text(RATIO_COLUMN, "q.txt")
    assert result.findings == ()
    assert sum(1 for v in result.verified if "执行率：" in v.text) == 5
    altered = RATIO_COLUMN.replace("93.33% 0.93", "94.33% 0.93")
    assert [f.subject for f in errors(audit_text(altered, "q.txt"))] == ["第三季度执行率"]


@pytest.mark.parametrize(
    ("title", "department", "year"),
    [
        ("深圳市某委 2023 年度部门整体\n\n绩效评价报告", "深圳市某委", 2023),
        ("2022年度某市水务局部门整体支出绩效自评报告", "某市水务局", 2022),
        ("部门整体支出绩效评价报告\n\n部门名称 某某局 预算年度 2021", "某某局", 2021),
    ],
)
def test_department_and_year_from_the_title_or_the_table(title: str, department: str, year: int) -> None:
    extraction = audit_text(title + "\n\n正文。", "t.txt").extraction
    assert (extraction.department, extraction.year) == (department, year)


def test_a_rate_printed_with_its_division() -> None:
    text = "某局 2023 年度报告\n\n全年预算执行率为 96.48%（4,642.70/4,812.30），政府采购执行率 98.74%（145.53÷147.39）。\n"
    result = audit_text(text, "f.txt")
    assert result.findings == ()
    assert len(result.verified) == 2
    wrong = audit_text(text.replace("96.48%", "96.84%"), "f.txt")
    assert [(f.line, f.subject) for f in errors(wrong)] == [(3, "预算执行率")]


def test_the_grade_stated_in_the_text_against_the_sheet() -> None:
    stated = RELATIONS.replace("二、评分", "二、评分\n\n综合评分为 90.5 分，评价等级为“优”。")
    result = audit_text(stated, "relations.txt")
    assert errors(result) == []
    assert any("评分等级：正文" in v.text for v in result.verified)
    assert any("综合评分：正文 90.5 分" in v.text for v in result.verified)
    wrong = stated.replace("评价等级为“优”", "评价等级为“良”")
    assert [f.subject for f in errors(audit_text(wrong, "relations.txt"))] == ["评分等级"]


ITEMS = """某局 2023 年度报告

1.预算编制质量

按要求编制，其余要点均符合要求。“专项资金编制细化”得 3 分（满分 5 分），“分配不固化”得 2 分（满分 4 分）。

2.执行进度

第一季度末支出进度 20.00%，序时进度 25.00%；第二季度末支出进度 45.00%，序时进度 50.00%。

季度 调整预算数 累计支出数 支出进度 序时进度 得分

第一季度 2,100.00 420.00 20.00% 25% 0.80

第二季度 2,100.00 945.00 45.00% 50% 0.90

第三季度 2,100.00 1,470.00 70.00% 75% 0.93

第四季度 2,100.00 1,995.00 95.00% 100% 0.95

全年平均执行率 89.50% 1.79

部门整体支出绩效评分表

一级指标 二级指标 三级指标 分值 得分

管理指标 预算管理指标 预算编制质量 40

36

执行指标 执行进度 30

28.5

效果指标 履职效果 30

27

综合评分 91.5

评分等级 优
"""


@pytest.mark.parametrize(
    ("old", "new", "subject"),
    [
        ("得 2 分（满分 4 分）", "得 3 分（满分 4 分）", "预算编制质量"),
        ("得 2 分（满分 4 分）", "得 5 分（满分 4 分）", "评分要点得分"),
        ("第二季度末支出进度 45.00%", "第二季度末支出进度 44.00%", "第二季度支出进度"),
        ("序时进度 50.00%", "序时进度 55.00%", "第二季度序时进度"),
    ],
)
def test_item_points_and_quarter_figures_named_in_the_text(old: str, new: str, subject: str) -> None:
    assert errors(audit_text(ITEMS, "items.txt")) == []
    altered = ITEMS.replace(old, new)
    assert subject in [f.subject for f in errors(audit_text(altered, "items.txt"))]
