"""Target values as people write them (指标值的读取): ``≥5万份``, ``80%-90%``, ``年度内``, ``有效推动``.

A value is read into a :class:`Reading`: quantitative (a comparator, bounds as :class:`Quantity` with
the number as written and its 万/亿 multiplier, and a unit), a deadline (时限), or qualitative (定性).
The original text is always kept. What cannot be read without guessing raises
:class:`UnreadableValue`, with the reason.

A value written without a comparator (``11``, ``15元/份``) is read as exactly that value and marked
``explicit=False``; whether it means "at least", "exactly" or "at most" is decided later, by the target
(see :meth:`Reading.with_plain_meaning`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from ..decimals import normalise_text
from ..intervals import Interval


class UnreadableValue(ValueError):
    """A value that cannot be read without guessing (无法识别的指标值); the message says why, in Chinese."""


class Comparator(StrEnum):
    """比较关系."""

    AT_LEAST = "≥"
    ABOVE = ">"
    AT_MOST = "≤"
    BELOW = "<"
    EXACTLY = "="
    BETWEEN = "-"

    @property
    def label(self) -> str:
        return _COMPARATOR_LABELS[self]

    @property
    def upward(self) -> bool:
        """More is better (不低于 / 高于)."""
        return self in (Comparator.AT_LEAST, Comparator.ABOVE)

    @property
    def downward(self) -> bool:
        """Less is better (不高于 / 低于)."""
        return self in (Comparator.AT_MOST, Comparator.BELOW)


_COMPARATOR_LABELS = {
    Comparator.AT_LEAST: "不低于",
    Comparator.ABOVE: "高于",
    Comparator.AT_MOST: "不高于",
    Comparator.BELOW: "低于",
    Comparator.EXACTLY: "等于",
    Comparator.BETWEEN: "介于",
}


class PlainMeaning(StrEnum):
    """不带比较符的预期值的含义."""

    AT_LEAST = "不低于"
    EXACTLY = "等于"
    AT_MOST = "不高于"

    @property
    def comparator(self) -> Comparator:
        return {
            PlainMeaning.AT_LEAST: Comparator.AT_LEAST,
            PlainMeaning.EXACTLY: Comparator.EXACTLY,
            PlainMeaning.AT_MOST: Comparator.AT_MOST,
        }[self]


class ValueKind(StrEnum):
    """指标值类型."""

    QUANTITATIVE = "定量"
    DEADLINE = "时限"
    QUALITATIVE = "定性"


MULTIPLIERS: dict[str, Decimal] = {
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
"""数量级: 万 and 亿 scale the number; the unit (份, 元) stays the unit."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written, with its multiplier (``6.33万`` → number 6.33, multiplier 万)."""

    number: Decimal
    multiplier: str = ""

    @property
    def value(self) -> Decimal:
        """The number with its multiplier applied (6.33万 → 63300)."""
        return self.number * MULTIPLIERS.get(self.multiplier, Decimal(1))

    def render(self, unit: str) -> str:
        return f"{_plain_number(self.number)}{self.multiplier}{unit}"


@dataclass(frozen=True, slots=True)
class Deadline:
    """时限: by the end of a month or by a given day (``年度内`` → December, end of month)."""

    month: int
    day: int | None = None
    year: int | None = None

    def order_key(self, year: int) -> tuple[int, int, int]:
        """Comparable position in time; a missing year is taken as ``year``, a missing day as month end."""
        return (self.year or year, self.month, self.day if self.day is not None else 32)

    def render(self) -> str:
        year = f"{self.year}年" if self.year is not None else ""
        day = f"{self.day}日" if self.day is not None else "底"
        return f"{year}{self.month}月{day}前"


