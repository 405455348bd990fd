"""Logging in to the workspace: argon2-checked passwords, signed session cookies that expire, a form token on the
login form and on every other form, failures limited per name and per address (in the store, so every server
process counts the same), and every login recorded. On both databases."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from store_support import store_url
from web_support import BUREAU, DEPARTMENT, OURS, PASSWORD, Workspace, csrf_of, login, rows_of_audit, workspace

__all__ = ["store_url"]


@pytest.fixture
def space(store_url: str) -> Workspace:
    return workspace(store_url)


def _attempt(space: Workspace, name: str, password: str):  # type: ignore[no-untyped-def]
    space.client.cookies.delete("jixiao_session")
    form = space.client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token
    return space.client.post("/login", data={"username": name, "password": password, "login_token": token[1]})


def test_a_right_password_opens_a_signed_http_only_session(space: Workspace) -> None:
    answer = _attempt(space, BUREAU, PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = next(h for h in answer.headers.get_list("set-cookie") if h.startswith("jixiao_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=28800" in cookie  # 8 hours
    value = cookie.split(";")[0].split("=", 1)[1].strip('"')
    assert value.count(".") >= 2  # token.timestamp.signature (itsdangerous)
    page = space.client.get("/")
    assert page.status_code == 200 and "评价甲（财政局评价人员）" in page.text
    assert (BUREAU, "登录") in rows_of_audit(space)


def test_a_wrong_password_or_unknown_name_is_told_the_same_and_recorded(space: Workspace) -> None:
    for name, password in ((BUREAU, "wrong-password-1"), ("没有此人", PASSWORD)):
        answer = _attempt(space, name, password)
        assert answer.status_code == 401
        assert "用户名或密码不正确" in answer.text
        assert "jixiao_session=" not in answer.headers.get("set-cookie", "")
    assert rows_of_audit(space).count((BUREAU, "登录失败")) == 1
    assert rows_of_audit(space).count(("没有此人", "登录失败")) == 1


def test_five_failures_for_a_name_refuse_even_the_right_password_for_a_while(space: Workspace) -> None:
    for _ in range(5):
        assert _attempt(space, BUREAU, "wrong-password-1").status_code == 401
    answer = _attempt(space, BUREAU, PASSWORD)
    assert answer.status_code == 429 and "登录失败次数过多，请 15 分钟后再试" in answer.text
    assert (BUREAU, "登录被限制") in rows_of_audit(space)
    # another name from the same address is not yet limited (20 failures an address)
    assert _attempt(space, DEPARTMENT, PASSWORD).status_code == 303
    # the window passes: failures older than 15 minutes no longer count
    from jixiao.store.schema import LoginAttempt

    with space.engine.begin() as connection:
        connection.execute(update(LoginAttempt).values(at=LoginAttempt.at - timedelta(minutes=16)))
    assert _attempt(space, BUREAU, PASSWORD).status_code == 303


def test_a_login_without_the_login_form_s_token_is_refused(space: Workspace) -> None:
    space.client.cookies.clear()
    answer = space.client.post("/login", data={"username": BUREAU, "password": PASSWORD, "login_token": "forged"})
    assert answer.status_code == 400 and "登录页面已过期" in answer.text
    assert "jixiao_session=" not in answer.headers.get("set-cookie", "")


def test_a_form_without_the_session_s_token_changes_nothing(space: Workspace) -> None:
    login(space.client, BUREAU)
    for data in ({}, {"csrf": "forged"}):
        answer = space.client.post(f"/d/{OURS}/2023/state", data={"state": "复核中", "reason": "开始", "after_seq": "0",
                                                                  **data})
        assert answer.status_code == 403 and "表单已失效或不是从本工作台提交的" in answer.text
    assert space.client.post("/logout", data={"csrf": "forged"}).status_code == 403
    from jixiao.store.review import count_events

    assert count_events(space.engine) == 0
    assert space.client.get("/").status_code == 200  # still logged in


def test_an_expired_session_a_tampered_cookie_and_a_disabled_account_lead_back_to_login(space: Workspace) -> None:
    from jixiao.store.schema import Account, WebSession

    login(space.client, BUREAU)
    with space.engine.begin() as connection:
        connection.execute(update(WebSession).values(expires_at=WebSession.created_at))
    answer = space.client.get("/")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"

    login(space.client, BUREAU)
    cookie = space.client.cookies["jixiao_session"]
    space.client.cookies.set("jixiao_session", cookie[:-2] + ("A" if cookie[-2] != "A" else "B") + cookie[-1])
    assert space.client.get("/").status_code == 303

    login(space.client, BUREAU)
    with space.engine.begin() as connection:
        connection.execute(update(Account).where(Account.name == BUREAU).values(disabled=True))
    assert space.client.get("/").status_code == 303
    assert _attempt(space, BUREAU, PASSWORD).status_code == 401


def test_logging_out_ends_the_session_in_the_store(space: Workspace) -> None:
    csrf = login(space.client, BUREAU)
    cookie = space.client.cookies["jixiao_session"]
    answer = space.client.post("/logout", data={"csrf": csrf})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    space.client.cookies.set("jixiao_session", cookie)  # the old cookie, kept by someone: worth nothing now
    assert space.client.get("/").status_code == 303
    assert (BUREAU, "退出登录") in rows_of_audit(space)


def test_a_second_server_process_knows_the_session(space: Workspace) -> None:
    """Sessions and the cookie key live in the store: another application over the same database (another
    uvicorn worker) accepts the cookie the first one set."""
    from fastapi.testclient import TestClient

    from jixiao.store.db import Location, engine_for
    from jixiao.web.app import create_app

    login(space.client, BUREAU)
    other = TestClient(create_app(engine_for(Location(space.engine.url.render_as_string(hide_password=False), "第二个进程"))), follow_redirects=False)
    other.cookies.set("jixiao_session", space.client.cookies["jixiao_session"])
    page = other.get("/")
    assert page.status_code == 200 and csrf_of(page.text)
