"""Looking across departments and years (横向比较): rankings, a department's years, a year's summary.

Each department-year counts with its latest submission, scored as reviewed (the imported case with every review
change applied; the self-evaluated score when nothing was changed). A peer group is the departments sharing a
type tag (``jixiao import --type``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from .db import StoreError
from .schema import Department


@dataclass(frozen=True, slots=True)
class YearScore:
    """One department-year as the views show it."""

    code: str
    department: str
    tags: tuple[str, ...]
    year: int
    version: int
    self_total: Decimal | None
    total: Decimal | None
    grade: str | None
    state: str
    indicators: dict[str, tuple[str, Decimal, Decimal | None]]  # id → (name, weight, score)
    framework: str = ""
    last_seq: int = 0


def _latest(engine: Engine, *, year: int | None = None, department: str | None = None,
            tag: str | None = None, codes: frozenset[str] | None = None) -> list[YearScore]:
    """The department-years asked for, each as it stands (:mod:`jixiao.store.standing`): one row each, no
    re-scoring. ``codes`` keeps only those departments (what a viewer may see)."""
    from .schema import YearStanding

    query = (select(Department.code, Department.name, Department.tags, YearStanding.year, YearStanding.version,
                    YearStanding.self_total, YearStanding.total, YearStanding.grade, YearStanding.state,
                    YearStanding.indicators, YearStanding.framework_id, YearStanding.last_seq)
             .join(YearStanding, YearStanding.department_id == Department.id)
             .order_by(YearStanding.year, Department.code))
    if year is not None:
        query = query.where(YearStanding.year == year)
    if department is not None:
        query = query.where((Department.code == department) | (Department.name == department))
    if codes is not None:
        query = query.where(Department.code.in_(sorted(codes)))
    with engine.connect() as connection:
        found = connection.execute(query).all()
    scores = []
    for row in found:
        tags = tuple(row.tags or ())
        if tag is not None and tag not in tags:
            continue
        indicators = {key: (label, Decimal(weight), _decimal(score))
                      for key, label, weight, _, score in row.indicators}
        scores.append(YearScore(row.code, row.name, tags, row.year, row.version, _decimal(row.self_total),
                                _decimal(row.total), row.grade, row.state, indicators, row.framework_id,
                                row.last_seq))
    if not scores:
        what = "、".join(w for w in (f"{year} 年度" if year else "", f"部门“{department}”" if department else "",
                                     f"类型“{tag}”" if tag else "") if w)
        raise StoreError(f"数据库中没有{what or ''}的报送")
    return scores


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def ranking(engine: Engine, year: int, tag: str | None = None) -> list[dict[str, Any]]:
    """The departments of a year from the highest score down, with rank (ties share a rank)."""
    scores = sorted(_latest(engine, year=year, tag=tag), key=lambda s: (-(s.total or Decimal(-1)), s.code))
    rows: list[dict[str, Any]] = []
    for index, s in enumerate(scores):
        rank = rows[-1]["名次"] if rows and rows[-1]["得分"] == s.total else index + 1
        rows.append({"名次": rank, "部门编码": s.code, "部门": s.department, "类型": "、".join(s.tags),
                     "得分": s.total, "等级": s.grade, "自评得分": s.self_total, "复核状态": s.state})
    return rows


def compare(engine: Engine, department: str) -> tuple[list[str], list[dict[str, Any]]]:
    """A department's years side by side: each indicator's score per year, then the totals."""
    years = _latest(engine, department=department)
    columns = ["指标"] + [f"{y.year} 年度" for y in years]
    names: dict[str, str] = {}
    for y in years:
        for key, (name, _, _) in y.indicators.items():
            names.setdefault(key, name)
    rows: list[dict[str, Any]] = []
    for key, name in names.items():
        row: dict[str, Any] = {"指标": name}
        for y in years:
            found = y.indicators.get(key)
            row[f"{y.year} 年度"] = None if found is None else found[2]
        rows.append(row)
    rows.append({"指标": "综合评分", **{f"{y.year} 年度": y.total for y in years}})
    rows.append({"指标": "等级", **{f"{y.year} 年度": y.grade for y in years}})
    return columns, rows


def summary(engine: Engine, year: int, tag: str | None = None) -> dict[str, Any]:
    """A year across departments: grades, the indicators losing most points, self against reviewed scores, and
    the change from the year before for the departments stored in both."""
    scores = _latest(engine, year=year, tag=tag)
    grades: dict[str, int] = defaultdict(int)
    for s in scores:
        grades[s.grade or "未评定"] += 1
    # by name: what a finance officer reads (the same indicator of two frameworks counts together)
    lost: dict[str, list[Decimal]] = defaultdict(list)
    names: dict[str, str] = {}
    for s in scores:
        for name, weight, score in s.indicators.values():
            names[name] = name
            if score is not None:
                lost[name].append(weight - score)
    totals = {k: sum(v, Decimal(0)) for k, v in lost.items()}
    losing: list[dict[str, Any]] = [
        {"指标": names[k], "合计失分": totals[k], "平均失分": _mean(lost[k]), "失分部门数": sum(1 for x in lost[k] if x > 0)}
        for k in sorted(totals, key=lambda k: -totals[k])]
    gaps = {s.code: (s.self_total or Decimal(0)) - (s.total or Decimal(0)) for s in scores}
    differences: list[dict[str, Any]] = [
        {"部门": s.department, "自评得分": s.self_total, "复核后得分": s.total, "差额": gaps[s.code]}
        for s in sorted(scores, key=lambda s: -abs(gaps[s.code]))]
    try:
        before = {s.code: s for s in _latest(engine, year=year - 1, tag=tag)}
    except StoreError:
        before = {}
    changes = [{"部门": s.department, f"{year - 1} 年度": before[s.code].total, f"{year} 年度": s.total,
                "变化": (s.total or Decimal(0)) - (before[s.code].total or Decimal(0))}
               for s in scores if s.code in before]
    return {"年度": year, "部门数": len(scores), "等级分布": dict(grades), "失分最多的指标": losing[:10],
            "自评与复核差异": differences[:10], "与上年相比": changes}


def _mean(values: list[Decimal]) -> Decimal:
    from ..decimals import round_half_up

    return round_half_up(sum(values, Decimal(0)) / len(values), 2) if values else Decimal(0)


def as_json(value: Any) -> str:
    def default(item: Any) -> Any:
        if isinstance(item, Decimal):
            return f"{item:f}"
        raise TypeError(type(item).__name__)

    return json.dumps(value, ensure_ascii=False, indent=2, default=default)
