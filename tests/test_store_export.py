"""Open data out of the store (jixiao export): a year's scores, indicators and figures as CSV and JSON with a
Data Package descriptor that describes them exactly. On both databases."""

from __future__ import annotations

import csv
import errno
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jixiao.cli import app
from store_support import store_url

__all__ = ["store_url"]  # the fixture, used by name
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "shenzhen-ccpit-2023.yaml"
BOM = b"\xef\xbb\xbf"
runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _other_department(tmp_path: Path, rate: str) -> Path:
    """A second department made from the example: its own code and name, another satisfaction rate."""
    text = EXAMPLE.read_text(encoding="utf-8")
    department = "  name: 深圳市贸促委\n  full_name: 中国国际贸易促进委员会深圳市委员会\n"
    assert department in text and "rate: 95%" in text
    text = text.replace(department, '  code: "440300123"\n  name: 深圳市某局\n  full_name: 深圳市某某局\n')
    path = tmp_path / f"某局-{rate.rstrip('%')}.yaml"
    path.write_text(text.replace("rate: 95%", f"rate: {rate}"), encoding="utf-8")
    return path


def _store(url: str, tmp_path: Path) -> str:
    """The example (under review: one award lowered) and a second department imported twice, the later
    version counting; the example a year before, which a 2023 export leaves out."""
    _run("db", "init", "--db", url)
    _run("import", str(EXAMPLE), "--type", "行政单位", "--db", url)
    _run("import", str(_other_department(tmp_path, "85%")), "--type", "事业单位", "--db", url)
    _run("import", str(_other_department(tmp_path, "92%")), "--db", url)
    earlier = tmp_path / "2022.yaml"
    earlier.write_text(EXAMPLE.read_text(encoding="utf-8").replace("year: 2023", "year: 2022"), encoding="utf-8")
    _run("import", str(earlier), "--any-year", "--db", url)  # the 2023 framework, deliberately
    _run("review", "深圳市贸促委", "2023", "--state", "复核中", "--reason", "开始复核", "--db", url)
    _run("review", "深圳市贸促委", "2023", "--set", "judgements.project_supervision.items.inspection=0.5",
         "--reason", "检查记录不全", "--db", url)
    return url


def _table(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM)  # Excel reads UTF-8 with a BOM as UTF-8
    return list(csv.DictReader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))


def _exported(url: str, tmp_path: Path) -> Path:
    out = tmp_path / "公开数据"
    printed = _run("export", "--year", "2023", "-o", str(out), "--db", _store(url, tmp_path))
    assert "2 个部门" in printed
    return out


def test_the_scores_are_the_latest_submissions_as_reviewed(store_url: str, tmp_path: Path) -> None:
    out = _exported(store_url, tmp_path)
    assert sorted(p.name for p in out.iterdir()) == [
        "datapackage.json", "figures.csv", "indicators.csv", "scores.csv", "scores.json"]
    scores = _table(out / "scores.csv")
    # The example scores 96.77 (优). Under review its 项目监管 inspection item goes from 0.8 to 0.5 points:
    # 96.77 − 0.30 = 96.47. The other department's second version has 92% satisfaction, in the [90%, 95%)
    # band: 4 points against the example's 6 at 95%, so 96.77 − 2 = 94.77.
    assert [(s["code"], s["department"], s["tags"], s["year"], s["version"], s["self_total"], s["reviewed_total"],
             s["reviewed_grade"], s["review_state"], s["framework"]) for s in scores] == [
        ("440300123", "深圳市某局", "事业单位", "2023", "2", "94.77", "94.77", "优", "待复核",
         "shenzhen-department-2023"),
        ("深圳市贸促委", "深圳市贸促委", "行政单位", "2023", "1", "96.77", "96.47", "优", "复核中",
         "shenzhen-department-2023"),
    ]
    indicators = _table(out / "indicators.csv")
    by_key = {(i["code"], i["indicator_id"]): i for i in indicators}
    assert len(indicators) == 2 * 21  # the Shenzhen framework's 21 level-3 indicators, for each department
    supervision = by_key[("深圳市贸促委", "project_supervision")]
    assert (supervision["indicator"], supervision["level1"], supervision["level2"], supervision["weight"],
            supervision["self_score"], supervision["reviewed_score"]) == (
        "项目监管", "部门管理指标", "项目管理指标", "2", "1.80", "1.50")  # 1 + 0.8 → 1 + 0.5
    satisfaction = by_key[("440300123", "satisfaction")]
    assert (satisfaction["weight"], satisfaction["self_score"], satisfaction["reviewed_score"]) == ("6", "4.00", "4.00")
    for s in scores:  # each department's indicator scores add up to its totals
        rows = [i for i in indicators if i["code"] == s["code"]]
        assert sum(Decimal(i["self_score"]) for i in rows) == Decimal(s["self_total"])
        assert sum(Decimal(i["reviewed_score"]) for i in rows) == Decimal(s["reviewed_total"])
        assert sum(Decimal(i["weight"]) for i in rows) == 100


