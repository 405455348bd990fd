"""The formula language of derived quantities (计量项公式).

A framework file defines a derived quantity by a short formula over a case's figures, for example
``(public_expenses.three_public.initial - public_expenses.three_public.prior_budget) ÷ ifempty(
public_expenses.three_public.prior_budget, 0)``. This module reads such text with its own tokenizer and
recursive-descent parser (never ``eval``), checks it against the names a catalogue offers (kinds, empty
figures, unguarded divisors) and compiles it into nested closures that a batch calls once per case.

Values: numbers are ``Decimal`` or ``int``, flags ``bool``, text ``str``, dates ``datetime.date``; an empty
figure is ``None`` and stays ``None`` through every operator except ``ifempty``. Division by zero gives
``None`` too: the quantity is undefined and the rule that uses it decides what then.

Inside ``sum(...)`` and ``count(...)`` the aggregated table is named by the expression: for ``count`` its
first argument, for ``sum`` the first dotted name of the summed expression (or else of its condition), less
its last part. There, ``table.column`` and bare names are that table's columns for the current row; any other
dotted name is read from the case as usual.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any, Literal

__all__ = ["MAX_DEPTH", "MAX_LENGTH", "Formula", "FormulaError", "NameInfo", "parse"]

MAX_LENGTH = 2000
MAX_DEPTH = 50
#: the most decimals ``round`` may ask for: more would outgrow the working precision
MAX_ROUND_DIGITS = 10

# Every operation names this context, so the caller's thread context is never read or changed.
_CONTEXT = Context(prec=40, rounding=ROUND_HALF_UP)

Kind = Literal["number", "flag", "text", "date", "table"]
ResultKind = Literal["number", "flag", "text", "date"]
Reader = Callable[[str], Callable[[Any], Any]]
ColumnReader = Callable[[str, str], Callable[[Any], Any]]
# A compiled node reads (case, current row); the row is None outside sum and count.
_Fn = Callable[[Any, Any], Any]

_KIND_WORDS: dict[str, str] = {"number": "数", "flag": "是否项", "text": "文本", "date": "日期", "table": "表"}


class FormulaError(ValueError):
    """A formula that cannot be read or does not fit the names it uses; ``offset`` is 0-based in its text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.offset))


@dataclass(frozen=True, slots=True)
class NameInfo:
    """What a name stands for: its kind, whether it may be left empty, a table's columns, its Chinese label."""

    kind: Kind
    optional: bool = False
    columns: Mapping[str, NameInfo] = field(default_factory=dict)
    label: str = ""


# ---------------------------------------------------------------------------------------------------------
# Tokens

_OPERATORS: dict[str, str] = {
    "+": "+", "＋": "+",
    "-": "-", "−": "-", "－": "-",
    "*": "*", "×": "*",
    "/": "/", "÷": "/",
    "<": "<", "＜": "<", ">": ">", "＞": ">",
    "=": "==", "＝": "==",
    "≤": "<=", "≥": ">=", "≠": "!=",
}
_TWO_CHAR = {"<=": "<=", ">=": ">=", "==": "==", "!=": "!="}
_PUNCTUATION: dict[str, str] = {
    "(": "(", "（": "(", ")": ")", "）": ")", "[": "[", "]": "]", ",": ",", "，": ",", ".": ".",
}
_QUOTES = {'"': '"', "“": "”"}
_KEYWORDS = frozenset({"and", "or", "not", "where", "true", "false"})


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _is_name_start(c: str) -> bool:
    return "a" <= c <= "z" or c == "_"


def _is_name_char(c: str) -> bool:
    return "a" <= c <= "z" or c == "_" or "0" <= c <= "9"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # num, str, name, kw, op, one of _PUNCTUATION's values, or end
    value: Any
    start: int
    end: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif _is_digit(c):
            j = i
            while j < n and _is_digit(text[j]):
                j += 1
            if j + 1 < n and text[j] == "." and _is_digit(text[j + 1]):
                j += 1
                while j < n and _is_digit(text[j]):
                    j += 1
            value = Decimal(text[i:j])
            if j < n and text[j] in "%％":
                value = value.scaleb(-2)
                j += 1
            tokens.append(_Token("num", value, i, j))
            i = j
        elif _is_name_start(c):
            j = i
            while True:
                while j < n and _is_name_char(text[j]):
                    j += 1
                if j + 1 < n and text[j] == "." and _is_name_start(text[j + 1]):
                    j += 1
                    continue
                break
            word = text[i:j]
            tokens.append(_Token("kw" if word in _KEYWORDS else "name", word, i, j))
            i = j
        elif c in _QUOTES:
            close = text.find(_QUOTES[c], i + 1)
            if close < 0:
                raise FormulaError(f"缺少右引号：文本从此处的引号开始，却没有结束的{_QUOTES[c]}", i)
            tokens.append(_Token("str", text[i + 1:close], i, close + 1))
            i = close + 1
        elif text[i:i + 2] in _TWO_CHAR:
            tokens.append(_Token("op", _TWO_CHAR[text[i:i + 2]], i, i + 2))
            i += 2
        elif c in _OPERATORS:
            tokens.append(_Token("op", _OPERATORS[c], i, i + 1))
            i += 1
        elif c in _PUNCTUATION:
            tokens.append(_Token(_PUNCTUATION[c], c, i, i + 1))
            i += 1
        else:
            raise FormulaError(f"无法识别的符号“{c}”", i)
    tokens.append(_Token("end", None, n, n))
    return tokens


