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

from ..facts.catalogue import Catalogue, FigureSpec, SheetSpec, common
from ..facts.values import SETTINGS
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
    generic: bool = False  # a catalogue figure beyond the typed model: its row is written only where needed
    shown_unit: str = ""  # the catalogue's own unit (个, 人次…) where the kind has none
    optional: bool = False  # the catalogue lets it be left empty

    def unit(self, amount_unit: str) -> str:
        """The unit shown beside the value."""
        if self.shown_unit and self.kind not in (Kind.AMOUNT, Kind.YUAN, Kind.RATE):
            return self.shown_unit
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


_KINDS = {
    "text": Kind.TEXT, "amount": Kind.AMOUNT, "yuan": Kind.YUAN, "count": Kind.COUNT, "rate": Kind.RATE,
    "points": Kind.POINTS, "flag": Kind.BOOL, "choice": Kind.CHOICE, "date": Kind.DATE, "year": Kind.YEAR,
}


def _field(spec: FigureSpec, key: PathKey, *, typed: bool) -> Field:
    """A catalogue figure as a row or column. A figure beyond the typed model is never marked required here: it
    is needed only by the frameworks that read it, and binding says so when one does."""
    kind = Kind.LONG_TEXT if spec.kind == "text" and spec.long else _KINDS[spec.kind]
    choices = (YES, NO) if spec.kind == "flag" else spec.choices
    return Field(key, spec.entry_label or spec.label, kind, spec.help, required=typed and not spec.optional,
                 choices=choices, width=spec.width, generic=not typed, shown_unit=spec.unit or "",
                 optional=spec.optional)


def _sheet(spec: SheetSpec, catalogue: Catalogue) -> Sheet:
    figures = catalogue.figures
    if spec.shape == "form":
        # the amount unit is no figure but a setting of the file, in every workbook like a typed field
        fields = tuple(_field(f, tuple(f.id.split(".")), typed=figures[f.id].typed or f.id in SETTINGS)
                       for f in spec.figures)
        return FormSheet(spec.sheet, fields, spec.note)
    table = spec.table or ""
    base: PathKey = tuple(table.split("."))
    if spec.shape == "fixed_rows":
        numbered = all(isinstance(r.key, int) for r in spec.rows)

        def typed(column: str) -> bool:
            if numbered:
                return figures[table].typed
            return any(figures[f"{table}.{r.key}.{column}"].typed for r in spec.rows)

        return FixedTable(spec.sheet, base, spec.row_heading or "", tuple(FixedRow((r.key,), r.label) for r in spec.rows),
                          tuple(_field(c, (c.id,), typed=typed(c.id)) for c in spec.columns), spec.note)
    return Table(spec.sheet, base, tuple(_field(c, (c.id,), typed=figures[table].typed) for c in spec.columns),
                 spec.note, blank_rows=spec.blank_rows)


def figure_sheets(catalogue: Catalogue) -> tuple[Sheet, ...]:
    """The sheets of a catalogue's figures, in its order (the common catalogue's, then a framework's own)."""
    return tuple(_sheet(spec, catalogue) for spec in catalogue.sheets)


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

_SELF_EVALUATION = ("self_evaluation",)


def all_sheets(catalogue: Catalogue) -> tuple[Sheet, ...]:
    """Every sheet a workbook under ``catalogue`` may have: the figures' sheets with 评价判断 before the
    self-evaluation table's sheets, and 报告文字 last."""
    figure_part = figure_sheets(catalogue)
    at = next((i for i, sheet in enumerate(figure_part) if _base(sheet)[:1] == _SELF_EVALUATION), len(figure_part))
    return (*figure_part[:at], JUDGEMENTS, *figure_part[at:], NARRATIVE)


def _base(sheet: Sheet) -> PathKey:
    if isinstance(sheet, FormSheet):
        return sheet.fields[0].key if sheet.fields else ()
    return sheet.base


def sheets_for(catalogue: Catalogue, wanted: set[str]) -> tuple[Sheet, ...]:
    """The sheets of a workbook for the figures ``wanted`` (those a framework reads and those a case holds):
    every sheet holding one of them, with 基本信息, 评价判断, the self-evaluation table's sheets and 报告文字. A
    row for a figure beyond the typed model is left out of a form that has typed rows unless it is wanted;
    tables keep all their columns (new ones stand last, so that older workbooks still read)."""
    chosen: list[Sheet] = []
    for sheet in all_sheets(catalogue):
        if isinstance(sheet, FormSheet):
            keys = [".".join(str(k) for k in f.key) for f in sheet.fields]
            if sheet.title != "基本信息" and not wanted.intersection(keys):
                continue
            if any(not f.generic for f in sheet.fields):
                fields = tuple(f for f, key in zip(sheet.fields, keys, strict=True) if not f.generic or key in wanted)
            else:
                fields = sheet.fields
            # a figure beyond the typed model that the framework reads is as required here as a typed one
            fields = tuple(replace(f, required=True) if f.generic and not f.optional
                           and ".".join(str(k) for k in f.key) in wanted else f for f in fields)
            sheet = FormSheet(sheet.title, fields, sheet.note)
            chosen.append(sheet)
            continue
        base = ".".join(str(k) for k in sheet.base)
        holds = {base}
        if isinstance(sheet, FixedTable):
            holds |= {f"{base}.{r.key[0]}.{c.key[0]}" for r in sheet.rows for c in sheet.columns}
        if sheet is JUDGEMENTS or sheet is NARRATIVE or sheet.base[:1] == _SELF_EVALUATION \
                or wanted.intersection(holds):
            chosen.append(sheet)
    return tuple(chosen)


SHEETS: tuple[Sheet, ...] = all_sheets(common())
"""Every sheet of the common catalogue's workbook."""
BASIC = next(sheet for sheet in SHEETS if isinstance(sheet, FormSheet) and sheet.title == "基本信息")


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