def test_the_figures_are_the_reviewed_case_by_dotted_path(store_url: str, tmp_path: Path) -> None:
    out = _exported(store_url, tmp_path)
    figures = {(f["code"], f["field"]): f["value"] for f in _table(out / "figures.csv")}
    assert {f["year"] for f in _table(out / "figures.csv")} == {"2023"}
    ccpit = "深圳市贸促委"
    assert figures[(ccpit, "budget.adjusted")] == "4812.30"  # the digits as entered
    assert figures[(ccpit, "quarters.4.cumulative_spending")] == "4642.70"  # lists numbered from 1
    assert figures[(ccpit, "satisfaction.rate")] == "0.95"  # 95% as the case holds it
    assert figures[(ccpit, "petitions.channel")] == "true"
    assert figures[(ccpit, "staff.other.2.category")] == "外资专班工作人员"
    assert figures[(ccpit, "judgements.project_supervision.items.inspection.points")] == "0.5"  # after review
    assert figures[(ccpit, "judgements.project_supervision.items.inspection.reason")] == "检查记录不全"
    assert figures[("440300123", "satisfaction.rate")] == "0.92"  # the second version's, not the first's 0.85
    assert figures[("440300123", "department.code")] == "440300123"


def test_scores_json_holds_the_same_content_with_exact_decimals(store_url: str, tmp_path: Path) -> None:
    out = _exported(store_url, tmp_path)
    document = json.loads((out / "scores.json").read_text(encoding="utf-8"))
    assert document["year"] == 2023
    departments = document["departments"]
    scores = _table(out / "scores.csv")
    assert [d["code"] for d in departments] == [s["code"] for s in scores]
    for d, s in zip(departments, scores, strict=True):
        assert d["tags"] == s["tags"].split("、")
        assert (d["year"], d["version"]) == (int(s["year"]), int(s["version"]))
        for name in ("self_total", "reviewed_total", "self_grade", "reviewed_grade", "review_state", "framework"):
            assert d[name] == s[name]
        assert isinstance(d["reviewed_total"], str)  # "96.47": never a float
    indicators = _table(out / "indicators.csv")
    nested = [{"code": d["code"], **i} for d in departments for i in d["indicators"]]
    assert [(n["code"], n["indicator_id"], n["weight"], n["self_score"], n["reviewed_score"]) for n in nested] == [
        (i["code"], i["indicator_id"], i["weight"], i["self_score"], i["reviewed_score"]) for i in indicators]
    figures = _table(out / "figures.csv")
    assert [(d["code"], k, v) for d in departments for k, v in d["figures"].items()] == [
        (f["code"], f["field"], f["value"]) for f in figures]