# ---------------------------------------------------------------------------------------------------------
# Syntax tree: every node knows where it stands in the text.

@dataclass(frozen=True, slots=True)
class _Literal:
    value: Any  # Decimal, str or bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Name:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Index:
    """``table[row].column``, the row counted from 1."""

    table: str
    row: int
    column: str
    column_start: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Group:
    inner: _Node
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Unary:
    op: str  # "-" or "not"
    operand: _Node
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Chain:
    """``a op b op c`` of one precedence level, kept flat so that long sums need no deep recursion."""

    first: _Node
    rest: tuple[tuple[str, int, _Node], ...]  # (operator, its offset, operand)
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Compare:
    op: str
    op_start: int
    left: _Node
    right: _Node
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Call:
    function: str
    args: tuple[_Node, ...]
    where: _Node | None
    where_start: int
    start: int
    end: int


_Node = _Literal | _Name | _Index | _Group | _Unary | _Chain | _Compare | _Call


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.pos = 0
        self.depth = -1  # the formula itself is not nesting

    @property
    def token(self) -> _Token:
        return self.tokens[self.pos]

    def advance(self) -> _Token:
        token = self.tokens[self.pos]
        if token.kind != "end":
            self.pos += 1
        return token

    def at(self, kind: str, value: Any = None) -> bool:
        token = self.token
        return token.kind == kind and (value is None or token.value == value)

    def shown(self, token: _Token) -> str:
        return self.text[token.start:token.end]

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(f"公式嵌套过深（超过 {MAX_DEPTH} 层）", self.token.start)

    def formula(self) -> _Node:
        if self.at("end"):
            raise FormulaError("公式为空", 0)
        node = self.expression()
        if not self.at("end"):
            rest = self.text[self.token.start:].strip()
            shown = rest if len(rest) <= 20 else rest[:20] + "…"
            if self.at(")"):
                raise FormulaError(f"多余的右括号“{shown}”", self.token.start)
            raise FormulaError(f"多余的内容“{shown}”", self.token.start)
        return node

    def expression(self) -> _Node:
        self.enter()
        node = self.logic("or", self.conjunction)
        self.depth -= 1
        return node

    def conjunction(self) -> _Node:
        return self.logic("and", self.negation)

    def logic(self, word: str, operand: Callable[[], _Node]) -> _Node:
        first = operand()
        rest: list[tuple[str, int, _Node]] = []
        while self.at("kw", word):
            start = self.advance().start
            rest.append((word, start, operand()))
        if not rest:
            return first
        return _Chain(first, tuple(rest), first.start, rest[-1][2].end)

    def negation(self) -> _Node:
        if self.at("kw", "not"):
            start = self.advance().start
            self.enter()
            operand = self.negation()
            self.depth -= 1
            return _Unary("not", operand, start, operand.end)
        return self.comparison()

    def comparison(self) -> _Node:
        left = self.additive()
        if self.at("op") and self.token.value in ("<", "<=", ">", ">=", "==", "!="):
            op_token = self.advance()
            right = self.additive()
            if self.at("op") and self.token.value in ("<", "<=", ">", ">=", "==", "!="):
                raise FormulaError("比较不能连写，请用 and 连接两个比较", self.token.start)
            return _Compare(op_token.value, op_token.start, left, right, left.start, right.end)
        return left

    def chain(self, ops: tuple[str, ...], operand: Callable[[], _Node]) -> _Node:
        first = operand()
        rest: list[tuple[str, int, _Node]] = []
        while self.at("op") and self.token.value in ops:
            op_token = self.advance()
            rest.append((op_token.value, op_token.start, operand()))
        if not rest:
            return first
        return _Chain(first, tuple(rest), first.start, rest[-1][2].end)

    def additive(self) -> _Node:
        return self.chain(("+", "-"), self.multiplicative)

    def multiplicative(self) -> _Node:
        return self.chain(("*", "/"), self.unary)

    def unary(self) -> _Node:
        if self.at("op", "-"):
            start = self.advance().start
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return _Unary("-", operand, start, operand.end)
        return self.primary()

    def expect_operand_error(self) -> FormulaError:
        token = self.token
        if token.kind == "end":
            return FormulaError("公式不完整：末尾缺少运算对象", token.start)
        return FormulaError(f"此处应为数、名称或左括号，却是“{self.shown(token)}”", token.start)

    def close(self) -> _Token:
        if not self.at(")"):
            if self.at("end"):
                raise FormulaError("缺少右括号", self.token.start)
            raise FormulaError(f"缺少右括号：此处是“{self.shown(self.token)}”", self.token.start)
        return self.advance()

    def primary(self) -> _Node:
        token = self.token
        if token.kind == "num":
            self.advance()
            return _Literal(token.value, token.start, token.end)
        if token.kind == "str":
            self.advance()
            return _Literal(token.value, token.start, token.end)
        if token.kind == "kw" and token.value in ("true", "false"):
            self.advance()
            return _Literal(token.value == "true", token.start, token.end)
        if token.kind == "(":
            self.advance()
            inner = self.expression()
            end = self.close().end
            return _Group(inner, token.start, end)
        if token.kind == "name":
            self.advance()
            if self.at("("):
                return self.call(token)
            if self.at("["):
                return self.index(token)
            return _Name(token.value, token.start, token.end)
        raise self.expect_operand_error()

    def index(self, table: _Token) -> _Node:
        self.advance()
        row = self.token
        if row.kind != "num" or row.value != row.value.to_integral_value() or row.value < 1 \
                or "%" in self.shown(row) or "％" in self.shown(row) or "." in self.shown(row):
            raise FormulaError(f"行号须为正整数，却是“{self.shown(row) or '（空）'}”", row.start)
        self.advance()
        if not self.at("]"):
            raise FormulaError("缺少右方括号“]”", self.token.start)
        self.advance()
        if not self.at("."):
            raise FormulaError(f"缺少列名：请写成 {table.value}[{self.shown(row)}].列名", self.token.start)
        self.advance()
        column = self.token
        if column.kind != "name" or "." in column.value:
            raise FormulaError("“.”之后应为一个列名", column.start)
        self.advance()
        return _Index(table.value, int(row.value), column.value, column.start, table.start, column.end)

    def call(self, name: _Token) -> _Node:
        self.advance()
        args: list[_Node] = []
        where: _Node | None = None
        where_start = -1
        if not self.at(")"):
            args.append(self.expression())
            while True:
                if self.at(","):
                    if where is not None:
                        raise FormulaError("where 条件之后不能再有参数", self.token.start)
                    self.advance()
                    args.append(self.expression())
                elif self.at("kw", "where"):
                    if where is not None or len(args) != 1:
                        raise FormulaError("where 只能跟在 sum 或 count 的唯一参数之后", self.token.start)
                    where_start = self.advance().start
                    where = self.expression()
                else:
                    break
        end = self.close().end
        return _Call(name.value, tuple(args), where, where_start, name.start, end)


