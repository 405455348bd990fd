"""The facts of one department-year (部门年度事实), as a finance officer states them.

Amounts are ``Decimal`` in 万元 once loaded; a case file may be written in 元 or 万元 (its ``unit`` says which)
and is converted exactly. Amounts in the self-evaluation table are always in 元, as that table is printed.
Every section a framework may need is optional here: which ones are required is the framework's business,
checked when a case meets a framework (see :mod:`jixiao.scoring.binding`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeGuard

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    model_validator,
)
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from ..decimals import TEN_THOUSAND, NumberFormatError, parse_decimal, parse_flag, parse_rate
from ..years import FIRST_YEAR, LAST_YEAR

AmountUnit = Literal["元", "万元"]


def _amount(raw: object, info: ValidationInfo) -> Decimal:
    try:
        value = parse_decimal(raw)
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None
    if value < 0:
        raise PydanticCustomError("jixiao_negative", "金额不能为负数（{value}）", {"value": str(value)})
    context = info.context or {}
    if context.get("unit", "万元") == "元":
        value = value / TEN_THOUSAND
    return value


def _yuan(raw: object) -> Decimal:
    try:
        value = parse_decimal(raw)
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None
    if value < 0:
        raise PydanticCustomError("jixiao_negative", "金额不能为负数（{value}）", {"value": str(value)})
    return value


def _count(raw: object) -> int:
    try:
        value = parse_decimal(raw, allow_units=("人", "个", "项", "件", "次"))
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None
    if value != value.to_integral_value():
        raise PydanticCustomError("jixiao_integer", "应为整数，实际为 {value}", {"value": str(value)})
    if value < 0:
        raise PydanticCustomError("jixiao_negative", "数量不能为负数（{value}）", {"value": str(value)})
    return int(value)


def _rate(raw: object) -> Decimal:
    try:
        value = parse_rate(raw)
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None
    if value < 0:
        raise PydanticCustomError("jixiao_negative", "比率不能为负数（{value}）", {"value": str(value)})
    if value > 1:
        raise PydanticCustomError("jixiao_rate", "比率不能超过 100%（{value}）", {"value": f"{value * 100:f}%"})
    return value


def parse_points(raw: object) -> Decimal:
    """A number of points (分), never negative; what is wrong is raised for pydantic to report."""
    try:
        value = parse_decimal(raw, allow_units=("分",))
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None
    if value < 0:
        raise PydanticCustomError("jixiao_negative", "分数不能为负数（{value}）", {"value": str(value)})
    return value


def _text(raw: str) -> str:
    return raw.strip()


def _value_text(raw: object) -> object:
    # `code: 440300` or a target's `expected: 11` reads as a YAML number; where text is wanted it is kept as the
    # text the person wrote (a Decimal keeps its digits: 4796.10 stays "4796.10").
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        return str(raw)
    return raw


Amount = Annotated[Decimal, BeforeValidator(_amount), Field(json_schema_extra={"jixiao_kind": "amount"})]
"""金额（万元）: read in the file's unit, held in 万元."""
Yuan = Annotated[Decimal, BeforeValidator(_yuan), Field(json_schema_extra={"jixiao_kind": "yuan"})]
"""金额（元）: the self-evaluation table's unit."""
Count = Annotated[int, BeforeValidator(_count), Field(json_schema_extra={"jixiao_kind": "count"})]
Rate = Annotated[Decimal, BeforeValidator(_rate), Field(json_schema_extra={"jixiao_kind": "rate"})]
Points = Annotated[Decimal, BeforeValidator(parse_points)]
Text = Annotated[str, BeforeValidator(_value_text), AfterValidator(_text)]
"""文字：写成数字的也按文字保存."""


def _flag(raw: object) -> object:
    flag = parse_flag(raw)
    return raw if flag is None else flag


Flag = Annotated[bool, BeforeValidator(_flag)]
"""是否：YAML 的 true/false，或与工作簿一样写“是”“否”（√、× 等）."""
RequiredText = Annotated[str, BeforeValidator(_value_text), AfterValidator(_text), Field(min_length=1)]
TargetValue = Text
"""指标值：原文照录."""

PlainMeaning = Literal["不低于", "等于", "不高于"]
"""不带比较符的预期值（如 `11`、`15元/份`）的含义：至少 / 恰好 / 至多."""

