"""The report's content: figures derived from the facts, sections built or left out, numbering."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.decimals import round_half_up
from jixiao.facts.model import DepartmentYear
from jixiao.numbers import amount, points, rate
from jixiao.report.content import TargetResult, build_document
from jixiao.report.document import Heading, Paragraph, Table, chinese_numeral
from jixiao.report.figures import report_figures
from jixiao.report.html import html_text
from jixiao.report.markdown import markdown_text
from report_fixtures import fixture_case, fixture_sheet


def _text(case: DepartmentYear, **kwargs: object) -> str:
    document = build_document(case, fixture_sheet(), charts=False, **kwargs)  # type: ignore[arg-type]
    return "\n".join(item.text for item in document.flow() if isinstance(item, Heading | Paragraph))


def test_budget_shares_are_derived_from_the_facts() -> None:
    budget = report_figures(fixture_case()).budget
    assert budget is not None
    assert rate(budget.adjustment_share) == "0.34%"  # type: ignore[arg-type]
    assert rate(budget.transfer_share) == "4.77%"  # type: ignore[arg-type]
    assert rate(budget.reclassified_share) == "11.48%"  # type: ignore[arg-type]


def test_rates_round_half_up_at_two_decimals_of_a_percent() -> None:
    figures = report_figures(fixture_case())
    # 145.53 ÷ 147.39 = 98.7380…%: half-up gives 98.74%, not the 98.73% printed in the seed.
    assert rate(figures.procurement_rate) == "98.74%"  # type: ignore[arg-type]
    assert rate(figures.three_public_rate) == "89.90%"  # type: ignore[arg-type]
    assert rate(figures.routine_rate) == "94.21%"  # type: ignore[arg-type]
    assert figures.staff is not None
    assert (figures.staff.outside_quota, figures.staff.all_in_post) == (25, 85)
    assert rate(figures.staff.outside_quota_rate) == "29.41%"  # type: ignore[arg-type]
    assert rate(figures.staff.in_post_rate) == "92.45%"  # type: ignore[arg-type]


def test_self_evaluation_columns_add_up_to_the_budget_and_spending() -> None:
    totals = report_figures(fixture_case()).self_evaluation
    assert totals is not None
    assert amount(totals.budget_total) == "48,122,993.50"
    assert amount(totals.executed_total) == "46,426,984.22"
    # The same money in 万元: the adjusted budget and the fourth quarter's cumulative spending.
    case = fixture_case()
    assert case.budget is not None and case.quarters is not None
    assert round_half_up(totals.budget_total / 10000) == case.budget.adjusted
    assert round_half_up(totals.executed_total / 10000) == case.quarters[3].cumulative_spending


def test_computed_paragraphs_state_the_figures() -> None:
    text = _text(fixture_case())
    assert "调整预算 4,812.30 万元" in text
    assert "占年初预算总规模的 0.34%" in text
    assert "政府采购执行率为 98.74%" in text
    assert "“三公”经费控制率为 89.90%" in text
    assert "日常公用经费控制率为 94.21%" in text
    assert "编外人员控制率为 29.41%" in text
    assert "全年平均执行率为 91.25%" in text
    assert "综合评分为 96.77 分，评分等级为“优”" in text


def test_quarter_table_takes_scores_from_the_score_sheet() -> None:
    document = build_document(fixture_case(), fixture_sheet(), charts=False)
    table = next(i for i in document.flow() if isinstance(i, Table) and i.key == "quarters")
    cells = [[c.text for c in row] for row in table.rows]
    assert cells[0] == ["第一季度", "4,911.26", "1,052.76", "21.44%", "25.00%", "0.86"]
    assert cells[3] == ["第四季度", "4,812.30", "4,642.70", "96.48%", "100.00%", "0.96"]
    assert cells[4] == ["全年平均执行率", "91.25%", "1.83"]


def test_score_table_lists_every_indicator_then_total_and_grade() -> None:
    sheet = fixture_sheet()
    document = build_document(fixture_case(), sheet, charts=False)
    table = next(i for i in document.flow() if isinstance(i, Table) and i.key == "score_sheet")
    assert len(table.rows) == len(sheet.indicators) + 2
    assert [row[-1].text for row in table.rows[:-2]] == [points(i.score) for i in sheet.indicators]
    assert [c.text for c in table.rows[-2]] == ["综合评分", "96.77"]
    assert [c.text for c in table.rows[-1]] == ["评分等级", "优"]
    assert sum((i.score for i in sheet.indicators), Decimal(0)) == sheet.total


def test_a_missing_section_is_left_out_and_the_rest_renumbered() -> None:
    case = fixture_case()
    without = case.model_copy(update={"narrative": replace(case.narrative, organisation=None)})
    headings = [i.text for i in build_document(without, fixture_sheet(), charts=False).flow()
                if isinstance(i, Heading) and i.level == 2][:3]
    assert headings == ["（一）部门主要职能", "（二）人员编制情况", "（三）年度总体工作和重点工作任务"]


def test_a_case_with_only_its_name_and_year_gives_a_short_clean_report() -> None:
    bare = DepartmentYear.model_validate({"department": {"name": "某局"}, "year": 2024})
    document = build_document(bare, None, charts=False)
    items = list(document.flow())
    assert items == []
    assert document.title == "某局2024年度部门整体支出绩效评价报告"


def test_target_judgements_add_a_column_when_given() -> None:
    case = fixture_case()
    assert case.self_evaluation is not None
    judgements = [TargetResult("达成", "+1.35万份")] + [TargetResult("未达成")] * (len(case.self_evaluation.targets) - 1)
    document = build_document(case, fixture_sheet(), charts=False, target_judgements=judgements)
    table = next(i for i in document.flow() if isinstance(i, Table) and i.key == "targets")
    assert table.columns[-1].title == "完成情况"
    assert [row[-1].text for row in table.rows] == ["达成\n+1.35万份"] + ["未达成"] * (len(table.rows) - 1)
    text = "\n".join(i.text for i in document.flow() if isinstance(i, Paragraph))
    assert f"逐项对照预期值，达成 1 项、未达成 {len(table.rows) - 1} 项" in text


_SECTIONS = ("budget", "quarters", "procurement", "public_expenses", "staff", "assets", "projects",
             "key_tasks", "petitions", "satisfaction", "disclosure", "compliance", "self_evaluation")


@settings(max_examples=40, deadline=None)
@given(dropped=st.sets(st.sampled_from(_SECTIONS)), with_scores=st.booleans())
def test_any_subset_of_facts_gives_a_report_without_blanks(dropped: set[str], with_scores: bool) -> None:
    case = fixture_case().model_copy(update=dict.fromkeys(dropped))
    document = build_document(case, fixture_sheet() if with_scores else None, charts=False)
    items = list(document.flow())
    for here, after in zip(items, [*items[1:], None], strict=True):
        if isinstance(here, Heading):
            # A heading is followed by its own content or a deeper heading, never by a sibling or nothing.
            assert after is not None and not (isinstance(after, Heading) and after.level <= here.level)
    text = "\n".join(i.text for i in items if isinstance(i, Heading | Paragraph))
    assert "None" not in text and "  " not in text and "万元万元" not in text
    assert not re.search(r"，。|：。|为 。|为 %", text)
    # The same model renders to every text format without a gap.
    assert "None" not in markdown_text(document) and "None" not in html_text(document)


@given(st.decimals(min_value=0, max_value=Decimal("1e12"), places=4, allow_nan=False))
def test_amounts_are_written_with_separators_and_two_decimals(value: Decimal) -> None:
    written = amount(value)
    assert re.fullmatch(r"\d{1,3}(,\d{3})*\.\d{2}", written)
    assert Decimal(written.replace(",", "")) == round_half_up(value, 2)


def test_chinese_numerals_for_section_numbers() -> None:
    numbers = [chinese_numeral(n) for n in (1, 4, 10, 12, 20, 21)]
    assert numbers == ["一", "四", "十", "十二", "二十", "二十一"]


def test_a_lowered_budget_is_said_to_be_lowered() -> None:
    case = fixture_case()
    assert case.budget is not None
    lowered = case.model_copy(update={"budget": replace(case.budget, adjusted=Decimal("4700.00"), adjustments=None)})
    text = _text(lowered)
    assert "全年调减预算 96.11 万元，占年初预算总规模的 2.00%" in text


def test_disclosure_wording_follows_its_status() -> None:
    case = fixture_case()
    assert case.disclosure is not None
    late = case.model_copy(update={"disclosure": replace(
        case.disclosure, final_accounts="公开但不符合要求", budget="未公开", budget_date=None)})
    text = _text(late)
    assert "2023年部门预算未公开。" in text
    assert "2022年度部门决算已于2023年9月27日公开，但在时限、内容或范围上未完全符合要求。" in text


def test_outside_quota_staff_are_named_by_category() -> None:
    text = _text(fixture_case())
    assert "计为编外人员的有外资专班工作人员 5 人、办证窗口工作人员 20 人，共 25 人；员额 11 人不计入编外人员" in text


def test_indicators_of_another_framework_keep_their_findings_and_notes() -> None:
    from jixiao.report.scores import Check, ScoredIndicator

    sheet = fixture_sheet()
    extra = ScoredIndicator(
        id="procedures", level1="过程", level2="业务管理", name="制度执行有效性", weight=Decimal(2),
        description="说明", standard="标准", score=Decimal("1.5"),
        checks=(Check("按规定程序采购", Decimal(1), Decimal(1)), Check("合同管理规范", Decimal("0.5"), Decimal(1),
                                                                   "两份合同未备案")),
    )
    sheet = replace(sheet, indicators=(*sheet.indicators, extra))
    case = fixture_case()
    case = case.model_copy(update={"narrative": replace(
        case.narrative, notes={**case.narrative.notes, "procedures": "年内修订了合同管理办法。"})})
    document = build_document(case, sheet, charts=False)
    items = list(document.flow())
    heading = next(i for i in items if isinstance(i, Heading) and i.title == "其他指标的评价情况")
    after = items[items.index(heading) + 1:items.index(heading) + 4]
    texts = [i.text for i in after if isinstance(i, Heading | Paragraph)]
    assert texts[0] == "1.制度执行有效性"
    assert "“合同管理规范”得 0.50 分（满分 1.00 分），原因是两份合同未备案" in texts[1]
    assert texts[2] == "年内修订了合同管理办法。"
