"""The data-entry workbook's layout (填报工作簿版式), described once for the writer and the reader.

Three shapes of sheet:

- a *form* (:class:`FormSheet`): one field a row, label in column A, value in column B, unit in C, hint in D;
  the reader finds each row by its label, so a user who moves rows about loses nothing;
- a *fixed table* (:class:`FixedTable`): rows named in column A (the four quarters), one field a column;
- a *table* (:class:`Table`): a header row, then one record a row, as many rows as the user needs.

The 评价判断 and 报告文字 sheets are tables too, whose rows the reader folds into dictionaries and lists
(:mod:`jixiao.workbook.read`). Nothing computed by jixiao is asked for: only facts a department knows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from ..yamlsource import PathKey


class Kind(Enum):
    """What a cell holds, which decides its number format, its drop-down list and how it is read."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    AMOUNT = "amount"  # 金额，单位为工作簿的金额单位（万元或元）
    YUAN = "yuan"  # 金额（元），自评表固定使用
    COUNT = "count"
    RATE = "rate"
    POINTS = "points"
    BOOL = "bool"
    CHOICE = "choice"
    DATE = "date"
    YEAR = "year"


YES, NO = "是", "否"
UNITS = ("万元", "元")
DISCLOSURE_STATUSES = ("按规定公开", "公开但不符合要求", "未公开", "涉密免于公开")
PLAIN_MEANINGS = ("不低于", "等于", "不高于")


@dataclass(frozen=True)
class Field:
    """One input: a row of a form or a column of a table."""

    key: PathKey
    label: str
    kind: Kind
    hint: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 0  # column width in characters for table columns; 0 means worked out from the label
    informative: bool = False  # written for the reader's benefit (an item's wording), never read back

    def unit(self, amount_unit: str) -> str:
        """The unit shown beside the value."""
        return {
            Kind.AMOUNT: amount_unit,
            Kind.YUAN: "元",
            Kind.COUNT: "",
            Kind.RATE: "%",
            Kind.POINTS: "分",
            Kind.YEAR: "年",
        }.get(self.kind, "")


@dataclass(frozen=True)
class FormSheet:
    """A sheet of labelled rows, each one field."""

    title: str
    fields: tuple[Field, ...]
    note: str


@dataclass(frozen=True)
class FixedRow:
    key: PathKey
    label: str


@dataclass(frozen=True)
class FixedTable:
    """A sheet whose rows are fixed (named in column A) and whose columns are fields."""

    title: str
    base: PathKey
    row_heading: str
    rows: tuple[FixedRow, ...]
    columns: tuple[Field, ...]
    note: str


@dataclass(frozen=True)
class Table:
    """A sheet of records, one a row below a header."""

    title: str
    base: PathKey
    columns: tuple[Field, ...]
    note: str
    blank_rows: int = 100  # unlocked, validated rows offered in a blank workbook


Sheet = FormSheet | FixedTable | Table

INSTRUCTIONS_TITLE = "说明"
HEADER_ROW = 1
FIRST_DATA_ROW = 2
FORM_COLUMNS = ("项目", "填写值", "单位", "填写说明")
FORM_VALUE_COLUMN = 2  # B


def _amount(key: str, label: str, hint: str = "", required: bool = False) -> Field:
    return Field((key,), label, Kind.AMOUNT, hint, required)


def _count(key: str, label: str, hint: str = "", required: bool = False) -> Field:
    return Field((key,), label, Kind.COUNT, hint, required)


def _bool(key: str, label: str, hint: str = "", required: bool = False) -> Field:
    return Field((key,), label, Kind.BOOL, hint, required, choices=(YES, NO))


def _within(section: str, fields: tuple[Field, ...]) -> tuple[Field, ...]:
    return tuple(replace(f, key=(section, *f.key)) for f in fields)


BASIC = FormSheet(
    "基本信息",
    (
        Field(("department", "name"), "部门简称", Kind.TEXT, "如：市贸促委", required=True),
        Field(("department", "full_name"), "部门全称", Kind.TEXT, "如：深圳市贸促委"),
        Field(("department", "code"), "部门编码", Kind.TEXT, "预算单位编码，可不填"),
        Field(("year",), "评价年度", Kind.YEAR, "四位年份，如 2023", required=True),
        Field(("framework",), "评价指标体系", Kind.TEXT, "指标体系编号，如 shenzhen-department-2023"),
        Field(("unit",), "金额单位", Kind.CHOICE,
              "本工作簿中各金额的单位（自评表各表固定为元）", required=True, choices=UNITS),
    ),
    "金额单位对除自评表以外的所有金额有效；选“元”时，系统换算为万元后计分。",
)

