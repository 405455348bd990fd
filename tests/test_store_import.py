"""jixiao import: many files, each in one transaction; a bad file stores nothing; a killed import leaves no half.

The examples are scored as ``jixiao score`` scores them (their totals are pinned, worked out by hand, in their own
tests); here what matters is what is stored and what is not.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from store_support import rows, store_url

__all__ = ["store_url"]  # the fixture, used by name

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def _db(url: str) -> str:
    assert runner.invoke(app, ["db", "init", "--db", url]).exit_code == 0
    return url


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    return rows(url, sql)


def test_a_folder_is_imported_and_a_second_import_keeps_the_first(tmp_path: Path, store_url: str) -> None:
    db = _db(store_url)
    folder = tmp_path / "报送"
    folder.mkdir()
    for name in ("shenzhen-ccpit-2023.yaml", "national-department-2023.yaml", "project-self-2023.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    result = runner.invoke(app, ["import", str(folder), "--db", str(db), "--by", "张三"])
    assert result.exit_code == 0, result.output
    assert "导入 3 个" in result.output
    stored = _rows(db, "SELECT d.name, s.year, s.version, s.total, s.grade, s.created_by FROM submission s "
                       "JOIN department d ON d.id = s.department_id ORDER BY s.id")
    # a folder is taken in the order of its file names
    assert stored == [("某县农业农村局", 2023, 1, "83.56", "良", "张三"), ("某区教育局", 2023, 1, "92.59", "优", "张三"),
                      ("深圳市贸促委", 2023, 1, "96.77", "优", "张三")]
    # the original bytes, the framework's exact content by hash, the trace of every score
    source, sha = _rows(db, "SELECT source_bytes, source_sha256 FROM submission WHERE id = 3")[0]
    assert bytes(source) == (folder / "shenzhen-ccpit-2023.yaml").read_bytes()  # type: ignore[arg-type]
    assert isinstance(sha, str) and len(sha) == 64
    frameworks = {row[0] for row in _rows(db, "SELECT framework_id FROM framework_version")}
    assert frameworks == {"shenzhen-department-2023", "national-department-2021", "project-self-2020"}
    stored_scores = _rows(db, "SELECT scores FROM submission WHERE id = 3")[0][0]
    scores = stored_scores if isinstance(stored_scores, dict) else json.loads(str(stored_scores))
    assert scores["total"] == "96.77" and all("trace" in i for i in scores["indicators"])
    again = runner.invoke(app, ["import", str(folder / "shenzhen-ccpit-2023.yaml"), "--db", str(db)])
    assert again.exit_code == 0 and "导入新版本 1 个" in again.output
    assert _rows(db, "SELECT version FROM submission WHERE department_id = 3 ORDER BY version") == [(1,), (2,)]
    assert _rows(db, "SELECT count(*) FROM framework_version") == [(3,)]  # the same framework stored once


def test_a_bad_file_stores_nothing_and_the_batch_goes_on(tmp_path: Path, store_url: str) -> None:
    db = _db(store_url)
    bad = tmp_path / "坏.yaml"
    bad.write_text((EXAMPLES / "shenzhen-ccpit-2023.yaml").read_text(encoding="utf-8")
                   .replace("initial: 4796.11", "initial: 很多"), encoding="utf-8")
    other_year = tmp_path / "别年.yaml"
    other_year.write_text((EXAMPLES / "national-department-2023.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    good = EXAMPLES / "project-self-2023.yaml"
    result = runner.invoke(app, ["import", str(bad), str(good), str(other_year), "--db", str(db), "--year", "2023"])
    assert result.exit_code == 2
    assert "拒绝导入" in result.output and "坏.yaml" in result.output and "很多" in result.output
    assert "导入 2 个" in result.output and "拒绝 1 个" in result.output
    assert _rows(db, "SELECT count(*) FROM submission") == [(2,)]
    assert _rows(db, "SELECT count(*) FROM department") == [(2,)]  # nothing of the bad file, not even its department
    wrong_year = runner.invoke(app, ["import", str(good), "--db", str(db), "--year", "2024"])
    assert wrong_year.exit_code == 2 and "与 --year 2024 不符" in wrong_year.output


def test_an_import_killed_midway_leaves_no_half_stored_submission(tmp_path: Path, store_url: str) -> None:
    db = _db(store_url)
    folder = tmp_path / "许多"
    folder.mkdir()
    text = (EXAMPLES / "shenzhen-ccpit-2023.yaml").read_text(encoding="utf-8")
    for i in range(200):
        (folder / f"{i:03d}.yaml").write_text(text.replace("name: 深圳市贸促委", f"name: 部门{i:03d}", 1),
                                               encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "jixiao", "import", str(folder), "--db", str(db)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until some are stored, then kill it in the middle of the batch
        stored = _rows(db, "SELECT count(*) FROM submission")[0][0]
        if isinstance(stored, int) and stored >= 3:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    if "://" not in db:
        assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    count = _rows(db, "SELECT count(*) FROM submission")[0][0]
    assert isinstance(count, int) and 3 <= count < 200
    # every stored submission is whole: its department, its framework, its figures, its file, its scores
    whole = _rows(db, "SELECT count(*) FROM submission s JOIN department d ON d.id = s.department_id "
                      "JOIN framework_version f ON f.id = s.framework_version_id "
                      "WHERE length(s.case_yaml) > 100 AND length(s.source_bytes) > 100 AND s.total = '96.77'")
    assert whole == [(count,)]
    assert _rows(db, "SELECT count(*) FROM department") == [(count,)]  # no department without its submission
    # and the store takes the rest of the batch afterwards
    result = runner.invoke(app, ["import", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert _rows(db, "SELECT count(*) FROM submission")[0][0] == 200 + count


def test_a_backup_restores_into_an_empty_store_whole(tmp_path: Path, store_url: str) -> None:
    """Backed up from the store under test, restored into a fresh SQLite file: every row comes back, ids and
    bytes and traces alike; the restored store takes new imports after them; a store with data is refused."""
    db = _db(store_url)
    for name in ("shenzhen-ccpit-2023.yaml", "project-self-2023.yaml"):
        assert runner.invoke(app, ["import", str(EXAMPLES / name), "--db", db]).exit_code == 0
    archive = tmp_path / "备份.zip"
    result = runner.invoke(app, ["db", "backup", "-o", str(archive), "--db", db])
    assert result.exit_code == 0, result.output
    assert "submission 2 行" in result.output
    target = str(tmp_path / "恢复.db")
    assert runner.invoke(app, ["db", "init", "--db", target]).exit_code == 0
    restored = runner.invoke(app, ["db", "restore", str(archive), "--db", target])
    assert restored.exit_code == 0, restored.output
    query = ("SELECT s.id, d.code, s.year, s.version, s.total, s.source_sha256, length(s.case_yaml) FROM submission s "
             "JOIN department d ON d.id = s.department_id ORDER BY s.id")
    assert _rows(target, query) == _rows(db, query)
    assert runner.invoke(app, ["import", str(EXAMPLES / "national-department-2023.yaml"), "--db", target]).exit_code == 0
    assert _rows(target, "SELECT max(id) FROM submission") == [(3,)]
    again = runner.invoke(app, ["db", "restore", str(archive), "--db", target])
    assert again.exit_code == 2 and "只能恢复到空的数据库" in again.output
    assert _rows(target, "SELECT count(*) FROM submission") == [(3,)]  # nothing half-restored
    bad = tmp_path / "坏.zip"
    bad.write_bytes(b"not a zip")
    empty = str(tmp_path / "空.db")
    assert runner.invoke(app, ["db", "init", "--db", empty]).exit_code == 0
    refused = runner.invoke(app, ["db", "restore", str(bad), "--db", empty])
    assert refused.exit_code == 2 and "不是 jixiao 数据库备份文件" in refused.output


def _flat(output: str) -> str:
    """The output without the line breaks the terminal's width puts into long messages."""
    return output.replace("\n", "")