DisclosureStatus = Literal["按规定公开", "公开但不符合要求", "未公开", "涉密免于公开"]
"""预决算公开情况: as required / published with shortcomings / not published / exempt as classified."""


# A case is a model; everything inside it (its sections and their rows: budget, quarters, staff, judgements and
# their item awards, the self-evaluation table…) is a record: a frozen, slotted, keyword-only pydantic dataclass,
# validated exactly like a model and with the same config. A record takes about a third of a model's memory and
# its fields read several times faster, which counts in a batch of 200,000 department-years.
# The dataclass decorator is spelled out on each record so that mypy's pydantic plugin knows its fields.
_RECORD = ConfigDict(extra="forbid", str_strip_whitespace=True)  # records are frozen by the dataclass option


def is_fact_type(kind: object) -> TypeGuard[type]:
    """Whether ``kind`` is a fact model or fact record class."""
    return isinstance(kind, type) and (issubclass(kind, BaseModel) or "__pydantic_fields__" in vars(kind))


def fields_of(kind: type) -> dict[str, FieldInfo]:
    """The fields of a fact model or fact record class, in order."""
    if issubclass(kind, BaseModel):
        return kind.model_fields
    return kind.__pydantic_fields__  # type: ignore[attr-defined,no-any-return]


def is_fact(value: object) -> bool:
    """Whether ``value`` is a fact model or fact record (rather than a plain value)."""
    return is_fact_type(type(value))


