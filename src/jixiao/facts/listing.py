"""The catalogue as a listing (事实目录清单): one entry a figure or formula measure, in the user's words.

``jixiao facts`` prints it, and the table of figures in ``docs/frameworks.md`` is generated from it
(:mod:`jixiao.facts.doc_table`). Which indicators use an entry is worked out by the caller from a framework
(:func:`jixiao.frameworks.usage.users_of`); this module only knows catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .catalogue import KIND_LABELS, Catalogue, Figure, common, default_unit


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table figure (表格的一列)."""

    id: str
    label: str
    kind: str
    kind_label: str
    unit: str
    required: bool


@dataclass(frozen=True, slots=True)
class User:
    """An indicator that reads an entry (使用该事实的指标)."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A figure (事实) or a formula measure (公式计量项) as the listing shows it."""

    id: str
    label: str
    type: Literal["figure", "measure"]
    kind: str
    kind_label: str
    unit: str
    #: where a figure is entered (Figure.where), or a measure's formula with names as their labels
    where: str
    #: whether a figure must be filled in; None for a measure, which is worked out, never filled in
    required: bool | None
    default: Any = None
    formula: str = ""
    columns: tuple[Column, ...] = ()
    #: the framework file that declared it; empty for the common catalogue
    origin: str = ""
    #: the indicators that read it, directly or through a formula; None when no framework was asked about
    users: tuple[User, ...] | None = None

    @property
    def required_text(self) -> str:
        """是否必填, in words: ``必填``, ``可不填``, ``可不填（不填为 0）``; a dash for a measure."""
        if self.required is None:
            return "—"
        if self.required:
            return "必填"
        if self.default is None:
            return "可不填"
        return f"可不填（不填为 {shown_value(self.default)}）"


def shown_value(value: Any) -> str:
    """A default as a finance officer writes it: ``否`` for False, ``0`` for 0."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def labels_of(catalogue: Catalogue) -> dict[str, str]:
    """Every name a formula may use, with its Chinese label (a table's columns as ``table.column``)."""
    labels = {name: measure.label for name, measure in catalogue.measures.items()}
    for figure in catalogue.figures.values():
        labels[figure.id] = figure.label
        for column in figure.columns:
            labels[f"{figure.id}.{column.id}"] = column.label
    return labels


def entries(catalogue: Catalogue, users: Mapping[str, Sequence[User]] | None = None, *,
            origin: str = "") -> list[Entry]:
    """Every figure, then every formula measure, in the catalogue's order; with ``users`` (entry id → the
    indicators reading it), each entry says which indicators use it (an empty tuple: none). ``origin`` names
    the framework file the measures beyond the common catalogue's come from."""
    def used(name: str) -> tuple[User, ...] | None:
        return None if users is None else tuple(users.get(name, ()))

    found = [_figure_entry(figure, used(figure.id)) for figure in catalogue.figures.values()]
    labels = labels_of(catalogue)
    common_measures = set(common().formulas)
    for name, formula in catalogue.formulas.items():
        measure = catalogue.measures[name]
        found.append(Entry(
            id=name, label=measure.label, type="measure", kind=measure.kind,
            kind_label=KIND_LABELS.get(measure.kind, measure.kind), unit=default_unit(measure.kind),
            where=formula.render(labels), required=None, formula=measure.formula,
            origin="" if name in common_measures else origin, users=used(name)))
    return found


def _figure_entry(figure: Figure, users: tuple[User, ...] | None) -> Entry:
    columns = tuple(Column(c.id, c.label, c.kind, KIND_LABELS[c.kind], c.unit, not c.optional)
                    for c in figure.columns)
    return Entry(
        id=figure.id, label=figure.label, type="figure", kind=figure.kind, kind_label=KIND_LABELS[figure.kind],
        unit=figure.unit, where=figure.where, required=not figure.optional, default=figure.default,
        columns=columns, origin=figure.origin, users=users)


def columns_text(entry: Entry, *, code: bool = False) -> str:
    """A table's columns in one line: ``列：category 类别（文字）、count 人数（数量）…``; empty for a figure.

    ``code`` writes each column id as Markdown code."""
    if not entry.columns:
        return ""
    parts = []
    for column in entry.columns:
        name = f"`{column.id}`" if code else column.id
        optional = "，可不填" if not column.required else ""
        parts.append(f"{name} {column.label}（{column.kind_label}{optional}）")
    return "列：" + "、".join(parts)


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """The entry for ``--json``: English keys, values as text or plain JSON."""
    data: dict[str, Any] = {
        "id": entry.id, "label": entry.label, "type": entry.type, "kind": entry.kind,
        "kind_label": entry.kind_label, "unit": entry.unit, "where": entry.where, "required": entry.required,
        "default": None if entry.default is None else (
            entry.default if isinstance(entry.default, bool | int | str) else str(entry.default)),
        "origin": entry.origin,
    }
    if entry.type == "measure":
        data["formula"] = entry.formula
    if entry.columns:
        data["columns"] = [{"id": c.id, "label": c.label, "kind": c.kind, "kind_label": c.kind_label,
                            "unit": c.unit, "required": c.required} for c in entry.columns]
    if entry.users is not None:
        data["used"] = bool(entry.users)
        data["indicators"] = [{"id": u.id, "name": u.name} for u in entry.users]
    return data