def _variant(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (EXAMPLES / "shenzhen-ccpit-2023.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_an_unknown_framework_is_refused_and_stores_nothing(tmp_path: Path, store_url: str) -> None:
    db = _db(store_url)
    bad = _variant(tmp_path, "未知.yaml", "framework: shenzhen-department-2023", "framework: 某市-2023")
    result = runner.invoke(app, ["import", str(bad), "--db", db])
    assert result.exit_code == 2 and "指标体系“某市-2023”：未知的指标体系" in _flat(result.output)
    assert _rows(db, "SELECT count(*) FROM submission") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM department") == [(0,)]


def test_a_year_outside_the_framework_s_years_is_refused_unless_asked_for(tmp_path: Path, store_url: str) -> None:
    db = _db(store_url)
    later = _variant(tmp_path, "2024.yaml", "year: 2023", "year: 2024")
    result = runner.invoke(app, ["import", str(later), "--db", db])
    assert result.exit_code == 2
    assert "案例为 2024 年度" in _flat(result.output) and "适用于 2023 年度" in _flat(result.output)
    assert "--any-year" in _flat(result.output) and _rows(db, "SELECT count(*) FROM submission") == [(0,)]
    # every problem at once: the year, and a figure the framework needs that is missing
    both = _variant(tmp_path, "2024缺.yaml", "year: 2023", "year: 2024")
    both.write_text(both.read_text(encoding="utf-8").replace("  rate: 95%\n", "", 1), encoding="utf-8")
    result = runner.invoke(app, ["import", str(both), "--db", db])
    assert result.exit_code == 2 and "适用于 2023 年度" in _flat(result.output) and "satisfaction" in _flat(result.output)
    result = runner.invoke(app, ["import", str(later), "--any-year", "--db", db])
    assert result.exit_code == 0, result.output
    assert _rows(db, "SELECT year, version FROM submission") == [(2024, 1)]


def test_a_code_stored_under_another_name_is_refused_unless_renamed(tmp_path: Path, store_url: str) -> None:
    db = _db(store_url)
    first = _variant(tmp_path, "a.yaml", "  name: 深圳市贸促委\n", '  name: 深圳市贸促委\n  code: "A01"\n')
    assert runner.invoke(app, ["import", str(first), "--db", db]).exit_code == 0
    renamed = _variant(tmp_path, "b.yaml", "  name: 深圳市贸促委\n", '  name: 深圳市国际贸易促进委\n  code: "A01"\n')
    result = runner.invoke(app, ["import", str(renamed), "--db", db])
    assert result.exit_code == 2
    assert "部门编码“A01”在数据库中是“深圳市贸促委”，本文件的部门名称为“深圳市国际贸易促进委”" in _flat(result.output)
    assert _rows(db, "SELECT count(*) FROM submission") == [(1,)]
    result = runner.invoke(app, ["import", str(renamed), "--rename", "--db", db])
    assert result.exit_code == 0, result.output
    assert _rows(db, "SELECT code, name FROM department") == [("A01", "深圳市国际贸易促进委")]
    assert _rows(db, "SELECT version FROM submission ORDER BY version") == [(1,), (2,)]  # the same department
    # a name already another code's: refused, nothing stored
    other = _variant(tmp_path, "c.yaml", "  name: 深圳市贸促委\n", '  name: 深圳市国际贸易促进委\n  code: "B02"\n')
    result = runner.invoke(app, ["import", str(other), "--db", db])
    assert result.exit_code == 2 and "部门名称“深圳市国际贸易促进委”在数据库中已用于编码为“A01”的部门" in _flat(result.output)
    # a name that is another department's code: looking it up by that word would find the other one
    taken = _variant(tmp_path, "d.yaml", "  name: 深圳市贸促委\n", '  name: A01\n  code: "C03"\n')
    result = runner.invoke(app, ["import", str(taken), "--db", db])
    assert result.exit_code == 2 and "部门名称“A01”在数据库中是另一个部门（“深圳市国际贸易促进委”）的编码" in _flat(result.output)
    assert _rows(db, "SELECT count(*) FROM department") == [(1,)]


def _refused_by_sqlite(tmp_path: Path, pragma: str) -> tuple[str, list[tuple[object, ...]], list[tuple[object, ...]]]:
    """An import into a store whose connections ``pragma`` makes refuse to write: the CLI's message, and what the
    store holds before and after (read through a connection without the pragma)."""
    from sqlalchemy import event

    import jixiao.store.db as db

    url = str(tmp_path / "j.db")
    _db(url)
    assert runner.invoke(app, ["import", str(EXAMPLES / "project-self-2023.yaml"), "--db", url]).exit_code == 0
    before = _rows(url, "SELECT id, version, total FROM submission")
    made = db.engine_for

    def refusing(location: object) -> object:
        engine = made(location)  # type: ignore[arg-type]
        event.listen(engine, "connect", lambda connection, _: connection.execute(pragma))
        return engine

    db.engine_for = refusing  # type: ignore[assignment]
    try:
        result = runner.invoke(app, ["import", str(EXAMPLES / "shenzhen-ccpit-2023.yaml"), "--db", url])
    finally:
        db.engine_for = made  # type: ignore[assignment]
    assert result.exit_code == 2 and "Traceback" not in result.output
    return _flat(result.output), before, _rows(url, "SELECT id, version, total FROM submission")


def test_a_read_only_database_is_said_and_keeps_what_it_had(tmp_path: Path) -> None:
    said, before, after = _refused_by_sqlite(tmp_path, "PRAGMA query_only = ON")
    assert "数据库为只读" in said and "本次未保存任何内容" in said
    assert after == before


def test_a_full_disk_is_said_and_leaves_no_half_stored_submission(tmp_path: Path) -> None:
    # the database may not grow past the pages it has: the next submission finds the disk full
    said, before, after = _refused_by_sqlite(tmp_path, "PRAGMA max_page_count = 1")
    assert "磁盘已满" in said and "本次未保存任何内容" in said
    assert after == before
    assert _rows(str(tmp_path / "j.db"), "SELECT count(*) FROM year_standing") == [(1,)]
