"""Isolation, proven route by route: for every route of the pages and of the API, and for every role, nothing of
a department the role may not see can be read or changed, by its code in the address, in a form field or in an
API body; an anonymous request gets nothing but the login page (pages) or a 401 (API). A route added without an
entry here fails the first test, so no route escapes the check."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from starlette.routing import Mount

from store_support import store_url
from web_support import (
    ACCOUNTS,
    ADMIN,
    BUREAU,
    DEPARTMENT,
    EXAMPLES,
    OTHER,
    OURS,
    THIRD,
    THIRD_PARTY,
    Workspace,
    api_token,
    login,
    rows_of_audit,
    workspace,
)

__all__ = ["store_url"]

#: every page route: method, path template → what it does (read or write)
PAGES = {
    ("GET", "/login"): "public", ("POST", "/login"): "public", ("POST", "/logout"): "self",
    ("GET", "/"): "list", ("GET", "/d/{code}"): "read", ("GET", "/d/{code}/{year}"): "read",
    ("GET", "/d/{code}/{year}/source"): "read", ("GET", "/d/{code}/{year}/report.docx"): "read",
    ("GET", "/d/{code}/{year}/report.pdf"): "read", ("POST", "/d/{code}/{year}/change"): "write",
    ("POST", "/d/{code}/{year}/state"): "write", ("POST", "/d/{code}/{year}/reply"): "write",
    ("GET", "/upload"): "upload", ("POST", "/upload"): "upload", ("GET", "/accounts"): "admin",
    ("POST", "/accounts"): "admin", ("POST", "/accounts/{account_id}/disabled"): "admin",
    ("GET", "/frameworks"): "list", ("POST", "/frameworks"): "admin",
    ("GET", "/monitoring"): "list", ("GET", "/monitoring/{year}/alerts.xlsx"): "list",
}
API = {
    ("POST", "/session"): "public", ("DELETE", "/session"): "self", ("GET", "/departments"): "list",
    ("GET", "/departments/{code}/years/{year}"): "read", ("POST", "/departments/{code}/years/{year}/changes"): "write",
    ("POST", "/departments/{code}/years/{year}/state"): "write",
    ("POST", "/departments/{code}/years/{year}/reply"): "write", ("POST", "/submissions"): "upload",
    ("GET", "/monitoring/{year}"): "list",
}
#: what each role sees (department codes); None: all three
SEES = {ADMIN: None, BUREAU: None, THIRD_PARTY: {THIRD}, DEPARTMENT: {OURS}, "教育局填报": {OTHER}}
ALL = (OURS, OTHER, THIRD)


@pytest.fixture
def space(store_url: str) -> Workspace:
    return workspace(store_url)


def _routes(space: Workspace) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Every route the application answers, as its OpenAPI description lists them (the pages' own, and the
    API's, mounted at /api)."""
    app = space.client.app
    pages = {(m.upper(), path) for path, item in app.openapi()["paths"].items() for m in item}  # type: ignore[attr-defined]
    [api_app] = [r.app for r in app.routes if isinstance(r, Mount) and r.path == "/api"]  # type: ignore[attr-defined]
    api = {(m.upper(), path) for path, item in api_app.openapi()["paths"].items() for m in item}
    mounts = {r.path for r in app.routes if isinstance(r, Mount)}  # type: ignore[attr-defined]
    assert mounts == {"/static", "/api"}  # nothing else is mounted beside the pages
    return pages, api


def test_every_route_is_in_the_isolation_tables(space: Workspace) -> None:
    pages, api = _routes(space)
    assert pages == set(PAGES), pages ^ set(PAGES)
    assert api == set(API), api ^ set(API)


def _fill(path: str, code: str) -> str:
    return path.replace("{code}", code).replace("{year}", "2023").replace("{account_id}", "1")


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_no_page_shows_or_changes_a_department_the_role_may_not_see(space: Workspace, role: str) -> None:
    client = space.client
    csrf = login(client, role)
    hidden = [c for c in ALL if SEES[role] is not None and c not in SEES[role]]
    events_before = _events(space)
    for (method, template), kind in PAGES.items():
        if kind not in ("read", "write"):
            continue
        for code in hidden:
            form = {"csrf": csrf, "after_seq": "0", "target": "budget.adjusted", "value": "1", "reason": "试探",
                    "state": "复核中"}
            answer = client.request(method, _fill(template, code), data=form if method == "POST" else None)
            assert answer.status_code == 404, (role, method, template, code, answer.status_code)
            assert "未找到，或你无权查看" in answer.text
            assert str(answer.content).count(code) == 0, (role, template)  # not even its name
    for code in ALL:  # and what it may see, it does see (so that the 404s above are not a broken route)
        if SEES[role] is not None and code in SEES[role]:
            for path in ("/d/{code}", "/d/{code}/{year}", "/d/{code}/{year}/source"):
                answer = client.get(_fill(path, code))
                assert answer.status_code == 200, (role, path, code)
    # the lists show only what the role sees
    dashboard = client.get("/").text
    for code in ALL:
        assert (f'href="/d/{_quoted(code)}/2023"' in dashboard) == (SEES[role] is None or code in SEES[role]), code
    assert _events(space) == events_before  # nothing was recorded by any of it


def _quoted(code: str) -> str:
    from urllib.parse import quote

    return quote(code)