# ---------------------------------------------------------------------------------------------------------
# Checking against the names of a catalogue


@dataclass(frozen=True, slots=True)
class _Type:
    kind: Kind
    optional: bool


_ARITY: dict[str, tuple[int, int | None]] = {
    "min": (2, None), "max": (2, None), "abs": (1, 1), "round": (2, 2), "if": (3, 3), "ifempty": (2, 2),
    "sum": (1, 1), "count": (1, 1), "last": (1, 1),
}


def _table_of_sum(call: _Call) -> str | None:
    """The table a ``sum`` aggregates: the first dotted name of its expression (else its condition), less the
    last part. Syntactic on purpose, so that compiling needs no catalogue."""
    for part in (call.args[0] if call.args else None, call.where):
        if part is None:
            continue
        for node in _walk(part):
            if isinstance(node, _Name) and "." in node.name:
                return node.name.rsplit(".", 1)[0]
    return None


def _walk(node: _Node) -> list[_Node]:
    """The nodes below ``node`` in text order, not entering nested sums or counts."""
    found: list[_Node] = []
    stack: list[_Node] = [node]
    while stack:
        current = stack.pop()
        found.append(current)
        children: list[_Node] = []
        if isinstance(current, _Group):
            children = [current.inner]
        elif isinstance(current, _Unary):
            children = [current.operand]
        elif isinstance(current, _Chain):
            children = [current.first, *(operand for _, _, operand in current.rest)]
        elif isinstance(current, _Compare):
            children = [current.left, current.right]
        elif isinstance(current, _Call) and current.function not in ("sum", "count"):
            children = list(current.args)
        stack.extend(reversed(children))
    return found


