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
from functools import lru_cache
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
    department_id: int = 0

    @property
    def difference(self) -> Decimal | None:
        """The reviewed score less the self-evaluated one."""
        if self.self_total is None or self.total is None:
            return None
        return self.total - self.self_total


def _latest(engine: Engine, *, year: int | None = None, department: str | None = None,
            tag: str | None = None, codes: frozenset[str] | None = None, indicators: bool = True
            ) -> list[YearScore]:
    """The department-years asked for, each as it stands (:mod:`jixiao.store.standing`): one row each, no
    re-scoring. ``codes`` keeps only those departments (what a viewer may see); without ``indicators`` the
    indicators' scores are left out (what a ranking does not need)."""
    from .schema import YearStanding

    query = (select(Department.id, Department.code, Department.name, Department.tags, YearStanding.year,
                    YearStanding.version, YearStanding.self_total, YearStanding.total, YearStanding.grade,
                    YearStanding.state, YearStanding.framework_id, YearStanding.last_seq)
             .join(YearStanding, YearStanding.department_id == Department.id))
    if year is not None:
        query = query.where(YearStanding.year == year)
    if department is not None:
        query = query.where((Department.code == department) | (Department.name == department))
    if codes is not None:
        query = query.where(Department.code.in_(sorted(codes)))
    with engine.connect() as connection:
        found = [row for row in connection.execute(query.order_by(YearStanding.year, Department.code))
                 if tag is None or tag in (row.tags or ())]
    if not found:
        what = "、".join(w for w in (f"{year} 年度" if year else "", f"部门“{department}”" if department else "",
                                     f"类型“{tag}”" if tag else "") if w)
        raise StoreError(f"数据库中没有{what or ''}的报送")
    scored = indicators_of(engine, [(row.id, row.year) for row in found]) if indicators else {}
    return [YearScore(row.code, row.name, tuple(row.tags or ()), row.year, row.version, _decimal(row.self_total),
                      _decimal(row.total), row.grade, row.state, scored.get((row.id, row.year), {}),
                      row.framework_id, row.last_seq, row.id) for row in found]


def indicators_of(engine: Engine, keys: list[tuple[int, int]]
                  ) -> dict[tuple[int, int], dict[str, tuple[str, Decimal, Decimal | None]]]:
    """The indicators' reviewed scores of the department-years ``keys`` (department id, year), in framework
    order, read a year at a time (by the table's key: department and year)."""
    from .schema import StandingIndicator as SI

    out: dict[tuple[int, int], dict[str, tuple[str, Decimal, Decimal | None]]] = defaultdict(dict)
    by_year: dict[int, list[int]] = defaultdict(list)
    for department_id, year in keys:
        by_year[year].append(department_id)
    columns = select(SI.department_id, SI.year, SI.indicator_id, SI.name, SI.weight, SI.score)
    with engine.connect() as connection:
        for year, ids in by_year.items():
            for n in range(0, len(ids), 900):
                query = columns.where(SI.department_id.in_(ids[n:n + 900]), SI.year == year)
                for row in connection.execute(query.order_by(SI.department_id, SI.position)):
                    out[(row.department_id, row.year)][row.indicator_id] = (
                        row.name, Decimal(row.weight), _decimal(row.score))
    return out


@dataclass(frozen=True, slots=True)
class Ranked:
    rank: int
    row: YearScore


GRADES = ("优", "良", "中", "差")


@dataclass(frozen=True, slots=True)
class Dashboard:
    """The dashboard of one year: counts over every department-year the filters keep, the first rows ranked."""

    count: int
    grades: list[tuple[str, int]]
    states: dict[str, int]
    top: list[Ranked]
    #: by framework: how many department-years, and each indicator's score rate (%) over all of them
    frameworks: dict[str, int]
    means: dict[str, dict[str, Decimal | None]]


