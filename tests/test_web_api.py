"""The JSON API: the pages' actions under the same roles and rules, every failure a JSON error with a code, and
its OpenAPI description exercised by schemathesis (generated requests, every answer checked against the
description, never a server error)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from store_support import store_url
from web_support import BUREAU, DEPARTMENT, EXAMPLES, OURS, Workspace, api_token, workspace

__all__ = ["store_url"]
YEAR = f"/api/departments/{OURS}/years/2023"


@pytest.fixture
def space(store_url: str) -> Workspace:
    return workspace(store_url)


def test_a_program_logs_in_reads_and_reviews_with_a_token(space: Workspace) -> None:
    client = space.client
    wrong = client.post("/api/session", json={"username": BUREAU, "password": "wrong-password-1"})
    assert wrong.status_code == 401 and wrong.json()["error"] == {
        "code": "unauthenticated", "message": "用户名或密码不正确", "problems": []}
    headers = api_token(client, BUREAU)
    listed = client.get("/api/departments", params={"year": 2023}, headers=headers).json()
    assert [(r["code"], r["total"]) for r in sorted(listed, key=lambda r: r["code"])] == [
        ("某区教育局", "92.59"), ("某县农业农村局", "83.56"), ("深圳市贸促委", "96.77")]
    year = client.get(YEAR, headers=headers).json()
    assert (year["state"], year["last_seq"], year["total"], year["moves"]) == ("待复核", 0, "96.77", ["复核中"])
    assert len(year["indicators"]) == 21 and year["figures"]["satisfaction.rate"] == "0.95"
    started = client.post(f"{YEAR}/state", headers=headers, json={"state": "复核中", "reason": "开始", "after_seq": 0})
    assert started.status_code == 200 and started.json()["last_seq"] == 1
    changed = client.post(f"{YEAR}/changes", headers=headers, json={
        "target": "satisfaction.rate", "value": "92%", "reason": "按抽样复算", "after_seq": 1}).json()
    # 92% falls in the [90%, 95%) band: 4 of 6 points; 96.77 − 2 = 94.77
    assert (changed["self_total"], changed["total"], changed["last_seq"]) == ("96.77", "94.77", 2)
    [event] = [e for e in changed["events"] if e["kind"] == "change"]
    assert (event["actor"], event["target"], event["after"], event["reason"]) == (
        BUREAU, "satisfaction.rate", "92%", "按抽样复算")


def test_errors_carry_a_code_and_store_nothing(space: Workspace) -> None:
    client = space.client
    headers = api_token(client, BUREAU)
    client.post(f"{YEAR}/state", headers=headers, json={"state": "复核中", "reason": "开始", "after_seq": 0})
    stale = client.post(f"{YEAR}/changes", headers=headers, json={
        "target": "satisfaction.rate", "value": "92%", "reason": "旧页面上的修改", "after_seq": 0})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "stale"
    assert "该年度的复核记录已更新：评价甲" in stale.json()["error"]["message"]
    reasonless = client.post(f"{YEAR}/changes", headers=headers, json={
        "target": "satisfaction.rate", "value": "92%", "reason": " ", "after_seq": 1})
    assert reasonless.status_code == 400 and reasonless.json()["error"]["code"] == "invalid"
    malformed = client.post(f"{YEAR}/changes", headers=headers, json={"target": "x"})
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "invalid"
    assert {p["field"] for p in malformed.json()["error"]["problems"]} >= {"body.value", "body.reason"}
    assert client.get("/api/departments/none/years/2023", headers=headers).json()["error"]["code"] == "not_found"
    from jixiao.store.review import count_events

    assert count_events(space.engine) == 1


def test_a_submission_through_the_api_names_each_problem_s_place(space: Workspace, tmp_path: Path) -> None:
    headers = api_token(space.client, DEPARTMENT)
    bad = (EXAMPLES / "shenzhen-ccpit-2023.yaml").read_text(encoding="utf-8").replace(
        "year: 2023", "year: 2024").replace("rate: 95%", "rate: 很高")
    answer = space.client.post("/api/submissions", headers=headers, files=[("file", ("2024.yaml", bad.encode()))])
    assert answer.status_code == 200
    [result] = answer.json()
    assert result["status"] == "refused" and result["file"] == "2024.yaml"
    [problem] = [p for p in result["problems"] if p["field"] == "satisfaction.rate"]
    assert problem["file"] == "2024.yaml" and problem["line"] is not None
    good = bad.replace("rate: 很高", "rate: 95%")
    [outside] = space.client.post("/api/submissions", headers=headers,
                                  files=[("file", ("2024.yaml", good.encode()))]).json()
    # 2024 is outside the years of the Shenzhen 2023 framework
    assert outside["status"] == "refused" and [p["field"] for p in outside["problems"]] == ["year"]
    assert "适用于 2023 年度" in outside["problems"][0]["message"]
    good = good.replace("year: 2024", "year: 2023")
    [stored] = space.client.post("/api/submissions", headers=headers,
                                 files=[("file", ("2023.yaml", good.encode()))]).json()
    assert (stored["status"], stored["code"], stored["year"], stored["total"]) == ("replaced", OURS, 2023, "96.77")


def test_logging_out_voids_the_token(space: Workspace) -> None:
    headers = api_token(space.client, BUREAU)
    assert space.client.delete("/api/session", headers=headers).status_code == 204
    assert space.client.get("/api/departments", headers=headers).status_code == 401


# ---------------------------------------------------------------------------------------------- schemathesis


def test_the_api_answers_every_generated_request_as_it_describes(tmp_path: Path) -> None:
    """For every operation of the description: generated requests (valid and not), logged in as the bureau;
    every answer within the statuses, content types and schemas the description gives, never a 500."""
    from hypothesis import given

    from jixiao.web.api import application

    space = workspace(str(tmp_path / "api.db"))
    api = application(space.engine)
    token = TestClient(api).post("/session", json={"username": BUREAU, "password": "correct-horse-battery"}).json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    schema = schemathesis.openapi.from_asgi("/openapi.json", api, headers=headers)
    from schemathesis import checks as kinds

    checks = [kinds.not_a_server_error, kinds.status_code_conformance, kinds.content_type_conformance,
              kinds.response_schema_conformance, kinds.negative_data_rejection]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9
    for operation in operations:
        if operation.method.upper() == "DELETE":
            continue  # logging out would end the session the other operations run under (tested above)

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_described(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={**(case.headers or {}), **headers}, checks=checks)

        answers_as_described()
