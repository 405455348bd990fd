"""Open data (公开数据): a year's scores out of the store as CSV and JSON, described by a Data Package.

Every department-year of the year counts with its latest submission as reviewed (the same view as
``jixiao history``: the imported case with every review change applied, scored under its own framework version).
Four data files and their descriptor:

- ``scores.csv``: a row per department-year (code, name, type tags, version, framework, self-evaluated and
  reviewed totals and grades, review state);
- ``indicators.csv``: a row per department-year and indicator (id, name, level-1 and level-2 groups, weight,
  self-evaluated and reviewed score);
- ``figures.csv``: a row per figure of the reviewed case (its dotted path, the value as the case holds it);
- ``scores.json``: the same as one document, decimals as exact strings;
- ``datapackage.json``: a Tabular Data Package with a Fiscal Data Package ``model`` (measures, dimensions).

The CSV files are UTF-8 with a byte-order mark, so that Excel reads the Chinese as Chinese; every number is the
decimal's exact digits.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from ..problems import Problem
from .db import StoreError
from .schema import Department, FrameworkVersion, Submission

FILES = ("scores.csv", "indicators.csv", "figures.csv", "scores.json", "datapackage.json")
TAG_SEPARATOR = "、"


@dataclass(frozen=True, slots=True)
class IndicatorScores:
    """One indicator of a department-year: both scores beside its weight."""

    id: str
    name: str
    level1: str
    level2: str
    weight: Decimal
    self_score: Decimal | None
    reviewed_score: Decimal | None


@dataclass(frozen=True, slots=True)
class ExportedYear:
    """One department-year as the open data gives it."""

    code: str
    department: str
    full_name: str | None
    tags: tuple[str, ...]
    year: int
    version: int
    framework: str
    self_total: Decimal | None
    self_grade: str | None
    reviewed_total: Decimal | None
    reviewed_grade: str | None
    state: str
    indicators: tuple[IndicatorScores, ...]
    figures: tuple[tuple[str, str], ...]  # (dotted path, value as the reviewed case holds it)


def year_scores(engine: Engine, year: int) -> list[ExportedYear]:
    """Every department-year of ``year``, latest submission as reviewed, by department code; a year with
    nothing stored is a :class:`StoreError`."""
    from .review import _events, _scored, _state, reviewed_data

    table = Submission.__table__
    latest = (select(table.c.department_id, func.max(table.c.version).label("version"))
              .where(table.c.year == year).group_by(table.c.department_id).subquery())
    wanted = (table.c.id, table.c.version, table.c.framework_version_id, table.c.case_yaml, table.c.total,
              table.c.grade, table.c.scores)  # not the original files' bytes
    query = (select(*wanted, Department.code, Department.name.label("department_name"), Department.full_name,
                    Department.tags, FrameworkVersion.framework_id.label("framework"))
             .join(latest, (latest.c.department_id == table.c.department_id)
                   & (latest.c.version == table.c.version))
             .join(Department.__table__, Department.id == table.c.department_id)
             .join(FrameworkVersion.__table__, FrameworkVersion.id == table.c.framework_version_id)
             .where(table.c.year == year))
    found: list[ExportedYear] = []
    with engine.connect() as connection, connection.begin():  # one consistent snapshot of the year
        for submission in connection.execute(query).all():
            events = _events(connection, submission.id)
            changes = any(e.kind == "change" and e.target is not None for e in events)
            data = reviewed_data(submission.case_yaml, events)
            stored = submission.scores["indicators"]
            self_scores = [_decimal(i["score"]) for i in stored]
            if changes:  # re-scored under the same framework version, as the review does
                _, evaluation = _scored(connection, submission, events)
                reviewed_total, reviewed_grade = evaluation.total, evaluation.grade
                reviewed = {r.indicator.id: r.score for r in evaluation.results}
                reviewed_scores = [reviewed[i["id"]] for i in stored]
            else:  # nothing changed: the reviewed score is the self-evaluated one
                reviewed_total, reviewed_grade = _decimal(submission.total), submission.grade
                reviewed_scores = self_scores
            indicators = tuple(
                IndicatorScores(i["id"], i["name"], i["level1"], i["level2"], Decimal(i["weight"]), own, after)
                for i, own, after in zip(stored, self_scores, reviewed_scores, strict=True))
            found.append(ExportedYear(
                str(submission.code), str(submission.department_name), submission.full_name,
                tuple(submission.tags or ()), year, int(submission.version), str(submission.framework),
                _decimal(submission.total), submission.grade, reviewed_total, reviewed_grade, _state(events),
                indicators, tuple(flatten(data))))
    if not found:
        raise StoreError(f"数据库中没有 {year} 年度的报送：没有可导出的数据（先用 jixiao import 导入该年度）")
    return sorted(found, key=lambda y: y.code)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def flatten(data: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Every value of the case by its dotted path (``budget.initial``); the items of a list numbered from 1
    (``quarters.4.cumulative_spending``: the fourth quarter). Empty lists and tables give no row."""
    pairs: Iterable[tuple[Any, Any]]
    if isinstance(data, dict):
        pairs = data.items()
    elif isinstance(data, list | tuple):
        pairs = ((str(index), item) for index, item in enumerate(data, 1))
    else:
        return [(prefix, text(data))]
    out: list[tuple[str, str]] = []
    for key, value in pairs:
        out += flatten(value, f"{prefix}.{key}" if prefix else str(key))
    return out