@dataclass(frozen=True, slots=True)
class Reading:
    """What a target value says (指标值的读取结果); ``text`` is the original, unchanged."""

    text: str
    kind: ValueKind
    comparator: Comparator | None = None
    low: Quantity | None = None
    high: Quantity | None = None
    unit: str = ""
    explicit: bool = True
    deadline: Deadline | None = None
    term: str = ""

    @property
    def quantity(self) -> Quantity | None:
        """The value compared against: the bound a one-sided comparator names, or the exact value."""
        if self.comparator is None or self.comparator is Comparator.BETWEEN:
            return None
        return self.low if self.low is not None else self.high

    @property
    def multiplier(self) -> str:
        quantity = self.quantity or self.high or self.low
        return quantity.multiplier if quantity is not None else ""

    def interval(self) -> Interval:
        """The values this reading admits (only for quantitative readings)."""
        if self.kind is not ValueKind.QUANTITATIVE or self.comparator is None:
            raise ValueError("只有定量指标值有取值区间")
        low = self.low.value if self.low is not None else None
        high = self.high.value if self.high is not None else None
        return Interval(
            low, self.comparator is not Comparator.ABOVE, high, self.comparator is not Comparator.BELOW
        )

    def with_plain_meaning(self, meaning: PlainMeaning) -> Reading:
        """Give a value written without a comparator the meaning the target or framework says it has."""
        if self.kind is not ValueKind.QUANTITATIVE or self.explicit:
            return self
        value = self.low
        comparator = meaning.comparator
        return replace(
            self,
            comparator=comparator,
            low=None if comparator is Comparator.AT_MOST else value,
            high=None if comparator is Comparator.AT_LEAST else value,
        )

    def canonical(self) -> str:
        """One standard way of writing this reading; reading it back gives the same reading."""
        if self.kind is ValueKind.QUALITATIVE:
            return self.term
        if self.kind is ValueKind.DEADLINE:
            assert self.deadline is not None
            return self.deadline.render()
        if self.comparator is Comparator.BETWEEN:
            assert self.low is not None and self.high is not None
            return f"{self.low.render(self.unit)}-{self.high.render(self.unit)}"
        quantity = self.quantity
        assert quantity is not None and self.comparator is not None
        if not self.explicit:
            return quantity.render(self.unit)
        return f"{self.comparator.value}{quantity.render(self.unit)}"

    def same_reading(self, other: Reading) -> bool:
        """Equal in meaning, whatever the original texts."""
        return replace(self, text="") == replace(other, text="")


def _plain_number(number: Decimal) -> str:
    return format(number, "f")


# What input methods and PDF extraction produce, made comparable.
_SYMBOLS = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "＞": ">",
        "＜": "<",
        "＝": "=",
        "／": "/",
        "～": "~",
        "〜": "~",
        "—": "-",
        "–": "-",
        "﹪": "%",
        "，": ",",
        "（": "(",
        "）": ")",
    }
)
# `90%以上（含）` says the bound is included, which 以上 already means here.
_INCLUSIVE_NOTES = ("(含本数)", "(含)")

_PREFIXES: tuple[tuple[str, Comparator], ...] = tuple(
    sorted(
        (
            *((word, Comparator.AT_LEAST) for word in (
                "≥", ">=", "=>", "不低于", "不少于", "不小于", "大于等于", "大于或等于", "高于或等于",
                "不得低于", "不得少于", "至少", "达到", "最低",
            )),
            *((word, Comparator.AT_MOST) for word in (
                "≤", "<=", "=<", "不高于", "不超过", "不大于", "不多于", "小于等于", "小于或等于",
                "低于或等于", "不得高于", "不得超过", "至多", "最多", "控制在", "最高",
            )),
            *((word, Comparator.ABOVE) for word in (">", "大于", "高于", "超过", "多于", "超", "逾")),
            *((word, Comparator.BELOW) for word in ("<", "小于", "低于", "少于")),
            *((word, Comparator.EXACTLY) for word in ("=", "等于")),
        ),
        key=lambda pair: -len(pair[0]),
    )
)
_SUFFIXES: tuple[tuple[str, Comparator], ...] = tuple(
    sorted(
        (
            *((word, Comparator.AT_LEAST) for word in ("及以上", "或以上", "以上", "之上")),
            *((word, Comparator.AT_MOST) for word in ("及以下", "或以下", "以下", "以内", "之内", "内")),
        ),
        key=lambda pair: -len(pair[0]),
    )
)
_APPROXIMATE_PREFIXES = ("大约", "大概", "接近", "约", "近")
_APPROXIMATE_SUFFIXES = ("左右", "上下")

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MULTIPLIER = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
_UNIT = r"(?:[%‰A-Za-z\u4e00-\u9fff/·²³㎡℃])+"