def overview(engine: Engine, *, year: int, tag: str | None = None, state: str | None = None,
             codes: frozenset[str] | None = None, limit: int = 200) -> Dashboard:
    """A year at a glance (the dashboard, the bureau's summary report), counted and ranked in the database (one
    year's standings), so that a year of ten thousand departments costs no more than the rows shown: grades and
    states counted, the first ``limit`` ranked (equal scores share a rank), each framework's indicators' mean
    score rates. ``codes`` keeps only those departments (what a viewer may see)."""
    from sqlalchemy import func

    from .review import PENDING, RETURNED, REVIEWED, REVIEWING
    from .schema import StandingIndicator as SI
    from .schema import YearStanding as YS

    where = [YS.year == year]
    if codes is not None:
        where.append(Department.code.in_(sorted(codes)))
    if state:
        where.append(YS.state == state)
    with engine.connect() as connection:
        if tag:
            where.append(YS.department_id.in_(tagged(connection, tag)))
        counted = connection.execute(select(YS.grade, YS.state, func.count()).join(
            Department, Department.id == YS.department_id).where(*where).group_by(YS.grade, YS.state)).all()
        found = connection.execute(
            select(Department.id, Department.code, Department.name, Department.tags, YS.version, YS.self_total,
                   YS.total, YS.grade, YS.state, YS.framework_id, YS.last_seq)
            .join(YS, YS.department_id == Department.id).where(*where)
            .order_by(YS.total_micros.desc().nulls_last(), Department.code).limit(limit)).all()
        framework_counts = dict(connection.execute(select(YS.framework_id, func.count()).join(
            Department, Department.id == YS.department_id).where(*where).group_by(YS.framework_id)).all())
        if len(where) == 1:  # the whole year: its totals, kept as the standings are written
            from .schema import IndicatorTotal as IT

            sums: Any = connection.execute(select(IT.framework_id, IT.indicator_id, IT.score_micros,
                                                  IT.weight_micros).where(IT.year == year, IT.scored > 0)).all()
        else:
            sums = connection.execute(
                select(YS.framework_id, SI.indicator_id, func.sum(SI.score_micros), func.sum(SI.weight_micros))
                .join(SI, (SI.department_id == YS.department_id) & (SI.year == YS.year))
                .join(Department, Department.id == YS.department_id)
                .where(*where, SI.score_micros.is_not(None)).group_by(YS.framework_id, SI.indicator_id)).all()
    from ..decimals import round_half_up

    grades = {g: 0 for g in GRADES}
    states: dict[str, int] = {s: 0 for s in (PENDING, REVIEWING, REVIEWED, RETURNED)}
    for grade, row_state, n in counted:
        grades[grade or "未评定"] = grades.get(grade or "未评定", 0) + n
        states[row_state] = states.get(row_state, 0) + n
    top: list[Ranked] = []
    for index, row in enumerate(found):
        score = YearScore(row.code, row.name, tuple(row.tags or ()), year, row.version, _decimal(row.self_total),
                          _decimal(row.total), row.grade, row.state, {}, row.framework_id, row.last_seq, row.id)
        same = top and top[-1].row.total == score.total
        top.append(Ranked(top[-1].rank if same else index + 1, score))
    means: dict[str, dict[str, Decimal | None]] = {}
    for framework, indicator, scored, weighed in sums:
        # one framework gives an indicator one weight: the rate of the sums is the mean of the rates
        means.setdefault(framework, {})[indicator] = (
            round_half_up(Decimal(int(scored or 0)) / Decimal(int(weighed)) * 100, 1) if weighed else None)
    return Dashboard(sum(states.values()), [(g, n) for g, n in grades.items() if g in GRADES or n], states, top,
                     framework_counts, means)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _year(engine: Engine, year: int, tag: str | None = None) -> list[Any]:
    """A year's department-years as they stand, from the highest reviewed score down (then by code), read in
    one query: what the ranking and the summary need and nothing else (no indicators, the tags decoded once for
    each distinct list)."""
    from sqlalchemy import Text, cast

    from .schema import YearStanding as YS

    query = (select(Department.code, Department.name, cast(Department.tags, Text).label("tags"), YS.total,
                    YS.total_micros, YS.self_total, YS.self_micros, YS.grade, YS.state)
             .join(YS, YS.department_id == Department.id).where(YS.year == year)
             .order_by(YS.total_micros.desc().nulls_last(), Department.code))
    with engine.connect() as connection:
        found = list(connection.execute(query))
    if tag is not None:
        found = [row for row in found if tag in _tags(row.tags)]
    if not found:
        raise StoreError(f"数据库中没有{year} 年度{f'类型“{tag}”' if tag else ''}的报送")
    return found


@lru_cache(maxsize=4096)
def _tags(text: str | None) -> tuple[str, ...]:
    """A department's type tags from the JSON text the database keeps them in."""
    return tuple(json.loads(text)) if text else ()


def ranking(engine: Engine, year: int, tag: str | None = None) -> list[dict[str, Any]]:
    """The departments of a year from the highest score down, with rank (ties share a rank)."""
    return ranked(_year(engine, year, tag))


def ranked(found: list[Any]) -> list[dict[str, Any]]:
    """The ranking's rows of a year's standings as :func:`_year` reads them (already in order)."""
    rows: list[dict[str, Any]] = []
    rank, before = 0, object()
    for index, s in enumerate(found):
        if s.total_micros != before:
            rank, before = index + 1, s.total_micros
        rows.append({"名次": rank, "部门编码": s.code, "部门": s.name, "类型": "、".join(_tags(s.tags)),
                     "得分": _decimal(s.total), "等级": s.grade, "自评得分": _decimal(s.self_total),
                     "复核状态": s.state})
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


