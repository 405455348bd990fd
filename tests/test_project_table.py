"""The project self-evaluation form (项目支出绩效自评表): the example's figures worked by hand, the form's layout,
and the Word file."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.facts.load import parse_case
from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import load_framework
from jixiao.report.document import Cell, Column, Document, Heading, Paragraph, Section, Table
from jixiao.report.docx import docx_bytes
from jixiao.report.html import html_text
from jixiao.report.markdown import markdown_text
from jixiao.report.project_table import LAYOUT, project_self_document, rounded_to_total, target_rows
from jixiao.scoring.engine import evaluate
from jixiao.scoring.intake import load_for_scoring
from jixiao.scoring.result import Evaluation

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "project-self-2023.yaml"
BASE = EXAMPLE.read_text(encoding="utf-8")


def D(text: str) -> Decimal:
    return Decimal(text)


def scored(text: str | None = None) -> tuple[DepartmentYear, Evaluation]:
    if text is None:
        case, framework = load_for_scoring(EXAMPLE)
    else:
        case, framework = parse_case(text), load_framework("project-self-2020")
    return case, evaluate(case, framework)


def form(document: Document) -> Table:
    tables = [item for item in document.flow() if isinstance(item, Table)]
    assert len(tables) == 1
    return tables[0]


def grid_text(table: Table) -> list[list[str | None]]:
    """The form as a grid of nine columns: a cell's text in its first column, '' in the others it spans, None
    under a cell that spans rows."""
    out = []
    for row in table.merged_rows():
        texts: list[str | None] = []
        for slot in row:
            if slot is None:
                texts.append(None)
            else:
                texts += [slot[0].text] + [""] * (slot[0].colspan - 1)
        out.append(texts)
    return out


def row_of(grid: list[list[str | None]], label: str) -> list[str | None]:
    return next(row for row in grid if label in row)


def test_layout_name() -> None:
    assert LAYOUT == "project-self-evaluation"


# ---------------------------------------------------------------------------------------------- the example


def test_each_target_scored_by_hand() -> None:
    case, evaluation = scored()
    got = [(r.target.name, r.weight, r.score) for r in target_rows(case, evaluation)]
    assert got == [
        ("维修改造学校数", D("10"), D("10.00")),       # 12 ≥ 12: met
        ("改造校舍面积", D("10"), D("9.00")),          # 27000 ÷ 30000 = 90% × 10
        ("工程验收合格率", D("10"), D("10.00")),       # 100% of 100%
        ("工程完工时间", D("10"), D("10.00")),         # 8月25日 before 8月31日: deadline met, band 100%
        ("单位面积改造成本", D("10"), D("10.00")),     # 420 ≤ 450: met
        ("校舍安全隐患消除情况", D("10"), D("7.00")),  # says 部分达成: band 70% × 10
        ("受益学生人数", D("10"), D("7.50")),          # 14000 vs 8000: 75% over, 25% beyond 50% → 75% × 10
        ("维修后校舍安全使用年限", D("10"), D("10.00")),
        ("师生满意度", D("5"), D("5.00")),             # 93% ≥ 90%, 3.33% over: not cut
        ("家长满意度", D("5"), D("4.89")),             # 88 ÷ 90 × 5 = 4.888… → 4.89
    ]
    rows = target_rows(case, evaluation)
    assert [r.target.name for r in rows if r.reduced] == ["受益学生人数"]


def test_rows_add_up_to_each_group_and_the_total() -> None:
    case, evaluation = scored()
    rows = target_rows(case, evaluation)

    def group(level1: str) -> Decimal:
        return sum((r.score or D("0") for r in rows if r.target.level1 == level1), D("0"))

    assert group("产出指标") == evaluation.result("output_targets").score == D("49.00")
    assert group("效益指标") == evaluation.result("benefit_targets").score == D("24.50")
    assert group("满意度指标") == evaluation.result("satisfaction_targets").score == D("9.89")
    # 1104 ÷ 1200 = 92.00% × 10 = 9.20; 9.20 + 49.00 + 24.50 + 9.89 = 92.59
    assert evaluation.result("execution_rate").score == D("9.20")
    assert evaluation.total == D("92.59")


def test_form_values() -> None:
    case, evaluation = scored()
    document = project_self_document(case, evaluation)
    assert document.title == "2023年度项目支出绩效自评表"
    assert document.title_lines() == ("2023年度项目支出绩效自评表",)
    grid = grid_text(form(document))
    assert row_of(grid, "项目名称")[2] == "中小学校舍维修改造项目"
    managed = row_of(grid, "主管部门")
    assert managed[2] == "某区教育局" and managed[5] == "实施单位" and managed[6] == "某区教育局基建办公室"
    assert row_of(grid, "年初预算数")[3:] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert row_of(grid, "年度资金总额")[3:] == ["1,000.00", "1,200.00", "1,104.00", "10.00", "92.00%", "9.20"]
    # The parts have no points of their own. Fiscal funds: 1060 ÷ 1150 = 92.173…% → 92.17%;
    # carried over from last year: 44 ÷ 50 = 88.00%; no other funds (left blank).
    assert row_of(grid, "其中：当年财政拨款")[3:] == ["1,000.00", "1,150.00", "1,060.00", "—", "92.17%", "—"]
    assert row_of(grid, "上年结转资金")[3:] == ["0.00", "50.00", "44.00", "—", "88.00%", "—"]
    assert row_of(grid, "其他资金")[3:] == ["", "", "", "—", "", "—"]
    goals = row_of(grid, "预期目标")
    assert goals[1] == "预期目标" and goals[5] == "实际完成情况"
    first_goal = grid[grid.index(goals) + 1]
    assert first_goal[1] == "1. 完成 12 所中小学校舍维修改造，改造面积不少于 3 万平方米"
    assert first_goal[5] == "1. 12 所学校全部完工，改造面积 2.7 万平方米"
    head = row_of(grid, "一级指标")
    assert head == ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "偏差原因分析及改进措施"]
    area = row_of(grid, "改造校舍面积")
    assert area == [None, None, None, "改造校舍面积", "≥30000平方米", "27000平方米", "10.00", "9.00",
                    "两所学校附属用房因设计变更顺延至下年度改造"]
    assert row_of(grid, "维修改造学校数")[1:3] == ["产出指标", "数量指标"]
    assert row_of(grid, "家长满意度")[6:8] == ["5.00", "4.89"]
    assert grid[-1] == ["总分", "", "", "", "", "", "100.00", "92.59", ""]


def test_form_structure() -> None:
    case, evaluation = scored()
    table = form(project_self_document(case, evaluation))
    assert table.headless and table.header_rows() == ()
    assert len(table.columns) == 9
    assert sum(c.width_mm for c in table.columns) == 156  # A4's type area under GB/T 9704
    # Every row covers the nine columns exactly.
    for row in table.merged_rows():
        assert sum(1 if slot is None else slot[0].colspan for slot in row) == 9
    grid = grid_text(table)
    # 2 project rows, 5 funds rows, 1 + 2 goal rows, 1 + 10 target rows, the total.
    assert len(grid) == 2 + 5 + 3 + 11 + 1
    spans = {slot[0].text: slot[1] for row in table.merged_rows() for slot in row if slot is not None}
    assert spans["项目资金\n（万元）"] == 5
    assert spans["年度总体目标"] == 3
    assert spans["绩效指标"] == 11
    assert spans["产出指标"] == 5 and spans["效益指标"] == 3 and spans["满意度指标"] == 2
    assert spans["数量指标"] == 2 and spans["社会效益指标"] == 2 and spans["服务对象满意度指标"] == 2


def test_note_says_the_method_and_the_reduced_row() -> None:
    case, evaluation = scored()
    document = project_self_document(case, evaluation)
    notes = [item.text for item in document.flow() if not isinstance(item, Table)]
    assert notes[0] == "注："
    assert notes[1] == "1. 预算执行率 = 全年执行数 ÷ 全年预算数，得分 = 执行率 × 10 分（执行率超过 100% 的按 100% 计）。"
    assert "部分达成并具有一定效果的得 70%" in notes[2] and "超出年度指标值 50% 以上的" in notes[2]
    assert notes[3].startswith("3. “受益学生人数”实际值超出目标 75.00%")
    assert "得 7.50 分（偏差原因：年度指标按首批 5 所学校测算" in notes[3]
    # and each indicator of the framework with its score: 产出 10 + 9 + 10 + 10 + 10 = 49; 效益 7 + 7.5 + 10 = 24.5;
    # 满意度 5 + 4.89 = 9.89; 9.20 + 49 + 24.50 + 9.89 = 92.59
    assert notes[-1] == ("4. 自评总分 92.59 分，评价等级为“优”；其中预算执行率 9.20 分（分值 10.00 分）；"
                         "产出指标完成情况 49.00 分（分值 50.00 分）；效益指标完成情况 24.50 分（分值 30.00 分）；"
                         "满意度指标完成情况 9.89 分（分值 10.00 分）。")
    assert not any("舍入差额" in note for note in notes)  # the example's rows add up as rounded


def test_docx_holds_the_form() -> None:
    import docx

    case, evaluation = scored()
    word = docx.Document(io.BytesIO(docx_bytes(project_self_document(case, evaluation))))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "2023年度项目支出绩效自评表" in text
    assert len(word.tables) == 1
    table = word.tables[0]
    cells = {cell.text for row in table.rows for cell in row.cells}
    assert {"中小学校舍维修改造项目", "92.59", "9.20", "92.00%", "总分", "其中：当年财政拨款"} <= cells
    assert len(table.columns) == 9
    xml = table._tbl.xml
    assert 'w:vMerge w:val="restart"' in xml and "w:gridSpan" in xml
    assert "tblHeader" not in xml  # a form repeats no header row


def test_html_and_markdown_render_the_form() -> None:
    case, evaluation = scored()
    document = project_self_document(case, evaluation)
    html = html_text(document)
    assert 'rowspan="11"' in html and "中小学校舍维修改造项目" in html and "92.59" in html
    assert '<p class="table-title">' not in html  # the form has no caption
    markdown = markdown_text(document)
    assert "| 总分 |  |  |  |  |  | 100.00 | 92.59 |  |" in markdown
    assert "|  | 产出指标 | 数量指标 | 维修改造学校数 | ≥12所 | 12所 | 10.00 | 10.00 |  |" in markdown


# ---------------------------------------------------------------------------------------------- variants


def test_without_satisfaction_targets_benefit_rows_carry_both_shares() -> None:
    case, evaluation = scored(BASE[:BASE.index("    - {level1: 满意度指标")])
    rows = target_rows(case, evaluation)
    benefit = [(r.target.name, r.weight, r.score) for r in rows if r.target.level1 == "效益指标"]
    # Each benefit target also scores 10 ÷ 3 = 3.333… of the satisfaction points: weights 3.34, 3.33, 3.33 (the
    # cent to the first); shares 70%, 75%, 100% of 3.333… = 2.333…, 2.5, 3.333…, rounded 2.33 + 2.50 + 3.33 =
    # 8.16 against the indicator's 8.17: the cent goes to the first (remainder 0.00333…, tied with the third).
    assert benefit == [
        ("校舍安全隐患消除情况", D("13.34"), D("9.34")),   # 7.00 + 2.34
        ("受益学生人数", D("13.33"), D("10.00")),          # 7.50 + 2.50
        ("维修后校舍安全使用年限", D("13.33"), D("13.33")),  # 10.00 + 3.33
    ]
    both = evaluation.result("benefit_targets").score + evaluation.result("satisfaction_targets").score
    assert sum((score for _, _, score in benefit), D("0")) == both == D("32.67")
    notes = [i.text for i in project_self_document(case, evaluation).flow() if not isinstance(i, Table)]
    assert any("自评表未设置满意度指标" in n for n in notes)
    assert any("舍入差额从大到小" in n for n in notes)


def test_rows_rounded_apart_are_evened_to_the_indicator() -> None:
    # Both satisfaction targets at 89% of 90%: 89 ÷ 90 × 5 = 4.944… each, 4.94 + 4.94 = 9.88, but the indicator
    # adds the exact shares: 9.888… → 9.89. The first row takes the cent.
    text = BASE.replace('actual: "93%"', 'actual: "89%"').replace('      actual: "88%"', '      actual: "89%"')
    case, evaluation = scored(text)
    rows = [r for r in target_rows(case, evaluation) if r.target.level1 == "满意度指标"]
    assert [r.score for r in rows] == [D("4.95"), D("4.94")]
    assert evaluation.result("satisfaction_targets").score == D("9.89")


@given(st.lists(st.integers(min_value=0, max_value=200), min_size=2, max_size=2),
       st.integers(min_value=1, max_value=30000))
def test_rows_always_add_up_to_their_indicator(satisfaction: list[int], area: int) -> None:
    case, _ = scored()
    assert case.self_evaluation is not None
    targets = list(case.self_evaluation.targets)
    targets[1] = replace(targets[1], actual=f"{area}平方米")
    targets[8] = replace(targets[8], actual=f"{satisfaction[0]}%")
    targets[9] = replace(targets[9], actual=f"{satisfaction[1]}%")
    varied = case.model_copy(update={"self_evaluation": replace(case.self_evaluation, targets=tuple(targets))})
    evaluation = evaluate(varied, load_framework("project-self-2020"))
    rows = target_rows(varied, evaluation)
    for level1, indicator in (("产出指标", "output_targets"), ("效益指标", "benefit_targets"),
                              ("满意度指标", "satisfaction_targets")):
        got = sum((r.score or D("0") for r in rows if r.target.level1 == level1), D("0"))
        assert got == evaluation.result(indicator).score
    assert sum((r.score or D("0") for r in rows), D("0")) + evaluation.result("execution_rate").score \
        == evaluation.total


def test_evened_moves_cents_by_largest_remainder() -> None:
    third = D(1) / D(3)
    assert rounded_to_total([third, third, third], D("1"), 2) == ([D("0.34"), D("0.33"), D("0.33")], True)
    assert rounded_to_total([D("2.5"), D("2.5")], D("5"), 2) == ([D("2.50"), D("2.50")], False)
    # Rounded up too far: 0.335 + 0.335 = 0.68 against 0.67; the cent comes off the first of the two.
    assert rounded_to_total([D("0.335"), D("0.335")], D("0.67"), 2) == ([D("0.33"), D("0.34")], True)


@given(st.lists(st.decimals(min_value=0, max_value=100, places=6), min_size=1, max_size=12))
def test_evened_adds_up_and_moves_each_by_a_cent_at_most(values: list[Decimal]) -> None:
    total = sum(values, D("0")).quantize(D("0.01"), rounding="ROUND_HALF_UP")
    shown, _ = rounded_to_total(values, total, 2)
    assert sum(shown, D("0")) == total
    assert all(abs(s - v) < D("0.015") for s, v in zip(shown, values, strict=True))


# ---------------------------------------------------------------------------------------------- the model


def test_rowspan_cells_leave_their_columns_covered() -> None:
    table = Table("t", "", columns=tuple(Column(str(n), 10) for n in range(3)), headless=True, rows=(
        (Cell("a", rowspan=2), Cell("b", colspan=2)),
        (Cell("c"), Cell("d", rowspan=2)),
        (Cell("e", colspan=2),),
    ))
    grid = [[None if s is None else (s[0].text, s[1]) for s in row] for row in table.merged_rows()]
    assert grid == [[("a", 2), ("b", 1)], [None, ("c", 1), ("d", 2)], [("e", 1), None]]


def test_rowspan_and_merge_down_are_not_mixed() -> None:
    with pytest.raises(ValueError, match="merge_down"):
        Table("t", "", columns=(Column("x", 10),), rows=((Cell("a", rowspan=2),), ()), merge_down=(0,))


def test_untitled_section_has_no_heading_and_takes_no_number() -> None:
    document = Document("2023年度某某报告", "某部门", 2023, [
        Section("", [Paragraph("表前")]), Section("第一部分", [Paragraph("正文")]),
    ])
    items = list(document.flow())
    assert items[0] == Paragraph("表前")
    assert items[1] == Heading(1, "一、", "第一部分")
    assert document.title_lines() == ("2023年度", "某某报告")


def test_groups_without_targets_say_how_they_scored() -> None:
    # One output target without a weight: it takes all 50 points; no benefit or satisfaction targets score 0.
    text = BASE[:BASE.index("  targets:")] + (
        "  targets:\n    - {level1: 产出指标, level2: 数量指标, name: 学校数, expected: \"≥12所\", actual: 12所}\n")
    case, evaluation = scored(text)
    assert [(r.weight, r.score) for r in target_rows(case, evaluation)] == [(D("50"), D("50.00"))]
    notes = [i.text for i in project_self_document(case, evaluation).flow() if not isinstance(i, Table)]
    assert "3. “产出指标完成情况”各项未填写分值，50 分由 1 项平均分配。" in notes
    assert "4. 自评表中没有效益指标，“效益指标完成情况”的 30 分按 0.00 分计。" in notes
    assert "5. 自评表中没有满意度指标，也没有效益指标，“满意度指标完成情况”的 10 分按 0.00 分计。" in notes
    # 9.20 + 50 = 59.20 → 差
    assert notes[-1].startswith("6. 自评总分 59.20 分，评价等级为“差”；其中预算执行率 9.20 分（分值 10.00 分）；"
                                "产出指标完成情况 50.00 分（分值 50.00 分）；效益指标完成情况 0.00 分")
