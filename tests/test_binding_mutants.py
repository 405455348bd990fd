"""What the case-to-framework check (jixiao.scoring.binding) says, pinned for the mutation run (docs/mutation.md).

A framework of four indicators written for the test: 预算编制科学性 (plan) scored by two checklist items (duties,
2 points; detail, 1 point), 绩效目标完整性 (goals) 3 points less 1 for each finding the evaluator lists,
制度健全性 (system) 2 points awarded by the evaluator, and 在编率 (staffing), the staff in post out of 10
authorised posts × 2 points, read from the case's staff figures. Each problem is checked whole, as the user reads it:
file, line, field and message, and for a workbook the cell and the sheet's own words.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.facts.load import parse_case, remember_source
from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import parse_framework
from jixiao.problems import InputError
from jixiao.scoring.binding import (
    _show,
    bind,
    describe_field,
    parts_set_aside,
    remember_set_aside,
    required_below,
)
from jixiao.scoring.engine import evaluate, scorer_for
from jixiao.scoring.intake import load_for_scoring
from jixiao.yamlsource import SourceMap

D = Decimal

FRAMEWORK = textwrap.dedent("""\
    id: binding-test
    title: 对应检查测试体系
    region: 测试县
    year: 2024
    source: {document: 测试文件}
    total: 10
    grades: [{grade: 合格, min: 6}, {grade: 不合格, min: 0}]
    measures:
      - id: local.staffing
        label: 在编率
        kind: rate
        formula: staff.in_post ÷ 10
    groups:
      - name: 管理
        weight: 10
        groups:
          - name: 管理
            weight: 10
            indicators:
              - id: plan
                name: 预算编制科学性
                weight: 3
                description: 编制
                standard: 两个要点
                rule:
                  kind: checklist
                  items:
                    - {id: duties, name: 符合部门职责, points: 2}
                    - {id: detail, name: 编制细化, points: 1}
              - id: goals
                name: 绩效目标完整性
                weight: 3
                description: 目标
                standard: 每个问题扣 1 分
                rule: {kind: deductions, points: 3, per_finding: 1, findings: judgement}
              - id: system
                name: 制度健全性
                weight: 2
                description: 制度
                standard: 酌情评分
                rule: {kind: judged, points: 2}
              - id: staffing
                name: 在编率
                weight: 2
                description: 在编人数与核定的 10 个编制之比
                standard: 在编率 × 2 分
                rule: {kind: ratio_points, value: local.staffing, points: 2}
    """)
FW = parse_framework(FRAMEWORK, "体系.yaml")

HEAD = "department: {name: 测试局}\nyear: 2024\n"
STAFF = "staff: {authorised_posts: 10, in_post: 9}\n"
COMPLETE = {
    "plan": "{items: {duties: 2, detail: 1}}",
    "goals": "{findings: []}",
    "system": "{score: 2}",
}


def case_text(judgements: dict[str, str] | None = None, *, staff: bool = True) -> str:
    """A case of HEAD, the staff line (line 3) when asked for, then one judgement a line."""
    chosen = COMPLETE if judgements is None else judgements
    lines = [HEAD, STAFF if staff else ""]
    if chosen:
        lines.append("judgements:\n" + "".join(f"  {key}: {value}\n" for key, value in chosen.items()))
    return "".join(lines)


def case(judgements: dict[str, str] | None = None, *, staff: bool = True) -> DepartmentYear:
    return parse_case(case_text(judgements, staff=staff), "案例.yaml", catalogue=FW.catalogue)


def problems(c: DepartmentYear) -> list[str]:
    with pytest.raises(InputError) as caught:
        evaluate(c, FW)
    return sorted(str(p) for p in caught.value.problems)


def missing(c: DepartmentYear) -> dict[str, tuple[str, ...]]:
    evaluation = evaluate(c, FW, partial=True)
    return {r.indicator.id: r.missing for r in evaluation.results if r.missing}


def binding_of(c: DepartmentYear, **kwargs: object):  # type: ignore[no-untyped-def]
    scorer = scorer_for(FW)
    return bind(c, FW, scorer.plan, scorer.presence, scorer.lookup, **kwargs)  # type: ignore[arg-type]


# --- what is accepted ---------------------------------------------------------------------------------------

def test_a_complete_case_is_scored() -> None:
    evaluation = evaluate(case(), FW)
    # 2 + 1; 3 less no finding; 2 as awarded; 9 ÷ 10 = 90% × 2 = 1.8
    assert [r.score for r in evaluation.results] == [D(3), D(3), D(2), D("1.8")]
    binding = binding_of(case())
    assert binding.problems == [] and binding.absences == [] and binding.missing == {}
    assert set(binding.judgements) == {"plan", "goals", "system"}
    assert binding.keys == {"plan": "plan", "goals": "goals", "system": "system"}


def test_full_points_need_no_reason_and_less_with_a_reason_is_accepted() -> None:
    c = case({"plan": "{items: {duties: {points: 1.5, reason: 职责不清}, detail: 1}}",
              "goals": "{findings: [目标不全]}", "system": "{score: 1.5, reason: 制度不全}"})
    # 1.5 + 1; 3 - 1 for the one finding; 1.5 as awarded
    assert [r.score for r in evaluate(c, FW).results] == [D("2.5"), D(2), D("1.5"), D("1.8")]


def test_a_judgement_may_be_keyed_by_the_indicator_s_chinese_name() -> None:
    c = case({"预算编制科学性": "{items: {duties: 2, detail: 0, }}".replace("0, ", "1"),
              "goals": "{findings: []}", "制度健全性": "{score: 2}"})
    binding = binding_of(c)
    assert binding.problems == []
    assert binding.keys == {"plan": "预算编制科学性", "goals": "goals", "system": "制度健全性"}
    assert binding.path_of("system") == ("judgements", "制度健全性")
    assert binding.path_of("staffing") == ("judgements", "staffing")  # no judgement: its id


# --- what is refused, each at its line ------------------------------------------------------------------------

def test_an_item_above_its_points_or_cut_without_a_reason() -> None:
    c = case({"plan": "{items: {duties: 2.5, detail: 0.5}}", "goals": "{findings: []}", "system": "{score: 2}"})
    assert problems(c) == sorted([
        "案例.yaml，第 5 行：字段 judgements.plan.items.duties：得分 2.5 超过该要点的分值 2",
        "案例.yaml，第 5 行：字段 judgements.plan.items.detail：扣分（0.5/1）须说明扣分理由（reason）",
    ])


def test_an_item_missing_and_an_item_unknown() -> None:
    c = case({"plan": "{items: {duties: 2, extra: 1}}", "goals": "{findings: []}", "system": "{score: 2}"})
    assert problems(c) == sorted([
        "案例.yaml，第 5 行：字段 judgements.plan.items.detail：缺少评分要点 detail（编制细化，1 分）的得分",
        "案例.yaml，第 5 行：字段 judgements.plan.items.extra：未知的评分要点“extra”，应为：duties、detail",
    ])
    assert missing(c) == {"plan": ("缺少要点“编制细化”的得分",)}


def test_items_for_an_indicator_without_items() -> None:
    c = case({**COMPLETE, "system": "{score: 2, items: {a: 1}}"})
    assert problems(c) == sorted([
        "案例.yaml，第 7 行：字段 judgements.system.items.a：未知的评分要点“a”，应为：（本指标没有评分要点）"])


def test_findings_missing_or_not_wanted() -> None:
    c = case({"plan": "{items: {duties: 2, detail: 1}, findings: []}", "goals": "{reason: 无}",
              "system": "{score: 2}"})
    assert problems(c) == sorted([
        "案例.yaml，第 5 行：字段 judgements.plan.findings：本指标不按问题扣分，不需要 findings",
        "案例.yaml，第 6 行：字段 judgements.goals.findings：缺少发现的问题清单（findings）：请逐条列出发现的问题，"
        "没有问题也须明确说明（YAML 中写 findings: []）",
    ])
    assert missing(case({**COMPLETE, "goals": "{reason: 无}"})) == {"goals": ("缺少发现的问题清单",)}


def test_a_score_missing_above_or_below_without_a_reason() -> None:
    assert problems(case({**COMPLETE, "system": "{reason: 无}"})) == sorted([
        "案例.yaml，第 7 行：字段 judgements.system.score：缺少评分（score）：请给出 0 到 2 分的评分"])
    assert missing(case({**COMPLETE, "system": "{reason: 无}"})) == {"system": ("缺少评分",)}
    assert problems(case({**COMPLETE, "system": "{score: 2.5}"})) == sorted([
        "案例.yaml，第 7 行：字段 judgements.system.score：评分 2.5 超过分值 2"])
    assert problems(case({**COMPLETE, "system": "{score: 1.5}"})) == sorted([
        "案例.yaml，第 7 行：字段 judgements.system.score：评分 1.5 低于分值 2，须说明扣分理由（reason）"])


def test_a_score_where_the_rule_does_not_take_one() -> None:
    assert problems(case({**COMPLETE, "goals": "{findings: [], score: 1}"})) == sorted([
        "案例.yaml，第 6 行：字段 judgements.goals.score：本指标不由评价人员直接评分，不需要 score"])


def test_a_judgement_for_an_indicator_the_figures_score() -> None:
    assert problems(case({**COMPLETE, "staffing": "{score: 1}"})) == sorted([
        "案例.yaml，第 8 行：字段 judgements.staffing：指标“在编率”由数据按公式计分，不接受评价判断；请填写相应的事实数据"])


def test_unknown_indicators_with_and_without_a_close_name() -> None:
    assert problems(case({**COMPLETE, "sytem": "{score: 1}"})) == sorted([
        "案例.yaml，第 8 行：字段 judgements.sytem：未知的指标“sytem”：指标体系 binding-test 中没有该指标，是否应为“system”？"])
    assert problems(case({**COMPLETE, "满意度": "{score: 1}"})) == sorted([
        "案例.yaml，第 8 行：字段 judgements.满意度：未知的指标“满意度”：指标体系 binding-test 中没有该指标（请用指标编号或名称）"])


def test_one_indicator_judged_under_both_its_id_and_its_name() -> None:
    c = case({**COMPLETE, "制度健全性": "{score: 1, reason: 重复}"})
    assert problems(c) == sorted([
        "案例.yaml，第 8 行：字段 judgements.制度健全性：指标“制度健全性”的评价判断重复填写（编号和名称只用其一）"])
    assert binding_of(c).judgements["system"].score == D(2)  # the first one counts


def test_a_name_two_indicators_share() -> None:
    # 在编率 moved to a group of its own and named as 制度健全性 is
    framework = parse_framework(FRAMEWORK.replace(
        "      - name: 管理\n        weight: 10", "      - name: 管理\n        weight: 8").replace(
        "          - id: staffing\n            name: 在编率",
        "      - name: 人员\n        weight: 2\n        indicators:\n          - id: staffing\n            name: 制度健全性"),
        "体系.yaml")
    c = parse_case(case_text({**COMPLETE, "制度健全性": "{score: 1}"}), "案例.yaml", catalogue=framework.catalogue)
    with pytest.raises(InputError) as caught:
        evaluate(c, framework)
    assert sorted(str(p) for p in caught.value.problems) == [
        "案例.yaml，第 8 行：字段 judgements.制度健全性：指标名称“制度健全性”在指标体系 binding-test 中出现不止一次，"
        "请用指标编号（system、staffing）"]


def test_judgements_missing_altogether_say_what_each_indicator_wants() -> None:
    c = case({})
    assert problems(c) == sorted([
        "案例.yaml，第 1 行：字段 judgements.plan：缺少指标“预算编制科学性”（plan）的评价判断：items 下逐项给分（duties、detail）",
        "案例.yaml，第 1 行：字段 judgements.goals：缺少指标“绩效目标完整性”（goals）的评价判断：findings 列出发现的问题（没有写 []）",
        "案例.yaml，第 1 行：字段 judgements.system：缺少指标“制度健全性”（system）的评价判断：score 给出评分（满分 2）",
    ])
    # one reason each, whatever the judgement would have held
    assert missing(c) == {"plan": ("缺少评价判断",), "goals": ("缺少评价判断",), "system": ("缺少评价判断",)}


def test_a_section_the_formula_reads_left_out() -> None:
    c = case(staff=False)
    assert problems(c) == sorted([
        "案例.yaml，第 1 行：字段 staff：缺少“人员”（staff）：指标“在编率”需要 staff.in_post；"
        "须填写：authorised_posts（核定编制数（含工勤））、in_post（实有在编人数（含工勤））"])
    assert missing(c) == {"staffing": ("缺少“人员”（staff）",)}


# --- parts set aside when the case was read -------------------------------------------------------------------

def test_parts_set_aside_leave_their_indicators_unscored_without_a_second_problem() -> None:
    c = case({"plan": "{items: {duties: 2}}", "goals": "{findings: []}"}, staff=False)
    aside = {
        ("judgements", "plan", "items", "detail"): "编制细化的得分（评价判断!D3）",
        ("judgements", "system"): "制度健全性的评分（评价判断!D5）",
        ("staff",): "核定编制数（人员编制!B2）",
    }
    binding = binding_of(c, set_aside=aside)
    assert binding.problems == [] and binding.absences == []
    assert binding.missing == {
        "staffing": ["缺少 核定编制数（人员编制!B2）"],
        "plan": ["缺少 编制细化的得分（评价判断!D3）"],
        "system": ["缺少 制度健全性的评分（评价判断!D5）"],
    }


def test_a_judgement_set_aside_under_the_indicator_s_name() -> None:
    c = case({"plan": "{items: {duties: 2, detail: 1}}", "goals": "{findings: []}"})
    binding = binding_of(c, set_aside={("judgements", "制度健全性"): "制度健全性的评分（评价判断!D5）"})
    assert binding.problems == []
    assert binding.missing == {"system": ["缺少 制度健全性的评分（评价判断!D5）"]}


def test_what_was_set_aside_is_kept_in_the_case() -> None:
    c = case({"plan": "{items: {duties: 2, detail: 1}}", "goals": "{findings: []}"})
    assert parts_set_aside(c) == {}
    remember_set_aside(c, {})
    assert parts_set_aside(c) == {}
    remember_set_aside(c, {("judgements", "system"): "制度健全性的评分（评价判断!D5）"})
    assert parts_set_aside(c) == {("judgements", "system"): "制度健全性的评分（评价判断!D5）"}
    assert binding_of(c).missing == {"system": ["缺少 制度健全性的评分（评价判断!D5）"]}
    # named explicitly, the recorded parts are not used: the judgement is then plainly missing
    assert binding_of(c, set_aside={}).missing == {"system": ["缺少评价判断"]}


# --- the same problems in a workbook's words ------------------------------------------------------------------

def _as_workbook(c: DepartmentYear, cells: dict[tuple[object, ...], str],
                 labels: dict[tuple[object, ...], str] | None = None) -> DepartmentYear:
    remember_source(c, SourceMap("填报表.xlsx", cells=cells, labels=labels or {}))  # type: ignore[arg-type]
    return c


def test_in_a_workbook_each_problem_names_its_cell_and_the_sheet_s_columns() -> None:
    c = _as_workbook(case({"plan": "{items: {duties: 1.5, detail: 1}}", "goals": "{findings: [], score: 1}",
                           "system": "{score: 1.5}", "staffing": "{score: 1}"}), {
        ("judgements", "plan", "items", "duties"): "评价判断!D2",
        ("judgements", "goals", "score"): "评价判断!D4",
        ("judgements", "system", "score"): "评价判断!D5",
        ("judgements", "staffing"): "评价判断!A6",
    }, {("judgements", "plan", "items", "duties"): "符合部门职责"})
    assert problems(c) == sorted([
        "填报表.xlsx，评价判断!A6：指标“在编率”由数据按公式计分，不接受评价判断：请删除“评价判断”表中该指标的行，"
        "并在相应工作表中填写数据",
        "填报表.xlsx，评价判断!D2：字段 符合部门职责：扣分（1.5/2）须在本行“理由或问题”栏说明扣分理由",
        "填报表.xlsx，评价判断!D4：本指标不由评价人员直接评分：请删除该指标的“指标评分”行",
        "填报表.xlsx，评价判断!D5：评分 1.5 低于分值 2，须在本行“理由或问题”栏说明扣分理由",
    ])


def test_in_a_workbook_missing_findings_and_items_name_the_rows_to_add() -> None:
    c = _as_workbook(case({"plan": "{items: {duties: 2}, findings: []}", "goals": "{reason: 无}",
                           "system": "{reason: 无}"}), {("staff",): "人员编制!B2", ("judgements", "plan"): "评价判断!A2"})
    assert problems(c) == sorted([
        "填报表.xlsx，评价判断!A2：缺少评分要点 detail（编制细化，1 分）的得分：请在“评价判断”表为它填一行"
        "（类型“要点得分”，要点编号 detail）",
        "填报表.xlsx，评价判断!A2：本指标不按问题扣分：请删除该指标的“发现问题”或“未发现问题”行",
        "填报表.xlsx：缺少发现的问题：每个问题填一行（类型“发现问题”，问题写在“理由或问题”栏）；"
        "逐项检查后没有问题的，类型选“未发现问题”",
        "填报表.xlsx：缺少指标评分：请在类型为“指标评分”的一行的“得分”栏填写 0 到 2 分",
    ])


def test_in_a_workbook_missing_judgements_say_which_rows_to_fill() -> None:
    c = _as_workbook(case({}), {("staff",): "人员编制!B2"})
    assert problems(c) == sorted([
        "填报表.xlsx：缺少指标“预算编制科学性”（plan）的评价判断：请在“评价判断”表中为每个评分要点填一行"
        "（类型“要点得分”，要点编号 duties、detail，填写得分）",
        "填报表.xlsx：缺少指标“绩效目标完整性”（goals）的评价判断：请在“评价判断”表中每个发现的问题填一行"
        "（类型“发现问题”），没有问题的填一行类型“未发现问题”",
        "填报表.xlsx：缺少指标“制度健全性”（system）的评价判断：请在“评价判断”表中填一行类型“指标评分”，得分 0 到 2 分",
    ])


def test_in_a_workbook_an_indicator_s_listed_rows_left_blank_are_named_one_by_one() -> None:
    # the sheet has the indicator's rows (by its id or by its name) but nothing in them
    for key in ("plan", "预算编制科学性"):
        c = _as_workbook(case({"goals": "{findings: []}", "system": "{score: 2}"}), {
            ("staff",): "人员编制!B2", ("judgements", key): "评价判断!A2",
            ("judgements", "plan", "items", "duties"): "评价判断!D2"})
        # the item without a row of its own is placed at the indicator's row, which the workbook keys by id
        at = "，评价判断!A2" if key == "plan" else ""
        assert problems(c) == sorted([
            f"填报表.xlsx{at}：缺少评分要点 detail（编制细化，1 分）的得分：请在“评价判断”表为它填一行"
            "（类型“要点得分”，要点编号 detail）",
            "填报表.xlsx，评价判断!D2：缺少评分要点 duties（符合部门职责，2 分）的得分",
        ])
        assert missing(c) == {"plan": ("缺少评价判断",)}


def test_in_a_workbook_a_section_left_blank_names_each_cell() -> None:
    c = _as_workbook(case(staff=False), {("staff", "authorised_posts"): "人员编制!B2",
                                         ("staff", "in_post"): "人员编制!B3"},
                     {("staff", "authorised_posts"): "核定编制数", ("staff", "in_post"): "实有在编人数"})
    assert problems(c) == sorted([
        "填报表.xlsx，人员编制!B2：字段 核定编制数：尚未填写：这是“人员编制”表的必填项，指标“在编率”计分需要该表",
        "填报表.xlsx，人员编制!B3：字段 实有在编人数：尚未填写：指标“在编率”计分需要这一项",
    ])
    assert missing(c) == {"staffing": ("未填写 核定编制数（人员编制!B2）、实有在编人数（人员编制!B3）",)}


# --- the names of fields -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "name"), [
    (("public_expenses", "three_public", "final"), "“三公”经费 决算数"),
    (("staff",), "人员"),
    (("staff", "in_post"), "实有在编人数（含工勤）"),
    (("quarters", 1, "cumulative_spending"), "第 2 项 季度末累计支出数"),
    (("quarters", 5, "cumulative_spending"), "第 6 项 季度末累计支出数"),  # past the fourth: a quarter's field still
    # every row of a list of records has the record's fields (a bug once named rows after the first by their path)
    (("staff", "other", 0, "count"), "其他在职人员 第 1 项 人数"),
    (("staff", "other", 1, "count"), "其他在职人员 第 2 项 人数"),
    (("staff", "other", 5, "outside_quota"), "其他在职人员 第 6 项 是否计为编外人员"),
    (("nosuch", "field"), "nosuch.field"),
    (("staff", "in_post", "x"), "staff.in_post.x"),
])
def test_fields_are_named_in_chinese(path: tuple[object, ...], name: str) -> None:
    assert describe_field(path) == name  # type: ignore[arg-type]


def test_a_blank_in_a_later_row_is_named_as_the_first_row_s_is(tmp_path: Path) -> None:
    # The bug: the second row's blank was said as "缺少 staff.other[1].count（staff.other[1].count）".
    path = tmp_path / "案例.yaml"
    path.write_text(HEAD + textwrap.dedent("""\
        staff:
          authorised_posts: 10
          in_post: 9
          other:
            - {category: 劳务派遣, count: 2, outside_quota: true}
            - {category: 专班, outside_quota: true}
        """), encoding="utf-8")
    c, framework = load_for_scoring(path, "shenzhen-department-2023", partial=True)
    evaluation = evaluate(c, framework, partial=True)
    assert {r.indicator.name: r.missing for r in evaluation.results if "staff" in str(r.missing)} == {
        "财政供养人员控制率": ("缺少 其他在职人员 第 2 项 人数（staff.other[1].count）",),
        "编外人员控制率": ("缺少 其他在职人员 第 2 项 人数（staff.other[1].count）",),
    }


def test_what_a_part_left_out_needs() -> None:
    assert required_below(("staff",)) == [("staff", "authorised_posts"), ("staff", "in_post")]
    assert required_below(("staff", "in_post")) == [("staff", "in_post")]
    assert required_below(("nosuch",)) == [("nosuch",)]
    # a list of records of any length: the list itself (at least one row)
    assert required_below(("staff", "other")) == [("staff", "other")]
    # a record of a list: its required fields, the second row as the first
    assert required_below(("staff", "other", 1)) == [
        ("staff", "other", 1, "category"), ("staff", "other", 1, "count"), ("staff", "other", 1, "outside_quota")]
    # the four quarters: each quarter's two required figures
    assert required_below(("quarters",)) == [
        (q, n, f) for q, n in (("quarters", 0), ("quarters", 1), ("quarters", 2), ("quarters", 3))
        for f in ("adjusted_budget", "cumulative_spending")]


def test_points_are_shown_without_trailing_zeros() -> None:
    assert _show(D("2.50")) == "2.5"
    assert _show(D("10")) == "10"
    assert _show(D("1E+1")) == "10"


# --- figures of the framework's own, typed fields, whole sections --------------------------------------------
# A second framework: 服务完成率 and 服务人次 both read two figures the framework declares (计划服务人次,
# 实际服务人次); 退休人员占比 reads the typed staff.retired, which may be left empty within its section; 支出进度 the
# quarters; 重点工作 the list of key tasks; 退休人员比 reads staff.retired too, but as ifempty(staff.retired, 0).

GENERIC = textwrap.dedent("""\
    id: figures-test
    title: 事实测试体系
    region: 测试县
    year: 2024
    source: {document: 测试文件}
    total: 6
    grades: [{grade: 合格, min: 0}]
    facts:
      - sheet: 项目产出
        shape: form
        figures:
          - {id: output.planned, label: 计划服务人次, kind: count}
          - {id: output.actual, label: 实际服务人次, kind: count}
    measures:
      - {id: local.completion, label: 完成率, kind: rate, formula: output.actual ÷ output.planned}
      - id: local.progress
        label: 全年支出进度
        kind: rate
        formula: last(quarters.cumulative_spending) ÷ last(quarters.adjusted_budget)
      - {id: local.tasks, label: 重点工作完成率, kind: rate, formula: count(key_tasks where completed) ÷ count(key_tasks)}
      - {id: local.retired, label: 退休人员比, kind: rate, formula: "ifempty(staff.retired, 0) ÷ staff.in_post"}
    groups:
      - name: 全部
        weight: 6
        groups:
          - name: 全部
            weight: 6
            indicators:
              - {id: completion, name: 服务完成率, weight: 1, description: 完成, standard: 比率 × 1,
                 rule: {kind: ratio_points, value: local.completion, points: 1}}
              - {id: served, name: 服务人次, weight: 1, description: 人次, standard: 比率 × 1,
                 rule: {kind: ratio_points, numerator: [output.actual], denominator: [output.planned], points: 1}}
              - {id: retired, name: 退休人员占比, weight: 1, description: 退休, standard: 比率 × 1,
                 rule: {kind: ratio_points, numerator: [staff.retired], denominator: [staff.in_post], points: 1}}
              - {id: progress, name: 支出进度, weight: 1, description: 支出, standard: 比率 × 1,
                 rule: {kind: ratio_points, value: local.progress, points: 1}}
              - {id: tasks, name: 重点工作, weight: 1, description: 重点工作, standard: 比率 × 1,
                 rule: {kind: ratio_points, value: local.tasks, points: 1}}
              - {id: retired_share, name: 退休人员比, weight: 1, description: 退休, standard: 比率 × 1,
                 rule: {kind: ratio_points, value: local.retired, points: 1}}
    """)


def _generic(text: str, cells: dict[tuple[object, ...], str] | None = None,
             labels: dict[tuple[object, ...], str] | None = None) -> tuple[list[str], dict[str, tuple[str, ...]]]:
    framework = parse_framework(GENERIC, "体系.yaml")
    found: list[list[str]] = []
    for partial in (False, True):
        c = parse_case(HEAD + text, "案例.yaml", catalogue=framework.catalogue)
        if cells is not None:
            _as_workbook(c, cells, labels)
        if not partial:
            with pytest.raises(InputError) as caught:
                evaluate(c, framework)
            found.append(sorted(str(p) for p in caught.value.problems))
        else:
            evaluation = evaluate(c, framework, partial=True)
            lacking = {r.indicator.id: r.missing for r in evaluation.results if r.missing}
    return found[0], lacking


def test_what_a_yaml_case_lacks_figure_by_figure_and_section_by_section() -> None:
    problems, lacking = _generic("")
    assert problems == sorted([
        "案例.yaml，第 1 行：字段 output.actual：缺少 实际服务人次（output.actual）：指标“服务完成率”计分需要它",
        "案例.yaml，第 1 行：字段 output.planned：缺少 计划服务人次（output.planned）：指标“服务完成率”计分需要它",
        "案例.yaml，第 1 行：字段 staff：缺少“人员”（staff）：指标“退休人员占比”需要 staff.retired；须填写："
        "authorised_posts（核定编制数（含工勤））、in_post（实有在编人数（含工勤））、retired（退休人数）",
        "案例.yaml，第 1 行：字段 quarters：缺少“季度执行”（quarters）：指标“支出进度”需要 quarters；须填写："
        "adjusted_budget（quarters.adjusted_budget）、cumulative_spending（quarters.cumulative_spending）",
        "案例.yaml，第 1 行：字段 key_tasks：缺少“重点工作”（key_tasks）：指标“重点工作”需要 key_tasks",
    ])  # each figure said once, for the first indicator needing it
    both = ("缺少 实际服务人次（output.actual）", "缺少 计划服务人次（output.planned）")
    assert lacking == {"completion": both, "served": both, "retired": ("缺少“人员”（staff）",),
                       "progress": ("缺少“季度执行”（quarters）",), "tasks": ("缺少“重点工作”（key_tasks）",),
                       "retired_share": ("缺少“人员”（staff）",)}


def test_a_field_left_empty_in_a_section_that_is_there() -> None:
    problems, lacking = _generic("output: {planned: 40}\nstaff: {authorised_posts: 10, in_post: 9}\n"
                                 "quarters:\n" + "  - {adjusted_budget: 100, cumulative_spending: 30}\n" * 4
                                 + "key_tasks: [{name: 任务一, completed: true}]\n")
    assert problems == [
        "案例.yaml，第 3 行：字段 output.actual：缺少 实际服务人次（output.actual）：指标“服务完成率”计分需要它",
        "案例.yaml，第 4 行：字段 staff.retired：缺少 退休人数：指标“退休人员占比”需要 staff.retired",
    ]
    # 退休人员比 takes 0 for the empty 退休人数 (ifempty): scored
    assert lacking == {"completion": ("缺少 实际服务人次（output.actual）",),
                       "served": ("缺少 实际服务人次（output.actual）",), "retired": ("缺少 退休人数（staff.retired）",)}


def test_what_a_workbook_lacks_cell_by_cell() -> None:
    cells: dict[tuple[object, ...], str] = {
        ("output", "planned"): "项目产出!B2", ("quarters", 0, "adjusted_budget"): "季度执行!B2",
        ("key_tasks",): "重点工作!A2", ("staff", "authorised_posts"): "人员编制!B2"}
    problems, lacking = _generic("", cells, {("output", "planned"): "计划服务人次"})
    assert problems == sorted([
        # a figure without a cell of its own: where it is entered, from the framework's catalogue
        "填报表.xlsx：字段 实际服务人次：缺少 实际服务人次：指标“服务完成率”计分需要它，请在“项目产出”表“实际服务人次”行填写",
        "填报表.xlsx，项目产出!B2：字段 计划服务人次：尚未填写：指标“服务完成率”计分需要这一项",
        "填报表.xlsx，人员编制!B2：尚未填写：这是“人员编制”表的必填项，指标“退休人员占比”计分需要该表",
        "填报表.xlsx，季度执行!B2：尚未填写：这是“季度执行”表的必填项，指标“支出进度”计分需要该表",
        "填报表.xlsx，重点工作!A2：尚未填写：指标“重点工作”计分需要“重点工作”表至少填写一行",
    ])
    both = ("未填写 实际服务人次（“项目产出”表“实际服务人次”行）", "未填写 计划服务人次（项目产出!B2）")
    assert lacking == {
        "completion": both, "served": both,
        "retired": ("未填写 核定编制数（含工勤）（人员编制!B2）、实有在编人数（含工勤）（）、退休人数（）",),
        "progress": ("未填写“季度执行”表（季度执行!B2 等 8 项）",),  # more than three: the sheet and how many
        "tasks": ("未填写 重点工作（重点工作!A2）",),
        "retired_share": ("未填写 核定编制数（含工勤）（人员编制!B2）、实有在编人数（含工勤）（）、退休人数（）",)}


def test_a_whole_sheet_missing_from_a_workbook() -> None:
    # no cell at all for the quarters: the reader has said so; here the part is named, with no cell to give
    framework = parse_framework(GENERIC, "体系.yaml")
    c = _as_workbook(parse_case(HEAD + "output: {planned: 40, actual: 30}\nstaff: {authorised_posts: 10, in_post: 9, "
                                "retired: 1}\nkey_tasks: [{name: 任务一, completed: true}]\n", "案例.yaml",
                                catalogue=framework.catalogue), {("staff",): "人员编制!A1"})
    evaluation = evaluate(c, framework, partial=True)
    assert {r.indicator.id: r.missing for r in evaluation.results if r.missing} == {"progress": ("缺少季度执行（）",)}


def test_figures_set_aside_when_the_case_was_read() -> None:
    framework = parse_framework(GENERIC, "体系.yaml")
    c = parse_case(HEAD + "staff: {authorised_posts: 10, in_post: 9, retired: 1}\n"
                   "quarters:\n" + "  - {adjusted_budget: 100, cumulative_spending: 30}\n" * 4
                   + "key_tasks: [{name: 任务一, completed: true}]\n", "案例.yaml", catalogue=framework.catalogue)
    scorer = scorer_for(framework)
    binding = bind(c, framework, scorer.plan, scorer.presence, scorer.lookup, set_aside={
        ("output", "actual"): "实际服务人次（项目产出!B3）", ("output", "planned"): "计划服务人次（项目产出!B2）"})
    assert binding.problems == []
    both = ["缺少 实际服务人次（项目产出!B3）", "缺少 计划服务人次（项目产出!B2）"]
    assert binding.missing == {"completion": both, "served": both}


def test_several_problems_with_the_judgements_are_all_said() -> None:
    c = case({**COMPLETE, "甲": "{score: 1}", "制度健全性": "{score: 1, reason: 重复}", "乙": "{score: 1}"})
    assert problems(c) == sorted([
        "案例.yaml，第 8 行：字段 judgements.甲：未知的指标“甲”：指标体系 binding-test 中没有该指标（请用指标编号或名称）",
        "案例.yaml，第 9 行：字段 judgements.制度健全性：指标“制度健全性”的评价判断重复填写（编号和名称只用其一）",
        "案例.yaml，第 10 行：字段 judgements.乙：未知的指标“乙”：指标体系 binding-test 中没有该指标（请用指标编号或名称）",
    ])


def test_a_judgement_twice_in_a_workbook() -> None:
    c = _as_workbook(case({**COMPLETE, "制度健全性": "{score: 1, reason: 重复}"}),
                     {("staff",): "人员编制!B2", ("judgements", "制度健全性"): "评价判断!A6"})
    assert problems(c) == ["填报表.xlsx，评价判断!A6：指标“制度健全性”的评价判断重复填写：同一指标的行请用同一个指标编号"]


def test_every_item_set_aside_is_named() -> None:
    c = case({"plan": "{items: {}}", "goals": "{findings: []}", "system": "{score: 2}"})
    binding = binding_of(c, set_aside={("judgements", "plan", "items", "duties"): "符合部门职责的得分（评价判断!D2）",
                                       ("judgements", "plan", "items", "detail"): "编制细化的得分（评价判断!D3）"})
    assert binding.problems == []
    assert binding.missing == {"plan": ["缺少 符合部门职责的得分（评价判断!D2）", "缺少 编制细化的得分（评价判断!D3）"]}


def test_more_of_what_parts_left_out_need() -> None:
    # a section of two required records: each record's required fields
    assert required_below(("public_expenses",)) == [
        ("public_expenses", "three_public", "adjusted"), ("public_expenses", "three_public", "final"),
        ("public_expenses", "routine", "adjusted"), ("public_expenses", "routine", "final")]
    # one quarter of the four
    assert required_below(("quarters", 1)) == [("quarters", 1, "adjusted_budget"), ("quarters", 1, "cumulative_spending")]
    # a figure of the common catalogue beyond the typed model: its label there
    assert describe_field(("project", "name")) == "项目名称"


def test_a_missing_section_of_records_names_their_fields_in_yaml() -> None:
    from jixiao.scoring.binding import _LazySource

    source = _LazySource(case())
    [problem] = source.fill_in(("public_expenses",), required_below(("public_expenses",)), "三公经费控制率",
                               "public_expenses.three_public.final")
    assert problem.message == (
        "缺少“公用经费”（public_expenses）：指标“三公经费控制率”需要 public_expenses.three_public.final；须填写："
        "three_public.adjusted（“三公”经费 调整预算数）、three_public.final（“三公”经费 决算数）、"
        "routine.adjusted（日常公用经费 调整预算数）、routine.final（日常公用经费 决算数）")
    assert problem.field == "public_expenses"


def test_a_workbook_problem_without_a_label_names_no_field() -> None:
    c = _as_workbook(case({}), {("staff",): "人员编制!B2"})
    with pytest.raises(InputError) as caught:
        evaluate(c, FW)
    assert {p.field for p in caught.value.problems} == {""}


def test_a_shared_name_and_then_an_unknown_one_are_both_said() -> None:
    framework = parse_framework(FRAMEWORK.replace(
        "      - name: 管理\n        weight: 10", "      - name: 管理\n        weight: 8").replace(
        "          - id: staffing\n            name: 在编率",
        "      - name: 人员\n        weight: 2\n        indicators:\n          - id: staffing\n            name: 制度健全性"),
        "体系.yaml")
    c = parse_case(case_text({**COMPLETE, "制度健全性": "{score: 1}", "乙": "{score: 1}"}), "案例.yaml",
                   catalogue=framework.catalogue)
    with pytest.raises(InputError) as caught:
        evaluate(c, framework)
    assert len(caught.value.problems) == 2
    assert str(caught.value.problems[1]) == \
        "案例.yaml，第 9 行：字段 judgements.乙：未知的指标“乙”：指标体系 binding-test 中没有该指标（请用指标编号或名称）"


def test_the_second_figure_of_an_indicator_missing() -> None:
    problems, lacking = _generic("output: {actual: 30}\nstaff: {authorised_posts: 10, in_post: 9, retired: 1}\n"
                                 "quarters:\n" + "  - {adjusted_budget: 100, cumulative_spending: 30}\n" * 4
                                 + "key_tasks: [{name: 任务一, completed: true}]\n")
    assert problems == [
        "案例.yaml，第 3 行：字段 output.planned：缺少 计划服务人次（output.planned）：指标“服务完成率”计分需要它"]
    assert lacking == {"completion": ("缺少 计划服务人次（output.planned）",),
                       "served": ("缺少 计划服务人次（output.planned）",)}


def test_each_cell_a_workbook_has_is_named_though_an_earlier_one_has_none() -> None:
    problems, _ = _generic("output: {planned: 40, actual: 30}\nquarters:\n"
                           + "  - {adjusted_budget: 100, cumulative_spending: 30}\n" * 4
                           + "key_tasks: [{name: 任务一, completed: true}]\n",
                           {("staff", "in_post"): "人员编制!B3"}, {("staff", "in_post"): "实有在编人数"})
    # 核定编制数 has no cell (its row is missing: the reader said so); 实有在编人数 has one
    assert problems == ["填报表.xlsx，人员编制!B3：字段 实有在编人数：尚未填写：指标“退休人员占比”计分需要这一项"]


def test_a_figure_one_indicator_needs_and_a_later_one_can_do_without() -> None:
    # 退休人员占比 cannot be scored without staff.retired; 退休人员比, after it, takes 0 for it: the figure is still
    # asked for, and only 退休人员占比 is left unscored. (A bug once left 退休人员比 unscored too.)
    problems, lacking = _generic("output: {planned: 40, actual: 30}\nstaff: {authorised_posts: 10, in_post: 9}\n"
                                 "quarters:\n" + "  - {adjusted_budget: 100, cumulative_spending: 30}\n" * 4
                                 + "key_tasks: [{name: 任务一, completed: true}]\n")
    assert problems == ["案例.yaml，第 4 行：字段 staff.retired：缺少 退休人数：指标“退休人员占比”需要 staff.retired"]
    assert lacking == {"retired": ("缺少 退休人数（staff.retired）",)}
    framework = parse_framework(GENERIC, "体系.yaml")
    c = parse_case(HEAD + "output: {planned: 40, actual: 30}\nstaff: {authorised_posts: 10, in_post: 9}\nquarters:\n"
                   + "  - {adjusted_budget: 100, cumulative_spending: 30}\n" * 4
                   + "key_tasks: [{name: 任务一, completed: true}]\n", "案例.yaml", catalogue=framework.catalogue)
    assert evaluate(c, framework, partial=True).result("retired_share").score == D(0)  # 0 ÷ 9 × 1 point


def test_what_an_indicator_needs_with_or_without_the_framework_s_measures() -> None:
    from jixiao.facts.catalogue import common
    from jixiao.frameworks import load_framework
    from jixiao.scoring.binding import needs_of, presence_of

    framework = load_framework("shenzhen-department-2023")  # read from the common catalogue alone
    plan = tuple(needs_of(i) for i in framework.indicators)
    assert plan == tuple(needs_of(i, common().measures) for i in framework.indicators)
    assert presence_of(plan) == presence_of(plan, common().measures)
    staffing = needs_of(next(i for i in FW.indicators if i.id == "staffing"), FW.catalogue.measures)
    assert staffing.measures == ("local.staffing",) and staffing.figures == (("staff.in_post", True),)


def test_a_workbook_cell_without_a_label_names_no_field() -> None:
    framework = parse_framework(GENERIC, "体系.yaml")
    c = _as_workbook(parse_case(HEAD, "案例.yaml", catalogue=framework.catalogue), {("staff", "authorised_posts"): "人员编制!B2"})
    with pytest.raises(InputError) as caught:
        evaluate(c, framework)
    assert [p.field for p in caught.value.problems if p.where == "人员编制!B2"] == [""]


BOTH = textwrap.dedent("""\
    id: both-test
    title: 要点与评分
    region: 测试县
    year: 2024
    source: {document: 测试文件}
    total: 3
    grades: [{grade: 合格, min: 0}]
    groups:
      - name: 管理
        weight: 3
        groups:
          - name: 管理
            weight: 3
            indicators:
              - id: mixed
                name: 管理制度
                weight: 3
                description: 制度与执行
                standard: 要点 2 分，评分 1 分
                rule:
                  kind: composite
                  parts:
                    - {kind: checklist, items: [{id: rules, name: 制度健全, points: 2}]}
                    - {kind: judged, name: 执行, points: 1}
    """)


def test_an_indicator_wanting_items_and_a_score_asks_for_both() -> None:
    framework = parse_framework(BOTH, "体系.yaml")
    for cells, wanted in (
        (None, "案例.yaml，第 1 行：字段 judgements.mixed：缺少指标“管理制度”（mixed）的评价判断："
               "items 下逐项给分（rules）；score 给出评分（满分 1）"),
        ({("department",): "基本信息!B2"}, "填报表.xlsx：缺少指标“管理制度”（mixed）的评价判断：请在“评价判断”表中"
         "为每个评分要点填一行（类型“要点得分”，要点编号 rules，填写得分）；填一行类型“指标评分”，得分 0 到 1 分"),
    ):
        c = parse_case(HEAD, "案例.yaml", catalogue=framework.catalogue)
        if cells is not None:
            _as_workbook(c, cells)  # type: ignore[arg-type]
        with pytest.raises(InputError) as caught:
            evaluate(c, framework)
        assert [str(p) for p in caught.value.problems] == [wanted]
