"""Uploading in the browser (报送): a workbook with a bad cell is told cell by cell and stored as nothing; fixed,
it is scored and stored; what is not a workbook, too large or hostile is refused with a message on the page. A
department submits only its own department, and not while its year is under review. On both databases."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store_support import store_url
from web_support import BUREAU, DEPARTMENT, EXAMPLES, OURS, Workspace, csrf_of, login, seq_of, workspace
from workbook_support import edit, filled_workbook

__all__ = ["store_url"]


@pytest.fixture
def space(store_url: str) -> Workspace:
    return workspace(store_url)


def _submissions(space: Workspace) -> int:
    from jixiao.store.schema import Submission

    with space.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(Submission)) or 0)


def _upload(space: Workspace, *files: tuple[str, bytes]):  # type: ignore[no-untyped-def]
    csrf = csrf_of(space.client.get("/upload").text)
    return space.client.post("/upload", data={"csrf": csrf},
                             files=[("file", (name, io.BytesIO(content))) for name, content in files])


def _workbook(tmp_path: Path, year: int = 2023, **cells: object) -> bytes:
    path = filled_workbook(tmp_path, EXAMPLES / "shenzhen-ccpit-2023.yaml", f"{year}.xlsx")
    edit(path, {"基本信息!B5": year, **cells})
    return path.read_bytes()


def test_a_bad_cell_is_named_then_the_fixed_workbook_is_scored_and_stored(space: Workspace, tmp_path: Path) -> None:
    login(space.client, DEPARTMENT)
    bad = _workbook(tmp_path, **{"预算与调整!B3": "四千八百万", "预算与调整!B2": -5})
    answer = _upload(space, ("贸促委2023.xlsx", bad))
    assert answer.status_code == 400
    assert "未保存：贸促委2023.xlsx" in answer.text
    assert "贸促委2023.xlsx，预算与调整!B3" in answer.text and "预算与调整!B2" in answer.text  # every problem at once
    assert "/tmp" not in answer.text and "jixiao-upload" not in answer.text  # told by the name the user gave it
    assert _submissions(space) == 3
    good = _workbook(tmp_path)
    answer = _upload(space, ("贸促委2023.xlsx", good))
    assert answer.status_code == 200
    assert "已保存：深圳市贸促委 2023 年度（第 2 版" in answer.text
    assert "综合评分 <strong>96.77</strong>" in answer.text  # the same figures as the 2023 example
    assert _submissions(space) == 4
    page = space.client.get(f"/d/{OURS}/2023")
    assert page.status_code == 200 and "贸促委2023.xlsx" in page.text
    assert space.client.get(f"/d/{OURS}/2023/source").content == good


def test_what_is_not_a_workbook_or_is_too_large_is_refused_with_a_message(space: Workspace) -> None:
    login(space.client, BUREAU)
    answer = _upload(space, ("报告.docx", b"PK\x03\x04 not really"))
    assert answer.status_code == 400 and "只能上传评价工作簿（.xlsx）或案例文件（.yaml）" in answer.text
    answer = _upload(space, ("假的.xlsx", b"this is not a zip file"))
    assert answer.status_code == 400 and "未保存：假的.xlsx" in answer.text
    from jixiao.web.pages import UPLOAD_LIMIT

    answer = _upload(space, ("大.yaml", b"#" * (UPLOAD_LIMIT + 10)))
    assert answer.status_code == 413 and "上传的文件太大" in answer.text
    csrf = csrf_of(space.client.get("/upload").text)
    answer = space.client.post("/upload", data={"csrf": csrf})
    assert answer.status_code == 400 and "请选择要报送的" in answer.text
    assert _submissions(space) == 3


def test_a_hostile_workbook_is_refused_in_bounded_time(space: Workspace, tmp_path: Path) -> None:
    """A zip bomb dressed as a workbook: the workbook reader's limits apply to uploads too."""
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * (300 * 1024 * 1024) + "</a>")
    login(space.client, BUREAU)
    answer = _upload(space, ("bomb.xlsx", path.read_bytes()))
    assert answer.status_code == 400 and "未保存：bomb.xlsx" in answer.text
    assert _submissions(space) == 3


def test_a_department_cannot_resubmit_a_year_under_review_but_can_once_returned(space: Workspace) -> None:
    content = (EXAMPLES / "shenzhen-ccpit-2023.yaml").read_bytes()
    login(space.client, BUREAU)
    page = space.client.get(f"/d/{OURS}/2023").text
    space.client.post(f"/d/{OURS}/2023/state", data={"csrf": csrf_of(page), "after_seq": str(seq_of(page)),
                                                    "state": "复核中", "reason": "开始复核"})
    login(space.client, DEPARTMENT)
    answer = _upload(space, ("again.yaml", content))
    assert answer.status_code == 400 and "2023 年度已进入复核（状态：复核中），不能再次报送" in answer.text
    assert _submissions(space) == 3
    login(space.client, BUREAU)
    page = space.client.get(f"/d/{OURS}/2023").text
    space.client.post(f"/d/{OURS}/2023/state", data={"csrf": csrf_of(page), "after_seq": str(seq_of(page)),
                                                    "state": "退回", "reason": "数据有误，请更正后重报"})
    login(space.client, DEPARTMENT)
    answer = _upload(space, ("again.yaml", content))
    assert answer.status_code == 200 and re.search(r"第 2 版，之前的版本仍保留", answer.text)
    assert _submissions(space) == 4
