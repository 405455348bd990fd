"""Opening the store (打开数据库): which database, its engine, and whether its tables are current.

``--db`` or ``JIXIAO_DB`` names the database: a file path (SQLite; ``jixiao.db`` in the current folder when
neither is given) or a ``postgresql://`` URL (through psycopg 3). SQLite runs with foreign keys on and a
write-ahead log, so that readers never block the one writer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect

DEFAULT_FILE = "jixiao.db"
ENVIRONMENT = "JIXIAO_DB"


class StoreError(Exception):
    """The store cannot be used as it is; the message (in Chinese) says why and what to do."""


@dataclass(frozen=True, slots=True)
class Location:
    """Where the store is: the SQLAlchemy URL, and how to name it to the user (never with a password)."""

    url: str
    shown: str

    @property
    def option(self) -> str:
        return f"--db {self.shown}"

    @property
    def file(self) -> Path | None:
        """The SQLite file, for an embedded store (connecting would create it: look before)."""
        return Path(self.url.removeprefix("sqlite:///")) if self.url.startswith("sqlite:///") else None


def locate(db: str | None = None) -> Location:
    """The database named by ``db``, else by ``JIXIAO_DB``, else ``jixiao.db`` here."""
    if db is not None and not db.strip():
        raise StoreError("--db 为空：请给出 SQLite 文件路径或 postgresql:// 地址")
    named = db or os.environ.get(ENVIRONMENT) or DEFAULT_FILE
    if named.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        url = "postgresql+psycopg://" + named.split("://", 1)[1]
        from sqlalchemy.engine import make_url

        return Location(url, make_url(url).render_as_string(hide_password=True))
    if "://" in named:
        raise StoreError(f"不支持的数据库“{named}”：请给出 SQLite 文件路径或 postgresql:// 地址")
    return Location(f"sqlite:///{Path(named)}", named)


def engine_for(location: Location) -> Engine:
    # a connection for each of the web server's worker threads (forty: Starlette's thread pool), so that a busy
    # server queues on the database, not on the pool
    engine = create_engine(location.url, future=True, pool_size=20, max_overflow=30)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes: committed whole or not at all. On SQLite it takes the write lock when it
    starts (BEGIN IMMEDIATE), so that two writers queue (up to the busy timeout) instead of one failing halfway
    when it turns from reading to writing; PostgreSQL's own locking and the tables' unique keys do the same."""
    with engine.connect() as connection:
        connection.execution_options(jixiao_writing=True)
        with connection.begin():
            yield connection


def _sqlite_begin(connection: Connection) -> None:
    # The driver's own transaction handling is off (see _sqlite_pragmas): each transaction begins here.
    immediate = connection.get_execution_options().get("jixiao_writing", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")  # a writer waits up to 30 s for another to finish
    cursor.close()


def open_store(db: str | None = None) -> Engine:
    """The store's engine, once its tables are known to be those of this jixiao; else :class:`StoreError`
    saying to create it (``jixiao db init``) or to upgrade it (``jixiao db upgrade``)."""
    from .migrate import current_revision, head_revision

    location = locate(db)
    if location.file is not None and not location.file.exists():
        raise StoreError(f"数据库 {location.shown} 不存在：请先运行 jixiao db init {location.option}")
    engine = engine_for(location)
    current, head = current_revision(engine), head_revision()
    if current is None:
        known = inspect(engine).get_table_names()
        what = "不是 jixiao 的数据库（其中已有其他数据表）" if known else "尚未建立数据表"
        raise StoreError(f"数据库 {location.shown} {what}：请先运行 jixiao db init {location.option}")
    if current != head:
        from .migrate import is_known

        if not is_known(current):
            raise StoreError(f"数据库 {location.shown} 的结构版本 {current} 比本版本 jixiao 更新或无法识别"
                             f"（本版本为 {head}）：请升级 jixiao，或改用与之匹配的版本")
        raise StoreError(f"数据库 {location.shown} 的结构是旧版本（{current}，最新为 {head}）："
                         f"请先备份，再运行 jixiao db upgrade {location.option}")
    return engine