_NAME = re.compile(r"^[-a-z0-9._/]+$")
_PARSES = {
    "string": lambda v: True,
    "integer": lambda v: re.fullmatch(r"-?[0-9]+", v) is not None,
    "number": lambda v: re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", v) is not None,
    "year": lambda v: re.fullmatch(r"[0-9]{4}", v) is not None,
}
_DIMENSION_TYPES = {"datetime", "entity", "classification", "activity", "fact", "location", "other"}


def _check_resource(out: Path, resource: dict[str, Any]) -> list[dict[str, str]]:
    assert resource["profile"] == "tabular-data-resource" and _NAME.match(resource["name"])
    assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8")
    path = out / resource["path"]
    assert path.is_file(), resource["path"]
    fields = resource["schema"]["fields"]
    raw = path.read_bytes()[len(BOM):].decode("utf-8")
    header, *rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert header == [f["name"] for f in fields]
    assert rows, resource["name"]
    for row in rows:
        assert len(row) == len(fields)
        for field, value in zip(fields, row, strict=True):
            constraints = field.get("constraints", {})
            if value == "":  # the schema's missing value
                assert "" in resource["schema"]["missingValues"] and not constraints.get("required"), field
                continue
            assert _PARSES[field["type"]](value), (resource["name"], field["name"], value)
            assert value in constraints.get("enum", [value])
    key = resource["schema"]["primaryKey"]
    positions = [header.index(k) for k in key]
    assert len({tuple(row[p] for p in positions) for row in rows}) == len(rows)  # the key is unique
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_descriptor_is_a_fiscal_data_package_describing_every_file(store_url: str, tmp_path: Path) -> None:
    out = _exported(store_url, tmp_path)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and _NAME.match(package["name"]) and package["title"]
    assert package["fiscalPeriod"] == {"start": "2023-01-01", "end": "2023-12-31"}
    resources = {r["name"]: r for r in package["resources"]}
    assert sorted(resources) == ["figures", "indicators", "scores"]
    tables = {name: _check_resource(out, r) for name, r in resources.items()}
    fields = {name: {f["name"]: f for f in r["schema"]["fields"]} for name, r in resources.items()}
    years = {(row["code"], row["year"]) for row in tables["scores"]}
    for name, resource in resources.items():
        for foreign in resource["schema"].get("foreignKeys", []):
            target = foreign["reference"]["resource"]
            assert target == "scores" and foreign["fields"] == foreign["reference"]["fields"] == ["code", "year"]
            assert {(row["code"], row["year"]) for row in tables[name]} <= years
    model = package["model"]
    assert set(model["measures"]) == {"self_total", "reviewed_total", "weight", "self_score", "reviewed_score"}
    for measure in model["measures"].values():
        assert re.fullmatch(r"[A-Z]{3}", measure["currency"])  # XXX: ISO 4217's "no currency" (points)
        assert fields[measure["resource"]][measure["source"]]["type"] == "number"
    assert set(model["dimensions"]) == {"department", "year", "indicator", "framework"}
    for dimension in model["dimensions"].values():
        assert dimension["dimensionType"] in _DIMENSION_TYPES
        attributes = dimension["attributes"]
        key = dimension["primaryKey"]
        assert attributes and set([key] if isinstance(key, str) else key) <= set(attributes)
        for attribute in attributes.values():
            assert attribute["source"] in fields[attribute["resource"]]
            assert attribute.get("labelfor", next(iter(attributes))) in attributes
    assert model["dimensions"]["year"]["dimensionType"] == "datetime"
    assert model["dimensions"]["indicator"]["primaryKey"] == ["framework", "id"]  # ids are each framework's own
    assert fields["scores"]["year"]["type"] == "year"


def test_a_year_with_nothing_stored_writes_nothing(store_url: str, tmp_path: Path) -> None:
    db = _store(store_url, tmp_path)
    out = tmp_path / "公开数据"
    result = runner.invoke(app, ["export", "--year", "2021", "-o", str(out), "--db", db])
    assert result.exit_code == 2 and "没有 2021 年度的报送" in result.output
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".jixiao-")]


