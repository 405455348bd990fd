"""Find and load frameworks (指标体系): the built-in ones by id, any other from its YAML file."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..decimals import NumberFormatError, parse_decimal
from ..facts.catalogue import Catalogue, build, common
from ..facts.load import describe_error
from ..inputs import FRAMEWORK_LIMIT
from ..problems import InputError, Problem
from ..rules import KIND_NAMES
from ..yamlsource import PathKey, SourceMap, load_yaml, parse_yaml
from .model import Framework

DEFAULT_FRAMEWORK = "shenzhen-department-2023"


def builtin_ids() -> list[str]:
    """Ids of the frameworks shipped with jixiao."""
    data = resources.files("jixiao.frameworks") / "data"
    # A framework's report outline (``<id>.report.yaml``) lies beside it and is no framework.
    return sorted(p.name.removesuffix(".yaml") for p in data.iterdir()
                  if p.name.endswith(".yaml") and not p.name.endswith(".report.yaml"))


def builtin_path(framework_id: str) -> Path | None:
    if "." in framework_id or "/" in framework_id:
        return None  # no id has a dot (``shenzhen-department-2023.report`` is an outline, not a framework)
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


def catalogue_of(id_or_path: str | Path | None = None) -> Catalogue:
    """The figures a framework's cases may hold, also when the framework itself cannot be used: its ``facts:``
    and ``measures:`` as far as they can be read (the framework's problems are reported by
    :func:`load_framework`; a case checked meanwhile should not call its own sections unknown). The common
    catalogue when not even that file can be read."""
    from ..facts.catalogue import common

    try:
        return load_framework(id_or_path).catalogue
    except InputError:
        pass
    key = str(id_or_path) if id_or_path is not None else DEFAULT_FRAMEWORK
    path = builtin_path(key) or Path(key)
    if path.suffix.lower() not in (".yaml", ".yml"):
        return common()
    try:
        data, source = load_yaml(path, display_name=str(path), what="指标体系文件", limit=FRAMEWORK_LIMIT)
    except InputError:
        return common()
    return framework_catalogue(data, source)[0] if isinstance(data, dict) else common()


def framework_named_by_case(named: str | None, case_file: Path | str) -> str | None:
    """The framework a case names in its ``framework:`` field, with a file path read relative to the case file
    (``framework: 本地体系.yaml`` beside the case means that file wherever jixiao is run from)."""
    if named is None or builtin_path(named) is not None or Path(named).is_absolute() \
            or Path(named).suffix.lower() not in (".yaml", ".yml"):
        return named  # a built-in id, or a name that is no file: load_framework says which ids there are
    folder = Path(case_file).parent
    return named if folder == Path(".") else str(folder / named)


@cache
def _load_builtin(framework_id: str) -> Framework:
    path = builtin_path(framework_id)
    assert path is not None
    return _load_file(path, f"内置指标体系 {framework_id}", builtin=True)


def _load_file(path: Path, name: str, *, builtin: bool = False) -> Framework:
    data, source = load_yaml(path, display_name=name, what="指标体系文件", limit=FRAMEWORK_LIMIT)
    framework = framework_from_data(data, source)
    if not builtin:
        framework._file = name
    return framework


def parse_framework(text: str, name: str = "<指标体系>") -> Framework:
    data, source = parse_yaml(text, name)
    return framework_from_data(data, source)


def framework_from_data(data: Any, source: SourceMap) -> Framework:
    if not isinstance(data, dict):
        raise InputError.single(source.file, "指标体系文件的顶层应为一组“字段: 值”")
    # The weights are also added up on the raw data, so that a sum that is off at one level is reported even
    # when another part of the file fails validation (pydantic skips a parent's checks when a child fails).
    weight_problems = _weight_problems(data, source)
    catalogue, catalogue_problems = framework_catalogue(data, source)
    try:
        framework = Framework.model_validate(data, context={"catalogue": catalogue})
    except ValidationError as exc:
        problems = catalogue_problems + _problems(exc, source)
        seen: set[str] = set()
        unique = [p for p in problems if not (str(p) in seen or seen.add(str(p)))]  # type: ignore[func-returns-value]
        raise InputError(unique + [p for p in weight_problems if str(p) not in seen]) from None
    if catalogue_problems or weight_problems:
        raise InputError(catalogue_problems + weight_problems)
    framework._catalogue = catalogue
    return framework


def framework_catalogue(data: dict[str, Any], source: SourceMap) -> tuple[Catalogue, list[Problem]]:
    """The catalogue a framework file's cases hold: the common one with the file's own ``facts:`` and
    ``measures:``, and the problems in those (each at its line)."""
    from ..facts.catalogue import SheetSpec
    from ..facts.measures_load import add_measures

    catalogue = common()
    problems: list[Problem] = []
    facts = data.get("facts") or []
    if facts:
        try:
            sheets = TypeAdapter(tuple[SheetSpec, ...]).validate_python(facts)
        except ValidationError as exc:
            return catalogue, [source.problem(("facts", *_strip_tags(tuple(e["loc"]))), describe_error(e))
                               for e in exc.errors(include_url=False)]
        twice: list[str] = []
        catalogue = build(sheets, base=catalogue, origin=source.file, problems=twice)
        problems += [source.problem(("facts",), message) for message in twice]
    measures = data.get("measures") or []
    if measures:
        catalogue, found = add_measures(catalogue, measures, source)
        problems += found
    return catalogue, problems


def _weight(raw: Any) -> Decimal | None:
    try:
        return parse_decimal(raw, allow_units=("分",))
    except NumberFormatError:
        return None


def _weight_problems(data: dict[str, Any], source: SourceMap) -> list[Problem]:
    """Each level's weights against its parent's, read from the raw file data."""
    problems: list[Problem] = []

    def check(children: Any, expected: Any, path: PathKey, what: str, owner: Any) -> None:
        if not isinstance(children, list):
            return
        weights = [_weight(c.get("weight")) if isinstance(c, dict) else None for c in children]
        total = _weight(expected)
        if total is None or any(w is None for w in weights):
            return  # unreadable weights are reported by the model's validation
        parts = sum((w for w in weights if w is not None), Decimal(0))
        if parts != total:
            problems.append(source.problem(
                path, f"{what}分值合计 {parts.normalize():f} 与“{owner}”的分值 {total.normalize():f} 不一致"))

    level1s = data.get("groups")
    check(level1s, data.get("total", 100), (), "一级指标", data.get("title", ""))
    for i, level1 in enumerate(level1s if isinstance(level1s, list) else []):
        if isinstance(level1, dict):
            level2s = level1.get("groups")
            check(level2s, level1.get("weight"), ("groups", i), "二级指标", level1.get("name", ""))
            for j, level2 in enumerate(level2s if isinstance(level2s, list) else []):
                if isinstance(level2, dict):
                    check(level2.get("indicators"), level2.get("weight"), ("groups", i, "groups", j), "三级指标",
                          level2.get("name", ""))
    return problems


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
        # ... and a plain union the member it tried (``literal['full','zero']``): no key of a file has brackets.
        is_tag = (part in KIND_NAMES and (previous == "rule" or isinstance(previous, int))) or (
            isinstance(part, str) and "[" in part)
        if not is_tag and isinstance(part, str | int):
            out.append(part)
        previous = part
    return tuple(out)
