"""The workspace's monitoring page: each role sees the monitoring of its own departments only, lit as the
command lights it, and downloads the same as Excel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from store_support import store_url
from web_support import ACCOUNTS, BUREAU, DEPARTMENT, OTHER, OURS, THIRD, THIRD_PARTY, Workspace, login, workspace

__all__ = ["store_url"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "monitoring" / "education-2024-06.yaml"
SEES = {BUREAU: {OURS, OTHER, THIRD}, THIRD_PARTY: {THIRD}, DEPARTMENT: {OURS}, "教育局填报": {OTHER}}


@pytest.fixture
def space(store_url: str, tmp_path: Path) -> Workspace:
    """The workspace, with the example's first half of 2024 kept for each of its three departments."""
    from jixiao.monitoring.model import load_monitoring, load_rules
    from jixiao.store.monitoring import save

    space = workspace(store_url)
    text = EXAMPLE.read_text(encoding="utf-8")
    assert '  name: 某区教育局\n  code: "001"\n' in text
    for name in (OURS, OTHER, THIRD):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text.replace('  name: 某区教育局\n  code: "001"\n', f"  name: {name}\n"), encoding="utf-8")
        monitoring, _ = load_monitoring(path, load_rules(None))
        save(space.engine, monitoring, path.read_bytes(), path.name)
    return space


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_sees_only_its_departments_monitoring(space: Workspace, role: str) -> None:
    login(space.client, role)
    page = space.client.get("/monitoring")
    assert page.status_code == 200
    for name in (OURS, OTHER, THIRD):
        assert (f"<h3>{name}（截至 6 月末）</h3>" in page.text) == (name in SEES[role]), (role, name)
    # the example lights 教师培训项目 red: 30.00 of 200.00 is 15.00%, 35 points behind June's 50.00%
    assert page.text.count('<td class="light light-红">红</td>') >= len(SEES[role])
    from openpyxl import load_workbook

    answer = space.client.get("/monitoring/2024/alerts.xlsx")
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    departments = {row[0] for row in book["资金执行"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert departments == SEES[role]
    # the API answers the same, to a program
    from web_support import api_token

    answer = space.client.get("/api/monitoring/2024", headers=api_token(space.client, role))
    assert answer.status_code == 200
    body = answer.json()
    assert {row["部门"] for row in body["spending"]} == SEES[role] == {row["部门"] for row in body["alerts"]}
    training = next(row for row in body["spending"] if row["项目"] == "教师培训项目")
    assert (training["执行率"], training["支出进度"]) == ("15.00%", "红")


def test_a_year_without_monitoring_says_so_and_its_download_is_not_found(space: Workspace) -> None:
    login(space.client, BUREAU)
    assert "2023 年度没有你可以查看的监控填报" in space.client.get("/monitoring?year=2023").text
    assert space.client.get("/monitoring/2023/alerts.xlsx").status_code == 404
    assert "年度应为整数" in space.client.get("/monitoring?year=abc").text


def test_the_administrator_sees_every_department_too(space: Workspace) -> None:
    admin = next(name for name, (role, _) in ACCOUNTS.items() if role == "管理员")
    login(space.client, admin)
    page = space.client.get("/monitoring").text
    assert all(f"<h3>{name}（截至 6 月末）</h3>" in page for name in (OURS, OTHER, THIRD))


def test_a_year_past_any_database_s_integers_is_simply_not_found(space: Workspace) -> None:
    from web_support import api_token

    login(space.client, BUREAU)
    huge = "9223372036854775808"  # 2^63: past SQLite's and PostgreSQL's integers
    assert space.client.get(f"/monitoring/{huge}/alerts.xlsx").status_code == 404
    assert space.client.get(f"/d/{OURS}/{huge}").status_code == 404
    assert space.client.get(f"/d/{OURS}/{huge}/report.docx").status_code == 404
    answer = space.client.get(f"/api/monitoring/{huge}", headers=api_token(space.client, BUREAU))
    assert answer.status_code == 200 and answer.json()["alerts"] == []
    answer = space.client.get(f"/api/departments/{OURS}/years/{huge}", headers=api_token(space.client, BUREAU))
    assert answer.status_code == 404
