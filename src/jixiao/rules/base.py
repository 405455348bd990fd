"""What every rule kind shares (计分规则基础): parameters as data, a ratio read from facts, the outcome.

A rule is a small pydantic model read from a framework file. Its parameters are validated when the framework
loads (unknown keys, missing parameters, a maximum above the indicator's weight). When a case is scored,
:meth:`RuleBase.evaluate` returns an :class:`Outcome`: the score and the steps that explain it. A compiled rule
gives the same pair as a plain tuple (:data:`Scored`): a batch makes millions of them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO, NumberFormatError, normalise_text, parse_decimal, parse_rate, quantum, rate_rounded
from ..facts.catalogue import lookup_of
from ..facts.measures import Measure
from ..facts.model import DepartmentYear, Judgement, Points, parse_points
from ..scoring.trail import Step


class Outcome(NamedTuple):
    """A rule's score and the steps that explain it."""

    score: Decimal
    steps: tuple[Step, ...]


@dataclass(slots=True)
class Context:
    """What a rule sees while scoring one indicator of one case."""

    case: DepartmentYear
    judgement: Judgement | None


def _rate(raw: object) -> Decimal:
    try:
        if isinstance(raw, str) and normalise_text(raw).endswith("%"):
            return parse_rate(raw)
        return parse_decimal(raw, allow_units=())
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None


PointsValue = Points
"""A number of points (分), never negative: the same reading as the points a case awards."""
RateValue = Annotated[Decimal, BeforeValidator(_rate)]
"""A rate: ``90%`` or a plain number (``0.9``)."""


def _if_undefined(raw: object) -> object:
    # One message for the two readings (a word or a number), rather than one complaint from each.
    if raw in ("full", "zero"):
        return raw
    try:
        return parse_points(raw)
    except PydanticCustomError:
        raise PydanticCustomError("jixiao_rule", "应为 full（得满分）、zero（得 0 分）或一个分数，实际为“{value}”",
                                  {"value": str(raw)}) from None


IfUndefined = Annotated[Literal["full", "zero"] | Decimal, BeforeValidator(_if_undefined)]
"""How a ratio whose denominator is zero scores: ``full``, ``zero`` or a number of points."""


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleBase(RuleModel):
    """Common parameters: an optional label (used for the parts of a composite) and score rounding."""

    kind: str
    name: str | None = Field(None, description="规则名称（组合规则的组成部分用）")
    places: int = Field(2, ge=0, le=6, description="得分保留的小数位数（四舍五入）")

    #: measures' kinds this rule accepts for its quantities; checked when the framework loads.
    label: ClassVar[str] = ""

    #: the measures its framework declares (the common catalogue's and the framework's own)
    _lookup: dict[str, Measure] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _remember_catalogue(self, info: ValidationInfo) -> RuleBase:
        self._lookup = lookup_of(info.context)
        return self

    def measure(self, name: str) -> Measure:
        """A measure this rule names, from its framework's catalogue."""
        return (self._lookup or lookup_of(None))[name]

    def max_points(self) -> Decimal:
        raise NotImplementedError

    def references(self) -> Iterator[str]:
        """Names of the measures this rule reads."""
        return iter(())

    def walk(self) -> Iterator[RuleBase]:
        """This rule and every rule inside it."""
        yield self

    def compile(self, explain: bool = True) -> Evaluator:
        """This rule as a plain function, made once per framework: the scorer calls it for every case.

        With ``explain=False`` the function gives the same score but no steps (an empty trail): batches score
        hundreds of thousands of cases and show none of their trails, and building them is a third of the work.
        """
        raise NotImplementedError

    def named_values(self, case: DepartmentYear, judgement: Judgement | None) -> dict[str, Any]:
        """The values this rule works out, by name, for the trace (:mod:`jixiao.scoring.trace`): what a report
        or an audit quotes, so that none of them reads the wording or the positions of the trail."""
        return {}

    def evaluate(self, ctx: Context) -> Outcome:
        """Score one context (compiles each time: for tests and one-off use; the scorer compiles once)."""
        return Outcome(*self.compile()(ctx.case, ctx.judgement))


Scored = tuple[Decimal, tuple[Step, ...]]
"""What a compiled rule gives: the score and the steps that explain it (none when compiled without them)."""
Evaluator = Callable[[DepartmentYear, Judgement | None], Scored]
"""A compiled rule: the case and the evaluator's judgement for the indicator (if any) in, the score out."""
RatioReader = Callable[[DepartmentYear], tuple[Decimal | None, Decimal | None, tuple[Step, ...]]]
"""Gives the ratio rounded at the rule's ``percent_places``, the exact ratio, and the step that shows them."""


