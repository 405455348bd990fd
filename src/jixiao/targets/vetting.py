"""Targets reviewed when they are set (绩效目标审核): each proposed target vetted, with reasons and a suggestion.

A department or a project proposes its targets with its budget (绩效目标申报表). Before the budget is approved
the finance bureau reads them for what makes a target useless at the year's end: a value that cannot be
measured ("进一步提高"), a number without a unit or without saying whether it is a floor or a ceiling, a target
no higher than what was already achieved last year, a cost without a basis, whole categories missing, amounts
that do not fit the budget. Each check is a small function over one target (or the whole table); their word
lists, thresholds and suggestions are data (``data/vetting.yaml``, or a region's own file via ``--rules``).

The suggestion of a target is the heaviest of its findings' (通过 < 修改后通过 < 退回); the table's, the heaviest
of all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..decimals import NumberFormatError, parse_rate, percent
from ..facts.model import Amount, RequiredText, Text
from ..problems import InputError
from ..rulesfile import load_rules_file, validation_problems
from ..yamlsource import SourceMap, load_yaml
from ..years import FIRST_YEAR, LAST_YEAR
from .expression import Comparator, Reading, UnreadableValue, ValueKind, read_value


class Suggestion(StrEnum):
    """审核建议, from the lightest."""

    PASS = "通过"
    AMEND = "修改后通过"
    RETURN = "退回"

    @property
    def weight(self) -> int:
        return list(Suggestion).index(self)


def heaviest(suggestions: Sequence[Suggestion]) -> Suggestion:
    return max(suggestions, key=lambda s: s.weight, default=Suggestion.PASS)


# --- the rules, as data --------------------------------------------------------------------------------------

_Strict = ConfigDict(extra="forbid", frozen=True)
Severe = Literal["修改后通过", "退回"]


class _Rule(BaseModel):
    model_config = _Strict
    suggestion: Severe


class _Words(_Rule):
    words: tuple[Annotated[str, Field(min_length=1)], ...]


class _Threshold(_Rule):
    threshold: Decimal

    @field_validator("threshold", mode="before")
    @classmethod
    def _rate(cls, raw: Any) -> Decimal:
        try:
            return parse_rate(raw)
        except NumberFormatError as exc:
            raise ValueError(str(exc)) from None


class _Categories(_Rule):
    categories: tuple[Annotated[str, Field(min_length=1)], ...]


class Category(BaseModel):
    model_config = _Strict
    name: Annotated[str, Field(min_length=1)]
    match: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)


class _Required(_Rule):
    categories: tuple[Category, ...]


class VettingRules(BaseModel):
    """绩效目标审核规则 (see ``data/vetting.yaml``)."""

    model_config = _Strict
    vague: _Words
    no_unit: _Rule
    no_comparator: _Rule
    below_last_year: _Rule
    exceeded_last_year: _Threshold
    cost_without_basis: _Categories
    amount_over_budget: _Rule
    budget_parts: _Rule
    required_categories: _Required


def load_rules(path: Path | None = None) -> VettingRules:
    """The built-in rules, or a region's file; :class:`InputError` naming each wrong field at its line."""
    return load_rules_file(VettingRules, "jixiao.targets", "vetting.yaml", path, "审核规则文件")


# --- what is proposed --------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LastYear(_Model):
    """上年同一指标：上年的指标值和实际完成值（有数据库时可从上年的自评表取）."""

    expected: Text | None = None
    actual: Text


class ProposedTarget(_Model):
    """申报的一项绩效指标."""

    level1: RequiredText
    level2: RequiredText
    name: RequiredText
    value: Text = Field(description="指标值，如 ≥12所、≤450元/平方米、2024年11月底前、合格")
    basis: Text | None = Field(None, description="指标值的测算依据（成本指标应写明）")
    last_year: LastYear | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _blank(cls, raw: Any) -> Any:
        return "" if raw is None else raw


class Department(_Model):
    name: RequiredText
    code: Text | None = None


class Budget(_Model):
    """申报的预算（万元，或按 unit）：合计，及其中财政拨款、其他资金."""

    total: Amount
    fiscal: Amount | None = None
    other: Amount | None = None


class Proposal(_Model):
    """绩效目标申报表：一个部门或一个项目一年的绩效目标."""

    department: Department
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    unit: Literal["万元", "元"] = "万元"
    project: Text | None = Field(None, description="项目名称（部门整体目标不填）")
    budget: Budget | None = None
    goal: Text | None = None
    targets: tuple[ProposedTarget, ...] = Field(min_length=1, max_length=500)


def load_proposal(path: Path) -> tuple[Proposal, SourceMap]:
    """A targets file read and checked; every problem at its line, all at once."""
    data, source = load_yaml(path, what="绩效目标申报文件")
    if not isinstance(data, dict):
        raise InputError.single(str(path), "文件顶层应为一组“字段: 值”（department、year、targets …）")
    unit = data.get("unit", "万元")
    try:
        return Proposal.model_validate(data, context={"unit": unit}), source
    except ValidationError as exc:
        raise InputError(validation_problems(exc, source)) from None