def summary(engine: Engine, year: int, tag: str | None = None, found: list[Any] | None = None) -> dict[str, Any]:
    """A year across departments: grades, the indicators losing most points, self against reviewed scores, and
    the change from the year before for the departments stored in both. ``found``: the year's standings when the
    caller has read them already (:func:`_year`, for the same year and type)."""
    import heapq
    from collections import Counter

    scores = found if found is not None else _year(engine, year, tag)
    grades = Counter(s.grade or "未评定" for s in scores)

    def gap(s: Any) -> int:
        return (s.self_micros or 0) - (s.total_micros or 0)

    differences = [{"部门": s.name, "自评得分": _decimal(s.self_total), "复核后得分": _decimal(s.total),
                    "差额": (_decimal(s.self_total) or Decimal(0)) - (_decimal(s.total) or Decimal(0))}
                   for s in heapq.nsmallest(10, scores, key=lambda s: -abs(gap(s)))]
    before = _totals(engine, year - 1)
    changes = []
    for s in scores:
        if s.code in before:
            now, then = _decimal(s.total), before[s.code]
            changes.append({"部门": s.name, f"{year - 1} 年度": then, f"{year} 年度": now,
                            "变化": (now or Decimal(0)) - (then or Decimal(0))})
    return {"年度": year, "部门数": len(scores), "等级分布": dict(grades), "失分最多的指标": _losing(engine, year, tag)[:10],
            "自评与复核差异": differences, "与上年相比": changes}


def _totals(engine: Engine, year: int) -> dict[str, Decimal | None]:
    """The reviewed totals of a year by department code (one light query)."""
    from .schema import YearStanding

    with engine.connect() as connection:
        found = connection.execute(select(Department.code, YearStanding.total).join(
            YearStanding, YearStanding.department_id == Department.id).where(YearStanding.year == year)).all()
    return {code: _decimal(total) for code, total in found}


def tagged(connection: Any, tag: str) -> list[int]:
    """The ids of the departments of type ``tag`` (the tags are a JSON list, read here rather than in SQL, where
    the two databases read JSON differently)."""
    return [d.id for d in connection.execute(select(Department.id, Department.tags)) if tag in (d.tags or ())]


def _losing(engine: Engine, year: int, tag: str | None) -> list[dict[str, Any]]:
    """The indicators of a year by the points they lose across departments, most first, added up in whole
    millionths of a point (exact on either database). By name: what a finance officer reads (the same indicator
    of two frameworks counts together). The whole year reads the totals kept with the standings (one row an
    indicator); a peer group adds up its own departments' indicators in the database."""
    from sqlalchemy import case, func

    from ..decimals import round_half_up
    from .schema import IndicatorTotal as IT
    from .schema import StandingIndicator as SI
    from .standing import MICRO

    if tag is None:
        query = (select(IT.name, IT.weight_micros - IT.score_micros, IT.scored, IT.losing, IT.position)
                 .where(IT.year == year, IT.scored > 0))
    else:
        lost = SI.weight_micros - SI.score_micros
        query = (select(SI.name, func.sum(lost), func.count(), func.sum(case((lost > 0, 1), else_=0)),
                        func.min(SI.position)).where(SI.year == year, SI.score_micros.is_not(None)).group_by(SI.name))
        with engine.connect() as connection:
            query = query.where(SI.department_id.in_(tagged(connection, tag)))
    totals: dict[str, list[int]] = {}
    with engine.connect() as connection:
        for name, lost_micros, count, losing, position in connection.execute(query):
            total = totals.setdefault(name, [0, 0, 0, position])
            total[0] += int(lost_micros)
            total[1] += int(count)
            total[2] += int(losing)
            total[3] = min(total[3], position)
    rows = []
    for name, (lost_micros, count, losing, position) in totals.items():
        points = Decimal(lost_micros) / MICRO
        rows.append((-points, position, {"指标": name, "合计失分": _points(points),
                                         "平均失分": round_half_up(points / count, 2), "失分部门数": losing}))
    return [row for *_, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _points(value: Decimal) -> Decimal:
    """A sum of scores as the scores write it: without the trailing zeros the millionths add."""
    from ..decimals import round_half_up

    return round_half_up(value, 2) if value == round_half_up(value, 2) else value.normalize()


def _mean(values: list[Decimal]) -> Decimal:
    from ..decimals import round_half_up

    return round_half_up(sum(values, Decimal(0)) / len(values), 2) if values else Decimal(0)


def as_json(value: Any) -> str:
    def default(item: Any) -> Any:
        if isinstance(item, Decimal):
            return f"{item:f}"
        raise TypeError(type(item).__name__)

    return json.dumps(value, ensure_ascii=False, indent=2, default=default)