def require_measure(name: str, kind: str, what: str, context: Any = None) -> Measure:
    """The measure named in a framework file, which must exist and be of ``kind`` (``what`` says it in words);
    ``context`` is the validation's, which carries the framework's catalogue."""
    lookup = lookup_of(context)
    found = lookup.get(name)
    if found is None:
        raise unknown_measure(name, lookup)
    if found.kind != kind:
        raise PydanticCustomError("jixiao_measure", "“{name}”不是{what}", {"name": name, "what": what})
    return found


def unknown_measure(name: str, lookup: dict[str, Measure]) -> PydanticCustomError:
    close = difflib.get_close_matches(name, list(lookup), n=1)
    hint = f"，是否应为“{close[0]}”？" if close else "（jixiao facts 列出全部事实和计量项）"
    return PydanticCustomError("jixiao_measure", "未知的计量项“{name}”{hint}", {"name": name, "hint": hint})


PathList = str | list[str]


def _paths(value: PathList | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class RatioSource(RuleBase):
    """A rule scored on one number: a measure (``value``) or ``numerator`` ÷ ``denominator``.

    Each side may name several measures, which are added (``numerator: [a, b]``). ``percent_places`` rounds the
    ratio at that many decimals of its percentage before it is scored; leave it out to score the exact ratio.
    ``if_undefined`` says how to score when the denominator is zero: ``full``, ``zero`` or a number of points.
    """

    value: str | None = Field(None, description="直接取值的计量项（比率）")
    numerator: PathList | None = Field(None, description="分子（计量项，多个相加）")
    denominator: PathList | None = Field(None, description="分母（计量项，多个相加）")
    change: bool = Field(False, description="取变动率：(分子 − 分母) ÷ 分母，如本年比上年的增减")
    percent_places: int | None = Field(None, ge=0, le=6, description="比率按百分数保留的小数位数")
    if_undefined: IfUndefined = Field("zero", description="分母为零时的计分")

    @model_validator(mode="after")
    def _one_source(self, info: ValidationInfo) -> RatioSource:
        has_ratio = self.numerator is not None or self.denominator is not None
        if self.value is not None and has_ratio:
            raise PydanticCustomError("jixiao_rule", "value 与 numerator/denominator 只能二选一")
        if self.value is None and not has_ratio:
            raise PydanticCustomError("jixiao_rule", "缺少取值：请写 value，或同时写 numerator 和 denominator")
        if has_ratio and (self.numerator is None or self.denominator is None):
            raise PydanticCustomError("jixiao_rule", "numerator 与 denominator 须同时给出")
        if self.change and not has_ratio:
            raise PydanticCustomError("jixiao_rule", "change 须与 numerator 和 denominator 一起使用")
        lookup = lookup_of(info.context)
        for name in self.references():
            if name not in lookup:
                raise unknown_measure(name, lookup)
        if isinstance(self.if_undefined, Decimal) and self.if_undefined > self.max_points():
            # Else a zero denominator could score more than the indicator is worth.
            raise PydanticCustomError(
                "jixiao_rule", "if_undefined 的 {points} 分超过本规则的最高分 {most} 分",
                {"points": str(self.if_undefined), "most": str(self.max_points())})
        return self

    def references(self) -> Iterator[str]:
        if self.value is not None:
            yield self.value
        yield from _paths(self.numerator)
        yield from _paths(self.denominator)

    def quantity_label(self) -> str:
        if self.value is not None:
            return self.measure(self.value).label
        num = "＋".join(self.measure(n).label for n in _paths(self.numerator))
        den = "＋".join(self.measure(n).label for n in _paths(self.denominator))
        if self.change:
            return f"（{num} − {den}）÷ {den}"
        return f"{num} ÷ {den}"

    def ratio_reader(self, explain: bool = True) -> RatioReader:
        """A function giving the ratio rounded at ``percent_places``, the exact ratio, and the step that shows
        them (none unless ``explain``); both ratios are ``None`` when the denominator is zero."""
        places = self.percent_places
        label = self.quantity_label()
        if self.value is not None:
            read_value = self.measure(self.value).get
            worded = self.measure(self.value).explain  # a formula: shown with its figures

            def read_single(case: DepartmentYear) -> tuple[Decimal | None, Decimal | None, tuple[Step, ...]]:
                value = read_value(case)
                if value is None:  # a formula whose figures leave it undefined
                    if not explain:
                        return None, None, ()
                    how = f"（{worded(case)}）" if worded is not None else ""
                    return None, None, (Step("{0}：无法计算{1}：所需数据为空或分母为 0", (label, how)),)
                exact = Decimal(value)
                rounded = rate_rounded(exact, places)
                if not explain:
                    return rounded, exact, ()
                if worded is not None:
                    return rounded, exact, (Step("{0}：{1} = {2:rate}", (label, worded(case), rounded)),)
                return rounded, exact, (Step("{0}：{1:rate}", (label, rounded)),)

            return read_single
        numerators = tuple(self.measure(n) for n in _paths(self.numerator))
        denominators = tuple(self.measure(n) for n in _paths(self.denominator))
        kind = self.measure(_paths(self.numerator)[0]).kind
        fmt = _CHANGE_FORMATS[kind] if self.change else _RATIO_FORMATS[kind]
        change = self.change
        read_numerator, read_denominator = _summed(numerators), _summed(denominators)
        unit = None if places is None else quantum(places + 2)  # a percentage's places are the ratio's + 2

        def read_ratio(case: DepartmentYear) -> tuple[Decimal | None, Decimal | None, tuple[Step, ...]]:
            numerator = read_numerator(case)
            denominator = read_denominator(case)
            if numerator is None or denominator is None:
                return None, None, (
                    (Step("{0}：无法计算（所需数据为空或分母为 0）", (label,)),) if explain else ())
            if not denominator:
                return None, None, (
                    (Step("{0}：{1} ÷ {2}，分母为 0，比率无法计算", (label, numerator, denominator)),) if explain else ())
            exact = (numerator - denominator if change else numerator) / denominator
            ratio = exact if unit is None else exact.quantize(unit, ROUND_HALF_UP)
            return ratio, exact, (Step(fmt, (label, numerator, denominator, ratio)),) if explain else ()

        return read_ratio

    def named_values(self, case: DepartmentYear, judgement: Judgement | None) -> dict[str, Any]:
        """``value`` (one measure) or ``numerator`` and ``denominator``, then ``ratio`` (rounded at
        ``percent_places``) and ``exact_ratio``; the ratios are ``None`` when undefined."""
        found: dict[str, Any] = {}
        if self.value is not None:
            found["value"] = self.measure(self.value).read(case)
        else:
            found["numerator"] = _summed(tuple(self.measure(n) for n in _paths(self.numerator)))(case)
            found["denominator"] = _summed(tuple(self.measure(n) for n in _paths(self.denominator)))(case)
        rounded, exact, _ = self.ratio_reader(explain=False)(case)
        found["ratio"], found["exact_ratio"] = rounded, exact
        return found

    def undefined_outcome(self, full: Decimal, steps: tuple[Step, ...], explain: bool = True) -> Scored:
        if self.if_undefined == "full":
            return (full, (*steps, Step("按规定得满分 {0:points}", (full,))) if explain else ())
        if self.if_undefined == "zero":
            return (ZERO, (*steps, Step("按 0 分计",)) if explain else ())
        points = Decimal(self.if_undefined)
        return (points, (*steps, Step("按规定得 {0:points} 分", (points,))) if explain else ())


_DECIMAL_KINDS = frozenset({"amount", "yuan", "rate"})


def _summed(measures: tuple[Measure, ...]) -> Callable[[DepartmentYear], Decimal | None]:
    """One reader for the sum of several measures. Counts are ints: made Decimal so that a ratio of two counts is
    never a float."""
    readers = tuple(measure.get for measure in measures)
    if len(readers) == 1:
        (read,) = readers
        if measures[0].kind in _DECIMAL_KINDS:
            return read  # already a Decimal: no wrapper to call for every case

        def read_one(case: DepartmentYear) -> Decimal | None:
            value = read(case)
            return value if isinstance(value, Decimal) or value is None else Decimal(value)

        return read_one
    def read_sum(case: DepartmentYear) -> Decimal | None:
        values = [r(case) for r in readers]
        return None if None in values else sum([Decimal(v) for v in values], ZERO)

    return read_sum


_RATIO_FORMATS = {
    "amount": "{0}：{1:amount} ÷ {2:amount} = {3:rate}",
    "count": "{0}：{1:count} ÷ {2:count} = {3:rate}",
    "rate": "{0}：{1} ÷ {2} = {3:rate}",
    "yuan": "{0}：{1:amount} ÷ {2:amount} = {3:rate}",
}
for _kind in ("flag", "choice", "list", "text", "other"):
    _RATIO_FORMATS[_kind] = "{0}：{1} ÷ {2} = {3:rate}"
_CHANGE_FORMATS = {kind: "{0}：（{1} − {2}）÷ {2} = {3:rate}" for kind in _RATIO_FORMATS}
_CHANGE_FORMATS["amount"] = _CHANGE_FORMATS["yuan"] = "{0}：（{1:amount} − {2:amount}）÷ {2:amount} = {3:rate}"