BUDGET = FormSheet(
    "预算与调整",
    (
        Field(("budget", "initial"), "年初预算数", Kind.AMOUNT, "人大批准的年初部门预算", required=True),
        Field(("budget", "adjusted"), "调整预算数", Kind.AMOUNT, "年末调整后的部门预算", required=True),
        Field(("budget", "adjustments"), "调整资金", Kind.AMOUNT, "追加或追减的资金；留空则按调整预算数减年初预算数"),
        Field(("budget", "transfers"), "调剂资金", Kind.AMOUNT, "部门内部项目间调剂的资金；没有填 0"),
        Field(("budget", "reclassifications"), "功能分类和经济分类调剂资金", Kind.AMOUNT, "没有填 0"),
        Field(("budget", "corrections"), "科目更正资金", Kind.AMOUNT, "没有填 0"),
    ),
    "年初预算、调整预算及年中调整、调剂的金额；调整率、调剂率由系统计算。",
)

QUARTERS = FixedTable(
    "季度执行",
    ("quarters",),
    "季度",
    tuple(FixedRow((i,), label) for i, label in enumerate(("第一季度", "第二季度", "第三季度", "第四季度"))),
    (
        Field(("adjusted_budget",), "季度末调整预算数", Kind.AMOUNT, "截至季度末的调整预算数", required=True),
        Field(("cumulative_spending",), "季度末累计支出数", Kind.AMOUNT, "自年初至季度末的累计支出", required=True),
    ),
    "四个季度应全部填写；序时进度（25%、50%、75%、100%）由系统计算，无需填写。",
)

PROCUREMENT = FormSheet(
    "政府采购",
    (
        Field(("procurement", "initial_budget"), "政府采购年初预算数", Kind.AMOUNT),
        Field(("procurement", "adjusted_budget"), "政府采购调整预算数", Kind.AMOUNT),
        Field(("procurement", "plan"), "采购计划金额", Kind.AMOUNT, "年度政府采购计划金额", required=True),
        Field(("procurement", "paid"), "实际采购支付金额", Kind.AMOUNT, "实际支付的政府采购金额", required=True),
    ),
    "政府采购执行率由系统计算。",
)

PUBLIC_EXPENSES = FixedTable(
    "三公与公用经费",
    ("public_expenses",),
    "经费类别",
    (FixedRow(("three_public",), "“三公”经费"), FixedRow(("routine",), "日常公用经费")),
    (
        Field(("initial",), "年初预算数", Kind.AMOUNT),
        Field(("adjusted",), "调整预算数", Kind.AMOUNT, required=True),
        Field(("final",), "决算数", Kind.AMOUNT, required=True),
        Field(("prior_final",), "上年决算数", Kind.AMOUNT, "按与上年相比的变动率计分的指标体系需要"),
    ),
    "“三公”经费含因公出国（境）费、公务用车购置及运行费、公务接待费。",
)

STAFF = FormSheet(
    "人员编制",
    _within("staff", (
        _count("authorised_posts", "核定编制数（含工勤）", "机构编制部门核定的编制数", required=True),
        _count("in_post", "实有在编人数（含工勤）", "年末实有在编人数", required=True),
        _count("retired", "退休人数"),
    )),
    "在编以外的在职人员（员额、劳务派遣、专班等）填在“其他在职人员”表。",
)

OTHER_STAFF = Table(
    "其他在职人员",
    ("staff", "other"),
    (
        Field(("category",), "人员类别", Kind.TEXT, "如：员额、劳务派遣、专班人员", required=True, width=22),
        Field(("count",), "人数", Kind.COUNT, required=True, width=10),
        _bool("outside_quota", "是否计为编外人员", "计入编外人员控制率的选“是”", required=True),
        Field(("note",), "说明", Kind.TEXT, width=40),
    ),
    "每类人员一行。",
    blank_rows=30,
)

ASSETS = FormSheet(
    "资产",
    _within("assets", (
        _amount("fixed_original_value", "固定资产原值合计", required=True),
        _amount("fixed_in_use", "在用固定资产原值", "不超过固定资产原值合计", required=True),
        _count("new_items", "新增固定资产件数"),
        _amount("new_value", "新增固定资产原值"),
        _amount("income_remitted", "资产出租出借及处置收入上缴数"),
    )),
    "固定资产利用率由系统计算。",
)

