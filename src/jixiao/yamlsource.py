"""YAML read exactly, with the line of every value (YAML 源文件).

Numbers stay exact: a YAML float such as ``4796.11`` becomes ``Decimal("4796.11")``, never a binary float.
Each value's line is kept in a :class:`SourceMap` so that a problem found later (by pydantic, or when a
case meets a framework) can name the user's own line. Duplicate keys are an error, not a silent overwrite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .inputs import CASE_LIMIT, read_input
from .problems import InputError, Problem

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it

PathKey = tuple[str | int, ...]

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(inf|Inf|INF|nan|NaN|NAN)")
_DECIMAL_INT = re.compile(r"[-+]?[0-9]+")
_INT_DIGITS = 40


@dataclass
class SourceMap:
    """Where each value of a loaded document stands in its file: a line (YAML) or a cell (workbook).

    ``cells`` maps a field path to ``"季度执行!C4"``; ``labels`` names a field in the user's own terms (a
    workbook's row and column headings) where the dotted path would mean nothing to them.
    """

    file: str
    lines: dict[PathKey, int] = field(default_factory=dict)
    cells: dict[PathKey, str] = field(default_factory=dict)
    labels: dict[PathKey, str] = field(default_factory=dict)

    def line_of(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            line = self.lines.get(probe)
            if line is not None:
                return line
            if not probe:
                return None
            probe = probe[:-1]

    def cell_of(self, path: PathKey) -> str | None:
        """The cell of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            cell = self.cells.get(probe)
            if cell is not None:
                return cell
            if not probe:
                return None
            probe = probe[:-1]

    def problem(self, path: PathKey, message: str) -> Problem:
        label = self.labels.get(tuple(path)) or dotted(path)
        return Problem(self.file, message, field=label, line=self.line_of(path), where=self.cell_of(path) or "")