def text(value: Any) -> str:
    """A value as the open data writes it: a decimal's exact digits, true/false, empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


# The tables: each column's name (the CSV header), Table Schema type and Chinese title. The CSV files and the
# descriptor are both written from these, so that a header and its schema cannot drift apart.
Column = tuple[str, str, str]
SCORE_COLUMNS: tuple[Column, ...] = (
    ("code", "string", "部门编码"),
    ("department", "string", "部门"),
    ("full_name", "string", "部门全称"),
    ("tags", "string", "部门类型"),
    ("year", "year", "评价年度"),
    ("version", "integer", "报送版本"),
    ("framework", "string", "指标体系"),
    ("self_total", "number", "自评得分"),
    ("self_grade", "string", "自评等级"),
    ("reviewed_total", "number", "复核后得分"),
    ("reviewed_grade", "string", "复核后等级"),
    ("review_state", "string", "复核状态"),
)
INDICATOR_COLUMNS: tuple[Column, ...] = (
    ("code", "string", "部门编码"),
    ("department", "string", "部门"),
    ("year", "year", "评价年度"),
    ("framework", "string", "指标体系"),
    ("indicator_id", "string", "指标编号"),
    ("indicator", "string", "三级指标"),
    ("level1", "string", "一级指标"),
    ("level2", "string", "二级指标"),
    ("weight", "number", "分值"),
    ("self_score", "number", "自评得分"),
    ("reviewed_score", "number", "复核后得分"),
)
FIGURE_COLUMNS: tuple[Column, ...] = (
    ("code", "string", "部门编码"),
    ("department", "string", "部门"),
    ("year", "year", "评价年度"),
    ("field", "string", "字段"),
    ("value", "string", "值"),
)


def _score_row(y: ExportedYear) -> list[str]:
    return [y.code, y.department, text(y.full_name), TAG_SEPARATOR.join(y.tags), str(y.year), str(y.version),
            y.framework, text(y.self_total), text(y.self_grade), text(y.reviewed_total), text(y.reviewed_grade),
            y.state]


def _indicator_rows(y: ExportedYear) -> list[list[str]]:
    return [[y.code, y.department, str(y.year), y.framework, i.id, i.name, i.level1, i.level2, text(i.weight),
             text(i.self_score), text(i.reviewed_score)] for i in y.indicators]


def _figure_rows(y: ExportedYear) -> list[list[str]]:
    return [[y.code, y.department, str(y.year), path, value] for path, value in y.figures]


def _csv(columns: tuple[Column, ...], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)  # the Table Schema dialect's defaults: comma, double quote, CRLF
    writer.writerow([name for name, _, _ in columns])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def package_files(years: list[ExportedYear], year: int) -> dict[str, bytes]:
    """The five files of a year's open data, by name."""
    document = {"year": year, "departments": [_as_json(y) for y in years]}
    return {
        "scores.csv": _csv(SCORE_COLUMNS, [_score_row(y) for y in years]),
        "indicators.csv": _csv(INDICATOR_COLUMNS, [row for y in years for row in _indicator_rows(y)]),
        "figures.csv": _csv(FIGURE_COLUMNS, [row for y in years for row in _figure_rows(y)]),
        "scores.json": _dumps(document),
        "datapackage.json": _dumps(descriptor(year)),
    }