def _suggest(name: str, candidates: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return f"，是否应为“{close[0]}”？" if close else ""


@dataclass(frozen=True, slots=True)
class _Scope:
    """The table a sum or count is aggregating (None outside them)."""

    table: str
    columns: Mapping[str, NameInfo]


class _Checker:
    def __init__(self, text: str, names: Mapping[str, NameInfo]) -> None:
        self.text = text
        self.names = names

    def shown(self, node: _Node) -> str:
        return self.text[node.start:node.end]

    def unknown(self, name: str, offset: int) -> FormulaError:
        candidates = list(self.names)
        for table, info in self.names.items():
            if info.kind == "table":
                candidates.extend(f"{table}.{column}" for column in info.columns)
        return FormulaError(f"未知的计量项“{name}”{_suggest(name, candidates) or '。'}", offset)

    def table_column_outside(self, name: str, offset: int) -> FormulaError | None:
        table, _, column = name.rpartition(".")
        info = self.names.get(table)
        if table and info is not None and info.kind == "table":
            self.column(table, info, column, offset + len(table) + 1)
            return FormulaError(
                f"“{name}”是表“{table}”的列，只能在 sum、count 或 last 中使用，或写成 {table}[行号].{column}", offset)
        return None

    def column(self, table: str, info: NameInfo, column: str, offset: int) -> NameInfo:
        found = info.columns.get(column)
        if found is None:
            raise FormulaError(f"表“{table}”没有列“{column}”{_suggest(column, list(info.columns)) or '。'}", offset)
        return found

    def table(self, name: str, offset: int) -> NameInfo:
        info = self.names.get(name)
        if info is None:
            raise self.unknown(name, offset)
        if info.kind != "table":
            raise FormulaError(f"“{name}”不是表（它是{_KIND_WORDS[info.kind]}），不能按行或列读取", offset)
        return info

    def want(self, node: _Node, scope: _Scope | None, kind: Kind, purpose: str) -> _Type:
        found = self.visit(node, scope)
        if found.kind != kind:
            raise self.wrong_kind(node, found.kind, kind, purpose)
        return found

    def wrong_kind(self, node: _Node, found: Kind, wanted: Kind, purpose: str) -> FormulaError:
        shown = self.shown(node)
        if wanted == "number" and found == "table":
            return FormulaError(f"表“{shown}”不能当作数使用（可用 count、sum 或 last）", node.start)
        if wanted == "number":
            return FormulaError(f"{_KIND_WORDS[found]}“{shown}”不能{purpose}", node.start)
        return FormulaError(f"“{shown}”是{_KIND_WORDS[found]}，而{purpose}须为{_KIND_WORDS[wanted]}", node.start)

    def visit(self, node: _Node, scope: _Scope | None) -> _Type:
        if isinstance(node, _Literal):
            value = node.value
            return _Type("flag" if isinstance(value, bool) else "text" if isinstance(value, str) else "number", False)
        if isinstance(node, _Name):
            return self.name(node, scope)
        if isinstance(node, _Index):
            info = self.table(node.table, node.start)
            column = self.column(node.table, info, node.column, node.column_start)
            return _Type(column.kind, info.optional or column.optional)
        if isinstance(node, _Group):
            return self.visit(node.inner, scope)
        if isinstance(node, _Unary):
            if node.op == "-":
                return self.want(node.operand, scope, "number", "取负")
            return _Type("flag", self.want(node.operand, scope, "flag", "not 的对象").optional)
        if isinstance(node, _Chain):
            return self.chain(node, scope)
        if isinstance(node, _Compare):
            return self.compare(node, scope)
        return self.call(node, scope)

    def name(self, node: _Name, scope: _Scope | None) -> _Type:
        name = node.name
        if scope is not None:
            prefix, _, column = name.rpartition(".")
            if not prefix or prefix == scope.table:
                found = self.column(scope.table, NameInfo("table", columns=scope.columns), column,
                                    node.start + len(prefix) + (1 if prefix else 0))
                return _Type(found.kind, found.optional)
        info = self.names.get(name)
        if info is None:
            if scope is not None:
                table = name.rpartition(".")[0]
                other = self.names.get(table)
                if other is not None and other.kind == "table":
                    raise FormulaError(
                        f"一次汇总只能读一张表：此处汇总表“{scope.table}”，而“{name}”是表“{table}”的列", node.start)
            raise self.table_column_outside(name, node.start) or self.unknown(name, node.start)
        return _Type(info.kind, info.optional)

    def chain(self, node: _Chain, scope: _Scope | None) -> _Type:
        if node.rest[0][0] in ("and", "or"):
            word = node.rest[0][0]
            optional = self.want(node.first, scope, "flag", f"{word} 的两边").optional
            for _, _, operand in node.rest:
                optional = self.want(operand, scope, "flag", f"{word} 的两边").optional or optional
            return _Type("flag", optional)
        optional = self.want(node.first, scope, "number", "参与算术运算").optional
        for op, _, operand in node.rest:
            found = self.want(operand, scope, "number", "参与算术运算")
            if op == "/" and found.optional:
                shown = self.shown(operand)
                raise FormulaError(
                    f"除数“{shown}”可能为空：请写成 ifempty({shown}, 值)，说明它为空时按什么计算", operand.start)
            optional = optional or found.optional
        return _Type("number", optional)

    def compare(self, node: _Compare, scope: _Scope | None) -> _Type:
        left = self.visit(node.left, scope)
        right = self.visit(node.right, scope)
        for side, found in ((node.left, left), (node.right, right)):
            if found.kind == "table":
                raise FormulaError(f"表“{self.shown(side)}”不能比较（可用 count、sum 或 last）", side.start)
        if left.kind != right.kind:
            raise FormulaError(
                f"无法比较“{self.shown(node.left)}”（{_KIND_WORDS[left.kind]}）与“{self.shown(node.right)}”"
                f"（{_KIND_WORDS[right.kind]}）", node.op_start)
        if node.op not in ("==", "!=") and left.kind not in ("number", "date"):
            raise FormulaError(f"{_KIND_WORDS[left.kind]}只能比较相等或不等，不能比较大小", node.op_start)
        return _Type("flag", left.optional or right.optional)

    def call(self, node: _Call, scope: _Scope | None) -> _Type:
        function = node.function
        arity = _ARITY.get(function)
        if arity is None:
            raise FormulaError(f"未知的函数“{function}”{_suggest(function, list(_ARITY)) or '。'}", node.start)
        if node.where is not None and function not in ("sum", "count"):
            raise FormulaError("where 只能用于 sum 或 count", node.where_start)
        low, high = arity
        count = len(node.args)
        if count < low or (high is not None and count > high):
            wanted = f"需要 {low} 个" if low == high else f"至少需要 {low} 个"
            raise FormulaError(f"函数 {function} {wanted}参数，却给了 {count} 个", node.start)
        if function in ("sum", "count", "last"):
            return self.aggregate(node, scope)
        args = node.args
        if function in ("min", "max", "abs"):
            optional = False
            for arg in args:
                optional = self.want(arg, scope, "number", f"作 {function} 的参数").optional or optional
            return _Type("number", optional)
        if function == "round":
            optional = self.want(args[0], scope, "number", "四舍五入").optional
            digits = args[1]
            if not (isinstance(digits, _Literal) and isinstance(digits.value, Decimal)
                    and digits.value == digits.value.to_integral_value() and "%" not in self.shown(digits)
                    and 0 <= digits.value <= MAX_ROUND_DIGITS):
                raise FormulaError(f"round 的小数位数须为 0 到 {MAX_ROUND_DIGITS} 之间的整数", digits.start)
            return _Type("number", optional)
        if function == "if":
            condition = self.want(args[0], scope, "flag", "if 的条件")
            then, otherwise = self.visit(args[1], scope), self.visit(args[2], scope)
            self.same_kind(args[1], then, args[2], otherwise, "if 的两个结果")
            return _Type(then.kind, condition.optional or then.optional or otherwise.optional)
        # ifempty
        value, default = self.visit(args[0], scope), self.visit(args[1], scope)
        self.same_kind(args[0], value, args[1], default, "ifempty 的两个参数")
        return _Type(value.kind, default.optional)

    def same_kind(self, a: _Node, a_type: _Type, b: _Node, b_type: _Type, what: str) -> None:
        for node, found in ((a, a_type), (b, b_type)):
            if found.kind == "table":
                raise FormulaError(f"表“{self.shown(node)}”不能当作值使用（可用 count、sum 或 last）", node.start)
        if a_type.kind != b_type.kind:
            raise FormulaError(
                f"{what}须为同一类：“{self.shown(a)}”是{_KIND_WORDS[a_type.kind]}，"
                f"“{self.shown(b)}”是{_KIND_WORDS[b_type.kind]}", b.start)

    def aggregate(self, node: _Call, scope: _Scope | None) -> _Type:
        function = node.function
        if scope is not None and function != "last":
            raise FormulaError(f"{function} 不能写在另一个 sum 或 count 之内", node.start)
        arg = node.args[0]
        if function == "last":
            if not (isinstance(arg, _Name) and "." in arg.name):
                raise FormulaError("last 的参数须写成“表.列”", arg.start)
            table, _, column = arg.name.rpartition(".")
            info = self.table(table, arg.start)
            found = self.column(table, info, column, arg.start + len(table) + 1)
            return _Type(found.kind, info.optional or found.optional)
        if function == "count":
            if not isinstance(arg, _Name):
                raise FormulaError("count 的参数须为一张表的名称", arg.start)
            table = arg.name
            info = self.table(table, arg.start)
        else:
            found_table = _table_of_sum(node)
            if found_table is None:
                for part in (arg, node.where):
                    for inner_node in _walk(part) if part is not None else ():
                        if isinstance(inner_node, _Call) and inner_node.function in ("sum", "count"):
                            raise FormulaError(f"{inner_node.function} 不能写在另一个 sum 或 count 之内", inner_node.start)
                raise FormulaError("sum 须以“表.列”指明汇总哪张表的哪一列", arg.start)
            table = found_table
            first = next(n for part in (arg, node.where) if part is not None for n in _walk(part)
                         if isinstance(n, _Name) and "." in n.name)
            known = self.names.get(table)
            if known is None or known.kind != "table":
                if first.name in self.names:
                    raise FormulaError(f"sum 汇总的应是一张表的列，而“{first.name}”不是表的列", first.start)
                raise self.unknown(first.name, first.start)
            info = known
        inner = _Scope(table, info.columns)
        optional = info.optional
        if function == "sum":
            optional = self.want(arg, inner, "number", "求和").optional or optional
        if node.where is not None:
            optional = self.want(node.where, inner, "flag", "where 的条件").optional or optional
        return _Type("number", optional)


# ---------------------------------------------------------------------------------------------------------
# Compiling into closures


def _add(a: Any, b: Any) -> Any:
    return a + b if type(a) is int and type(b) is int else _CONTEXT.add(a, b)


def _subtract(a: Any, b: Any) -> Any:
    return a - b if type(a) is int and type(b) is int else _CONTEXT.subtract(a, b)


def _multiply(a: Any, b: Any) -> Any:
    return a * b if type(a) is int and type(b) is int else _CONTEXT.multiply(a, b)


def _divide(a: Any, b: Any) -> Any:
    return None if b == 0 else _CONTEXT.divide(a, b)


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {"+": _add, "-": _subtract, "*": _multiply, "/": _divide}
_COMPARISON: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}