# --- the checks ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason a target (or the table) is not passed as proposed."""

    check: str
    suggestion: Suggestion
    reason: str


@dataclass(frozen=True, slots=True)
class VettedTarget:
    index: int
    target: ProposedTarget
    findings: tuple[Finding, ...]
    last_year: LastYear | None  # as used: from the file, else from the store

    @property
    def suggestion(self) -> Suggestion:
        return heaviest([f.suggestion for f in self.findings])


@dataclass(frozen=True, slots=True)
class Vetting:
    proposal: Proposal
    targets: tuple[VettedTarget, ...]
    table: tuple[Finding, ...] = field(default=())

    @property
    def suggestion(self) -> Suggestion:
        return heaviest([t.suggestion for t in self.targets] + [f.suggestion for f in self.table])


_MONEY = {"元": Decimal(1) / Decimal(10_000), "万元": Decimal(1), "亿元": Decimal(10_000)}


@dataclass(frozen=True, slots=True)
class _Context:
    rules: VettingRules
    proposal: Proposal
    last_year: LastYear | None


TargetCheck = Callable[[ProposedTarget, Reading | None, _Context], Iterator[Finding]]


def _finding(check: str, rule: _Rule, reason: str) -> Finding:
    return Finding(check, Suggestion(rule.suggestion), reason)


def vague_value(target: ProposedTarget, reading: Reading | None, context: _Context) -> Iterator[Finding]:
    """A value with no number and no deadline that is only a vague phrase, or nothing at all.

    "合格" or "达到国家标准" can be judged at the year's end; "进一步提高" cannot."""
    rule = context.rules.vague
    if not target.value.strip():
        yield _finding("vague", rule, "未填写指标值：无法在年末判断是否完成")
        return
    if reading is None or reading.kind is not ValueKind.QUALITATIVE:
        return
    words = [w for w in rule.words if w in target.value]
    if words:
        yield _finding("vague", rule, f"指标值“{target.value}”只有“{'”“'.join(words)}”等模糊表述，没有数值或可判断的标准："
                                      "应写明具体数值、比较方式和单位")


def unreadable_value(target: ProposedTarget, reading: Reading | None, context: _Context) -> Iterator[Finding]:
    if reading is None and target.value.strip():
        try:
            read_value(target.value)
        except UnreadableValue as exc:
            yield Finding("unreadable", Suggestion(context.rules.vague.suggestion),
                          f"指标值无法衡量：{exc}")


def unit_and_comparator(target: ProposedTarget, reading: Reading | None, context: _Context) -> Iterator[Finding]:
    """A number without its unit (≥12), or without saying whether it is a floor, a ceiling or exact (12所)."""
    if reading is None or reading.kind is not ValueKind.QUANTITATIVE:
        return
    if not reading.unit:
        yield _finding("no_unit", context.rules.no_unit, f"指标值“{target.value}”没有计量单位（如 所、人次、%、万元）")
    if not reading.explicit and not _at_an_end(reading):
        yield _finding("no_comparator", context.rules.no_comparator,
                       f"指标值“{target.value}”没有比较方式：应写明 ≥（不低于）、≤（不高于）或 =（等于）")


def _at_an_end(reading: Reading) -> bool:
    """100% of a rate, or none at all (0 起): a plain value that can only mean itself."""
    quantity = reading.low
    return quantity is not None and (quantity.value == 0 or (reading.unit == "%" and quantity.value == 100))


def against_last_year(target: ProposedTarget, reading: Reading | None, context: _Context) -> Iterator[Finding]:
    """No higher than what was already achieved last year (no lower, for a ceiling such as a unit cost); and a
    target last year beaten by far, a sign that this kind of target is set low."""
    last = context.last_year
    if last is None or reading is None or reading.kind is not ValueKind.QUANTITATIVE:
        return
    actual = _quantity(last.actual, reading)
    bound = reading.quantity
    comparator = reading.comparator
    if actual is not None and bound is not None and comparator is not None and reading.explicit:
        if comparator.upward and bound.value <= actual:
            yield _finding("below_last_year", context.rules.below_last_year,
                           f"目标值“{target.value}”不高于上年已实现的“{last.actual}”：目标偏低，应参考上年实际完成情况设定")
        elif comparator.downward and bound.value >= actual:
            yield _finding("below_last_year", context.rules.below_last_year,
                           f"目标值“{target.value}”不低于上年已实现的“{last.actual}”：目标偏松，应参考上年实际完成情况设定")
    if last.expected is None or actual is None:
        return
    try:
        before = read_value(last.expected)
    except UnreadableValue:
        return
    expected = before.quantity
    if before.kind is not ValueKind.QUANTITATIVE or expected is None or expected.value <= 0 or \
            before.unit != reading.unit or before.comparator is None:
        return
    rule = context.rules.exceeded_last_year
    beyond = (actual - expected.value) / expected.value if before.comparator.upward or not before.explicit \
        else (expected.value - actual) / expected.value
    if beyond > rule.threshold:
        yield _finding("exceeded_last_year", rule,
                       f"上年目标“{last.expected}”实际完成“{last.actual}”，超出 {percent(beyond)}%"
                       f"（超过 {percent(rule.threshold)}%）：目标可能设置偏低，请按实际能力设定")