def _not_above(value: Any, limit: Any, field: str, limit_field: str) -> None:
    if value is not None and limit is not None and value > limit:
        raise PydanticCustomError(
            "jixiao_order", "{field}（{value}）不能大于{limit_field}（{limit}）",
            {"field": field, "value": str(value), "limit_field": limit_field, "limit": str(limit)},
        )


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Department:
    """被评价部门."""

    name: RequiredText = Field(description="部门简称")
    full_name: Text | None = Field(default=None, description="部门全称")
    code: Text | None = Field(default=None, description="部门编码")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Budget:
    """部门预算及其调整、调剂."""

    initial: Amount = Field(description="年初预算数")
    adjusted: Amount = Field(description="调整预算数")
    adjustments: Amount | None = Field(default=None, description="调整资金（缺省为调整预算数与年初预算数之差）")
    transfers: Amount = Field(default=Decimal(0), description="调剂资金")
    reclassifications: Amount = Field(default=Decimal(0), description="功能分类和经济分类调剂资金")
    corrections: Amount = Field(default=Decimal(0), description="科目更正资金")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Quarter:
    """季度末预算执行情况."""

    adjusted_budget: Amount = Field(description="季度末调整预算数")
    cumulative_spending: Amount = Field(description="季度末累计支出数")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Procurement:
    """政府采购."""

    initial_budget: Amount | None = Field(default=None, description="政府采购年初预算数")
    adjusted_budget: Amount | None = Field(default=None, description="政府采购调整预算数")
    plan: Amount = Field(description="采购计划金额")
    paid: Amount = Field(description="实际采购支付金额")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class ExpenseLine:
    """一类公用经费的预算与决算."""

    initial: Amount | None = Field(default=None, description="年初预算数")
    adjusted: Amount = Field(description="调整预算数")
    final: Amount = Field(description="决算数")
    prior_final: Amount | None = Field(default=None, description="上年决算数")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class PublicExpenses:
    """“三公”经费与日常公用经费."""

    three_public: ExpenseLine = Field(description="“三公”经费")
    routine: ExpenseLine = Field(description="日常公用经费")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class StaffCategory:
    """在编以外的一类在职人员（员额、劳务派遣、专班等）."""

    category: RequiredText = Field(description="人员类别")
    count: Count = Field(description="人数")
    outside_quota: Flag = Field(description="是否计为编外人员")
    note: Text = Field(default="", description="说明")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Staff:
    """人员编制与在职人员."""

    authorised_posts: Count = Field(description="核定编制数（含工勤）")
    in_post: Count = Field(description="实有在编人数（含工勤）")
    retired: Count | None = Field(default=None, description="退休人数")
    other: tuple[StaffCategory, ...] = Field(default=(), description="其他在职人员")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Assets:
    """固定资产."""

    fixed_original_value: Amount = Field(description="固定资产原值合计")
    fixed_in_use: Amount = Field(description="在用固定资产原值")
    new_items: Count | None = Field(default=None, description="新增固定资产件数")
    new_value: Amount | None = Field(default=None, description="新增固定资产原值")
    income_remitted: Amount | None = Field(default=None, description="资产出租出借及处置收入上缴数")

    @model_validator(mode="after")
    def _in_use_within_total(self) -> Assets:
        _not_above(self.fixed_in_use, self.fixed_original_value, "在用固定资产原值", "固定资产原值合计")
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Projects:
    """部门预算安排的项目."""

    planned: Count = Field(description="计划完成项目数")
    completed_on_time: Count = Field(description="按计划时间完成项目数")
    first_level: Count | None = Field(default=None, description="一级项目数")

    @model_validator(mode="after")
    def _completed_within_planned(self) -> Projects:
        _not_above(self.completed_on_time, self.planned, "按时完成项目数", "计划完成项目数")
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class KeyTask:
    """一项重点工作."""

    name: RequiredText = Field(description="重点工作")
    completed: Flag = Field(description="是否按期完成")
    note: Text = Field(default="", description="说明")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Petitions:
    """群众信访."""

    channel: Flag = Field(description="是否建立便利的意见反映渠道和办理回复机制")
    received: Count = Field(default=0, description="信访件数")
    replied: Count = Field(default=0, description="已办理回复件数")
    replied_on_time: Count = Field(default=0, description="按期办理回复件数")

    @model_validator(mode="after")
    def _consistent(self) -> Petitions:
        _not_above(self.replied, self.received, "已办理回复件数", "信访件数")
        _not_above(self.replied_on_time, self.replied, "按期办理回复件数", "已办理回复件数")
        return self


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Satisfaction:
    """公众或服务对象满意度."""

    rate: Rate = Field(description="满意度")
    source: Text = Field(default="", description="数据来源")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Disclosure:
    """预决算信息公开."""

    budget: DisclosureStatus = Field(description="部门预算公开情况")
    final_accounts: DisclosureStatus = Field(description="部门决算公开情况")
    budget_date: date | None = Field(default=None, description="预算公开日期")
    final_accounts_date: date | None = Field(default=None, description="决算公开日期")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Compliance:
    """资金使用合规性."""

    misuse_found: Flag = Field(default=False, description="是否发生超范围超标准、虚列、截留挤占挪用等违规支出")
    note: Text = Field(default="", description="说明")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class ItemAward:
    """评价人员对一个评分要点给出的分数."""

    points: Points = Field(description="得分")
    reason: Text = Field(default="", description="扣分理由")