def _round(value: Any, digits: int) -> Any:
    try:
        return _CONTEXT.quantize(Decimal(value), Decimal(1).scaleb(-digits))
    except InvalidOperation:  # more digits than the working precision holds: already as exact as it gets
        return _CONTEXT.plus(Decimal(value))


class _Compiler:
    def __init__(self, read: Reader, column: ColumnReader) -> None:
        self.read = read
        self.column = column

    def build(self, node: _Node, table: str | None) -> _Fn:
        if isinstance(node, _Literal):
            value = node.value
            return lambda case, row: value
        if isinstance(node, _Name):
            return self.name(node.name, table)
        if isinstance(node, _Index):
            return self.index(node)
        if isinstance(node, _Group):
            return self.build(node.inner, table)
        if isinstance(node, _Unary):
            return self.unary(node, table)
        if isinstance(node, _Chain):
            return self.chain(node, table)
        if isinstance(node, _Compare):
            return self.compare(node, table)
        return self.call(node, table)

    def name(self, name: str, table: str | None) -> _Fn:
        if table is not None:
            prefix, _, column = name.rpartition(".")
            if not prefix or prefix == table:
                get_column = self.column(table, column)
                return lambda case, row: get_column(row)
        get = self.read(name)
        return lambda case, row: get(case)

    def index(self, node: _Index) -> _Fn:
        rows_of = self.read(node.table)
        get_column = self.column(node.table, node.column)
        position, needed = node.row - 1, node.row

        def indexed(case: Any, row: Any) -> Any:
            rows = rows_of(case)
            if rows is None or len(rows) < needed:
                return None
            return get_column(rows[position])

        return indexed

    def unary(self, node: _Unary, table: str | None) -> _Fn:
        operand = self.build(node.operand, table)
        if node.op == "-":
            def negative(case: Any, row: Any) -> Any:
                value = operand(case, row)
                return None if value is None else -value if type(value) is int else _CONTEXT.minus(value)

            return negative

        def negation(case: Any, row: Any) -> Any:
            value = operand(case, row)
            return None if value is None else not value

        return negation

    def chain(self, node: _Chain, table: str | None) -> _Fn:
        first = self.build(node.first, table)
        if node.rest[0][0] in ("and", "or"):
            operands = (first, *(self.build(operand, table) for _, _, operand in node.rest))
            want_all = node.rest[0][0] == "and"

            def logic(case: Any, row: Any) -> Any:
                # Every side is read: an empty one makes the whole empty, whatever the others say.
                result = want_all
                for operand in operands:
                    value = operand(case, row)
                    if value is None:
                        return None
                    result = (result and bool(value)) if want_all else (result or bool(value))
                return result

            return logic
        steps = tuple((_ARITHMETIC[op], self.build(operand, table)) for op, _, operand in node.rest)
        if len(steps) == 1:
            ((apply, second),) = steps

            def binary(case: Any, row: Any) -> Any:
                a = first(case, row)
                if a is None:
                    return None
                b = second(case, row)
                if b is None:
                    return None
                return apply(a, b)

            return binary

        def arithmetic(case: Any, row: Any) -> Any:
            value = first(case, row)
            for apply, operand in steps:
                if value is None:
                    return None
                other = operand(case, row)
                if other is None:
                    return None
                value = apply(value, other)
            return value

        return arithmetic

    def compare(self, node: _Compare, table: str | None) -> _Fn:
        left, right, test = self.build(node.left, table), self.build(node.right, table), _COMPARISON[node.op]

        def comparison(case: Any, row: Any) -> Any:
            a = left(case, row)
            if a is None:
                return None
            b = right(case, row)
            if b is None:
                return None
            return test(a, b)

        return comparison

    def call(self, node: _Call, table: str | None) -> _Fn:
        function = node.function
        if function == "sum":
            return self.total(node)
        if function == "count":
            return self.count(node)
        if function == "last":
            return self.last(node)
        args = tuple(self.build(arg, table) for arg in node.args)
        if function in ("min", "max"):
            pick = min if function == "min" else max

            def extreme(case: Any, row: Any) -> Any:
                values = []
                for arg in args:
                    value = arg(case, row)
                    if value is None:
                        return None
                    values.append(value)
                return pick(values)

            return extreme
        if function == "abs":
            (inner,) = args
            return lambda case, row: None if (value := inner(case, row)) is None else abs(value)
        if function == "round":
            inner = args[0]
            digits_node = node.args[1]
            assert isinstance(digits_node, _Literal)
            digits = int(digits_node.value)
            return lambda case, row: None if (value := inner(case, row)) is None else _round(value, digits)
        if function == "if":
            condition, then, otherwise = args

            def choose(case: Any, row: Any) -> Any:
                test = condition(case, row)
                if test is None:
                    return None
                return then(case, row) if test else otherwise(case, row)

            return choose
        if function == "ifempty":
            value_of, default = args

            def or_default(case: Any, row: Any) -> Any:
                value = value_of(case, row)
                return default(case, row) if value is None else value

            return or_default
        raise FormulaError(f"未知的函数“{function}”", node.start)

    def total(self, node: _Call) -> _Fn:
        table = _table_of_sum(node)
        if table is None:
            raise FormulaError("sum 须以“表.列”指明汇总哪张表的哪一列", node.args[0].start if node.args else node.start)
        rows_of = self.read(table)
        term = self.build(node.args[0], table)
        condition = None if node.where is None else self.build(node.where, table)

        def summed(case: Any, row: Any) -> Any:
            rows = rows_of(case)
            if rows is None:
                return None
            result: Any = 0
            for each in rows:
                if condition is not None:
                    test = condition(case, each)
                    if test is None:
                        return None
                    if not test:
                        continue
                value = term(case, each)
                if value is None:
                    return None
                result = _add(result, value)
            return result

        return summed

    def count(self, node: _Call) -> _Fn:
        arg = node.args[0]
        if not isinstance(arg, _Name):
            raise FormulaError("count 的参数须为一张表的名称", arg.start)
        rows_of = self.read(arg.name)
        if node.where is None:
            return lambda case, row: None if (rows := rows_of(case)) is None else len(rows)
        condition = self.build(node.where, arg.name)

        def counted(case: Any, row: Any) -> Any:
            rows = rows_of(case)
            if rows is None:
                return None
            result = 0
            for each in rows:
                test = condition(case, each)
                if test is None:
                    return None
                if test:
                    result += 1
            return result

        return counted

    def last(self, node: _Call) -> _Fn:
        arg = node.args[0]
        if not (isinstance(arg, _Name) and "." in arg.name):
            raise FormulaError("last 的参数须写成“表.列”", arg.start)
        table, _, column = arg.name.rpartition(".")
        rows_of, get_column = self.read(table), self.column(table, column)

        def last_row(case: Any, row: Any) -> Any:
            rows = rows_of(case)
            return get_column(rows[-1]) if rows else None

        return last_row


