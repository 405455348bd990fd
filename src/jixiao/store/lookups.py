"""What other parts of jixiao read from the store: last year's targets as achieved (上年实际完成值)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from .db import StoreError

if TYPE_CHECKING:
    from ..targets.vetting import LastYear


def previous_targets(engine: Engine, department: str, year: int, *, project: str | None = None) -> dict[str, LastYear]:
    """The targets of a department's stored ``year`` (its latest submission, with every review change applied),
    by name: last year's value and what was achieved. Empty when that year is not stored, or when it is another
    project's table."""
    from ..targets.vetting import LastYear
    from .review import _events, _submission, reviewed_data

    with engine.connect() as connection:
        try:
            submission, _ = _submission(connection, department, year)
        except StoreError:
            return {}
        events = _events(connection, submission.id)
    data = reviewed_data(submission.case_yaml, events)
    stored_project = (data.get("project") or {}).get("name") if isinstance(data.get("project"), dict) else None
    if project is not None and stored_project is not None and str(stored_project) != project:
        return {}
    evaluation: Any = data.get("self_evaluation") or {}
    found: dict[str, LastYear] = {}
    for target in evaluation.get("targets") or () if isinstance(evaluation, dict) else ():
        if not isinstance(target, dict) or not target.get("name") or target.get("actual") in (None, ""):
            continue
        expected = target.get("expected")
        found.setdefault(str(target["name"]), LastYear(expected=None if expected is None else str(expected),
                                                       actual=str(target["actual"])))
    return found