PROJECTS = FormSheet(
    "项目",
    _within("projects", (
        _count("planned", "计划完成项目数", "部门预算安排、计划年内完成的项目数", required=True),
        _count("completed_on_time", "按计划时间完成项目数", "不超过计划完成项目数", required=True),
        _count("first_level", "一级项目数"),
    )),
    "部门预算安排的项目；按时完成率由系统计算。",
)

KEY_TASKS = Table(
    "重点工作",
    ("key_tasks",),
    (
        Field(("name",), "重点工作", Kind.TEXT, "一项重点工作一行", required=True, width=50),
        _bool("completed", "是否按期完成", required=True),
        Field(("note",), "说明", Kind.TEXT, width=40),
    ),
    "填写年度重点工作任务及完成情况，每项一行。",
    blank_rows=50,
)

PETITIONS = FormSheet(
    "信访与满意度",
    (
        Field(("petitions", "channel"), "是否建立意见反映渠道和办理回复机制", Kind.BOOL, required=True,
              choices=(YES, NO)),
        Field(("petitions", "received"), "信访件数", Kind.COUNT, "全年受理的群众信访件数；没有填 0"),
        Field(("petitions", "replied"), "已办理回复件数", Kind.COUNT),
        Field(("petitions", "replied_on_time"), "按期办理回复件数", Kind.COUNT),
        Field(("satisfaction", "rate"), "公众或服务对象满意度", Kind.RATE, "百分数，如 96.5%", required=True),
        Field(("satisfaction", "source"), "满意度数据来源", Kind.TEXT, "如：第三方问卷调查"),
    ),
    "回复率、按期回复率由系统计算。",
)

DISCLOSURE = FormSheet(
    "预决算公开与合规",
    (
        Field(("disclosure", "budget"), "部门预算公开情况", Kind.CHOICE, required=True, choices=DISCLOSURE_STATUSES),
        Field(("disclosure", "final_accounts"), "部门决算公开情况", Kind.CHOICE, required=True,
              choices=DISCLOSURE_STATUSES),
        Field(("disclosure", "budget_date"), "预算公开日期", Kind.DATE, "如 2023-02-10"),
        Field(("disclosure", "final_accounts_date"), "决算公开日期", Kind.DATE, "如 2023-09-20"),
        Field(("compliance", "misuse_found"), "是否发生违规使用资金", Kind.BOOL,
              "超范围超标准支出、虚列支出、截留挤占挪用等", choices=(YES, NO)),
        Field(("compliance", "note"), "资金合规情况说明", Kind.LONG_TEXT),
    ),
    "部门预算、决算的公开情况，以及资金使用是否合规。",
)

JUDGEMENT_ITEM, JUDGEMENT_SCORE, JUDGEMENT_FINDING, JUDGEMENT_NO_FINDING = "要点得分", "指标评分", "发现问题", "未发现问题"
JUDGEMENT_TYPES = (JUDGEMENT_ITEM, JUDGEMENT_SCORE, JUDGEMENT_FINDING, JUDGEMENT_NO_FINDING)

JUDGEMENTS = Table(
    "评价判断",
    ("judgements",),
    (
        Field(("indicator",), "指标编号", Kind.TEXT, "指标体系中的三级指标编号", required=True, width=24),
        Field(("indicator_name",), "三级指标", Kind.TEXT, width=20, informative=True),
        Field(("type",), "类型", Kind.CHOICE,
              "要点得分：按评分要点给分；指标评分：直接给出指标得分；发现问题：每个问题一行；"
              "未发现问题：逐项检查后没有问题", choices=JUDGEMENT_TYPES, width=12),
        Field(("item",), "要点编号", Kind.TEXT, "类型为“要点得分”时填写", width=16),
        Field(("item_text",), "评分要点", Kind.TEXT, width=44, informative=True),
        Field(("weight",), "分值", Kind.POINTS, width=8, informative=True),
        Field(("points",), "得分", Kind.POINTS, "要点或指标的得分", width=8),
        Field(("reason",), "理由或问题", Kind.LONG_TEXT, "扣分理由、评分理由，或发现的问题", width=50),
    ),
    "评价人员的判断：每个评分要点一行。分值仅供参考，系统按指标体系计分。",
    blank_rows=60,
)

MAIN_TASKS = Table(
    "主要任务",
    ("self_evaluation", "main_tasks"),
    (
        Field(("name",), "任务名称", Kind.TEXT, required=True, width=24),
        Field(("content",), "主要内容", Kind.LONG_TEXT, width=40),
        Field(("result",), "完成情况", Kind.LONG_TEXT, width=40),
        Field(("budget_total",), "预算数（总数）", Kind.YUAN, required=True, width=18),
        Field(("budget_fiscal",), "预算数（其中：财政拨款）", Kind.YUAN, width=18),
        Field(("executed_total",), "执行数（总额）", Kind.YUAN, required=True, width=18),
        Field(("executed_fiscal",), "执行数（其中：财政拨款）", Kind.YUAN, width=18),
    ),
    "自评表“主要任务完成情况”，金额单位为元。",
    blank_rows=50,
)