# ---------------------------------------------------------------------------------------------------------
# Rendering for listings

_RENDERED_OPERATORS = {
    "+": "+", "-": "−", "*": "×", "/": "÷", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠",
    "and": "且", "or": "或",
}
_RENDERED_FUNCTIONS = {
    "min": "最小值", "max": "最大值", "abs": "绝对值", "round": "四舍五入", "if": "如果", "sum": "合计",
    "count": "计数", "last": "末行",
}


class _Renderer:
    def __init__(self, text: str, labels: Mapping[str, str], empty: frozenset[str] | None = None) -> None:
        self.text = text
        self.labels = labels
        self.empty = empty  # with values shown: the plain names that are empty in the case

    def label(self, name: str) -> str:
        return self.labels.get(name, name)

    def render(self, node: _Node, table: str | None) -> str:
        if isinstance(node, _Literal):
            if isinstance(node.value, bool):
                return "是" if node.value else "否"
            if isinstance(node.value, str):
                return f"“{node.value}”"
            return self.text[node.start:node.end]
        if isinstance(node, _Name):
            if table is not None and "." not in node.name:
                return self.labels.get(f"{table}.{node.name}", node.name)
            return self.label(node.name)
        if isinstance(node, _Index):
            column = self.labels.get(f"{node.table}.{node.column}", node.column)
            return f"{self.label(node.table)}第 {node.row} 行{column}"
        if isinstance(node, _Group):
            return f"（{self.render(node.inner, table)}）"
        if isinstance(node, _Unary):
            shown = self.render(node.operand, table)
            return f"−{shown}" if node.op == "-" else f"非 {shown}"
        if isinstance(node, _Chain):
            parts = [self.render(node.first, table)]
            for op, _, operand in node.rest:
                parts.extend((_RENDERED_OPERATORS[op], self.render(operand, table)))
            return " ".join(parts)
        if isinstance(node, _Compare):
            return f"{self.render(node.left, table)} {_RENDERED_OPERATORS[node.op]} {self.render(node.right, table)}"
        return self.call(node, table)

    def call(self, node: _Call, table: str | None) -> str:
        inner = table
        if node.function == "sum":
            inner = _table_of_sum(node)
        elif node.function == "count" and node.args and isinstance(node.args[0], _Name):
            inner = node.args[0].name
        # count's argument names its table from outside it; only the condition reads the table's columns
        args = [self.render(arg, table if node.function == "count" else inner) for arg in node.args]
        if node.function == "ifempty" and len(args) == 2:
            first = node.args[0]
            if self.empty is not None and isinstance(first, _Name):
                # with the case's values: only the value the formula took
                return args[1] if first.name in self.empty else args[0]
            return f"{args[0]}（为空时取 {args[1]}）"
        shown = "，".join(args)
        if node.where is not None:
            shown += f"，其中 {self.render(node.where, inner)}"
        return f"{_RENDERED_FUNCTIONS.get(node.function, node.function)}（{shown}）"