def test_a_folder_with_files_is_refused_unless_overwrite_which_replaces_only_the_export(
        store_url: str, tmp_path: Path) -> None:
    db = _store(store_url, tmp_path)
    out = tmp_path / "公开数据"
    out.mkdir()
    (out / "说明.txt").write_text("手写的说明", encoding="utf-8")
    refused = runner.invoke(app, ["export", "--year", "2023", "-o", str(out), "--db", db])
    assert refused.exit_code == 2 and "文件夹中已有文件" in refused.output and "--overwrite" in refused.output
    assert [p.name for p in out.iterdir()] == ["说明.txt"]
    (out / "scores.csv").write_text("旧的", encoding="utf-8")
    _run("export", "--year", "2023", "-o", str(out), "--db", db, "--overwrite")
    assert sorted(p.name for p in out.iterdir()) == [
        "datapackage.json", "figures.csv", "indicators.csv", "scores.csv", "scores.json", "说明.txt"]
    assert (out / "说明.txt").read_text(encoding="utf-8") == "手写的说明"
    assert len(_table(out / "scores.csv")) == 2
    empty = tmp_path / "空文件夹"
    empty.mkdir()  # an empty folder is no one's work: written without --overwrite
    _run("export", "--year", "2023", "-o", str(empty), "--db", db)
    assert len(list(empty.iterdir())) == 5
    a_file = tmp_path / "文件"
    a_file.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["export", "--year", "2023", "-o", str(a_file), "--db", db, "--overwrite"])
    assert result.exit_code == 2 and "不是文件夹" in result.output


@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_while_writing_leaves_nothing_half_written(
        store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool) -> None:
    db = _store(store_url, tmp_path)
    out = tmp_path / "上级" / "公开数据"
    if existing:
        out.mkdir(parents=True)
        (out / "scores.csv").write_text("上次的", encoding="utf-8")
    written = 0
    real = Path.write_bytes

    def full_disk(self: Path, data: Any) -> int:
        nonlocal written
        written += 1
        if written == 3:  # two files are written, the third finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    args = ["export", "--year", "2023", "-o", str(out), "--db", db, *(["--overwrite"] if existing else [])]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "磁盘空间不足" in result.output and "没有写出任何文件" in result.output
    if existing:
        assert [p.name for p in out.iterdir()] == ["scores.csv"]
        assert (out / "scores.csv").read_text(encoding="utf-8") == "上次的"
    else:
        assert not (tmp_path / "上级").exists()  # the folder made for it is gone again


def test_files_that_appear_while_the_store_is_read_are_not_overwritten(
        store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.store.export as export

    db = _store(store_url, tmp_path)
    out = tmp_path / "公开数据"
    real = export.package_files

    def someone_else_writes(*args: Any) -> dict[str, bytes]:
        out.mkdir()
        (out / "scores.csv").write_text("别人的", encoding="utf-8")
        return real(*args)

    monkeypatch.setattr(export, "package_files", someone_else_writes)
    result = runner.invoke(app, ["export", "--year", "2023", "-o", str(out), "--db", db])
    assert result.exit_code == 2 and "文件夹中已有文件" in result.output
    assert [p.name for p in out.iterdir()] == ["scores.csv"]
    assert (out / "scores.csv").read_text(encoding="utf-8") == "别人的"


def test_an_interruption_while_writing_leaves_no_folder_and_no_temporary_files(
        store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _store(store_url, tmp_path)
    out = tmp_path / "公开数据"
    real = Path.write_bytes

    def interrupted(self: Path, data: Any) -> int:
        if self.name == "figures.csv":
            raise KeyboardInterrupt
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    result = runner.invoke(app, ["export", "--year", "2023", "-o", str(out), "--db", db])
    assert result.exit_code != 0
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".jixiao-")]
