"""Read a case file (案例文件) into a :class:`DepartmentYear`, or report every problem in it.

A case is YAML (``.yaml``/``.yml``) or, through :mod:`jixiao.workbook`, an Excel workbook (``.xlsx``).
The loaded case remembers where each value came from, so that problems found later (when the case meets a
framework) still point at the user's own line or cell.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..problems import InputError, Problem
from ..yamlsource import PathKey, SourceMap, dotted, load_yaml, parse_yaml
from .catalogue import Catalogue, common
from .model import DepartmentYear
from .values import split_figures

CaseReader = Callable[[Path, str], DepartmentYear]
_READERS: dict[str, CaseReader] = {}


def register_reader(suffix: str, reader: CaseReader) -> None:
    """Let another input format (a workbook) provide cases."""
    _READERS[suffix] = reader


def source_of(case: DepartmentYear) -> SourceMap | None:
    """Where the case's values stand in the file it was read from, if it was read from one (kept in the case,
    so a copy of it keeps it)."""
    source = case._source
    return source if isinstance(source, SourceMap) else None


def remember_source(case: DepartmentYear, source: SourceMap) -> None:
    case._source = source


def load_case(path: Path | str, *, display_name: str | None = None,
              catalogue: Catalogue | None = None) -> DepartmentYear:
    """Read a case from YAML or a workbook; raise :class:`InputError` with every problem found. ``catalogue``
    (else the common one) declares the figures a YAML case may hold beyond the typed model's, such as those a
    framework's own ``facts:`` add (``load_framework(id).catalogue``)."""
    path = Path(path)
    name = display_name or str(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        data, source = load_yaml(path, display_name=name)
        return case_from_data(data, source, catalogue)
    if suffix in (".xlsx", ".xlsm", ".xls") and not _READERS:
        _load_workbook_support()
    reader = _READERS.get(suffix)
    if reader is None:
        raise InputError.single(name, f"不支持的文件类型“{path.suffix or '无扩展名'}”：案例应为 .yaml 或 .xlsx 文件")
    return reader(path, name)  # which reads through jixiao.inputs, saying why a file cannot be read


def _load_workbook_support() -> None:
    with contextlib.suppress(ImportError):
        importlib.import_module("jixiao.workbook")  # registers the .xlsx reader


def parse_case(text: str, name: str = "<案例>", *, catalogue: Catalogue | None = None) -> DepartmentYear:
    """Read a case from YAML text (for tests and tools); ``catalogue`` as for :func:`load_case`."""
    data, source = parse_yaml(text, name)
    return case_from_data(data, source, catalogue)


def case_from_data(data: Any, source: SourceMap, catalogue: Catalogue | None = None) -> DepartmentYear:
    """Validate plain data (from YAML or a workbook) as a case, naming each problem's place; ``catalogue`` (else
    the common one) declares the figures beyond the typed model's."""
    if not isinstance(data, dict):
        raise InputError.single(source.file, "案例文件的顶层应为一组“字段: 值”")
    unit = data.pop("unit", "万元")
    if unit not in ("元", "万元"):
        raise InputError([source.problem(("unit",), f"金额单位应为“元”或“万元”，实际为“{unit}”")])
    figures, errors = split_figures(data, str(unit), catalogue or common())
    problems = [source.problem(path, describe_error(error)) for path, error in errors]
    try:
        case = DepartmentYear.model_validate({**data, "figures": figures}, context={"unit": unit})
    except ValidationError as exc:
        raise InputError(problems + validation_problems(exc, source)) from None
    if problems:
        raise InputError(problems)
    remember_source(case, source)
    return case


def validation_problems(exc: ValidationError, source: SourceMap) -> list[Problem]:
    """Pydantic's errors, in Chinese, at the user's line."""
    problems = []
    for error in exc.errors(include_url=False):
        path: PathKey = tuple(p for p in error["loc"] if isinstance(p, str | int))
        if len(path) == 2 and path[0] == "quarters" and error["type"] == "missing" and isinstance(path[1], int):
            # A fixed list of four: say which quarter is missing rather than "quarters[3]: missing field".
            problems.append(source.problem(("quarters",), f"应有 4 个季度的数据，缺少第 {path[1] + 1} 季度"))
            continue
        problems.append(source.problem(path, describe_error(error)))
    return problems


_MESSAGES = {
    "missing": "缺少必填字段",
    "missing_argument": "缺少必填字段",
    "extra_forbidden": "未知字段（请检查拼写，或删除该字段）",
    "unexpected_keyword_argument": "未知字段（请检查拼写，或删除该字段）",
    "decimal_parsing": "不是有效的数值",
    "decimal_type": "应为数值",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为“是”或“否”（也可写 true / false）",
    "bool_type": "应为“是”或“否”（也可写 true / false）",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "dict_type": "应为一组“字段: 值”",
    "model_type": "应为一组“字段: 值”",
    "model_attributes_type": "应为一组“字段: 值”",
    "dataclass_type": "应为一组“字段: 值”",
    "dataclass_args_type": "应为一组“字段: 值”",
    "list_type": "应为列表（每项以“- ”开头）",
    "tuple_type": "应为列表（每项以“- ”开头）",
    "date_parsing": "日期格式应为 2023-03-15",
    "date_from_datetime_parsing": "日期格式应为 2023-03-15",
    "date_type": "日期格式应为 2023-03-15",
    "date_from_datetime_inexact": "应为日期，不带时刻（如 2023-03-15）",
    "datetime_type": "日期格式应为 2023-03-15",
}


def _choices(expected: str) -> str:
    # pydantic lists the allowed values as "'甲', '乙' or '丙'": said here the Chinese way, “甲”、“乙”、“丙”.
    values = re.findall(r"'([^']*)'", expected)
    return "、".join(f"“{value}”" for value in values) if values else expected


def describe_error(error: Any) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind.startswith("jixiao_"):
        return str(error["msg"])
    if kind == "literal_error":
        return f"应为以下之一：{_choices(str(ctx.get('expected', '')))}，实际为“{error.get('input')}”"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}，实际为 {error.get('input')}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')}，实际为 {error.get('input')}"
    if kind == "too_long":
        return f"项数过多：最多 {ctx.get('max_length')} 项"
    if kind == "too_short":
        return f"项数不足：至少 {ctx.get('min_length')} 项"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    message = _MESSAGES.get(kind)
    if message is None:
        return f"取值无效：{error['msg']}"
    if kind not in ("missing", "missing_argument") and "input" in error and not isinstance(error["input"], dict | list):
        return f"{message}，实际为“{error['input']}”"
    return message


__all__ = ["case_from_data", "dotted", "load_case", "parse_case", "source_of"]
