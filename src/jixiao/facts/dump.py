"""Write a case as YAML a finance officer can read (案例文件输出).

Keys follow the model's order, each commented with its Chinese name; amounts are plain decimals in 万元
(the self-evaluation table in 元); values equal to the model's defaults are left out. Reading the text back
with :func:`jixiao.facts.load.parse_case` gives an equal :class:`DepartmentYear`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, get_args

import yaml
from pydantic.fields import FieldInfo

from .model import DepartmentYear, ItemAward, fields_of, is_fact

_INDENT = "  "
_MONEY_KINDS = ("amount", "yuan")


def dump_case(case: DepartmentYear, *, source: str = "", indicator_names: Mapping[str, str] | None = None) -> str:
    """The case as commented YAML text; ``indicator_names`` (id → name) comments the judgements' keys."""
    lines = [f"# {case.department.full_name or case.department.name} {case.year} 年度部门整体支出绩效评价案例"]
    if source:
        lines.append(f"# 由 jixiao 从 {source} 转换生成")
    lines.append("# 金额单位：万元（自评表中的金额为元）；比率为小数（0.9512 即 95.12%）")
    lines.append("unit: 万元")
    lines += _model_lines(case, 0, comments=True, extra=_figures_tree(case.figures))
    if indicator_names:
        lines = _name_judgements(lines, indicator_names)
    return "\n".join(lines) + "\n"


def _name_judgements(lines: list[str], names: Mapping[str, str]) -> list[str]:
    """Comment each key directly under ``judgements:`` with its indicator's name."""
    named, inside = [], False
    for line in lines:
        if not line.startswith((" ", "#")):
            inside = line.startswith("judgements:")
        elif inside and not line.startswith(_INDENT * 2) and line.endswith(":"):
            name = names.get(line.strip().removesuffix(":"))
            line = f"{line}  # {name}" if name else line
        named.append(line)
    return named


def _figures_tree(figures: Mapping[str, Any]) -> dict[str, Any]:
    """The case's figures beyond the typed model, nested at their dotted places (``budget.supplementary``)."""
    tree: dict[str, Any] = {}
    for name, value in figures.items():
        *parents, last = name.split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = _two_places(value) if isinstance(value, Decimal) else value
    return tree


def _model_lines(model: Any, depth: int, *, comments: bool, extra: Mapping[str, Any] | None = None) -> list[str]:
    """A record's fields, with ``extra`` (figures beyond the typed model at this place) written among them."""
    lines: list[str] = []
    extra = dict(extra or {})
    for name, info in fields_of(type(model)).items():
        if name == "figures":
            continue  # written at their own places, through ``extra``
        value = getattr(model, name)
        inner = extra.pop(name, None)
        if _is_default(value, info) and inner is None:
            continue
        comment = f"  # {info.description}" if comments and info.description else ""
        if isinstance(value, Decimal) and _is_money(info):
            value = _two_places(value)
        if inner is not None and is_fact(value):
            nested = _model_lines(value, depth + 1, comments=comments, extra=inner)
            lines += [f"{_INDENT * depth}{_key(name)}:{comment}", *nested]
            continue
        lines += _entry(name, value, depth, comment, comments=comments)
    for name, value in extra.items():
        lines += _entry(name, value, depth, "", comments=False)
    return lines


def _is_money(info: FieldInfo) -> bool:
    """Whether a field holds an amount (万元 or 元), which officers read with two decimals."""
    if isinstance(info.json_schema_extra, dict):
        return info.json_schema_extra.get("jixiao_kind") in _MONEY_KINDS
    for option in get_args(info.annotation):
        for meta in getattr(option, "__metadata__", ()):
            extra = getattr(meta, "json_schema_extra", None)
            if isinstance(extra, dict) and extra.get("jixiao_kind") in _MONEY_KINDS:
                return True
    return False


def _two_places(value: Decimal) -> Decimal:
    # Only ever adds zeros: 4812.3 → 4812.30; 4812.29935 stays exact.
    exponent = value.as_tuple().exponent
    return value.quantize(Decimal("0.01")) if isinstance(exponent, int) and exponent > -2 else value


def _is_default(value: Any, info: FieldInfo) -> bool:
    if info.default_factory is not None:
        return bool(value == info.default_factory())  # type: ignore[call-arg]
    return not info.is_required() and bool(value == info.default) and type(value) is type(info.default)


def _entry(key: str, value: Any, depth: int, comment: str, *, comments: bool) -> list[str]:
    indent = _INDENT * depth
    head = f"{indent}{_key(key)}:"
    if isinstance(value, ItemAward) and not value.reason:
        return [f"{head} {_scalar(value.points)}{comment}"]  # the short form `item: 1`
    if is_fact(value):
        inner = _model_lines(value, depth + 1, comments=comments)
        return [f"{head}{comment}", *inner] if inner else [f"{head} {{}}{comment}"]
    if isinstance(value, dict):
        if not value:
            return [f"{head} {{}}{comment}"]
        lines = [f"{head}{comment}"]
        for child_key, child in value.items():
            lines += _entry(str(child_key), child, depth + 1, "", comments=False)
        return lines
    if isinstance(value, list | tuple):
        if not value:
            return [f"{head} []{comment}"]
        lines = [f"{head}{comment}"]
        for index, item in enumerate(value):
            lines += _list_item(item, depth + 1, comments=comments and index == 0)
        return lines
    first, rest = _scalar_lines(value, depth + 1)
    return [f"{head} {first}{comment}", *rest]


def _list_item(item: Any, depth: int, *, comments: bool) -> list[str]:
    indent = _INDENT * depth
    if is_fact(item):
        inner = _model_lines(item, depth + 1, comments=comments)
        if not inner:
            return [f"{indent}- {{}}"]
        first = inner[0][len(_INDENT * (depth + 1)):]
        return [f"{indent}- {first}", *inner[1:]]
    first, rest = _scalar_lines(item, depth + 1)
    return [f"{indent}- {first}", *rest]


def _scalar_lines(value: Any, depth: int) -> tuple[str, list[str]]:
    """What follows ``key: `` and the lines after it: a literal block keeps paragraphs readable."""
    if isinstance(value, str) and "\n" in value and _literal_ok(value):
        return "|-", [(_INDENT * depth + line) if line else "" for line in value.split("\n")]
    return _scalar(value), []


def _key(key: str) -> str:
    return key if _plain_ok(key) else _quoted(key)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if _plain_ok(text) else _quoted(text)


@lru_cache(maxsize=16384)
def _plain_ok(text: str) -> bool:
    """Whether ``text`` written bare reads back as the same string (asked of the same names and reasons over and
    over when many cases are stored: remembered)."""
    if not text or "\n" in text or text != text.strip():
        return False
    try:
        return bool(yaml.safe_load(f"k: {text}") == {"k": text})
    except yaml.YAMLError:
        return False


def _literal_ok(text: str) -> bool:
    lines = text.split("\n")
    if any(line != line.rstrip() for line in lines) or text.startswith((" ", "\t")) or text.endswith("\n"):
        return False
    document = "k: |-\n" + "\n".join(("  " + line) if line else "" for line in lines)
    try:
        return bool(yaml.safe_load(document) == {"k": text})
    except yaml.YAMLError:
        return False


def _quoted(text: str) -> str:
    dumped = yaml.dump(text, Dumper=yaml.SafeDumper, allow_unicode=True, default_style='"', width=1 << 30)
    return dumped.removesuffix("\n...\n").rstrip("\n")
