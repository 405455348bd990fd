"""Measures defined by formula (公式计量项): read, checked and compiled when a catalogue or framework loads.

Each measure is a :class:`~jixiao.facts.catalogue.MeasureSpec` (id, label, kind, formula). Its formula may name
any figure of the catalogue and any other measure (in any order, but not in a circle). A formula that names an
unknown figure, divides by a figure that may be left empty without saying what then, or cannot be read, is
refused with the file and line, as is a result of the wrong kind (a yes/no where an amount is declared).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from operator import attrgetter
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..problems import Problem
from ..yamlsource import SourceMap
from .catalogue import Catalogue, Figure, MeasureSpec, row_reader
from .formula import Formula, FormulaError, NameInfo, parse
from .measures import Measure

_NUMBER_KINDS = frozenset({"amount", "yuan", "count", "rate", "points", "year"})
_RESULT: dict[str, Any] = {"amount": "number", "yuan": "number", "count": "number", "rate": "number", "flag": "flag",
           "text": "text"}


def name_info(figure: Figure) -> NameInfo:
    """How the formula checker sees a figure: its kind, whether it may be empty, a table's columns."""
    if figure.kind == "table":
        return NameInfo("table", figure.may_be_empty, {c.id: name_info(c) for c in figure.columns}, figure.label)
    kind: Any = "number" if figure.kind in _NUMBER_KINDS else (
        "flag" if figure.kind == "flag" else "date" if figure.kind == "date" else "text")
    return NameInfo(kind, figure.may_be_empty, {}, figure.label)


def add_measures(catalogue: Catalogue, raw: Any, source: SourceMap,
                 path: tuple[str | int, ...] = ("measures",)) -> tuple[Catalogue, list[Problem]]:
    """The catalogue with the measures ``raw`` declares added, and the problems found (each at its line)."""
    from .load import describe_error

    try:
        specs = TypeAdapter(tuple[MeasureSpec, ...]).validate_python(raw)
    except ValidationError as exc:
        return catalogue, [source.problem((*path, *(p for p in e["loc"] if isinstance(p, str | int))),
                                          describe_error(e)) for e in exc.errors(include_url=False)]
    problems: list[Problem] = []
    names: dict[str, NameInfo] = {fid: name_info(f) for fid, f in catalogue.figures.items()}
    for mid, measure in catalogue.measures.items():
        if mid not in names:
            names[mid] = NameInfo(_kind_of_measure(measure.kind), measure.nullable, {}, measure.label)
    parsed: dict[int, Formula] = {}
    ids = [spec.id for spec in specs]
    for index, spec in enumerate(specs):
        at = (*path, index)
        if spec.id in names or ids.index(spec.id) != index:  # (the stand-ins below skip the duplicate)
            problems.append(source.problem((*at, "id"), f"计量项“{spec.id}”与已有的事实或计量项重名"))
            continue
        try:
            parsed[index] = parse(spec.formula)
        except FormulaError as exc:
            problems.append(_formula_problem(source, at, spec, exc))
    # Measures may name one another in any order: check them once what they name is known, round by round.
    pending = dict(parsed)
    measures = dict(catalogue.measures)
    formulas = dict(catalogue.formulas)
    declared = {spec.id for spec in specs}
    while pending:
        ready = [i for i, f in pending.items()
                 if all(name in names or name not in declared for name in f.references())]
        if not ready:
            for index in pending:
                waiting = [n for n in pending[index].references() if n in declared and n not in names]
                problems.append(source.problem(
                    (*path, index, "formula"),
                    f"计量项“{specs[index].id}”的公式循环引用：{'、'.join(waiting)} 又直接或间接引用了它"))
            break
        for index in ready:
            formula = pending.pop(index)
            spec = specs[index]
            try:
                result = formula.check(names)
            except FormulaError as exc:
                problems.append(_formula_problem(source, (*path, index), spec, exc))
                names[spec.id] = NameInfo(_RESULT[spec.kind], True, {}, spec.label)  # known, to avoid a cascade
                continue
            if result != _RESULT[spec.kind]:
                problems.append(source.problem(
                    (*path, index, "formula"),
                    f"计量项“{spec.id}”声明为 {spec.kind}，但公式的结果是{_RESULT_WORDS[result]}"))
            empty = formula.may_be_empty(names)
            names[spec.id] = NameInfo(_RESULT[spec.kind], empty, {}, spec.label)
            measures[spec.id] = _compiled(spec, formula, measures, catalogue, empty)
            formulas[spec.id] = formula
    for spec in specs:
        if spec.id not in measures:  # refused above: a stand-in, so that the rules naming it raise nothing more
            measures[spec.id] = Measure(spec.id, spec.label, spec.kind, _undefined, nullable=True)
    return Catalogue(catalogue.sheets, catalogue.figures, measures, formulas, catalogue.origin), problems


def _undefined(case: Any) -> None:
    return None


_RESULT_WORDS = {"number": "数值", "flag": "是/否", "text": "文字", "date": "日期"}


def _kind_of_measure(kind: str) -> Any:
    if kind == "list":
        return "table"
    if kind == "flag":
        return "flag"
    if kind in ("text", "choice"):
        return "text"
    if kind == "date":
        return "date"
    return "number"


def _compiled(spec: MeasureSpec, formula: Formula, measures: Mapping[str, Measure], catalogue: Catalogue,
              empty: bool) -> Measure:
    def read(name: str) -> Callable[[Any], Any]:
        return measures[name].read

    def column(table: str, name: str) -> Callable[[Any], Any]:
        figure = catalogue.figures.get(table)
        return attrgetter(name) if figure is not None and figure.typed else row_reader(name)

    inputs: list[str] = []
    for name in formula.references():
        measure = measures[name]
        inputs.extend(measure.inputs or (name,))
    return Measure(spec.id, spec.label, spec.kind, formula.compile(read, column), nullable=empty,
                   inputs=tuple(dict.fromkeys(inputs)), formula=spec.formula,
                   explain=_explainer(formula, measures, catalogue))


def _explainer(formula: Formula, measures: Mapping[str, Measure], catalogue: Catalogue) -> Callable[[Any], str]:
    """The formula in words, then with the case's values in place of its plain figures (tables keep their names)."""
    labels = {name: measure.label for name, measure in measures.items()}
    for figure in catalogue.figures.values():
        labels[figure.id] = figure.label
        for part in figure.columns:
            labels[f"{figure.id}.{part.id}"] = part.label
    worded = formula.render(labels)
    plain = [name for name in formula.references() if measures[name].kind != "list"]

    def explain(case: Any) -> str:
        shown = dict(labels)
        empty = []
        for name in plain:
            value = measures[name].read(case)
            shown[name] = _shown(value, measures[name].kind)
            if value is None:
                empty.append(name)
        return f"{worded} = {formula.render(shown, empty)}"

    return explain


def _shown(value: Any, kind: str) -> str:
    from .. import numbers

    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind in ("amount", "yuan") and isinstance(value, Decimal | int):
        return numbers.amount(Decimal(value))
    if kind == "rate" and isinstance(value, Decimal | int):
        return numbers.rate(Decimal(value))
    return str(value)


def _formula_problem(source: SourceMap, at: tuple[str | int, ...], spec: MeasureSpec, exc: FormulaError) -> Problem:
    text = spec.formula
    shown = text[max(0, exc.offset - 8): exc.offset + 8].replace("\n", " ")
    return source.problem((*at, "formula"),
                          f"计量项“{spec.id}”的公式第 {exc.offset + 1} 个字符处（“{shown}”）：{exc.message}")
