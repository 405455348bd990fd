"""In-year monitoring in the store (绩效运行监控填报): each department's reports kept as history, last year's
same period read back for the forecast, and a year's latest reports for the bureau's alert list.

A report is one department-year up to a month (the last month any of its projects reports), as checked by
:mod:`jixiao.monitoring.model`; saving the same department, year and month again adds the next version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, func, insert, select

from .db import StoreError, writing
from .schema import Department, MonitoringReport

if TYPE_CHECKING:
    from ..monitoring.model import Monitoring


@dataclass(frozen=True, slots=True)
class Saved:
    code: str
    department: str
    year: int
    month: int
    version: int


def month_of(monitoring: Monitoring) -> int:
    """The month a report runs to: the last month any of its projects reports spending for."""
    return max((m for p in monitoring.projects for m in p.spending), default=0)


def save(engine: Engine, monitoring: Monitoring, content: bytes, name: str, actor: str = "导入") -> Saved:
    """Keep one checked report, with its original file, in one transaction."""
    from .imports import department_clash

    code = monitoring.department.code or monitoring.department.name
    month = month_of(monitoring)
    with writing(engine) as connection:
        refusal = department_clash(connection, code, monitoring.department.name)
        if refusal is not None:
            raise StoreError(f"{name}：{refusal}")
        department_id = connection.scalar(select(Department.id).where(Department.code == code))
        if department_id is None:
            department_id = connection.execute(insert(Department).values(
                code=code, name=monitoring.department.name, full_name=None, tags=[]).returning(Department.id)
            ).scalar_one()
        earlier = connection.scalar(select(func.max(MonitoringReport.version)).where(
            MonitoringReport.department_id == department_id, MonitoringReport.year == monitoring.year,
            MonitoringReport.month == month)) or 0
        connection.execute(insert(MonitoringReport).values(
            department_id=department_id, year=monitoring.year, month=month, version=earlier + 1,
            content=monitoring.model_dump(mode="json"), source_name=name,
            source_sha256=hashlib.sha256(content).hexdigest(), source_bytes=content,
            created_at=datetime.now(UTC).replace(tzinfo=None), created_by=actor))
    return Saved(code, monitoring.department.name, monitoring.year, month, earlier + 1)


def _latest(connection: Any, year: int) -> list[Any]:
    """The latest report of each department of ``year`` (its last month, that month's last version)."""
    table = MonitoringReport.__table__
    query = (select(table.c.department_id, table.c.month, table.c.version, table.c.content, table.c.source_name,
                    Department.code, Department.name)
             .join(Department, Department.id == table.c.department_id).where(table.c.year == year))
    latest: dict[int, Any] = {}
    for row in connection.execute(query.order_by(table.c.department_id, table.c.month, table.c.version)):
        latest[row.department_id] = row  # ordered: the last one of each department stays
    return list(latest.values())


def stored(engine: Engine, year: int, codes: frozenset[str] | None = None) -> list[tuple[str, Monitoring]]:
    """The latest report of each department of ``year`` (only those of ``codes`` when given), with the name of
    the file it came from, in department-code order."""
    from ..monitoring.model import Monitoring

    with engine.connect() as connection:
        rows = _latest(connection, year)
    return [(row.source_name, Monitoring.model_validate(row.content)) for row in sorted(rows, key=lambda r: r.code)
            if codes is None or row.code in codes]


def with_last_years(engine: Engine, reports: Sequence[Monitoring]) -> list[Monitoring]:
    """The reports with last year's spending from the store put into each project that does not give its own: a
    project's, by name, from its department's latest report of the year before (the fullest: its last month), what
    the forecast compares this year's pace with. One query a year, however many departments."""
    from ..monitoring.model import LastYear, Monitoring

    before: dict[tuple[str, int], Monitoring] = {}
    with engine.connect() as connection:
        for year in sorted({m.year for m in reports}):
            for row in _latest(connection, year - 1):
                before[(row.code, year)] = Monitoring.model_validate(row.content)
    out = []
    for monitoring in reports:
        found = before.get((monitoring.department.code or monitoring.department.name, monitoring.year))
        spent = {p.name: LastYear(budget=p.budget, spending=dict(p.spending)) for p in found.projects} if found else {}
        projects = tuple(p if p.last_year is not None or p.name not in spent else p.model_copy(
            update={"last_year": spent[p.name]}) for p in monitoring.projects)
        out.append(monitoring.model_copy(update={"projects": projects}) if spent else monitoring)
    return out
