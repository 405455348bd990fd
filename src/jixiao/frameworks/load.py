"""Find and load frameworks (指标体系): the built-in ones by id, any other from its YAML file."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..facts.load import describe_error
from ..problems import InputError, Problem
from ..rules import KIND_NAMES
from ..yamlsource import PathKey, SourceMap, load_yaml, parse_yaml
from .model import Framework

DEFAULT_FRAMEWORK = "shenzhen-department-2023"


def builtin_ids() -> list[str]:
    """Ids of the frameworks shipped with jixiao."""
    data = resources.files("jixiao.frameworks") / "data"
    return sorted(p.name.removesuffix(".yaml") for p in data.iterdir() if p.name.endswith(".yaml"))


def builtin_path(framework_id: str) -> Path | None:
    candidate = resources.files("jixiao.frameworks") / "data" / f"{framework_id}.yaml"
    return Path(str(candidate)) if candidate.is_file() else None


def load_framework(id_or_path: str | Path | None = None) -> Framework:
    """A built-in framework by id, or a framework file by path; raise :class:`InputError` if it is wrong."""
    key = str(id_or_path) if id_or_path is not None else DEFAULT_FRAMEWORK
    builtin = builtin_path(key)
    if builtin is not None:
        return _load_builtin(key)
    path = Path(key)
    if path.suffix.lower() not in (".yaml", ".yml"):
        known = "、".join(builtin_ids())
        raise InputError.single(key, f"未知的指标体系：既不是内置编号（{known}），也不是 .yaml 文件")
    return _load_file(path, str(path))


@cache
def _load_builtin(framework_id: str) -> Framework:
    path = builtin_path(framework_id)
    assert path is not None
    return _load_file(path, f"内置指标体系 {framework_id}")


def _load_file(path: Path, name: str) -> Framework:
    data, source = load_yaml(path, display_name=name)
    return framework_from_data(data, source)


def parse_framework(text: str, name: str = "<指标体系>") -> Framework:
    data, source = parse_yaml(text, name)
    return framework_from_data(data, source)


def framework_from_data(data: Any, source: SourceMap) -> Framework:
    if not isinstance(data, dict):
        raise InputError.single(source.file, "指标体系文件的顶层应为一组“字段: 值”")
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise InputError(_problems(exc, source)) from None


def _problems(exc: ValidationError, source: SourceMap) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        path = _strip_tags(tuple(error["loc"]))
        kind = error["type"]
        if kind == "union_tag_invalid":
            message = f"未知的规则类型“{error['ctx'].get('tag')}”，可用：{', '.join(KIND_NAMES)}"
        elif kind == "union_tag_not_found":
            message = f"缺少规则类型 kind，可用：{', '.join(KIND_NAMES)}"
        else:
            message = describe_error(error)
        problems.append(source.problem(path, message))
    return problems


def _strip_tags(loc: tuple[Any, ...]) -> PathKey:
    # Pydantic puts the union's tag into the location (rule → bands → points); the file has no such level.
    out: list[str | int] = []
    previous: Any = None
    for part in loc:
        is_tag = part in KIND_NAMES and (previous == "rule" or isinstance(previous, int))
        if not is_tag and isinstance(part, str | int):
            out.append(part)
        previous = part
    return tuple(out)
