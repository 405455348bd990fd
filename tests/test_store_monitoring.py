"""In-year monitoring kept in the store: reports saved as history, last year's same period read back for the
forecast, a year's latest reports lit again from the store. On both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import update
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

from jixiao.cli import app
from store_support import rows, store_url

__all__ = ["store_url"]  # the fixture, used by name
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "monitoring" / "education-2024-06.yaml"
runner = CliRunner()


def _run(*args: str, status: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == status, result.output
    return result.output


def _year_before(tmp_path: Path) -> Path:
    """The same department's projects a year before, the whole year: a quarter of each budget spent by June
    (m ÷ 24 of it each month), the rest evenly from July to December."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["year"] = 2023
    for project in data["projects"]:
        budget = float(project["budget"])
        project["spending"] = {m: round(budget * (m / 24 if m <= 6 else 0.25 + (m - 6) / 8), 2) for m in range(1, 13)}
        project.pop("last_year", None)
        project.pop("explanation", None)
        for target in project.get("targets", ()):
            target.pop("progress", None)
            target.pop("explanation", None)
    path = tmp_path / "教育局-2023-12.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _spending(output: str) -> list[dict[str, str]]:
    return json.loads(output)["资金执行"]


def test_last_year_from_the_store_sets_the_forecast_s_pace(store_url: str, tmp_path: Path) -> None:
    _run("db", "init", "--db", store_url)
    before = _spending(_run("monitor", str(EXAMPLE), "--json", "--db", store_url))
    repairs = next(r for r in before if r["项目"] == "中小学校舍维修改造项目")
    assert repairs["全年预计执行数"] == "780.00"  # nothing last year yet: the even pace, 390 ÷ 6 × 12
    _run("monitor", str(_year_before(tmp_path)), "--save", "--db", store_url)
    after = _spending(_run("monitor", str(EXAMPLE), "--json", "--db", store_url))
    repairs = next(r for r in after if r["项目"] == "中小学校舍维修改造项目")
    # last year 325.00 of 1,300.00 by June: 25.00%; this year 390.00 by June → 390.00 ÷ 25.00% = 1,560.00
    assert repairs["全年预计执行数"] == "1560.00"
    assert repairs["预计说明"] == "按上年同期节奏：上年 6 月末已支出全年的 25.00%，390.00 ÷ 25.00% = 1,560.00 万元"
    grants = next(r for r in after if r["项目"] == "学生资助项目")
    assert grants["全年预计执行数"] == "540.00"  # 280.00 of 560.00 by June last year: 50.00%; 270.00 ÷ 50.00%
    # the file itself stays what it was: nothing of this year was stored by reading it
    assert rows(store_url, "SELECT year, month, version FROM monitoring_report") == [(2023, 12, 1)]


def test_a_saved_year_is_lit_again_from_the_store_as_from_its_file(store_url: str, tmp_path: Path) -> None:
    _run("db", "init", "--db", store_url)
    from_file = json.loads(_run("monitor", str(EXAMPLE), "--json", "--db", store_url))
    _run("monitor", str(EXAMPLE), "--save", "--db", store_url)
    _run("monitor", str(EXAMPLE), "--save", "--db", store_url)  # the same month again: the next version
    assert rows(store_url, "SELECT year, month, version, source_name FROM monitoring_report ORDER BY version") == [
        (2024, 6, 1, EXAMPLE.name), (2024, 6, 2, EXAMPLE.name)]
    from_store = json.loads(_run("monitor", "--year", "2024", "--json", "--db", store_url))
    assert from_store == from_file
    said = _run("monitor", "--year", "2020", "--db", store_url, status=2)
    assert "数据库中没有 2020 年度的监控填报" in said


def test_reports_are_history(store_url: str) -> None:
    from jixiao.store.db import open_store
    from jixiao.store.schema import MonitoringReport

    _run("db", "init", "--db", store_url)
    _run("monitor", str(EXAMPLE), "--save", "--db", store_url)
    engine = open_store(store_url)
    with pytest.raises(DatabaseError, match="只能追加"), engine.begin() as connection:
        connection.execute(update(MonitoringReport).values(month=12))
    with pytest.raises(DatabaseError, match="只能追加"), engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM monitoring_report")
    assert rows(store_url, "SELECT month FROM monitoring_report") == [(6,)]


def test_what_the_options_need_is_said_and_nothing_is_stored(store_url: str, tmp_path: Path) -> None:
    _run("db", "init", "--db", store_url)
    assert "请给出监控填报文件或文件夹，或用 --db 数据库 --year 年度" in _run("monitor", "--year", "2024", status=2)
    assert "--save 须同时给出 --db 数据库" in _run("monitor", str(EXAMPLE), "--save", status=2)
    # a department code the store has under another name: refused, nothing stored
    _run("import", str(Path(__file__).resolve().parents[1] / "examples" / "national-department-2023.yaml"),
         "--db", store_url)
    [(name,)] = rows(store_url, "SELECT name FROM department")
    other = tmp_path / "other.yaml"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace("name: 某区教育局", f"name: {name}", 1),
                     encoding="utf-8")
    assert f"name: {name}" in other.read_text(encoding="utf-8")
    said = _run("monitor", str(other), "--save", "--db", store_url, status=2)
    assert "已用于编码为" in said.replace("\n", "")
    assert rows(store_url, "SELECT count(*) FROM monitoring_report") == [(0,)]


def test_year_end_claims_are_held_against_the_stored_monitoring(store_url: str, tmp_path: Path) -> None:
    # the stored self-evaluation says 12 schools were repaired; the stored October report had 4 of 12 (red)
    project = Path(__file__).resolve().parents[1] / "examples" / "project-self-2023.yaml"
    _run("db", "init", "--db", store_url)
    _run("import", str(project), "--db", store_url)
    october = tmp_path / "教育局-2023-10.yaml"
    october.write_text("""department: {name: 某区教育局}
year: 2023
projects:
  - name: 中小学校舍维修改造项目
    budget: 1150
    spending: {6: 500, 10: 950}
    explanation: {cause: 其他, can_meet: 是, action: 加快施工}
    targets:
      - {name: 维修改造学校数, value: ≥12所, progress: {10: 4所},
         explanation: {cause: 其他, can_meet: 是, action: 寒假前完成}}
      - {name: 受益学生人数, value: ≥8000人, progress: {10: 7000人}}
""", encoding="utf-8")
    _run("monitor", str(october), "--save", "--db", store_url)
    claims = json.loads(_run("monitor", "--year", "2023", "--claims", "--json", "--db", store_url))["自评核对"]
    # 4 of ≥12 in October: 33.33% against 83.33% time progress, never recovered in a later report
    assert [(c["指标"], c["自评实际完成"], c["监控月份"], c["监控完成值"]) for c in claims] == [
        ("维修改造学校数", "12所", 10, "4所")]
    assert "--claims 须同时给出 --db 数据库" in _run("monitor", str(october), "--claims", status=2)
