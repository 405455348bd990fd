"""Review in the browser (复核): a reviewer starts the review, changes a figure with a reason and sees the year
re-scored beside the self-evaluation, returns it with a reason; the department reads the reason and replies.
A missing reason and a stale form are told on the page and store nothing. On both databases."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from store_support import store_url
from web_support import BUREAU, DEPARTMENT, EXAMPLES, OURS, Workspace, csrf_of, login, seq_of, workspace

__all__ = ["store_url"]
YEAR = f"/d/{OURS}/2023"


@pytest.fixture
def space(store_url: str) -> Workspace:
    return workspace(store_url)


def _post(space: Workspace, action: str, **form: str):  # type: ignore[no-untyped-def]
    page = space.client.get(YEAR).text
    data = {"csrf": csrf_of(page), "after_seq": str(seq_of(page)), **form}
    return space.client.post(f"{YEAR}/{action}", data=data)


def _events(space: Workspace) -> int:
    from jixiao.store.review import count_events

    return count_events(space.engine)


def test_a_change_with_its_reason_rescores_the_year_beside_the_self_evaluation(space: Workspace) -> None:
    login(space.client, BUREAU)
    assert _post(space, "state", state="复核中", reason="开始复核").status_code == 303
    answer = _post(space, "change", target="satisfaction.rate", value="92%", reason="问卷样本不足，按抽样复算")
    assert answer.status_code == 303
    page = space.client.get(answer.headers["location"]).text
    assert "已修改 satisfaction.rate" in page
    # 92% falls in the [90%, 95%) band of 公众或服务对象满意度: 4 of its 6 points; 96.77 − 2 = 94.77
    assert re.search(r"自评得分</h2><p class=\"big\">96.77</p>", page)
    assert re.search(r"复核后得分</h2><p class=\"big\">94.77</p>", page)
    row = re.search(r"公众或服务对象满意度</summary>.*?</details></td>(.*?)</tr>", page, re.S)
    assert row and re.findall(r'<td class="n">([^<]*)</td>', row[1]) == ["6", "6.00", "4.00"]
    history = page.split('id="history"')[1]
    assert "satisfaction.rate" in history and "问卷样本不足，按抽样复算" in history and "92%" in history
    assert "评价甲" in history
    # the dashboard ranks by the reviewed score and shows the difference
    dashboard = space.client.get("/").text
    assert re.search(r"96\.77</td><td class=\"n\">94\.77</td><td class=\"n down\">-2\.00</td>", dashboard)


def test_a_change_without_a_reason_is_told_on_the_page_and_stores_nothing(space: Workspace) -> None:
    login(space.client, BUREAU)
    _post(space, "state", state="复核中", reason="开始复核")
    before = _events(space)
    answer = _post(space, "change", target="satisfaction.rate", value="92%", reason="  ")
    assert answer.status_code == 400
    assert "须填写理由" in answer.text
    assert 'value="satisfaction.rate"' in answer.text and 'value="92%"' in answer.text  # nothing typed is lost
    assert _events(space) == before
    answer = _post(space, "state", state="已复核", reason="")
    assert answer.status_code == 400 and "须填写理由" in answer.text
    assert _events(space) == before


def test_a_change_that_leaves_the_case_invalid_is_refused_with_the_field(space: Workspace) -> None:
    login(space.client, BUREAU)
    _post(space, "state", state="复核中", reason="开始复核")
    before = _events(space)
    answer = _post(space, "change", target="satisfaction.rate", value="很满意", reason="试一下")
    assert answer.status_code == 400
    assert "satisfaction.rate" in answer.text and "<li>" in answer.text
    assert _events(space) == before


def test_a_stale_form_is_refused_saying_who_changed_what(space: Workspace) -> None:
    login(space.client, BUREAU)
    _post(space, "state", state="复核中", reason="开始复核")
    stale = space.client.get(YEAR).text  # the first reviewer's page, before the other's change
    _post(space, "change", target="satisfaction.rate", value="92%", reason="另一位复核人员的修改")
    answer = space.client.post(f"{YEAR}/change", data={"csrf": csrf_of(stale), "after_seq": str(seq_of(stale)),
                                                       "target": "satisfaction.rate", "value": "90%",
                                                       "reason": "我的修改"})
    assert answer.status_code == 409
    assert "该年度的复核记录已更新：评价甲" in answer.text and "修改了 satisfaction.rate" in answer.text
    assert "本次未保存" in answer.text
    assert 'value="90%"' in answer.text  # what the reviewer typed is still in the form
    assert _events(space) == 2


def test_return_reply_and_review_again(space: Workspace) -> None:
    login(space.client, BUREAU)
    _post(space, "state", state="复核中", reason="开始复核")
    answer = _post(space, "state", state="退回", reason="请补充满意度调查的样本说明")
    assert answer.status_code == 303
    login(space.client, DEPARTMENT)
    page = space.client.get(YEAR).text
    assert "退回理由（评价甲" in page and "请补充满意度调查的样本说明" in page
    assert 'id="reply-form"' in page and 'id="change-form"' not in page and 'id="state-form"' not in page
    missing = _post(space, "reply", reason="")
    assert missing.status_code == 400 and "须填写答复" in missing.text
    answer = _post(space, "reply", reason="样本说明已补充：共发放问卷 300 份")
    assert answer.status_code == 303
    page = space.client.get(YEAR).text
    assert "待复核" in page and "样本说明已补充" in page.split('id="history"')[1]
    assert 'id="reply-form"' not in page  # once answered, nothing more to reply to
    login(space.client, BUREAU)
    assert _post(space, "state", state="复核中", reason="重新复核").status_code == 303
    assert _post(space, "state", state="已复核", reason="复核完成").status_code == 303
    assert "<span class=\"state\">已复核</span>" in space.client.get(YEAR).text


def test_a_move_the_review_does_not_allow_is_told(space: Workspace) -> None:
    login(space.client, BUREAU)
    answer = _post(space, "state", state="已复核", reason="跳过复核")
    assert answer.status_code == 400 and "不能从“待复核”改为“已复核”" in answer.text
    assert _events(space) == 0


def test_downloads_give_the_workbook_as_sent_and_the_reviewed_report(space: Workspace) -> None:
    login(space.client, DEPARTMENT)
    source = space.client.get(f"{YEAR}/source")
    assert source.status_code == 200
    assert source.content == (EXAMPLES / "shenzhen-ccpit-2023.yaml").read_bytes()
    assert "filename*=UTF-8''shenzhen-ccpit-2023.yaml" in source.headers["content-disposition"]
    report = space.client.get(f"{YEAR}/report.docx")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    assert "深圳市贸促委" in text and "96.77" in text and "复核未修改任何数据或评价判断" in text
    # after a change: the report is of the reviewed figures and lists the change with its reason
    login(space.client, BUREAU)
    assert _post(space, "state", state="复核中", reason="开始复核").status_code == 303
    assert _post(space, "change", target="satisfaction.rate", value="90%", reason="抽样复核为 90%",
                 after_seq="1").status_code == 303
    word = Document(io.BytesIO(space.client.get(f"{YEAR}/report.docx").content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "复核后得分 94.77（优）" in text and "复核共修改 1 处" in text
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "抽样复核为 90%" in cells and "满意度（satisfaction.rate）" in cells


def test_what_if_rescores_under_another_framework_without_storing(space: Workspace) -> None:
    login(space.client, BUREAU)
    page = space.client.get(f"{YEAR}?framework=national-department-2021").text
    whatif = page.split('id="whatif"')[1]
    # the Shenzhen case lacks figures the national framework scores from: they are named, nothing is invented
    assert "不能按这套指标体系计分" in whatif and "duties.completed" in whatif
    unknown = space.client.get(f"{YEAR}?framework=../../etc/passwd").text
    assert "没有编号为“../../etc/passwd”的指标体系" in unknown
    assert _events(space) == 0


def test_pages_show_a_message_not_a_trace_for_bad_addresses(space: Workspace, tmp_path: Path) -> None:
    login(space.client, BUREAU)
    for path, status in (("/d/x/notayear", 400), ("/nowhere", 404), (f"{YEAR}?framework=", 200),
                         ("/?year=abc", 400), ("/?state=完成", 400)):
        answer = space.client.get(path)
        assert answer.status_code == status, path
        assert "Traceback" not in answer.text and '<html lang="zh-CN">' in answer.text
