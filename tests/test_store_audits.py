"""Audits of published reports kept with their department-year, and shown on its page. On both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

from jixiao.cli import app
from store_support import rows, store_url

__all__ = ["store_url"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def _run(*args: str, status: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == status, result.output
    return result.output


def _report(tmp_path: Path, old: str = "", new: str = "") -> Path:
    out = tmp_path / "报告.md"
    _run("report", str(EXAMPLES / "shenzhen-ccpit-2023.yaml"), "-o", str(out), "--no-charts", "--overwrite")
    if old:
        text = out.read_text(encoding="utf-8")
        assert old in text
        out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


def test_an_audit_is_kept_with_the_department_year_its_title_names(store_url: str, tmp_path: Path) -> None:
    _run("db", "init", "--db", store_url)
    _run("import", str(EXAMPLES / "shenzhen-ccpit-2023.yaml"), "--db", store_url)
    clean = _report(tmp_path)
    said = _run("audit", str(clean), "--db", store_url)
    assert "已保存审核结果：" in said and "深圳市贸促委 2023 年度" in said
    [(name, year, framework, errors)] = rows(store_url, "SELECT d.name, a.year, a.framework_id, a.errors FROM "
                                                        "audit_record a JOIN department d ON d.id = a.department_id")
    assert (name, year, framework, errors) == ("深圳市贸促委", 2023, "shenzhen-department-2023", 0)
    # a planted slip (the satisfaction score in the sheet) is kept as an error, beside the first audit
    broken = tmp_path / "有误.md"
    text = clean.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("|") and "公众或服务对象满意度" in line)
    assert line.rstrip().endswith("| 6.00 |")
    broken.write_text(text.replace(line, line.rstrip()[: -len("| 6.00 |")] + "| 5.00 |"), encoding="utf-8")
    _run("audit", str(broken), "--db", store_url, status=1)
    counts = rows(store_url, "SELECT source_name, errors > 0 FROM audit_record ORDER BY id")
    assert [(Path(n).name, bool(e)) for n, e in counts] == [("报告.md", False), ("有误.md", True)]
    [result] = [r for (r,) in rows(store_url, "SELECT result FROM audit_record ORDER BY id DESC")][:1]
    findings = (json.loads(result) if isinstance(result, str) else result)["findings"]
    assert any(f["severity"] == "错误" and "满意度" in f["subject"] for f in findings)


def test_a_report_of_a_department_the_store_lacks_is_not_kept_and_said(store_url: str, tmp_path: Path) -> None:
    _run("db", "init", "--db", store_url)
    said = _run("audit", str(_report(tmp_path)), "--db", store_url)
    assert "未保存审核结果" in said and "数据库中没有部门“深圳市贸促委”" in said
    assert rows(store_url, "SELECT count(*) FROM audit_record") == [(0,)]
    assert "只能与 --db 一起" in _run("audit", str(_report(tmp_path)), "--year", "2023", status=2)


def test_kept_audits_are_history(store_url: str, tmp_path: Path) -> None:
    from jixiao.store.db import open_store
    from jixiao.store.schema import AuditRecord

    _run("db", "init", "--db", store_url)
    _run("import", str(EXAMPLES / "shenzhen-ccpit-2023.yaml"), "--db", store_url)
    _run("audit", str(_report(tmp_path)), "--db", store_url)
    engine = open_store(store_url)
    with pytest.raises(DatabaseError, match="只能追加"), engine.begin() as connection:
        connection.execute(update(AuditRecord).values(errors=0))


def test_the_department_year_page_shows_its_audits(store_url: str, tmp_path: Path) -> None:
    from web_support import BUREAU, OURS, login, workspace

    space = workspace(store_url)
    _run("audit", str(_report(tmp_path)), "--db", store_url)
    login(space.client, BUREAU)
    page = space.client.get(f"/d/{OURS}/2023").text
    assert 'id="audits"' in page and "报告.md" in page and "shenzhen-department-2023" in page
