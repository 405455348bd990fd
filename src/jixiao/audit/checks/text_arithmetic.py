"""Arithmetic any report states, whatever its region (通用文本运算): no framework, no Shenzhen names.

Each check reads one line at a time and keeps what it compares inside one clause, so that two figures of
different subjects (收入 and 财政拨款收入) are never compared with each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ...decimals import HUNDRED, ZERO
from ..extraction import Extraction
from ..findings import Finding, Severity, Verified
from .comparison import Outcome, compare_percent, plain

# Bounded, so that a long run of digits is not tried again from each of its positions (time in its square).
_NUMBER = r"\d[\d,]{0,20}(?:\.\d{1,8})?"
# 收入 1,250.00 万元，同比增加 250.00 万元（增长 25.00%）: the subject, the figure X, the change Δ and the rate r,
# all in one clause (no 。；， between the subject and X), so the subject is the one X belongs to.
_YEAR_ON_YEAR = re.compile(
    rf"(?P<subject>[\u4e00-\u9fff]{{1,16}}?)(?:为|达|达到|共|合计|总额)?\s*(?P<x>{_NUMBER})\s*(?P<unit>万元|亿元|元|人|个|件|次)"
    rf"[，,]?\s*(?:较上年|比上年|较去年|比去年)?(?:同比)?(?P<direction>增加|增长|减少|下降)\s*(?P<delta>{_NUMBER})\s*(?P=unit)"
    rf"\s*[（(]\s*(?:同比)?(?:增长|增加|下降|减少)?\s*(?P<rate>{_NUMBER})\s*%\s*[）)]"
)
_COUNTED_LIST = re.compile(
    r"(?P<subject>[\u4e00-\u9fff]{0,10}?)\s*(?P<count>\d{1,4}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>个|家|所|项|名)(?P<what>[\u4e00-\u9fff]{0,8})"
    r"[，,：:]?\s*(?P<word>即|分别为|分别是|包括|包含)[：:]?\s*(?P<items>[^。；;]+)"
)
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# `=(63.46−32)÷32=98.31%`: a worked formula. Found from its `=` and result; the expression is the run of digits,
# + − × ÷ and brackets just before it, read backwards at most 200 characters (a regex over the run was quadratic).
_RESULT = re.compile(r"[=＝]\s*(?P<result>-?" + _NUMBER + r")\s*(?P<percent>%?)")
_EXPRESSION_CHARACTERS = frozenset("0123456789,. +-−×÷*/()（）")
_EXPRESSION_LIMIT = 200


def _expression_before(text: str, end: int) -> str:
    start = end
    while start > 0 and end - start < _EXPRESSION_LIMIT and text[start - 1] in _EXPRESSION_CHARACTERS:
        start -= 1
    return text[start:end].strip().lstrip("+-−×÷*/,. ")


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def check_year_on_year(extraction: Extraction) -> Iterable[Outcome]:
    """“收入 1,250 万元，同比增加 250 万元（增长 25%）”: r = Δ ÷ (X − Δ), last year being X − Δ (X + Δ after a fall).

    >>> # 收入 1,250 万元，同比增加 250 万元（增长 25.00%）: 250 ÷ 1,000 = 25.00%, confirmed.
    """
    for line in extraction.text.lines:
        # Cheap tests first: most lines state no change, no list and no formula.
        if "%" not in line.text or not ("增" in line.text or "减" in line.text or "降" in line.text):
            continue
        for match in _YEAR_ON_YEAR.finditer(line.text):
            x, delta = _decimal(match["x"]), _decimal(match["delta"])
            falling = match["direction"] in ("减少", "下降")
            last_year = x + delta if falling else x - delta
            if last_year <= ZERO:
                continue
            raw_rate = match["rate"]
            places = len(raw_rate.split(".")[1]) if "." in raw_rate else 0
            unit = match["unit"]
            working = f"{plain(delta)} ÷ ({plain(x)} {'+' if falling else '−'} {plain(delta)}) {unit}"
            yield compare_percent(
                "同比复核",
                f"{match['subject']}同比变动率",
                _decimal(raw_rate),
                places,
                f"{raw_rate}%",
                delta / last_year,
                working,
                "同比变动率 = 变动额 ÷ 上年数（上年数 = 本年数 ∓ 变动额）",
                line.number,
                line.page,
            )


def _count(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十") and len(text) == 2:
        return 10 + _CHINESE_DIGITS.get(text[1], 0)
    if len(text) == 1:
        return _CHINESE_DIGITS.get(text)
    if len(text) in (2, 3) and text[1] == "十":
        return _CHINESE_DIGITS.get(text[0], 0) * 10 + (_CHINESE_DIGITS.get(text[2], 0) if len(text) == 3 else 0)
    return None


def check_counted_lists(extraction: Extraction) -> Iterable[Outcome]:
    """“下属单位 3 个，即 A、B、C”: a list announced with its count names that many items.

    >>> # 下属单位 4 个，即甲中心、乙站、丙所 → 错误: three named, four announced.
    A list after 包括 may be partial, and one ending in 等 is: only 即/分别为 lists are held to their count.
    """
    for line in extraction.text.lines:
        if "即" not in line.text and "分别" not in line.text:
            continue
        for match in _COUNTED_LIST.finditer(line.text):
            announced = _count(match["count"])
            items_text = match["items"].strip()
            if announced is None or match["word"] in ("包括", "包含") or re.search(r"等\s*\S{0,6}$", items_text):
                continue
            # The list ends where the clause does; a comma inside it separates clauses, not items.
            items_text = re.split(r"[，,]", items_text)[0]
            items = [item for item in re.split(r"[、]", items_text) if item.strip()]
            if len(items) < 2:
                continue
            what = f"{match['subject'].removeprefix('其中')}{match['what']}" or match["unit"]
            text = f"{match['subject']} {match['count']} {match['unit']}{match['what']}，{match['word']}{items_text}".strip()
            if len(items) == announced:
                yield Verified("列举复核", line.number, f"{text}：列举 {len(items)} 项，与所称 {announced} 项相符")
            else:
                yield Finding(
                    Severity.ERROR,
                    "列举复核",
                    line.number,
                    text,
                    f"列举了 {len(items)} 项（{'、'.join(i.strip() for i in items)}），与所称 {announced} 项不符",
                    "所称数量应与列举的项数一致",
                    line.page,
                    what,
                )


def _evaluate(expression: str) -> Decimal | None:
    """Evaluate + − × ÷ and brackets over decimals; None when the text is not such an expression."""
    text = expression.replace("（", "(").replace("）", ")").replace("−", "-").replace("×", "*").replace("÷", "/")
    tokens = re.findall(r"\d[\d,]*(?:\.\d+)?|[-+*/()]", text.replace(" ", ""))
    if "".join(tokens) != text.replace(" ", "") or not any(t in "+-*/" for t in tokens):
        return None
    position = 0

    def atom() -> Decimal:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            value = sum_()
            if position >= len(tokens) or tokens[position] != ")":
                raise ValueError
            position += 1
            return value
        if token == "-":
            return -atom()
        return _decimal(token)

    def product() -> Decimal:
        nonlocal position
        value = atom()
        while position < len(tokens) and tokens[position] in "*/":
            operator = tokens[position]
            position += 1
            operand = atom()
            value = value * operand if operator == "*" else value / operand
        return value

    def sum_() -> Decimal:
        nonlocal position
        value = product()
        while position < len(tokens) and tokens[position] in "+-":
            operator = tokens[position]
            position += 1
            operand = product()
            value = value + operand if operator == "+" else value - operand
        return value

    try:
        value = sum_()
    except (ValueError, IndexError, ZeroDivisionError, InvalidOperation):
        return None
    return value if position == len(tokens) else None


def check_worked_formulas(extraction: Extraction) -> Iterable[Outcome]:
    """“=(63.46−32)÷32=98.31%”: a formula worked in the text gives the result it writes.

    >>> # (63.46−32)÷32 = 0.983125 → 98.31%, confirmed.
    """
    for line in extraction.text.lines:
        if "=" not in line.text and "＝" not in line.text:
            continue
        for match in _RESULT.finditer(line.text):
            expression = _expression_before(line.text, match.start())
            value = _evaluate(expression) if expression[:1].isdigit() or expression[:1] in "(（" else None
            if value is None:
                continue
            raw = match["result"]
            places = len(raw.split(".")[1]) if "." in raw else 0
            if match["percent"]:
                yield compare_percent(
                    "算式复核",
                    "文中算式",
                    _decimal(raw),
                    places,
                    f"{raw}%",
                    value,
                    expression,
                    "文中算式的结果应与其运算一致",
                    line.number,
                    line.page,
                )
                continue
            # A plain result: the same figure, or the figure in percent written without its sign.
            stated = _decimal(raw)
            quantum = Decimal(1).scaleb(-places)
            exact = value.quantize(quantum, ROUND_HALF_UP) if abs(value) < Decimal(10) ** 15 else value
            if stated == exact or stated == (value * HUNDRED).quantize(quantum, ROUND_HALF_UP):
                yield Verified("算式复核", line.number, f"文中算式：{expression} = {raw}，无误")
            else:
                yield Finding(
                    Severity.ERROR,
                    "算式复核",
                    line.number,
                    f"{expression}={raw}",
                    f"{plain(exact)}",
                    "文中算式的结果应与其运算一致",
                    line.page,
                    "文中算式",
                )
