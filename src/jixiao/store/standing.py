"""Each department-year's standing (部门年度现状): what its latest submission and review events add up to.

The history is the submissions and the events, appended and never changed. The standing is one row per
department-year worked out from them and rewritten in the same transaction as every import (a new version starts
again at 待复核) and every review event (the state moves; a change re-scores), so that what reads many
department-years at once (the dashboard, the ranking, the summary, the export) reads one small row each.
:func:`rebuild` works every row out again from the history alone; the tests check that it agrees with what the
writes left.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, case, delete, func, insert, select, update

from .schema import FrameworkVersion, IndicatorTotal, StandingIndicator, Submission, YearStanding

MICRO = 10**6


def micros(value: Any) -> int | None:
    """A score as a whole number of millionths, for sorting and adding up in SQL exactly on either database
    (half-up beyond six places, which no framework uses)."""
    if value is None:
        return None
    from ..decimals import round_half_up

    return int(round_half_up(Decimal(str(value)), 6) * MICRO)


def put(connection: Connection, *, department_id: int, year: int, submission_id: int, version: int,
        framework_id: str, state: str, last_seq: int, self_sheet: dict[str, Any], sheet: dict[str, Any],
        totals: bool = True) -> None:
    """The department-year's standing and its indicators, written (in the caller's transaction), and (unless not
    ``totals``) the year's indicator totals moved by the difference."""
    old_framework = connection.scalar(select(YearStanding.framework_id).where(
        YearStanding.department_id == department_id, YearStanding.year == year))
    old = connection.execute(select(StandingIndicator.indicator_id, StandingIndicator.score_micros,
                                    StandingIndicator.weight_micros).where(
        StandingIndicator.department_id == department_id, StandingIndicator.year == year)).all()
    values = {"submission_id": submission_id, "version": version, "framework_id": framework_id, "state": state,
              "last_seq": last_seq, "self_total": self_sheet.get("total"), "self_grade": self_sheet.get("grade"),
              "total": sheet.get("total"), "grade": sheet.get("grade"), "self_micros": micros(self_sheet.get("total")),
              "total_micros": micros(sheet.get("total")), "sheet": None if sheet is self_sheet else sheet}
    done = connection.execute(update(YearStanding).where(YearStanding.department_id == department_id,
                                                         YearStanding.year == year).values(**values))
    if not done.rowcount:
        connection.execute(insert(YearStanding).values(department_id=department_id, year=year, **values))
    connection.execute(delete(StandingIndicator).where(StandingIndicator.department_id == department_id,
                                                       StandingIndicator.year == year))
    own = {i["id"]: i["score"] for i in self_sheet.get("indicators", ())}
    rows = [{"department_id": department_id, "year": year, "indicator_id": i["id"], "position": n,
             "name": i["name"], "weight": i["weight"], "self_score": own.get(i["id"]), "score": i["score"],
             "weight_micros": micros(i["weight"]), "score_micros": micros(i["score"])}
            for n, i in enumerate(sheet.get("indicators", ()))]
    if rows:
        connection.execute(insert(StandingIndicator), rows)
    if not totals:
        return
    differences: dict[tuple[str, str], list[int]] = {}
    names: dict[tuple[str, str], tuple[str, int]] = {}
    changes = [(str(old_framework), key, -1, score, weight) for key, score, weight in old]
    changes += [(framework_id, r["indicator_id"], 1, r["score_micros"], r["weight_micros"]) for r in rows]
    for framework, key, sign, score, weight in changes:
        if score is not None:
            total = differences.setdefault((framework, key), [0, 0, 0, 0])
            total[0] += sign
            total[1] += sign * score
            total[2] += sign * weight
            total[3] += sign * (score < weight)
    for n, r in enumerate(rows):
        names[(framework_id, r["indicator_id"])] = (r["name"], n)
    _add(connection, year, differences, names)