def _dumps(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _as_json(y: ExportedYear) -> dict[str, Any]:
    return {
        "code": y.code, "department": y.department, "full_name": y.full_name, "tags": list(y.tags),
        "year": y.year, "version": y.version, "framework": y.framework,
        "self_total": _number(y.self_total), "self_grade": y.self_grade,
        "reviewed_total": _number(y.reviewed_total), "reviewed_grade": y.reviewed_grade, "review_state": y.state,
        "indicators": [{"indicator_id": i.id, "indicator": i.name, "level1": i.level1, "level2": i.level2,
                        "weight": _number(i.weight), "self_score": _number(i.self_score),
                        "reviewed_score": _number(i.reviewed_score)} for i in y.indicators],
        "figures": dict(y.figures),
    }


_DESCRIPTIONS = {
    "tags": f"同类比较用的部门类型标签，多个以“{TAG_SEPARATOR}”分隔",
    "version": "同一部门年度的第几份报送（导出的是最新一份）",
    "framework": "评分所用指标体系的编号",
    "indicator_id": "指标在其指标体系中的编号（不同指标体系的同一编号不一定是同一指标）",
    "self_total": "部门自评的综合评分（导入时的计分）",
    "reviewed_total": "复核后的综合评分：导入的案例加上全部复核修改后重新计分；未修改时等于自评得分",
    "review_state": "待复核、复核中、已复核或退回",
    "weight": "指标分值（满分）",
    "self_score": "导入时的计分；空白为未计分",
    "reviewed_score": "复核后的计分；空白为未计分",
    "field": "案例中的字段路径（以“.”分隔；列表中的各项从 1 起编号，如 quarters.4 为第四季度）",
    "value": "复核修改后案例中的值：金额以案例的金额单位（unit）计，比率为小数（0.95 即 95%），是否为 true/false",
}
_REVIEW_STATES = ["待复核", "复核中", "已复核", "退回"]


def _schema(columns: tuple[Column, ...], key: list[str], *, to_scores: bool) -> dict[str, Any]:
    fields = []
    for name, kind, title in columns:
        field: dict[str, Any] = {"name": name, "type": kind, "title": title}
        if name in _DESCRIPTIONS:
            field["description"] = _DESCRIPTIONS[name]
        if name in key:
            field["constraints"] = {"required": True}
        if name == "review_state":
            field["constraints"] = {"required": True, "enum": _REVIEW_STATES}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "primaryKey": key, "missingValues": [""]}
    if to_scores:
        schema["foreignKeys"] = [{"fields": ["code", "year"],
                                  "reference": {"resource": "scores", "fields": ["code", "year"]}}]
    return schema


def _resource(name: str, title: str, columns: tuple[Column, ...], key: list[str], *,
              to_scores: bool = False) -> dict[str, Any]:
    return {
        "profile": "tabular-data-resource", "name": name, "path": f"{name}.csv", "title": title,
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": _schema(columns, key, to_scores=to_scores),
    }


# Scores are points, not money: ISO 4217 keeps XXX for "no currency", which the Fiscal Data Package's
# required currency of a measure then says truthfully.
_POINTS = "XXX"