def dotted(path: PathKey) -> str:
    """``("quarters", 1, "cumulative_spending")`` → ``quarters[1].cumulative_spending``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def load_yaml(path: Path, *, display_name: str | None = None, what: str = "案例文件",
              limit: int = CASE_LIMIT) -> tuple[Any, SourceMap]:
    """Read a YAML file into plain data with exact numbers, and its source map; ``what`` names the kind of
    file (案例文件, 指标体系文件) and ``limit`` its largest size."""
    name = display_name or str(path)
    data = read_input(path, name, limit=limit, what=what)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError.single(name, "文件不是 UTF-8 编码的文本（是否为 Excel 或其他格式？）") from None
    return parse_yaml(text, name)


# What the YAML parser says, in words a finance officer can act on (the parser's own words are English and speak
# of tokens and nodes). Matched on the start of the parser's message; anything else is shown as the parser said it.
_SYNTAX = (
    ("found a tab character", "用了制表符（Tab）缩进：YAML 只能用空格缩进"),
    ("mapping values are not allowed",
     "此处不能出现“字段: 值”：可能上一行缺少冒号，或本行缩进多了，或文字中含有“: ”却没有加引号"),
    ("did not find expected key", "缩进没有对齐：同一层的字段应左端对齐（也可能是上一行缺少冒号）"),
    ("did not find expected '-' indicator", "列表中夹了一个字段：同一层应都是以“- ”开头的列表项，请检查缩进"),
    ("did not find expected ',' or ']'", "方括号“[”没有闭合，或列表各项之间缺少逗号"),
    ("did not find expected ',' or '}'", "花括号“{”没有闭合，或各项之间缺少逗号"),
    ("did not find expected node content", "此处缺少内容：括号或列表没有写完"),
    ("found unknown escape character", "双引号中的反斜杠“\\”不是有效的转义：请写成“\\\\”，或改用单引号"),
    ("found undefined alias", "以“*”或“&”开头的文字会被当作引用或锚点：请给这段文字加上引号"),
    ("did not find expected alphabetic or numeric character",
     "以“*”或“&”开头的文字会被当作引用或锚点：请给这段文字加上引号"),
    ("but found another document", "文件中有第二个文档（以“---”分隔）：一个文件只能有一个文档"),
    ("second occurrence", "锚点“&”重复定义"),
    ("exceeded maximum nesting depth", "括号或缩进的嵌套层次过深：这不像是一个案例或指标体系文件"),
    ("did not find expected <document start>",
     "此处多出了内容：前面的括号或引号已经闭合，同一项后面却还有文字（也可能误写了以“...”或“%”开头的行）"),
    ("did not find expected comment or line break", "引号或括号结束后，同一行还有文字：请把整段文字放在引号内"),
    ("block sequence entries are not allowed", "“- ”列表项不能与“字段:”写在同一行：请另起一行并缩进"),
    ("mapping keys are not allowed", "此处不能出现“? ”开头的键：请给这段文字加上引号"),
    ("did not find expected hexdecimal number", "双引号中的“\\x”“\\u”转义后应为十六进制数：请写成“\\\\”，或改用单引号"),
    ("found invalid Unicode character escape code", "双引号中的“\\u”转义不是有效的字符：请写成“\\\\”，或改用单引号"),
    ("found an indentation indicator equal to 0", "“|”或“>”后的缩进数字不能为 0"),
    ("found undefined tag handle", "以“!”开头的文字会被当作类型标记：请给这段文字加上引号"),
    ("did not find expected tag URI", "以“!”开头的文字会被当作类型标记：请给这段文字加上引号"),
    ("did not find expected '!'", "以“%”开头的行会被当作指令：请给这段文字加上引号"),
    ("found unknown directive name", "以“%”开头的行会被当作指令：请给这段文字加上引号"),
    ("found unexpected ':'", "此处的冒号“:”位置不对：含有冒号的文字请加上引号"),
    ("found unexpected document indicator", "引号中的文字里有一行以“---”或“...”开头：请调整这段文字"),
    ("found unexpected end of stream", "文件在一项内容的中间结束了：括号、引号或列表没有写完"),
    ("could not find expected ':'", "这一行缺少冒号：应写成“字段: 值”（冒号后跟一个空格）"),
)
_OTHER_SYNTAX = "此处的写法不符合 YAML 格式：请检查这一行及上一行的缩进、冒号、引号和括号"


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """The parser's complaint in Chinese, and the line to point at."""
    problem = exc.problem or ""
    mark = exc.problem_mark
    line = mark.line + 1 if mark is not None else None
    if problem.startswith("found unexpected end of stream") and exc.context_mark is not None:
        # A quote left open: point at where it opened, not at the end of the file.
        return "引号没有闭合：从这里开始的引号直到文件结尾都没有结束", exc.context_mark.line + 1
    if problem.startswith("could not find expected ':'") and exc.context_mark is not None:
        # The parser notices only on the next line; the key without its colon is where it started looking.
        return "这一行缺少冒号：应写成“字段: 值”（冒号后跟一个空格）", exc.context_mark.line + 1
    if problem.startswith("found character that cannot start any token") and mark is not None:
        lines = text.splitlines()
        row = lines[mark.line] if mark.line < len(lines) else ""
        character = row[mark.column] if mark.column < len(row) else ""
        if character == "\t":
            return "用了制表符（Tab）缩进：YAML 只能用空格缩进", line
        return f"“{character}”不能作为一项内容的开头：请给这段文字加上引号", line
    for start, message in _SYNTAX:
        if problem.startswith(start):
            return message, line
    return _OTHER_SYNTAX, line


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _control_character(text: str, name: str) -> Problem:
    found = _CONTROL.search(text)
    if found is None:
        return Problem(name, "文件中含有 YAML 不允许的字符：这不像是一个文本文件")
    line = text.count("\n", 0, found.start()) + 1
    return Problem(name, f"含有不可见的控制字符（U+{ord(found.group()):04X}）：这不像是一个文本文件", line=line)


MAX_DEPTH = 100
"""Levels of nesting a file may have; a case has about five. Deeper would exhaust the stack."""
MAX_ALIASED_VALUES = 10_000
"""Values that references (``*name``) may add to a file in all: each copies what its anchor (``&name``) holds,
so that a few hundred bytes of references to references would otherwise unfold into billions of values."""


