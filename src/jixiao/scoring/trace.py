"""The structured explanation of a score (计分追踪): a tree of named nodes, in the manner of OpenFisca's tracer.

Each indicator's node names the figures its rule read (id, label, value, unit), the derived measures it used
with their formulas and values, the rule's parameters, the values it worked out by name (a ratio before and
after rounding), the text lines of its trail, and a child for every part of a composite rule. ``jixiao score
--json`` carries the tree; readers take values from it by name, never from the wording of the trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..facts.catalogue import Catalogue
from ..facts.model import DepartmentYear, Judgement
from ..rules.base import RuleBase
from ..rules.composite import CompositeRule
from .result import Evaluation, IndicatorResult
from .trail import render_step


@dataclass(frozen=True, slots=True)
class FigureRead:
    """A figure a rule read: its id, label, value and unit."""

    id: str
    label: str
    value: Any
    unit: str


@dataclass(frozen=True, slots=True)
class MeasureUsed:
    """A derived measure a rule read: its id, label, formula, value, and the figures the formula read."""

    id: str
    label: str
    formula: str
    value: Any
    inputs: tuple[FigureRead, ...]


@dataclass(frozen=True, slots=True)
class TraceNode:
    """One rule's part in a score."""

    name: str
    kind: str
    score: Decimal | None
    parameters: dict[str, Any]
    figures: tuple[FigureRead, ...] = ()
    measures: tuple[MeasureUsed, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    lines: tuple[str, ...] = ()
    children: tuple[TraceNode, ...] = ()
    missing: tuple[str, ...] = ()


_SKIPPED_PARAMETERS = frozenset({"kind", "name", "parts"})


def _parameters(rule: RuleBase) -> dict[str, Any]:
    dumped = rule.model_dump(mode="python", exclude_none=True)
    return {key: value for key, value in dumped.items() if key not in _SKIPPED_PARAMETERS}


def _figure(name: str, case: DepartmentYear, catalogue: Catalogue) -> FigureRead:
    measure = catalogue.measures[name]
    figure = catalogue.figures.get(name)
    unit = figure.unit if figure is not None else {"amount": "万元", "yuan": "元", "rate": "%"}.get(measure.kind, "")
    return FigureRead(name, measure.label, measure.read(case), unit)


def _reads(rule: RuleBase, case: DepartmentYear, catalogue: Catalogue) -> tuple[tuple[FigureRead, ...],
                                                                                  tuple[MeasureUsed, ...]]:
    figures: list[FigureRead] = []
    measures: list[MeasureUsed] = []
    for name in dict.fromkeys(rule.references()):
        measure = catalogue.measures[name]
        if measure.inputs:
            measures.append(MeasureUsed(name, measure.label, measure.formula, measure.read(case),
                                        tuple(_figure(i, case, catalogue) for i in measure.inputs)))
        else:
            figures.append(_figure(name, case, catalogue))
    return tuple(figures), tuple(measures)


def trace_rule(rule: RuleBase, case: DepartmentYear, judgement: Judgement | None, catalogue: Catalogue,
               name: str) -> TraceNode:
    """The node of one rule scored on a case (its parts scored one by one, for a composite)."""
    score, steps = rule.compile()(case, judgement)
    children: tuple[TraceNode, ...] = ()
    if isinstance(rule, CompositeRule):
        children = tuple(trace_rule(part, case, judgement, catalogue, part.name or f"第 {i} 部分")
                         for i, part in enumerate(rule.parts, 1))
    figures, measures = _reads(rule, case, catalogue) if not children else ((), ())
    return TraceNode(name, rule.kind, score, _parameters(rule), figures, measures, rule.named_values(case, judgement),
                     tuple(render_step(step) for step in steps), children)


def trace_of(result: IndicatorResult, evaluation: Evaluation) -> TraceNode:
    """The tree that explains one indicator's score; an indicator not scored names what it lacks."""
    indicator = result.indicator
    catalogue = evaluation.framework.catalogue
    rule = indicator.rule
    if result.score is None:
        figures, measures = _reads(rule, evaluation.case, catalogue)
        return TraceNode(indicator.name, rule.kind, None, _parameters(rule), figures, measures,
                         lines=tuple(render_step(step) for step in result.steps), missing=result.missing)
    case = evaluation.case
    judgement = case.judgements.get(indicator.id) or case.judgements.get(indicator.name)
    node = trace_rule(rule, case, judgement, catalogue, indicator.name)
    # The indicator's score is the one the sheet shows (rounded at the framework's places).
    return TraceNode(node.name, node.kind, result.score, node.parameters, node.figures, node.measures, node.values,
                     tuple(render_step(step) for step in result.steps), node.children)


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__dataclass_fields__") or hasattr(value, "__pydantic_fields__"):
        return {name: _json(getattr(value, name)) for name in getattr(value, "__pydantic_fields__", {})} \
            or str(value)
    return str(value)


def _figure_json(figure: FigureRead) -> dict[str, Any]:
    return {"id": figure.id, "label": figure.label, "value": _json(figure.value), "unit": figure.unit}


def trace_to_dict(node: TraceNode) -> dict[str, Any]:
    """A node as plain JSON data (numbers as decimal strings)."""
    out: dict[str, Any] = {
        "name": node.name,
        "kind": node.kind,
        "score": _json(node.score),
        "parameters": _json(node.parameters),
        "figures": [_figure_json(f) for f in node.figures],
        "measures": [{"id": m.id, "label": m.label, "formula": m.formula, "value": _json(m.value),
                      "inputs": [_figure_json(f) for f in m.inputs]} for m in node.measures],
        "values": _json(node.values),
        "lines": list(node.lines),
        "children": [trace_to_dict(child) for child in node.children],
    }
    if node.missing:
        out["missing"] = list(node.missing)
    return out