def _add(connection: Connection, year: int, differences: dict[tuple[str, str], list[int]],
         names: dict[tuple[str, str], tuple[str, int]]) -> None:
    """Move the year's indicator totals by ``differences`` (framework and indicator → count, score, weight,
    departments losing points), in one order whatever the caller (two writers at once wait for each other rather
    than deadlock). A total met for the first time takes its name and place from ``names``."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    for (framework, indicator), (count, score, weight, losing) in sorted(differences.items()):
        if not (count or score or weight or losing):
            continue
        name, position = names.get((framework, indicator), ("", 0))
        connection.execute(upsert(IndicatorTotal).values(
            year=year, framework_id=framework, indicator_id=indicator, scored=0, score_micros=0, weight_micros=0,
            losing=0, name=name, position=position).on_conflict_do_nothing())
        connection.execute(update(IndicatorTotal).where(
            IndicatorTotal.year == year, IndicatorTotal.framework_id == framework,
            IndicatorTotal.indicator_id == indicator).values(
            scored=IndicatorTotal.scored + count, score_micros=IndicatorTotal.score_micros + score,
            weight_micros=IndicatorTotal.weight_micros + weight, losing=IndicatorTotal.losing + losing))


def refill_totals(connection: Connection) -> None:
    """The indicator totals of every year added up again from the standings' indicators, in one statement."""
    si, ys = StandingIndicator.__table__, YearStanding.__table__
    lost = func.sum(case((si.c.score_micros < si.c.weight_micros, 1), else_=0))
    found = (select(si.c.year, ys.c.framework_id, si.c.indicator_id, func.count(), func.sum(si.c.score_micros),
                    func.sum(si.c.weight_micros), lost, func.min(si.c.name), func.min(si.c.position))
             .join(ys, (ys.c.department_id == si.c.department_id) & (ys.c.year == si.c.year))
             .where(si.c.score_micros.is_not(None))
             .group_by(si.c.year, ys.c.framework_id, si.c.indicator_id))
    connection.execute(delete(IndicatorTotal))
    connection.execute(insert(IndicatorTotal).from_select(
        ["year", "framework_id", "indicator_id", "scored", "score_micros", "weight_micros", "losing", "name",
         "position"], found))


def moved(connection: Connection, submission_id: int, state: str, last_seq: int) -> None:
    """The state after an event that changes no score (a move, a reply)."""
    connection.execute(update(YearStanding).where(YearStanding.submission_id == submission_id)
                       .values(state=state, last_seq=last_seq))


def rebuild(connection: Connection, totals: bool = True) -> int:
    """Every department-year's standing worked out again from its submissions and events (and, unless not
    ``totals``, the indicator totals from those); how many."""
    from .review import _events, _scored, _state, score_sheet

    connection.execute(delete(IndicatorTotal))
    connection.execute(delete(StandingIndicator))
    connection.execute(delete(YearStanding))
    table = Submission.__table__
    latest = (select(table.c.department_id, table.c.year, func.max(table.c.version).label("version"))
              .group_by(table.c.department_id, table.c.year).subquery())
    found = connection.execute(
        select(table, FrameworkVersion.framework_id.label("framework_key"))
        .join(latest, (latest.c.department_id == table.c.department_id) & (latest.c.year == table.c.year)
              & (latest.c.version == table.c.version))
        .join(FrameworkVersion, FrameworkVersion.id == table.c.framework_version_id)).all()
    for submission in found:
        events = _events(connection, submission.id)
        sheet = submission.scores
        if any(e.kind == "change" for e in events):
            sheet = score_sheet(*_scored(connection, submission, events))
        put(connection, department_id=submission.department_id, year=submission.year, submission_id=submission.id,
            version=submission.version, framework_id=submission.framework_key, state=_state(events),
            last_seq=events[-1].seq if events else 0, self_sheet=submission.scores, sheet=sheet, totals=False)
    if totals:
        refill_totals(connection)
    return len(found)
