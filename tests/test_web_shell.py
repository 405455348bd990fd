"""The workspace's shell: the login page in Chinese with our own style sheet and script, and every other address
sending an anonymous visitor to it (the API's answer to the anonymous, a 401, is in test_web_isolation)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from store_support import BACKENDS, store_url  # noqa: F401 (the fixture)


@pytest.fixture
def client(store_url: str) -> TestClient:  # noqa: F811
    from jixiao.store.db import engine_for, locate
    from jixiao.store.migrate import upgrade
    from jixiao.web.app import create_app

    engine = engine_for(locate(store_url))
    upgrade(engine)
    return TestClient(create_app(engine), follow_redirects=False)


def test_the_login_page_is_in_chinese_with_its_own_style_sheet(client: TestClient) -> None:
    page = client.get("/login")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    assert "用户名" in page.text and "密码" in page.text
    assert 'href="/static/jixiao.css"' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing fetched from elsewhere
    sheet = client.get("/static/jixiao.css")
    assert sheet.status_code == 200 and sheet.headers["content-type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/", "/d/001/2023", "/docs", "/openapi.json", "/static/../app.py"])
def test_an_anonymous_visitor_is_sent_to_the_login_page(client: TestClient, path: str) -> None:
    for method in ("GET", "POST"):
        answer = client.request(method, path)
        assert answer.status_code == 303, (method, path)
        assert answer.headers["location"] == "/login"