def _item_award(raw: object) -> object:
    # A bare number is the common case: `duties: 1`.
    if isinstance(raw, dict | ItemAward):
        return raw
    return {"points": raw}


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Judgement:
    """评价人员对一个三级指标的判断：各要点得分、发现的问题或直接评分."""

    items: dict[str, Annotated[ItemAward, BeforeValidator(_item_award)]] = Field(
        default_factory=dict, description="各评分要点得分"
    )
    findings: tuple[RequiredText, ...] | None = Field(default=None, description="发现的问题（每项一条）")
    score: Points | None = Field(default=None, description="评分")
    reason: Text = Field(default="", description="评分理由")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class MainTask:
    """自评表中的一项主要任务（金额单位：元）."""

    name: RequiredText = Field(description="任务名称")
    content: Text = Field(default="", description="主要内容")
    result: Text = Field(default="", description="完成情况")
    budget_total: Yuan = Field(description="预算数（总数）")
    budget_fiscal: Yuan | None = Field(default=None, description="预算数（其中：财政拨款）")
    executed_total: Yuan = Field(description="执行数（总额）")
    executed_fiscal: Yuan | None = Field(default=None, description="执行数（其中：财政拨款）")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class OverallGoal:
    """年度总体目标及完成情况."""

    goal: RequiredText = Field(description="预期目标")
    result: Text = Field(default="", description="目标完成实际情况")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Target:
    """一项绩效指标：预期值与实际完成值，原文照录."""

    level1: RequiredText = Field(description="一级指标")
    level2: RequiredText = Field(description="二级指标")
    name: RequiredText = Field(description="三级指标")
    expected: Annotated[TargetValue, Field(min_length=1)] = Field(description="预期指标值")
    actual: TargetValue = Field(default="", description="实际完成指标值")
    weight: Points | None = Field(default=None, description="分值")
    reason: Text = Field(default="", description="偏差原因")
    plain_meaning: PlainMeaning | None = Field(
        default=None, description="不带比较符的预期值的含义（缺省按指标性质推断）"
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class SelfEvaluation:
    """部门整体支出绩效目标完成情况自评表."""

    main_tasks: tuple[MainTask, ...] = Field(default=(), description="主要任务完成情况")
    goals: tuple[OverallGoal, ...] = Field(default=(), description="年度总体目标完成情况")
    targets: tuple[Target, ...] = Field(default=(), description="年度绩效指标完成情况")


@dataclass(frozen=True, slots=True, kw_only=True, config=_RECORD)
class Narrative:
    """报告中无法由数字生成的文字部分，由部门填写."""

    functions: Text | None = Field(default=None, description="部门主要职能")
    organisation: Text | None = Field(default=None, description="组织架构")
    staffing: Text | None = Field(default=None, description="人员编制情况")
    annual_tasks: tuple[Text, ...] = Field(default=(), description="年度总体工作和重点工作任务")
    goals: tuple[Text, ...] = Field(default=(), description="主要履职目标")
    achievements: tuple[Text, ...] = Field(default=(), description="主要履职情况")
    effectiveness: dict[str, Text] = Field(default_factory=dict, description="效果性（按方面）")
    petitions: Text | None = Field(default=None, description="群众信访办理情况说明")
    satisfaction: Text | None = Field(default=None, description="满意度情况说明")
    practices: Text | None = Field(default=None, description="主要经验、做法")
    problems: Text | None = Field(default=None, description="存在的问题")
    improvements: Text | None = Field(default=None, description="改进措施")
    plans: Text | None = Field(default=None, description="后续工作计划和建议")
    notes: dict[str, Text] = Field(default_factory=dict, description="各三级指标的情况说明（按指标）")


class DepartmentYear(BaseModel):
    """一个部门一个年度的全部事实：评分、自评表和报告的唯一来源."""

    model_config = ConfigDict(**_RECORD, frozen=True)

    department: Department = Field(description="部门")
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR, description="评价年度")
    framework: Text | None = Field(default=None, description="适用的评价指标体系")
    budget: Budget | None = Field(default=None, description="预算")
    quarters: tuple[Quarter, Quarter, Quarter, Quarter] | None = Field(default=None, description="季度执行")
    procurement: Procurement | None = Field(default=None, description="政府采购")
    public_expenses: PublicExpenses | None = Field(default=None, description="公用经费")
    staff: Staff | None = Field(default=None, description="人员")
    assets: Assets | None = Field(default=None, description="资产")
    projects: Projects | None = Field(default=None, description="项目")
    key_tasks: tuple[KeyTask, ...] | None = Field(default=None, description="重点工作")
    petitions: Petitions | None = Field(default=None, description="信访")
    satisfaction: Satisfaction | None = Field(default=None, description="满意度")
    disclosure: Disclosure | None = Field(default=None, description="预决算公开")
    compliance: Compliance | None = Field(default=None, description="资金合规")
    judgements: dict[str, Judgement] = Field(default_factory=dict, description="评价判断")
    self_evaluation: SelfEvaluation | None = Field(default=None, description="绩效目标完成情况自评表")
    narrative: Narrative = Field(default_factory=Narrative, description="报告文字")
    figures: dict[str, Any] = Field(
        default_factory=dict, description="事实目录中的其他事实（按编号；读取案例时由目录填入）")

    # Where the case was read from (a SourceMap: each value's line or cell) and which parts were set aside when
    # it was read: kept inside the case, as Beancount keeps a record's place in its meta, so that a copy
    # (model_copy) keeps them too. They are no facts: two cases with the same facts compare equal.
    _source: Any = PrivateAttr(None)
    _set_aside: Any = PrivateAttr(None)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DepartmentYear):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # its judgements and figures are mappings