def descriptor(year: int) -> dict[str, Any]:
    """The ``datapackage.json`` of a year: a Tabular Data Package whose ``model`` maps its columns to the
    Fiscal Data Package's measures (the scores) and dimensions (department, year, indicator, framework)."""
    def measure(resource: str, source: str, title: str) -> dict[str, Any]:
        return {"resource": resource, "source": source, "currency": _POINTS, "title": title}

    def attribute(resource: str, source: str, **extra: str) -> dict[str, Any]:
        return {"resource": resource, "source": source, **extra}

    return {
        "profile": "tabular-data-package",
        "name": f"jixiao-performance-evaluation-{year}",
        "title": f"{year} 年度部门整体支出绩效评价结果",
        "description": (f"{year} 年度各部门（每个部门年度的最新一份报送）的自评得分和复核后得分、各指标得分及评价所用"
                        "的事实，由 jixiao 从评价数据库导出。分数为十进制数字（分），不含货币单位；scores.json 为同一内容的 "
                        "JSON。CSV 文件为带 BOM 的 UTF-8。"),
        "keywords": ["绩效评价", "部门整体支出", "performance evaluation", "fiscal data package"],
        "countryCode": "CN",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{year:04d}-01-01", "end": f"{year:04d}-12-31"},
        "resources": [
            _resource("scores", "部门年度得分", SCORE_COLUMNS, ["code", "year"]),
            _resource("indicators", "各指标得分", INDICATOR_COLUMNS, ["code", "year", "indicator_id"],
                      to_scores=True),
            _resource("figures", "评价所用的事实", FIGURE_COLUMNS, ["code", "year", "field"], to_scores=True),
        ],
        "model": {
            "measures": {
                "self_total": measure("scores", "self_total", "自评得分"),
                "reviewed_total": measure("scores", "reviewed_total", "复核后得分"),
                "weight": measure("indicators", "weight", "指标分值"),
                "self_score": measure("indicators", "self_score", "指标自评得分"),
                "reviewed_score": measure("indicators", "reviewed_score", "指标复核后得分"),
            },
            "dimensions": {
                "department": {
                    "dimensionType": "entity",
                    "attributes": {
                        "code": attribute("scores", "code"),
                        "name": attribute("scores", "department", labelfor="code"),
                        "full_name": attribute("scores", "full_name", labelfor="code"),
                        "tags": attribute("scores", "tags"),
                    },
                    "primaryKey": "code",
                },
                "year": {
                    "dimensionType": "datetime",
                    "attributes": {"year": attribute("scores", "year")},
                    "primaryKey": "year",
                },
                "indicator": {
                    "dimensionType": "classification",
                    "attributes": {
                        "framework": attribute("indicators", "framework"),
                        "id": attribute("indicators", "indicator_id"),
                        "name": attribute("indicators", "indicator", labelfor="id"),
                        "level1": attribute("indicators", "level1"),
                        "level2": attribute("indicators", "level2"),
                    },
                    "primaryKey": ["framework", "id"],  # an indicator's id is its framework's own
                },
                "framework": {
                    "dimensionType": "classification",
                    "attributes": {"id": attribute("scores", "framework")},
                    "primaryKey": "id",
                },
            },
        },
    }


def folder_problems(folder: Path, *, overwrite: bool, inputs: Sequence[Path] = ()) -> list[Problem]:
    """What stops the export from being written to ``folder``, found before the store is read: a folder with
    files in it (unless ``overwrite``), a file of that name, a folder that cannot be written."""
    from ..outputs import output_problems

    if folder.is_dir() and any(folder.iterdir()) and not overwrite:
        return [Problem(str(folder), "文件夹中已有文件：为免覆盖，请换一个文件夹，或加 --overwrite 覆盖其中的导出文件"
                                     f"（{'、'.join(FILES)}；其他文件不动）")]
    if folder.exists() and not folder.is_dir():
        return [Problem(str(folder), "已有同名文件，不是文件夹：请换一个文件夹名")]
    return output_problems([folder / name for name in FILES], inputs)


def write_package(folder: Path, files: dict[str, bytes], *, overwrite: bool = False) -> None:
    """Put ``files`` in ``folder`` whole or not at all (:class:`OutputError` naming the folder or file).

    A new (or empty) folder is built beside it under a temporary name and renamed into place: it appears
    complete or not at all. Into a folder that already has files (``overwrite``), the export's files are
    each written beside their destination and renamed over them together; the folder's other files stay."""
    from ..outputs import OutputError, staging

    if folder.is_dir() and any(folder.iterdir()):
        if not overwrite:  # files came while the store was read
            raise OutputError(folder, FileExistsError(errno.EEXIST, "exists"),
                              reason="文件夹中已有文件：为免覆盖，请换一个文件夹，或加 --overwrite")
        with staging([folder / name for name in files]) as temporaries:
            for (name, data), temporary in zip(files.items(), temporaries, strict=True):
                try:
                    temporary.write_bytes(data)
                except OSError as error:
                    raise OutputError(folder / name, error) from error
        return
    _write_new_folder(folder, files)


def _write_new_folder(folder: Path, files: dict[str, bytes]) -> None:
    import shutil
    import tempfile

    from ..outputs import TEMPORARY_PREFIX, OutputError, _signals_held

    made: list[Path] = []
    temporary: Path | None = None
    try:
        for parent in reversed([p for p in folder.parents if not p.exists()]):
            parent.mkdir()
            made.append(parent)
        temporary = Path(tempfile.mkdtemp(prefix=TEMPORARY_PREFIX, dir=folder.parent))
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o777 & ~umask)  # an ordinary folder's mode, not the temporary one's owner-only
        with _signals_held():  # an interruption finds the old empty folder or the new full one
            if folder.is_dir():
                folder.rmdir()
            os.rename(temporary, folder)
    except BaseException as error:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        for parent in reversed(made):
            with contextlib.suppress(OSError):
                parent.rmdir()
        if isinstance(error, OSError) and not isinstance(error, OutputError):
            raise OutputError(folder, error) from error
        raise
