"""Audits of published reports kept with their department-year (审核结果入库).

A report is kept with the department-year it is about: the department and year given, else those its title
names (:mod:`jixiao.audit.extraction`), found in the store by code or name. A report whose department-year
the store does not hold is not kept, and the caller says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select

from .db import writing
from .schema import AuditRecord, Department

if TYPE_CHECKING:
    from ..audit.findings import AuditResult


@dataclass(frozen=True, slots=True)
class Kept:
    department: str
    year: int


def keep(engine: Engine, result: AuditResult, content: bytes, *, department: str | None = None,
         year: int | None = None, actor: str = "审核") -> Kept | str:
    """Keep one report's audit with its department-year; what was kept, or why it was not (in Chinese)."""
    from ..audit.findings import Severity
    from ..audit.presentation import result_data

    named = department or result.extraction.department
    when = year or result.extraction.year
    if not named or when is None:
        return "报告中读不出部门或年度：请用 --department 和 --year 指明"
    with writing(engine) as connection:
        found = connection.execute(select(Department.id, Department.name).where(
            (Department.code == named) | (Department.name == named))
            .order_by((Department.code == named).desc())).first()
        if found is None:
            return f"数据库中没有部门“{named}”：请先导入该部门的报送，或用 --department 指明其编码"
        connection.execute(insert(AuditRecord).values(
            department_id=found.id, year=when, source_name=result.name,
            source_sha256=hashlib.sha256(content).hexdigest(), framework_id=result.framework,
            errors=result.count(Severity.ERROR), suspects=result.count(Severity.SUSPECT),
            notes=result.count(Severity.NOTE), verified=len(result.verified), result=result_data(result),
            created_at=datetime.now(UTC).replace(tzinfo=None), created_by=actor))
    return Kept(str(found.name), when)


def audits_of(engine: Engine, code: str, year: int) -> list[Any]:
    """The audits kept for a department-year, the latest first."""
    table = AuditRecord.__table__
    with engine.connect() as connection:
        return list(connection.execute(
            select(table.c.id, table.c.source_name, table.c.framework_id, table.c.errors, table.c.suspects,
                   table.c.notes, table.c.verified, table.c.created_at, table.c.created_by, table.c.result)
            .join(Department, Department.id == table.c.department_id)
            .where(Department.code == code, table.c.year == year).order_by(table.c.id.desc())))