def cost_basis(target: ProposedTarget, reading: Reading | None, context: _Context) -> Iterator[Finding]:
    rule = context.rules.cost_without_basis
    if target.level2 in rule.categories and not (target.basis or "").strip():
        yield _finding("cost_without_basis", rule, "成本指标未说明测算依据（basis：定额标准、同类项目决算、市场询价等）")


def amount_within_budget(target: ProposedTarget, reading: Reading | None, context: _Context) -> Iterator[Finding]:
    budget = context.proposal.budget
    if budget is None or reading is None or reading.kind is not ValueKind.QUANTITATIVE:
        return
    scale = _MONEY.get(reading.unit)
    bound = reading.high or reading.low
    if scale is None or bound is None:
        return
    wan = bound.value * scale
    if wan > budget.total:
        yield _finding("amount_over_budget", context.rules.amount_over_budget,
                       f"指标值“{target.value}”（{wan.normalize():,f} 万元）超过申报的预算 {budget.total:,f} 万元")


TARGET_CHECKS: tuple[TargetCheck, ...] = (
    vague_value, unreadable_value, unit_and_comparator, against_last_year, cost_basis, amount_within_budget,
)


def _quantity(text: str, like: Reading) -> Decimal | None:
    """Last year's actual as a number in this target's unit; None when it cannot be compared."""
    try:
        reading = read_value(text)
    except UnreadableValue:
        return None
    if reading.kind is not ValueKind.QUANTITATIVE or reading.unit != like.unit:
        return None
    quantity = reading.quantity or reading.low
    if reading.comparator is Comparator.BETWEEN:
        return None
    return quantity.value if quantity is not None else None


def table_findings(proposal: Proposal, rules: VettingRules) -> Iterator[Finding]:
    required = rules.required_categories
    names = [t.level2 for t in proposal.targets] + [t.level1 for t in proposal.targets]
    missing = [c.name for c in required.categories if not any(word in name for name in names for word in c.match)]
    if missing:
        yield _finding("required_categories", required, f"缺少{'、'.join(missing)}：每一类至少应设一个指标")
    budget = proposal.budget
    if budget is not None and budget.fiscal is not None:
        parts = budget.fiscal + (budget.other or Decimal(0))
        if parts > budget.total or (budget.other is not None and parts != budget.total):
            yield _finding("budget_parts", rules.budget_parts,
                           f"预算分项（财政拨款 {budget.fiscal:,f}" + (f" + 其他资金 {budget.other:,f}" if budget.other
                                                                     is not None else "")
                           + f" = {parts:,f} 万元）与合计 {budget.total:,f} 万元不符")


def vet(proposal: Proposal, rules: VettingRules,
        previous: Mapping[str, LastYear] | None = None) -> Vetting:
    """Every target vetted; ``previous`` gives last year's values by target name when the file has none."""
    vetted = []
    for index, target in enumerate(proposal.targets, start=1):
        try:
            reading: Reading | None = read_value(target.value) if target.value.strip() else None
        except UnreadableValue:
            reading = None
        last = target.last_year or (previous or {}).get(target.name)
        context = _Context(rules, proposal, last)
        findings = tuple(f for check in TARGET_CHECKS for f in check(target, reading, context))
        vetted.append(VettedTarget(index, target, findings, last))
    return Vetting(proposal, tuple(vetted), tuple(table_findings(proposal, rules)))


def as_dict(vetting: Vetting) -> dict[str, Any]:
    """The vetting as plain data (numbers as text): for ``--json`` and the API."""
    proposal = vetting.proposal
    return {
        "department": proposal.department.name, "year": proposal.year, "project": proposal.project,
        "suggestion": str(vetting.suggestion),
        "table": [{"check": f.check, "suggestion": str(f.suggestion), "reason": f.reason} for f in vetting.table],
        "targets": [{
            "index": t.index, "level1": t.target.level1, "level2": t.target.level2, "name": t.target.name,
            "value": t.target.value, "suggestion": str(t.suggestion),
            "last_year": None if t.last_year is None else {"expected": t.last_year.expected,
                                                            "actual": t.last_year.actual},
            "findings": [{"check": f.check, "suggestion": str(f.suggestion), "reason": f.reason}
                         for f in t.findings],
        } for t in vetting.targets],
    }


__all__ = ["TARGET_CHECKS", "Finding", "LastYear", "Proposal", "ProposedTarget", "Suggestion", "VettedTarget",
           "Vetting", "VettingRules", "as_dict", "heaviest", "load_proposal", "load_rules", "table_findings", "vet"]
