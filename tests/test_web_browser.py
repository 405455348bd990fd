"""The workspace in a real browser: Debian's Chromium driven by Playwright, against the application served by
uvicorn on loopback. A department uploads a workbook with a bad cell and sees the cell, fixes it and submits; the
bureau reviews a score with a reason and returns the year; the department reads the reason and replies; the
reports are downloaded. Screenshots of the main pages are written to ``JIXIAO_SCREENSHOTS`` (a folder) when set.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from web_support import BUREAU, DEPARTMENT, EXAMPLES, OURS, PASSWORD, workspace
from workbook_support import edit, filled_workbook

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not os.environ.get("CI"),
                                reason="Debian 的 chromium 未安装（make setup 会安装）")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    import uvicorn

    space = workspace(str(tmp_path / "browser.db"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(space.client.app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(100):
        if running.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


def _shot(page: object, name: str) -> None:
    folder = os.environ.get("JIXIAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _log_in(browser: object, base: str, name: str) -> object:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(base + "/")
    assert page.url == base + "/login"
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def test_upload_review_return_reply_and_download_in_chromium(server: str, browser: object, tmp_path: Path) -> None:
    base = server
    workbook = filled_workbook(tmp_path, EXAMPLES / "shenzhen-ccpit-2023.yaml", "贸促委2023.xlsx")
    edit(workbook, {"基本信息!B5": 2023, "预算与调整!B3": "四千八百万"})

    # the department: a bad cell, seen at its place; fixed, submitted
    page = _log_in(browser, base, DEPARTMENT)
    _shot(page, "dashboard-department")
    page.click("text=报送")
    page.set_input_files("input[type=file]", str(workbook))
    page.click("text=上传并检查")
    page.wait_for_selector("text=未保存：贸促委2023.xlsx")
    problems = page.inner_text("ul.problems")
    assert "预算与调整!B3" in problems
    _shot(page, "upload-problems")
    edit(workbook, {"预算与调整!B3": 4812.3})
    page.set_input_files("input[type=file]", str(workbook))
    page.click("text=上传并检查")
    page.wait_for_selector("text=已保存：深圳市贸促委 2023 年度")
    assert "96.77" in page.inner_text("section.result")
    page.click("text=查看评分表")
    assert page.inner_text("h1").startswith("深圳市贸促委 2023 年度")
    page.context.close()

    # the bureau: start the review, change a figure with a reason, return the year
    page = _log_in(browser, base, BUREAU)
    _shot(page, "dashboard-bureau")
    page.click(f"a[href='/d/{_q(OURS)}/2023']")
    page.select_option("#state-form select[name=state]", "复核中")
    page.fill("#state-form textarea[name=reason]", "开始复核")
    page.click("#state-form button")
    page.wait_for_selector("text=复核状态已改为“复核中”")
    page.fill("#change-form input[name=target]", "satisfaction.rate")
    page.fill("#change-form input[name=value]", "92%")
    page.click("#change-form button")  # no reason: told, nothing saved
    page.wait_for_selector("text=须填写理由")
    page.fill("#change-form textarea[name=reason]", "问卷样本不足，按抽样复算")
    page.click("#change-form button")
    page.wait_for_selector("text=已修改 satisfaction.rate")
    cards = page.inner_text("section.cards")
    assert "96.77" in cards and "94.77" in cards  # 92%: 4 of 6 points for satisfaction
    page.click("summary:has-text(\"公众或服务对象满意度\")")  # the trace opens
    assert page.is_visible("details[open] ol.trail")
    _shot(page, "department-year-reviewed")
    page.select_option("#state-form select[name=state]", "退回")
    page.fill("#state-form textarea[name=reason]", "请补充满意度调查的样本说明")
    page.click("#state-form button")
    page.wait_for_selector("text=复核状态已改为“退回”")
    page.context.close()

    # the department: reads the reason, replies, downloads the reports
    page = _log_in(browser, base, DEPARTMENT)
    page.goto(f"{base}/d/{_q(OURS)}/2023")
    assert "请补充满意度调查的样本说明" in page.inner_text("p.problem")
    page.fill("#reply-form textarea[name=reason]", "样本说明已补充：共发放问卷 300 份")
    page.click("#reply-form button")
    page.wait_for_selector("text=已答复，等待重新复核")
    assert "待复核" in page.inner_text("h1")
    with page.expect_download() as word:
        page.click("text=下载报告（Word）")
    saved = tmp_path / "report.docx"
    word.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK"
    if shutil.which("soffice") or shutil.which("libreoffice"):
        with page.expect_download(timeout=120_000) as pdf:
            page.click("text=下载报告（PDF）")
            page.wait_for_selector("text=正在生成 PDF")  # the wait is told while LibreOffice works
        pdf.value.save_as(tmp_path / "report.pdf")
        assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
    _shot(page, "department-year-replied")
    page.context.close()


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text)
