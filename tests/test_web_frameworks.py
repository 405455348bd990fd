"""Frameworks in the workspace: the administrator adds a framework file (checked whole first, stored by the hash
of its content, recorded); everyone lists them; a department-year is re-scored under a stored one as a view."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from store_support import store_url
from web_support import ADMIN, BUREAU, OURS, Workspace, csrf_of, login, rows_of_audit, workspace

__all__ = ["store_url"]
FRAMEWORKS = Path(__file__).resolve().parents[1] / "src" / "jixiao" / "frameworks" / "data"


@pytest.fixture
def space(store_url: str) -> Workspace:
    return workspace(store_url)


def _send(space: Workspace, name: str, content: bytes):  # type: ignore[no-untyped-def]
    csrf = csrf_of(space.client.get("/frameworks").text)
    return space.client.post("/frameworks", data={"csrf": csrf}, files=[("file", (name, content))])


def test_the_administrator_adds_a_framework_and_a_year_is_rescored_under_it(space: Workspace) -> None:
    login(space.client, ADMIN)
    text = (FRAMEWORKS / "shenzhen-department-2023.yaml").read_text(encoding="utf-8")
    # a region's own copy: the same indicators with the satisfaction bands of another year's rules
    title = re.search(r"^title: (.+)$", text, re.M)
    assert title
    ours = text.replace(title[0], "title: 某市部门整体支出绩效评价指标体系（试行）").replace(
        "id: shenzhen-department-2023", "id: someshi-department-2024", 1)
    answer = _send(space, "某市.yaml", ours.encode("utf-8"))
    assert answer.status_code == 200 and "已添加：某市部门整体支出绩效评价指标体系（试行）" in answer.text
    assert (ADMIN, "添加指标体系") in rows_of_audit(space)
    again = _send(space, "某市.yaml", ours.encode("utf-8"))  # the same content is kept once
    assert again.text.count("someshi-department-2024") == 2  # the table's row and the message
    login(space.client, BUREAU)
    listing = space.client.get("/frameworks").text
    key = re.search(r'<code>(\w{12})</code></td><td class="n">0</td>', listing)
    assert key and "检查并添加" not in listing  # the bureau reads, only the administrator adds
    page = space.client.get(f"/d/{OURS}/2023?framework=db:{key[1]}").text
    whatif = page.split('id="whatif"')[1]
    # the same indicators and figures: the same 96.77
    assert "某市部门整体支出绩效评价指标体系（试行）" in whatif and "综合评分 <strong>96.77</strong>" in whatif


def test_a_wrong_framework_file_is_told_whole_and_stored_as_nothing(space: Workspace) -> None:
    login(space.client, ADMIN)
    before = space.client.get("/frameworks").text.count("<tr>")
    answer = _send(space, "坏.yaml", b"id: broken\nindicators: [1, 2\n")
    assert answer.status_code == 400 and "坏.yaml 未添加" in answer.text and "<li>坏.yaml" in answer.text
    answer = _send(space, "乱码.yaml", "标题".encode("gbk"))
    assert answer.status_code == 400 and "不是 UTF-8 编码" in answer.text
    # a hostile file: aliases that would expand to 9¹⁰ items are refused quickly by the YAML reader's bound
    letters = "abcdefghij"
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in pairwise(letters))
    answer = _send(space, "炸弹.yaml", bomb.encode("utf-8"))
    assert answer.status_code == 400 and "疑似恶意构造的文件" in answer.text
    assert space.client.get("/frameworks").text.count("<tr>") == before