def _events(space: Workspace) -> int:
    from jixiao.store.review import count_events

    return count_events(space.engine)


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_no_api_route_shows_or_changes_a_department_the_role_may_not_see(space: Workspace, role: str) -> None:
    client = space.client
    headers = api_token(client, role)
    hidden = [c for c in ALL if SEES[role] is not None and c not in SEES[role]]
    bodies = {"changes": {"target": "budget.adjusted", "value": "1", "reason": "试探", "after_seq": 0},
              "state": {"state": "复核中", "reason": "试探", "after_seq": 0}, "reply": {"reason": "试探", "after_seq": 0}}
    for (method, template), kind in API.items():
        if kind not in ("read", "write"):
            continue
        for code in hidden:
            body = bodies.get(template.rsplit("/", 1)[-1]) if method == "POST" else None
            answer = client.request(method, "/api" + _fill(template, code), json=body, headers=headers)
            assert answer.status_code == 404, (role, template, code, answer.text)
            assert answer.json()["error"]["code"] == "not_found"
            assert code not in answer.text
    listed = {r["code"] for r in client.get("/api/departments", headers=headers).json()}
    assert listed == (set(ALL) if SEES[role] is None else SEES[role])
    assert _events(space) == 0


def test_a_department_user_cannot_review_its_own_year_and_a_reviewer_cannot_reply(space: Workspace) -> None:
    client = space.client
    csrf = login(client, DEPARTMENT)
    for action, form in (("change", {"target": "budget.adjusted", "value": "1"}), ("state", {"state": "复核中"})):
        answer = client.post(f"/d/{OURS}/2023/{action}", data={"csrf": csrf, "after_seq": "0", "reason": "自己改",
                                                              **form})
        assert answer.status_code == 403 and "你的角色不能复核" in answer.text
    page = client.get(f"/d/{OURS}/2023").text
    assert "保存修改并重新计分" not in page and 'action="/d/' not in page.split("复核记录")[0].split("<h2>复核</h2>")[-1]
    headers = api_token(client, DEPARTMENT)
    answer = client.post(f"/api/departments/{OURS}/years/2023/state", headers=headers,
                         json={"state": "复核中", "reason": "自己改", "after_seq": 0})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden"
    csrf = login(client, BUREAU)
    answer = client.post(f"/d/{OURS}/2023/reply", data={"csrf": csrf, "after_seq": "0", "reason": "代答"})
    assert answer.status_code == 403 and "只有本部门的填报人员" in answer.text
    assert _events(space) == 0


def test_the_administrator_keeps_accounts_and_nobody_else_can(space: Workspace) -> None:
    client = space.client
    for role in (BUREAU, THIRD_PARTY, DEPARTMENT):
        csrf = login(client, role)
        assert client.get("/accounts").status_code == 403
        answer = client.post("/accounts", data={"csrf": csrf, "name": "偷建", "role": "管理员", "password": "x" * 12})
        assert answer.status_code == 403
        assert client.post("/accounts/1/disabled", data={"csrf": csrf, "disabled": "是"}).status_code == 403
        framework = (EXAMPLES.parent / "src/jixiao/frameworks/data/national-department-2021.yaml").read_bytes()
        answer = client.post("/frameworks", data={"csrf": csrf}, files=[("file", ("x.yaml", framework))])
        assert answer.status_code == 403
    from sqlalchemy import func, select

    from jixiao.store.schema import Account

    with space.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Account)) == len(ACCOUNTS)
    login(client, ADMIN)
    assert client.get("/upload").status_code == 403  # the administrator submits nothing


def test_an_upload_of_another_department_s_workbook_is_refused_and_stores_nothing(space: Workspace,
                                                                                 tmp_path: Path) -> None:
    client = space.client
    csrf = login(client, DEPARTMENT)  # 深圳市贸促委's user sends 某区教育局's file (the form field is the file)
    content = (EXAMPLES / "project-self-2023.yaml").read_bytes()
    answer = client.post("/upload", data={"csrf": csrf}, files=[("file", ("教育局.yaml", io.BytesIO(content)))])
    assert answer.status_code == 400
    assert "该文件属于部门“某区教育局”，不在你可报送的部门之内" in answer.text
    headers = api_token(client, DEPARTMENT)
    answer = client.post("/api/submissions", headers=headers, files=[("file", ("教育局.yaml", content))])
    assert answer.status_code == 200 and answer.json()[0]["status"] == "refused"
    from sqlalchemy import func, select

    from jixiao.store.schema import Submission

    with space.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Submission)) == 3


@pytest.mark.parametrize("method,template", [k for k, v in PAGES.items() if v != "public"])
def test_an_anonymous_visitor_gets_only_the_login_page(space: Workspace, method: str, template: str) -> None:
    space.client.cookies.clear()
    answer = space.client.request(method, _fill(template, OURS))
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert OURS not in answer.text


@pytest.mark.parametrize("method,template", [k for k, v in API.items() if v != "public"] + [("GET", "/openapi.json")])
def test_an_anonymous_program_gets_a_401_from_every_api_route(space: Workspace, method: str, template: str) -> None:
    answer = space.client.request(method, "/api" + _fill(template, OURS))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthenticated"
    assert OURS not in answer.text
    forged = space.client.request(method, "/api" + _fill(template, OURS), headers={"Authorization": "Bearer x"})
    assert forged.status_code == 401


def test_audit_log_records_logins(space: Workspace) -> None:
    login(space.client, BUREAU)
    assert ("评价甲", "登录") in rows_of_audit(space)
