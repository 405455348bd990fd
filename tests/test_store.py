"""The bureau's store: created and upgraded by migrations, history refused to change; on SQLite and PostgreSQL
(see store_support)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, inspect, update
from sqlalchemy.exc import DatabaseError
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.store.db import StoreError, engine_for, locate, open_store
from jixiao.store.migrate import current_revision, head_revision
from jixiao.store.schema import Department, FrameworkVersion, ReviewEvent, Submission
from store_support import store_url

__all__ = ["store_url"]  # the fixture, used by name
runner = CliRunner()


def _init(path: Path | str) -> None:
    result = runner.invoke(app, ["db", "init", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "已建立评价数据库" in result.output


def test_init_creates_the_tables_at_this_revision_and_again_changes_nothing(store_url: str) -> None:
    path = store_url
    _init(path)
    engine = open_store(str(path))
    assert current_revision(engine) == head_revision()
    assert {"department", "framework_version", "submission", "review_event"} <= set(inspect(engine).get_table_names())
    again = runner.invoke(app, ["db", "init", "--db", str(path)])
    assert again.exit_code == 0 and "已存在且为最新结构" in again.output


def test_the_database_is_named_by_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "环境.db"
    monkeypatch.setenv("JIXIAO_DB", str(path))
    assert runner.invoke(app, ["db", "init"]).exit_code == 0
    assert path.exists()


def test_sqlite_runs_with_foreign_keys_and_a_write_ahead_log(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    _init(path)
    with open_store(str(path)).connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _one_submission(path: Path | str) -> int:
    engine = open_store(str(path))
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        department = connection.scalar(insert(Department).values(code="440300", name="市贸促委", tags=[])
                                       .returning(Department.id))
        framework = connection.scalar(insert(FrameworkVersion).values(
            framework_id="shenzhen-department-2023", title="深圳", sha256="0" * 64, content="id: x"
        ).returning(FrameworkVersion.id))
        submission = connection.scalar(insert(Submission).values(
            department_id=department, year=2023, version=1, framework_version_id=framework, case_yaml="year: 2023",
            source_name="案例.yaml", source_sha256="1" * 64, source_bytes=b"year: 2023", total="96.77", grade="优",
            scores={}, created_at=now, created_by="测试").returning(Submission.id))
        connection.execute(insert(ReviewEvent).values(
            submission_id=submission, seq=1, kind="state", actor="复核员", at=now, target=None, before="待复核",
            after="复核中", reason="开始复核"))
    assert submission is not None
    return int(submission)


def test_history_cannot_be_changed_or_deleted(store_url: str) -> None:
    path = store_url
    _init(path)
    submission = _one_submission(path)
    engine = open_store(str(path))
    for statement in (update(ReviewEvent).values(reason="改写"), update(Submission).values(total="100.00")):
        with pytest.raises(DatabaseError, match="只能追加"), engine.begin() as connection:
            connection.execute(statement)
    with pytest.raises(DatabaseError, match="只能追加"), engine.begin() as connection:
        connection.exec_driver_sql(f"DELETE FROM submission WHERE id = {submission}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT total FROM submission").scalar() == "96.77"


def test_an_event_needs_its_submission(store_url: str) -> None:
    path = store_url
    _init(path)
    engine = open_store(str(path))
    with pytest.raises(DatabaseError), engine.begin() as connection:
        connection.execute(insert(ReviewEvent).values(
            submission_id=999, seq=1, kind="state", actor="x", at=datetime(2024, 1, 1), reason="无"))


def test_an_older_or_unknown_or_missing_database_says_what_to_do(tmp_path: Path) -> None:
    missing = tmp_path / "无.db"
    with pytest.raises(StoreError, match="jixiao db init"):
        open_store(str(missing))
    assert not missing.exists()  # looking did not create it
    path = tmp_path / "j.db"
    _init(path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    with pytest.raises(StoreError, match="无法识别"):
        open_store(str(path))
    result = runner.invoke(app, ["db", "upgrade", "--db", str(path)])
    assert result.exit_code == 2 and "无法识别" in result.output
    other = tmp_path / "别的.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE accounts (id INTEGER)")
    result = runner.invoke(app, ["db", "init", "--db", str(other)])
    assert result.exit_code == 2 and "不是 jixiao 的数据库" in result.output


def test_a_postgresql_url_is_shown_without_its_password() -> None:
    location = locate("postgresql://jixiao:secret@db.local/jixiao")
    assert location.url.startswith("postgresql+psycopg://") and "secret" not in location.shown
    with pytest.raises(StoreError, match="不支持的数据库"):
        locate("mysql://x")
    assert engine_for(locate("x.db")).dialect.name == "sqlite"


def test_the_database_s_own_refusals_are_said_in_chinese() -> None:
    from jixiao.commands.db import _refusal

    assert "只读" in _refusal("attempt to write a readonly database")
    assert "占用" in _refusal("database is locked")
    assert "磁盘已满" in _refusal("database or disk is full")
    assert "无法连接" in _refusal('connection failed: connection to server on socket "/x" failed')
    assert "未保存" in _refusal("something else entirely")


def test_a_locked_database_is_refused_with_a_message_not_a_traceback(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds the write lock past the wait: the import says so, stores nothing, exit 2."""
    from jixiao.store import db as store_db

    path = tmp_path / "j.db"
    _init(path)
    original = store_db._sqlite_pragmas

    def impatient(connection: object, record: object) -> None:
        original(connection, record)
        connection.execute("PRAGMA busy_timeout=100")  # type: ignore[attr-defined]

    monkeypatch.setattr(store_db, "_sqlite_pragmas", impatient)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        example = Path(__file__).resolve().parents[1] / "examples" / "shenzhen-ccpit-2023.yaml"
        result = runner.invoke(app, ["import", str(example), "--db", str(path)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 2, result.output
    assert "占用" in result.output and "Traceback" not in result.output
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM submission").fetchone() == (0,)