def _side(index: int) -> str:
    return (
        rf"(?P<num{index}>{_NUMBER})(?P<mult{index}>{_MULTIPLIER})?"
        rf"(?P<more{index}>余|多)?(?P<unit{index}>{_UNIT})?"
    )


_SINGLE = re.compile(_side(1))
_RANGE = re.compile(rf"{_side(1)}(?:-|~|至|到){_side(2)}")

_END_OF_PERIOD = {"底": None, "末": None, "份": None, "下旬": None, "上旬": 10, "中旬": 20}
_WITHIN_YEAR = re.compile(
    r"(?:已)?(?:于|在)?(?:本|当|全)?年度?(?:内|以内|之内|底前|末前|底之前|末之前|底|末)(?:完成)?"
)
_MONTH_DAY = re.compile(
    r"(?:已)?(?:于|在)?(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月"
    r"(?:(?P<day>\d{1,2})[日号]|(?P<end>底|末|份|上旬|中旬|下旬))?"
    r"(?:之前|以前|前|以内|之内|内)?(?:完成)?"
)
_ISO_DATE = re.compile(
    # `2023.12` is a number, not a date: only `-` and `/` separate the parts of a date.
    r"(?:已)?(?:于|在)?(?P<year>(?:19|20)\d{2})(?P<sep>[-/])(?P<month>\d{1,2})(?:(?P=sep)(?P<day>\d{1,2}))?"
    r"(?:之前|以前|前)?(?:完成)?"
)
_QUARTER = re.compile(
    r"(?:已)?(?:于|在)?(?:(?P<year>\d{4})年)?第?(?P<quarter>[一二三四1-4])季度(?:末|底)?"
    r"(?:之前|以前|前|内)?(?:完成)?"
)
_HALF_YEAR = re.compile(r"(?:已)?(?:于|在)?(?P<half>上半年|年中|下半年)(?:之前|以前|前|内|底|末)?(?:完成)?")
_QUARTER_MONTHS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}
# Text that says "nothing written" rather than anything about the target.
_BLANK = re.compile(r"[-/\\_.。、,~*＊×xX?？]*")


def read_value(text: str) -> Reading:
    """Read a target value (预期指标值 or 实际完成值); raise :class:`UnreadableValue` if unreadable."""
    original = text
    normal = normalise_text(str(text)).translate(_SYMBOLS)
    if _BLANK.fullmatch(normal):
        raise UnreadableValue("未填写" if not normal else f"“{original}”不是指标值")
    deadline = _read_deadline(normal)
    if deadline is not None:
        return Reading(original, ValueKind.DEADLINE, deadline=deadline)
    if not re.search(r"\d", normal):
        return Reading(original, ValueKind.QUALITATIVE, term=normal)
    return _read_quantity(original, normal)


def _read_deadline(text: str) -> Deadline | None:
    if _WITHIN_YEAR.fullmatch(text):
        return Deadline(12)
    if match := _MONTH_DAY.fullmatch(text) or _ISO_DATE.fullmatch(text):
        groups = match.groupdict()
        month = int(groups["month"])
        day_text = groups.get("day")
        day = int(day_text) if day_text else _END_OF_PERIOD.get(groups.get("end") or "底")
        year = int(groups["year"]) if groups.get("year") else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
            raise UnreadableValue(f"“{text}”不是有效的日期")
        return Deadline(month, day, year)
    if match := _QUARTER.fullmatch(text):
        year = int(match["year"]) if match["year"] else None
        return Deadline(_QUARTER_MONTHS[match["quarter"]], None, year)
    if match := _HALF_YEAR.fullmatch(text):
        return Deadline(12 if match["half"] == "下半年" else 6)
    return None