def _tidy(rendered: str) -> str:
    # Full-width brackets carry their own space; a space beside them only looks doubled.
    out: list[str] = []
    for i, c in enumerate(rendered):
        if c == " " and ((out and out[-1] in "（）") or (i + 1 < len(rendered) and rendered[i + 1] in "（）")):
            continue
        out.append(c)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# The public face


def _syntactic_references(node: _Node, table: str | None, found: dict[str, None]) -> None:
    stack: list[tuple[_Node, str | None]] = [(node, table)]
    while stack:
        current, scope = stack.pop()
        children: list[tuple[_Node, str | None]] = []
        if isinstance(current, _Name):
            prefix = current.name.rpartition(".")[0]
            if scope is None or (prefix and prefix != scope):
                found.setdefault(current.name, None)
        elif isinstance(current, _Index):
            found.setdefault(current.table, None)
        elif isinstance(current, _Group):
            children = [(current.inner, scope)]
        elif isinstance(current, _Unary):
            children = [(current.operand, scope)]
        elif isinstance(current, _Chain):
            children = [(current.first, scope), *((operand, scope) for _, _, operand in current.rest)]
        elif isinstance(current, _Compare):
            children = [(current.left, scope), (current.right, scope)]
        elif isinstance(current, _Call):
            if current.function == "last" and current.args and isinstance(current.args[0], _Name):
                found.setdefault(current.args[0].name.rpartition(".")[0] or current.args[0].name, None)
            elif current.function == "count" and current.args and isinstance(current.args[0], _Name):
                found.setdefault(current.args[0].name, None)
                if current.where is not None:
                    children = [(current.where, current.args[0].name)]
            elif current.function == "sum":
                inner = _table_of_sum(current)
                if inner is not None:
                    found.setdefault(inner, None)
                children = [(arg, inner) for arg in (*current.args, current.where) if arg is not None]
            else:
                children = [(arg, scope) for arg in current.args]
                if current.where is not None:
                    children.append((current.where, scope))
        stack.extend(reversed(children))


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula: immutable; check it against a catalogue's names, then compile it once."""

    text: str
    _root: _Node = field(repr=False, compare=False)

    def references(self) -> tuple[str, ...]:
        """Every name the formula reads (a table by its own name, not its columns), in first-use order."""
        found: dict[str, None] = {}
        _syntactic_references(self._root, None, found)
        return tuple(found)

    def _check(self, names: Mapping[str, NameInfo]) -> _Type:
        checker = _Checker(self.text, names)
        try:
            found = checker.visit(self._root, None)
        except RecursionError:  # pragma: no cover - parse bounds the depth well below the interpreter's
            raise FormulaError(f"公式嵌套过深（超过 {MAX_DEPTH} 层）", 0) from None
        if found.kind == "table":
            raise FormulaError(f"公式的结果是一张表“{self.text.strip()}”，而不是一个值（可用 count、sum 或 last）", 0)
        return found

    def check(self, names: Mapping[str, NameInfo]) -> ResultKind:
        """Check the formula against the names it may read; the kind of its result, or a FormulaError."""
        kind = self._check(names).kind
        assert kind != "table"
        return kind

    def may_be_empty(self, names: Mapping[str, NameInfo]) -> bool:
        """Whether an optional figure can reach the result without an ``ifempty`` (division by zero aside)."""
        return self._check(names).optional

    def compile(self, read: Reader, column: ColumnReader) -> Callable[[Any], Any]:
        """A function case -> value; ``read(name)`` reads a name from a case (a table as its rows, or None) and
        ``column(table, col)`` a column from a row. Call once, then call the result for every case."""
        built = _Compiler(read, column).build(self._root, None)
        return lambda case: built(case, None)

    def evaluate(self, case: Any, read: Reader, column: ColumnReader) -> Any:
        """The formula's value for one case (compiles each time: for batches use :meth:`compile`)."""
        return self.compile(read, column)(case)

    def render(self, labels: Mapping[str, str], empty: Iterable[str] | None = None) -> str:
        """The formula as a listing shows it: names as their Chinese labels, operators as × ÷ −.

        With ``empty`` (the names whose value is empty, when ``labels`` hold a case's values), ``ifempty(x, d)``
        shows only what it took: x's value when x is filled, else d."""
        shown = None if empty is None else frozenset(empty)
        return _tidy(_Renderer(self.text, labels, shown).render(self._root, None))


def parse(text: str) -> Formula:
    """Read a formula's text; a FormulaError says what is wrong and where (syntax only: see Formula.check)."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"公式过长（超过 {MAX_LENGTH} 个字符）", MAX_LENGTH)
    try:
        root = _Parser(text).formula()
    except RecursionError:  # pragma: no cover - the depth bound keeps well below the interpreter's limit
        raise FormulaError(f"公式嵌套过深（超过 {MAX_DEPTH} 层）", 0) from None
    return Formula(text, root)