def parse_yaml(text: str, name: str) -> tuple[Any, SourceMap]:
    source = SourceMap(name)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        message, line = _syntax_problem(exc, text)
        raise InputError([Problem(name, f"YAML 格式错误：{message}", line=line)]) from None
    except yaml.reader.ReaderError:
        raise InputError([_control_character(text, name)]) from None
    except yaml.YAMLError:
        raise InputError.single(name, f"YAML 格式错误：{_OTHER_SYNTAX}") from None
    except RecursionError:  # the pure-Python parser, where libyaml is missing, on deep nesting
        raise InputError.single(name, f"YAML 格式错误：{_SYNTAX_DEPTH}") from None
    if node is None:
        raise InputError.single(name, "文件为空")
    walk = _Walk(source)
    data = walk.convert(node, (), 0)
    if walk.problems:
        raise InputError(walk.problems)
    return data, source


_SYNTAX_DEPTH = "括号或缩进的嵌套层次过深：这不像是一个案例或指标体系文件"


class _Walk:
    """Turns the parser's nodes into plain data, with bounds on depth and on what references add."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.visited: set[int] = set()
        self.open: set[int] = set()  # the nodes being converted: a reference to one of them is a loop
        self.aliased = 0  # values added by references so far
        self.refused = False

    def refuse(self, node: yaml.Node, path: PathKey, message: str) -> None:
        if not self.refused:  # one message for the file: the bound, once, not once for every value past it
            self.refused = True
            self.problems.append(Problem(self.source.file, message, field=dotted(path),
                                         line=node.start_mark.line + 1))

    def convert(self, node: yaml.Node, path: PathKey, depth: int, *, aliased: bool = False) -> Any:
        key = id(node)
        if key in self.open:
            self.refuse(node, path, "引用（“*”）指向了包含它自己的内容，会无限展开：请删除这个引用")
            return None
        if depth > MAX_DEPTH:
            self.refuse(node, path, f"嵌套层次过深（超过 {MAX_DEPTH} 层）：这不像是一个案例或指标体系文件")
            return None
        # A node met a second time is reached through a reference: all it holds is a copy.
        aliased = aliased or key in self.visited
        self.visited.add(key)
        if aliased:
            self.aliased += 1
            if self.aliased > MAX_ALIASED_VALUES:
                self.refuse(node, path, f"引用（“*”）展开后的内容过多（超过 {MAX_ALIASED_VALUES} 项），"
                                        "疑似恶意构造的文件：请直接写出各项内容")
                return None
        if self.refused:
            return None
        self.open.add(key)
        try:
            return self._convert(node, path, depth, aliased)
        finally:
            self.open.discard(key)

    def _convert(self, node: yaml.Node, path: PathKey, depth: int, aliased: bool) -> Any:
        source, problems = self.source, self.problems
        source.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = _scalar(key_node, path, source, problems) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str | int) or isinstance(key, bool):
                    problems.append(Problem(source.file, "键必须是文字", field=dotted(path),
                                            line=key_node.start_mark.line + 1))
                    continue
                key = str(key)
                child = (*path, key)
                if key in result:
                    problems.append(Problem(source.file, f"键“{key}”重复出现", field=dotted(child),
                                            line=key_node.start_mark.line + 1))
                    continue
                source.lines[child] = key_node.start_mark.line + 1
                result[key] = self.convert(value_node, child, depth + 1, aliased=aliased)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, i), depth + 1, aliased=aliased) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return _scalar(node, path, source, problems)


def _scalar(node: yaml.ScalarNode, path: PathKey, source: SourceMap, problems: list[Problem]) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR or node.style in ("'", '"', "|", ">"):
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() in ("true", "yes", "on")
    if tag == _INT:
        # Only plain decimal integers: YAML would read 0x35 as 53 and 0b101 as 5, which no finance officer means;
        # those stay text, refused where a number is wanted. Long ones too stay text, for the numbers' own bounds.
        digits = value.replace("_", "")
        if _DECIMAL_INT.fullmatch(digits) and len(digits) <= _INT_DIGITS:
            return int(digits)
        return value
    if tag == _FLOAT:
        if _SPECIAL_FLOAT.fullmatch(value):
            problems.append(Problem(source.file, f"“{value}”不是有限数值", field=dotted(path),
                                    line=node.start_mark.line + 1))
            return None
        try:
            return Decimal(value.replace("_", ""))
        except InvalidOperation:
            return value
    if tag == _TIMESTAMP:
        return value
    return value