GOALS = Table(
    "总体目标",
    ("self_evaluation", "goals"),
    (
        Field(("goal",), "预期目标", Kind.LONG_TEXT, required=True, width=60),
        Field(("result",), "目标完成实际情况", Kind.LONG_TEXT, width=60),
    ),
    "自评表“年度总体目标完成情况”，每个目标一行。",
    blank_rows=20,
)

TARGETS = Table(
    "绩效指标",
    ("self_evaluation", "targets"),
    (
        Field(("level1",), "一级指标", Kind.TEXT, "如：产出指标", required=True, width=12),
        Field(("level2",), "二级指标", Kind.TEXT, "如：数量指标", required=True, width=12),
        Field(("name",), "三级指标", Kind.TEXT, required=True, width=30),
        Field(("expected",), "预期指标值", Kind.TEXT, "原文照录，如 ≥95%", required=True, width=16),
        Field(("actual",), "实际完成指标值", Kind.TEXT, "原文照录", width=16),
        Field(("weight",), "分值", Kind.POINTS, width=8),
        Field(("reason",), "偏差原因", Kind.LONG_TEXT, width=36),
        Field(("plain_meaning",), "预期值含义", Kind.CHOICE,
              "预期值不带比较符（如“11”“15元/份”）时的含义；留空则按指标性质推断", choices=PLAIN_MEANINGS,
              width=12),
    ),
    "自评表“年度绩效指标完成情况”，每个指标一行。",
    blank_rows=60,
)


@dataclass(frozen=True)
class NarrativeSection:
    """One part of the report text (报告文字): a single text, a list of texts, or texts by heading."""

    key: str
    label: str
    shape: str  # "text", "list" or "keyed"
    key_hint: str = ""


NARRATIVE_SECTIONS = (
    NarrativeSection("functions", "部门主要职能", "text"),
    NarrativeSection("organisation", "组织架构", "text"),
    NarrativeSection("staffing", "人员编制情况", "text"),
    NarrativeSection("annual_tasks", "年度工作任务", "list"),
    NarrativeSection("goals", "主要履职目标", "list"),
    NarrativeSection("achievements", "主要履职情况", "list"),
    NarrativeSection("effectiveness", "效果性", "keyed", "方面，如：社会效益"),
    NarrativeSection("petitions", "信访情况说明", "text"),
    NarrativeSection("satisfaction", "满意度情况说明", "text"),
    NarrativeSection("practices", "主要经验做法", "text"),
    NarrativeSection("problems", "存在的问题", "text"),
    NarrativeSection("improvements", "改进措施", "text"),
    NarrativeSection("plans", "后续工作计划和建议", "text"),
    NarrativeSection("notes", "指标情况说明", "keyed", "三级指标编号"),
)

NARRATIVE = Table(
    "报告文字",
    ("narrative",),
    (
        Field(("section",), "栏目", Kind.CHOICE, "报告中的栏目", choices=tuple(s.label for s in NARRATIVE_SECTIONS),
              width=18),
        Field(("heading",), "方面或指标", Kind.TEXT, "“效果性”填方面，“指标情况说明”填三级指标编号", width=22),
        Field(("text",), "内容", Kind.LONG_TEXT, "一段文字；列表类栏目每项一行", width=90),
    ),
    "报告中无法由数字生成的文字。年度工作任务、主要履职目标、主要履职情况可占多行，每行一项。",
    blank_rows=60,
)

SHEETS: tuple[Sheet, ...] = (
    BASIC, BUDGET, QUARTERS, PROCUREMENT, PUBLIC_EXPENSES, STAFF, OTHER_STAFF, ASSETS, PROJECTS, KEY_TASKS,
    PETITIONS, DISCLOSURE, JUDGEMENTS, MAIN_TASKS, GOALS, TARGETS, NARRATIVE,
)


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (kept here so that the layout needs no openpyxl)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(sheet: str, column: int, row: int) -> str:
    """``季度执行!C4``: how problems name a cell."""
    return f"{sheet}!{column_letter(column)}{row}"


def form_row(sheet: FormSheet, field: Field) -> int:
    """The row a form field is written to (the reader finds it by label instead)."""
    return FIRST_DATA_ROW + sheet.fields.index(field)
