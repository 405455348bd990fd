"""The score sheet as JSON (评分表 JSON): numbers as decimal strings, so no reader loses a fen to floats."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..scoring.result import Evaluation, IndicatorResult
from ..scoring.trace import trace_of, trace_to_dict


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, bool | int | str) or value is None:
        return value
    return None  # lists of quarters, staff categories…: shown in the trail instead


def _inputs(names: Iterable[str], evaluation: Evaluation) -> list[dict[str, Any]]:
    """The facts an indicator's rule read, by name, so every score can be traced back to its figures."""
    out = []
    for name in dict.fromkeys(names):
        measure = evaluation.framework.catalogue.measures[name]
        value = measure.read(evaluation.case)
        if measure.kind != "list":
            out.append({"name": name, "label": measure.label, "value": _json_value(value)})
    return out


def evaluation_to_dict(evaluation: Evaluation) -> dict[str, Any]:
    framework = evaluation.framework
    return {
        "framework": framework.id,
        "framework_title": framework.title,
        "framework_file": framework.file,
        "department": evaluation.department,
        "year": evaluation.year,
        "total": _number(evaluation.total),
        "grade": evaluation.grade,
        "complete": evaluation.complete,
        "indicators": [_indicator(r, evaluation) for r in evaluation.results],
        "subtotals": [
            {"level1": s.level1, "level2": s.level2, "weight": _number(s.weight), "score": _number(s.score)}
            for s in evaluation.subtotals()
        ],
    }


def _indicator(r: IndicatorResult, evaluation: Evaluation) -> dict[str, Any]:
    trace = trace_to_dict(trace_of(r, evaluation))
    return {
        "id": r.indicator.id,
        "level1": r.indicator.level1,
        "level2": r.indicator.level2,
        "name": r.indicator.name,
        "weight": _number(r.indicator.weight),
        "score": _number(r.score),
        "computed": r.computed,
        "trail": trace["lines"],  # the text trail, rendered from the trace
        "inputs": _inputs(r.indicator.rule.references(), evaluation),
        "trace": trace,
        **({"missing": list(r.missing)} if r.missing else {}),
    }