def _read_quantity(original: str, text: str) -> Reading:
    for note in _INCLUSIVE_NOTES:
        text = text.removesuffix(note)
    for word in _APPROXIMATE_PREFIXES:
        if text.startswith(word):
            raise UnreadableValue(f"“{original}”是约数（“{word}”），无法据以判断")
    for word in _APPROXIMATE_SUFFIXES:
        if text.endswith(word):
            raise UnreadableValue(f"“{original}”是约数（“{word}”），无法据以判断")
    prefix: Comparator | None = None
    for word, written in _PREFIXES:
        if text.startswith(word):
            prefix, text = written, text[len(word):]
            break
    suffix: Comparator | None = None
    for word, written in _SUFFIXES:
        if text.endswith(word) and len(text) > len(word):
            suffix, text = written, text[: -len(word)]
            break
    comparator = _combine(original, prefix, suffix)

    if match := _SINGLE.fullmatch(text):
        quantity = _quantity(original, match["num1"], match["mult1"])
        unit = match["unit1"] or ""
        if match["more1"]:
            comparator = _combine(original, comparator, Comparator.ABOVE)
        if comparator is None:
            return Reading(original, ValueKind.QUANTITATIVE, Comparator.EXACTLY, quantity, quantity, unit,
                           explicit=False)
        low = None if comparator.downward else quantity
        high = None if comparator.upward else quantity
        return Reading(original, ValueKind.QUANTITATIVE, comparator, low, high, unit)

    if match := _RANGE.fullmatch(text):
        if comparator is not None:
            raise UnreadableValue(f"“{original}”是区间，不能再带“{comparator.label}”")
        if match["more1"] or match["more2"]:
            raise UnreadableValue(f"“{original}”的区间端点不能是约数")
        unit_low, unit_high = match["unit1"] or "", match["unit2"] or ""
        if unit_low and unit_high and unit_low != unit_high:
            raise UnreadableValue(f"“{original}”区间两端单位不一致（“{unit_low}”与“{unit_high}”）")
        low = _quantity(original, match["num1"], match["mult1"])
        high = _quantity(original, match["num2"], match["mult2"])
        shared = Quantity(low.number, high.multiplier)
        if not match["mult1"] and not unit_low and shared.value < high.value:
            # `5-6万份` is 5万 to 6万: the lower end shares the upper end's multiplier (`5000-6万` cannot).
            low = shared
        if low.value >= high.value:
            raise UnreadableValue(f"“{original}”区间下限不小于上限")
        return Reading(original, ValueKind.QUANTITATIVE, Comparator.BETWEEN, low, high, unit_high or unit_low)

    if re.search(r"\d\.\d+\.\d", text):
        raise UnreadableValue(f"“{original}”含有多个小数点，无法确定数值")
    raise UnreadableValue(f"无法识别“{original}”：应为数值（可带比较符、万/亿和单位）、区间、时限或定性描述")


def _combine(original: str, first: Comparator | None, second: Comparator | None) -> Comparator | None:
    """`超过90%以上` says the same thing twice; `≥90%以内` contradicts itself."""
    if first is None or second is None:
        return first or second
    if first is second or (first.upward and second.upward) or (first.downward and second.downward):
        return first
    raise UnreadableValue(f"“{original}”同时写了“{first.label}”和“{second.label}”，含义矛盾")


def _quantity(original: str, number: str, multiplier: str | None) -> Quantity:
    return Quantity(Decimal(number.replace(",", "")), multiplier or "")
