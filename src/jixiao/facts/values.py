"""Reading the figures a catalogue declares beyond the typed case model (目录中的其他事实).

A case file writes every figure at its dotted place (``final_accounts: {spending: 1200}``, or
``budget: {supplementary: 30}`` beside the budget's typed fields). Before the typed model validates the rest,
:func:`split_figures` takes out the figures it has no field for, reads each by its declared kind, exactly as the
typed fields are read (the same number rules and messages), and gives them by id with the problems found, each
at the figure's own path in the file.
"""

from __future__ import annotations

import difflib
from datetime import date
from functools import cache
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from ..yamlsource import PathKey
from ..years import FIRST_YEAR, LAST_YEAR
from .catalogue import Catalogue, Figure
from .model import Amount, Count, Flag, Points, Rate, Text, Yuan

FigureError = tuple[PathKey, dict[str, Any]]
"""A problem with one figure: its path in the case file and a pydantic-style error (``type``, ``msg``…)."""

SETTINGS = frozenset({"unit"})
"""Entries of the catalogue that set how a case file is read rather than state a figure."""


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    types: dict[str, Any] = {
        "amount": Amount, "yuan": Yuan, "count": Count, "rate": Rate, "points": Points, "text": Text,
        "date": date, "flag": Flag, "choice": Text,
        "year": Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)],
    }
    return TypeAdapter(types[kind])


def read_value(figure: Figure, raw: Any, unit: str, path: PathKey) -> tuple[Any, list[FigureError]]:
    """One figure's value read by its kind, or the problems with it."""
    if figure.kind == "table":
        return _read_table(figure, raw, unit, path)
    try:
        value = _adapter(figure.kind).validate_python(raw, context={"unit": unit})
    except ValidationError as exc:
        return None, [((*path, *(p for p in e["loc"] if isinstance(p, str | int))), dict(e))
                      for e in exc.errors(include_url=False)]
    if figure.kind == "choice" and value not in figure.choices:
        allowed = "、".join(f"“{c}”" for c in figure.choices)
        return None, [(path, {"type": "jixiao_choice", "msg": f"应为以下之一：{allowed}，实际为“{value}”"})]
    return value, []


def _read_table(figure: Figure, raw: Any, unit: str, path: PathKey) -> tuple[Any, list[FigureError]]:
    if not isinstance(raw, list):
        return None, [(path, {"type": "list_type", "msg": "应为列表", "input": raw})]
    rows: list[dict[str, Any]] = []
    errors: list[FigureError] = []
    known = {c.id: c for c in figure.columns}
    for index, entry in enumerate(raw):
        where = (*path, index)
        if not isinstance(entry, dict):
            errors.append((where, {"type": "dict_type", "msg": "应为一组“字段: 值”"}))
            continue
        row: dict[str, Any] = {}
        for key in entry:
            if key not in known:
                errors.append(((*where, key), _unknown(str(key), list(known))))
        for column in figure.columns:
            if column.id not in entry or entry[column.id] is None:
                if column.default is not None or column.optional:
                    row[column.id] = column.default
                else:
                    errors.append(((*where, column.id), {"type": "missing", "msg": "缺少必填字段"}))
                continue
            value, found = read_value(column, entry[column.id], unit, (*where, column.id))
            errors += found
            row[column.id] = value
        rows.append(row)
    return tuple(rows), errors


def _unknown(key: str, known: list[str]) -> dict[str, Any]:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"，是否应为“{close[0]}”？" if close else "（请检查拼写，或删除该字段）"
    return {"type": "jixiao_unknown", "msg": f"未知字段“{key}”{hint}"}


def split_figures(data: dict[str, Any], unit: str, catalogue: Catalogue) -> tuple[dict[str, Any], list[FigureError]]:
    """Take the catalogue's untyped figures out of ``data`` (changed in place), read by kind; with the problems.

    A section that only such figures use (``final_accounts``) is taken out whole, and a key there that the
    catalogue does not declare is a problem; inside a typed section only the declared keys are taken out, and
    the typed model says what else is unknown."""
    errors: list[FigureError] = []
    if "figures" in data:  # the typed model's own field for what is read here: never written by hand
        data.pop("figures")
        errors.append((("figures",), _unknown("figures", [])))
    generic = [f for f in catalogue.generic() if f.id not in SETTINGS]
    typed_sections = {f.id.split(".", 1)[0] for f in catalogue.figures.values() if f.typed}
    figures: dict[str, Any] = {}
    by_section: dict[str, list[Figure]] = {}
    for figure in generic:
        by_section.setdefault(figure.id.split(".", 1)[0], []).append(figure)
    for section, members in by_section.items():
        whole = section not in typed_sections
        for figure in members:
            path: PathKey = tuple(figure.id.split("."))
            found, raw = _take(data, path)
            if not found or raw is None:
                if figure.default is not None:
                    figures[figure.id] = figure.default
                continue
            value, problems = read_value(figure, raw, unit, path)
            errors += problems
            if not problems:
                figures[figure.id] = value
        if whole and section in data:
            errors += _leftovers(data.pop(section), (section,), {f.id for f in members})
    return figures, errors


def _take(data: dict[str, Any], path: PathKey) -> tuple[bool, Any]:
    container: Any = data
    for key in path[:-1]:
        if not isinstance(container, dict) or key not in container:
            return False, None
        container = container[key]
    if not isinstance(container, dict) or path[-1] not in container:
        return False, None
    return True, container.pop(path[-1])


def _leftovers(rest: Any, path: PathKey, declared: set[str]) -> list[FigureError]:
    """Keys left in a section of untyped figures once its declared figures are taken out: unknown ones."""
    if not isinstance(rest, dict):
        return [(path, {"type": "dict_type", "msg": "应为一组“字段: 值”"})]
    errors: list[FigureError] = []
    prefix = ".".join(str(p) for p in path)
    below = sorted({d[len(prefix) + 1:].split(".", 1)[0] for d in declared if d.startswith(prefix + ".")})
    for key, value in rest.items():
        inner = (*path, key)
        if isinstance(value, dict) and any(d.startswith(f"{prefix}.{key}.") for d in declared):
            errors += _leftovers(value, inner, declared)
            continue
        errors.append((inner, _unknown(str(key), below)))
    return errors
