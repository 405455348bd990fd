"""What every rule kind shares (计分规则基础): parameters as data, a ratio read from facts, the outcome.

A rule is a small pydantic model read from a framework file. Its parameters are validated when the framework
loads (unknown keys, missing parameters, a maximum above the indicator's weight). When a case is scored,
:meth:`RuleBase.evaluate` returns an :class:`Outcome`: the score and the steps that explain it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO, NumberFormatError, normalise_text, parse_decimal, parse_rate, rate_rounded
from ..facts.measures import MEASURES, Measure
from ..facts.model import DepartmentYear, Judgement
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


def _points(raw: object) -> Decimal:
    try:
        value = parse_decimal(raw, allow_units=("分",))
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None
    if value < 0:
        raise PydanticCustomError("jixiao_negative", "分值不能为负数")
    return value


def _rate(raw: object) -> Decimal:
    try:
        if isinstance(raw, str) and normalise_text(raw).endswith("%"):
            return parse_rate(raw)
        return parse_decimal(raw, allow_units=())
    except NumberFormatError as exc:
        raise PydanticCustomError("jixiao_number", str(exc)) from None


PointsValue = Annotated[Decimal, BeforeValidator(_points)]
"""A number of points (分), never negative."""
RateValue = Annotated[Decimal, BeforeValidator(_rate)]
"""A rate: ``90%`` or a plain number (``0.9``)."""


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleBase(RuleModel):
    """Common parameters: an optional label (used for the parts of a composite) and score rounding."""

    kind: str
    name: str | None = Field(None, description="规则名称（组合规则的组成部分用）")
    places: int = Field(2, ge=0, le=6, description="得分保留的小数位数（四舍五入）")

    #: measures' kinds this rule accepts for its quantities; checked when the framework loads.
    label: ClassVar[str] = ""

    def max_points(self) -> Decimal:
        raise NotImplementedError

    def references(self) -> Iterator[str]:
        """Names of the measures this rule reads."""
        return iter(())

    def walk(self) -> Iterator[RuleBase]:
        """This rule and every rule inside it."""
        yield self

    def compile(self) -> Evaluator:
        """This rule as a plain function, made once per framework: the scorer calls it for every case."""
        raise NotImplementedError

    def evaluate(self, ctx: Context) -> Outcome:
        """Score one context (compiles each time: for tests and one-off use; the scorer compiles once)."""
        return self.compile()(ctx)


Evaluator = Callable[[Context], Outcome]
RatioReader = Callable[[DepartmentYear], tuple[Decimal | None, tuple[Step, ...]]]


def measure(name: str) -> Measure:
    return MEASURES[name]


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
    percent_places: int | None = Field(None, ge=0, le=6, description="比率按百分数保留的小数位数")
    if_undefined: Literal["full", "zero"] | PointsValue = Field("zero", description="分母为零时的计分")

    @model_validator(mode="after")
    def _one_source(self) -> RatioSource:
        has_ratio = self.numerator is not None or self.denominator is not None
        if self.value is not None and has_ratio:
            raise PydanticCustomError("jixiao_rule", "value 与 numerator/denominator 只能二选一")
        if self.value is None and not has_ratio:
            raise PydanticCustomError("jixiao_rule", "缺少取值：请写 value，或同时写 numerator 和 denominator")
        if has_ratio and (self.numerator is None or self.denominator is None):
            raise PydanticCustomError("jixiao_rule", "numerator 与 denominator 须同时给出")
        for name in self.references():
            if name not in MEASURES:
                raise PydanticCustomError("jixiao_measure", "未知的计量项“{name}”", {"name": name})
        return self

    def references(self) -> Iterator[str]:
        if self.value is not None:
            yield self.value
        yield from _paths(self.numerator)
        yield from _paths(self.denominator)

    def quantity_label(self) -> str:
        if self.value is not None:
            return MEASURES[self.value].label
        num = "＋".join(MEASURES[n].label for n in _paths(self.numerator))
        den = "＋".join(MEASURES[n].label for n in _paths(self.denominator))
        return f"{num} ÷ {den}"

    def ratio_reader(self) -> RatioReader:
        """A function giving the ratio (rounded at ``percent_places``) and the step that shows it; ``None``
        when the denominator is zero."""
        places = self.percent_places
        label = self.quantity_label()
        if self.value is not None:
            read_value = MEASURES[self.value].read

            def read_single(case: DepartmentYear) -> tuple[Decimal | None, tuple[Step, ...]]:
                rounded = rate_rounded(Decimal(read_value(case)), places)
                return rounded, (Step("{0}：{1:rate}", (label, rounded)),)

            return read_single
        numerators = tuple(MEASURES[n].read for n in _paths(self.numerator))
        denominators = tuple(MEASURES[n].read for n in _paths(self.denominator))
        fmt = _RATIO_FORMATS[MEASURES[_paths(self.numerator)[0]].kind]

        def read_ratio(case: DepartmentYear) -> tuple[Decimal | None, tuple[Step, ...]]:
            numerator = _total(numerators, case)
            denominator = _total(denominators, case)
            if not denominator:
                return None, (Step("{0}：{1} ÷ {2}，分母为 0，比率无法计算", (label, numerator, denominator)),)
            ratio = rate_rounded(numerator / denominator, places)
            return ratio, (Step(fmt, (label, numerator, denominator, ratio)),)

        return read_ratio

    def undefined_outcome(self, full: Decimal, steps: tuple[Step, ...]) -> Outcome:
        if self.if_undefined == "full":
            return Outcome(full, (*steps, Step("按规定得满分 {0:points}", (full,))))
        if self.if_undefined == "zero":
            return Outcome(ZERO, (*steps, Step("按 0 分计",)))
        points = Decimal(self.if_undefined)
        return Outcome(points, (*steps, Step("按规定得 {0:points} 分", (points,))))


def _total(readers: tuple[Callable[[DepartmentYear], Any], ...], case: DepartmentYear) -> Decimal:
    # Counts are ints: made Decimal so that a ratio of two counts is never a float.
    if len(readers) == 1:
        value = readers[0](case)
        return value if isinstance(value, Decimal) else Decimal(value)
    return sum([Decimal(r(case)) for r in readers], ZERO)


_RATIO_FORMATS = {
    "amount": "{0}：{1:amount} ÷ {2:amount} = {3:rate}",
    "count": "{0}：{1:count} ÷ {2:count} = {3:rate}",
    "rate": "{0}：{1} ÷ {2} = {3:rate}",
    "yuan": "{0}：{1:amount} ÷ {2:amount} = {3:rate}",
}
for _kind in ("flag", "choice", "list", "text", "other"):
    _RATIO_FORMATS[_kind] = "{0}：{1} ÷ {2} = {3:rate}"


# ---------------------------------------------------------------------------------------------------------
# Intervals such as "≥ 90%", "[75%, 90%)", "< 60%": how a finance officer writes a band.

_COMPARATOR = re.compile(r"^(≥|>=|≤|<=|>|<|＞|＜|=|＝)\s*(.+)$")
_INTERVAL = re.compile(r"^([\[(（【])\s*([^,，]*?)\s*[,，]\s*([^\])）】]*?)\s*([\])）】])$")
_INFINITY = {"∞", "+∞", "inf", "+inf", ""}
_NEG_INFINITY = {"-∞", "-inf", ""}


@dataclass(frozen=True, slots=True)
class Interval:
    """A range of values with open or closed ends; ``None`` is unbounded."""

    low: Decimal | None
    low_closed: bool
    high: Decimal | None
    high_closed: bool

    def __contains__(self, value: Decimal) -> bool:
        if self.low is not None and (value < self.low or (value == self.low and not self.low_closed)):
            return False
        return not (self.high is not None and (value > self.high or (value == self.high and not self.high_closed)))

    def overlaps(self, other: Interval) -> bool:
        lo = _max_low(self, other)
        hi = _min_high(self, other)
        if lo[0] is None or hi[0] is None:
            return True
        if lo[0] < hi[0]:
            return True
        return lo[0] == hi[0] and lo[1] and hi[1]

    def describe(self) -> str:
        def show(v: Decimal) -> str:
            return f"{(v * 100).normalize():f}%"

        if self.low is None and self.high is None:
            return "任意值"
        if self.low is None:
            return f"{'≤' if self.high_closed else '<'} {show(self.high)}"  # type: ignore[arg-type]
        if self.high is None:
            return f"{'≥' if self.low_closed else '>'} {show(self.low)}"
        if self.low == self.high:
            return f"= {show(self.low)}"
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{show(self.low)}, {show(self.high)}{right}"


def _max_low(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.low is None:
        return (b.low, b.low_closed) if b.low is not None else (None, True)
    if b.low is None or a.low > b.low:
        return a.low, a.low_closed
    if b.low > a.low:
        return b.low, b.low_closed
    return a.low, a.low_closed and b.low_closed


def _min_high(a: Interval, b: Interval) -> tuple[Decimal | None, bool]:
    if a.high is None:
        return (b.high, b.high_closed) if b.high is not None else (None, True)
    if b.high is None or a.high < b.high:
        return a.high, a.high_closed
    if b.high < a.high:
        return b.high, b.high_closed
    return a.high, a.high_closed and b.high_closed


def parse_interval(text: str) -> Interval:
    """Read ``≥ 90%``, ``< 60%``, ``= 100%``, ``[75%, 90%)`` or ``(100%, ∞)``; raise ValueError otherwise."""
    raw = normalise_text(str(text))
    match = _COMPARATOR.match(raw)
    if match:
        op, value_text = match.groups()
        value = _bound(value_text)
        if op in ("≥", ">="):
            return Interval(value, True, None, False)
        if op in (">", "＞"):
            return Interval(value, False, None, False)
        if op in ("≤", "<="):
            return Interval(None, False, value, True)
        if op in ("<", "＜"):
            return Interval(None, False, value, False)
        return Interval(value, True, value, True)
    match = _INTERVAL.match(raw)
    if match:
        left, low_text, high_text, right = match.groups()
        low = None if low_text in _NEG_INFINITY else _bound(low_text)
        high = None if high_text in _INFINITY else _bound(high_text)
        interval = Interval(low, left in "[【" and low is not None, high, right in "]】" and high is not None)
        if low is not None and high is not None and low > high:
            raise ValueError(f"区间“{text}”的下限大于上限")
        return interval
    raise ValueError(f"无法识别的区间“{text}”：请写成“≥ 90%”“< 60%”或“[75%, 90%)”")


def _bound(text: str) -> Decimal:
    try:
        return parse_rate(text) if text.endswith("%") else parse_decimal(text, allow_units=())
    except NumberFormatError as exc:
        raise ValueError(str(exc)) from None
