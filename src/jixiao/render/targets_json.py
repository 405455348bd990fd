"""The judged targets as JSON (绩效指标完成情况 JSON): numbers as decimal strings, so they stay exact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..targets.judgement import Outcome
from ..targets.review import TargetReview


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def review_to_dict(review: TargetReview) -> dict[str, Any]:
    targets = []
    for judgement in review.judgements:
        target = judgement.target
        reading = judgement.expected
        targets.append({
            "level1": target.level1 if target else "",
            "level2": target.level2 if target else "",
            "name": judgement.name,
            "expected": judgement.expected_text,
            "actual": judgement.actual_text,
            "outcome": judgement.outcome.value,
            "kind": reading.kind.value if reading else None,
            "comparator": reading.comparator.value if reading and reading.comparator else None,
            "unit": reading.unit if reading else None,
            "plain_meaning": judgement.meaning.value if judgement.meaning else None,
            "deviation": _number(judgement.deviation),
            "deviation_text": judgement.deviation_text(),
            "relative_deviation": _number(judgement.relative_deviation),
            "relative_text": judgement.relative_text(),
            "reason": judgement.reason,
            "weight": _number(target.weight) if target else None,
            "deviation_reason": target.reason if target else "",
        })
    return {
        "summary": {
            "targets": len(review.judgements),
            **{outcome.value: review.count(outcome) for outcome in Outcome},
            "errors": len(review.errors),
            "hints": len(review.hints),
            "text": review.summary(),
        },
        "targets": targets,
        "flags": [
            {"severity": f.severity.value, "code": f.code, "target": f.target, "message": f.message}
            for f in review.flags
        ],
    }
