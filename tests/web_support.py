"""Shared by the web workspace's tests: a store holding three departments and an account of every role, and
logging in as one of them (through the login form, as a browser would, or for a token through the API)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PASSWORD = "correct-horse-battery"
OURS, OTHER, THIRD = "深圳市贸促委", "某区教育局", "某县农业农村局"  # departments (their codes are their names)
ACCOUNTS = {
    "管理员甲": ("管理员", ()),
    "评价甲": ("财政局评价人员", ()),
    "第三方甲": ("第三方评价机构", (THIRD,)),
    "贸促委填报": ("部门填报人员", (OURS,)),
    "教育局填报": ("部门填报人员", (OTHER,)),
}
ADMIN, BUREAU, THIRD_PARTY, DEPARTMENT, OTHER_DEPARTMENT = ACCOUNTS


@dataclass
class Workspace:
    engine: Engine
    client: TestClient


def workspace(url: str) -> Workspace:
    """A store at ``url`` with the three bundled department examples (2023) and the accounts above."""
    from jixiao.store.accounts import add_account
    from jixiao.store.db import engine_for, locate
    from jixiao.store.imports import import_one
    from jixiao.store.migrate import upgrade
    from jixiao.web.app import create_app

    engine = engine_for(locate(url))
    upgrade(engine)
    for name in ("shenzhen-ccpit-2023.yaml", "project-self-2023.yaml", "national-department-2023.yaml"):
        assert import_one(engine, EXAMPLES / name).status == "imported"
    for name, (role, departments) in ACCOUNTS.items():
        add_account(engine, name, role, PASSWORD, departments, actor="测试")
    return Workspace(engine, TestClient(create_app(engine), follow_redirects=False))


def login(client: TestClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; the session's form token (CSRF) from the page that follows."""
    client.cookies.clear()
    form = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token, form.text
    answer = client.post("/login", data={"username": name, "password": password, "login_token": token[1]})
    assert answer.status_code == 303 and answer.headers["location"] == "/", answer.text
    return csrf_of(client.get("/").text)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, page
    return found[1]


def seq_of(page: str) -> int:
    found = re.search(r'name="after_seq" value="(\d+)"', page)
    assert found, page
    return int(found[1])


def api_token(client: TestClient, name: str) -> dict[str, str]:
    answer = client.post("/api/session", json={"username": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def rows_of_audit(space: Workspace) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from jixiao.store.schema import AuditEntry

    with space.engine.connect() as connection:
        return [(r.actor, r.action) for r in connection.execute(select(AuditEntry.actor, AuditEntry.action))]
