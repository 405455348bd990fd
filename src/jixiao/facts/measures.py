"""Named quantities a framework can score from (计量项).

A framework's rules refer to facts by dotted name: ``procurement.paid``, ``staff.outside_quota``. Every field
of the facts model is such a name (its label is the field's description); a few more are derived here, each a
formula in a catalogue or framework file (:mod:`jixiao.facts.measures_load`). Which figures there are is the
catalogue's business (:mod:`jixiao.facts.catalogue`); this module reads the typed model's fields.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any, Literal

from .model import DepartmentYear, fields_of, is_fact_type

Kind = Literal["amount", "yuan", "count", "rate", "flag", "choice", "list", "text", "date", "other"]


@dataclass(frozen=True, slots=True)
class Measure:
    """A quantity of a department-year: its name, Chinese label, kind and how to read it."""

    name: str
    label: str
    kind: Kind
    read: Callable[[DepartmentYear], Any]
    choices: tuple[str, ...] = ()
    #: a field left empty within its section (a whole section left out is the section's own absence)
    nullable: bool = False
    #: a reader for where the section is known to be there (a field's ``attrgetter``); see :attr:`get`
    direct: Callable[[DepartmentYear], Any] | None = None
    #: kept in the case's ``figures`` mapping (declared by a catalogue, not a field of the typed model)
    generic: bool = False
    #: read as its default when its whole section is left out (a section whose every field has a default, such
    #: as 资金合规: not filled in means no misuse found); binding then does not ask for the section
    by_default: bool = False
    #: the figures a derived measure reads (a formula's inputs); empty for a figure
    inputs: tuple[str, ...] = ()
    #: a derived measure's formula, as its framework or catalogue writes it
    formula: str = ""
    #: for a derived measure, the formula in words with the case's values (``支出决算数 ÷ 调整预算数 =
    #: 3,396.50 ÷ 3,464.80``), for the trail
    explain: Callable[[DepartmentYear], str] | None = None

    @property
    def get(self) -> Callable[[DepartmentYear], Any]:
        """How a compiled rule reads the value. Binding has checked that the case has everything the rule reads,
        so a field is read by one C-level ``attrgetter`` rather than section by section (batches read millions)."""
        return self.read if self.direct is None else self.direct

    @property
    def section(self) -> str:
        """The top-level part of the case this measure belongs to (``procurement`` for ``procurement.paid``)."""
        return self.name.split(".", 1)[0]

    def __call__(self, case: DepartmentYear) -> Any:
        return self.read(case)


def _reader(path: tuple[str, ...]) -> Callable[[DepartmentYear], Any]:
    # A section left out of the case reads as None rather than failing: binding reports it with its name.
    if len(path) == 1:
        (a,) = path
        return lambda case: getattr(case, a)
    if len(path) == 2:
        a, b = path

        def read2(case: DepartmentYear) -> Any:
            section = getattr(case, a)
            return None if section is None else getattr(section, b)

        return read2

    def read_n(case: DepartmentYear) -> Any:
        value: Any = case
        for part in path:
            value = getattr(value, part)
            if value is None:
                return None
        return value

    return read_n


def _defaulted(measure: Measure, default: Any) -> Measure:
    """A field of a section whose every field has a default, read as that default when the section is left out."""
    read = measure.read

    def read_or_default(case: DepartmentYear) -> Any:
        value = read(case)
        return default if value is None and getattr(case, measure.section) is None else value

    return Measure(measure.name, measure.label, measure.kind, read_or_default, measure.choices, measure.nullable,
                   None, by_default=True)


def _kind_of(annotation: Any, extra: Any) -> tuple[Kind, tuple[str, ...]]:
    if isinstance(extra, dict) and "jixiao_kind" in extra:
        return extra["jixiao_kind"], ()
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        for item in metadata:
            marker = getattr(item, "json_schema_extra", None)
            if isinstance(marker, dict) and "jixiao_kind" in marker:
                return marker["jixiao_kind"], ()
        return _kind_of(base, None)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and len(args) == 1:
        return _kind_of(args[0], extra)
    if annotation is bool:
        return "flag", ()
    if annotation is date:
        return "date", ()
    if annotation is int:
        return "count", ()
    if origin is Literal:
        return "choice", tuple(str(a) for a in typing.get_args(annotation))
    if origin is tuple or origin is list:
        return "list", ()
    if annotation is str:
        return "text", ()
    return "other", ()


def _field_measures(model: type, prefix: tuple[str, ...], label: str,
                    direct: bool = True) -> dict[str, Measure]:
    """Every field below ``prefix`` as a measure; ``direct`` is false below a part that may be left empty inside
    its section (binding checks sections and fields, not such parts, so those are read section by section)."""
    found: dict[str, Measure] = {}
    for name, info in fields_of(model).items():
        path = (*prefix, name)
        annotation = info.annotation
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = args[0] if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1 \
            else annotation
        field_label = f"{label}{info.description or name}" if label else (info.description or name)
        if is_fact_type(inner) and name not in ("judgements",):
            optional = bool(prefix) and type(None) in typing.get_args(annotation)
            below = _field_measures(inner, path, field_label if prefix else "", direct and not optional)
            # a section of plain answers, each with a default (资金合规); not one of lists (the self-evaluation
            # table), whose absence says something is missing
            if not prefix and all(not f.is_required() and typing.get_origin(f.annotation) not in (tuple, list, dict)
                                  for f in fields_of(inner).values()):
                defaults = {n: f.get_default(call_default_factory=True) for n, f in fields_of(inner).items()}
                below = {key: _defaulted(m, defaults.get(key.split(".")[1])) for key, m in below.items()}
            found.update(below)
            continue
        # Pydantic keeps Annotated metadata (our kind markers) on the FieldInfo itself.
        kind, choices = _kind_of(inner, info.json_schema_extra)
        dotted_name = ".".join(path)
        nullable = len(path) > 1 and type(None) in typing.get_args(annotation)
        found[dotted_name] = Measure(dotted_name, field_label, kind, _reader(path), choices, nullable,
                                     attrgetter(dotted_name) if direct else None)
    return found




_MODEL_MEASURES = _field_measures(DepartmentYear, (), "")


def model_measures() -> dict[str, Measure]:
    """Every field of the typed case model as a measure, by dotted name."""
    return _MODEL_MEASURES
