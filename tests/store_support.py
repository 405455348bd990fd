"""The store's tests run on both databases: SQLite always, PostgreSQL when ``JIXIAO_TEST_POSTGRESQL`` gives the
URL of a server (``make test`` starts a throw-away one: ``tools/throwaway-postgres``). Each test gets a database
of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

POSTGRESQL = os.environ.get("JIXIAO_TEST_POSTGRESQL", "")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not POSTGRESQL, reason="JIXIAO_TEST_POSTGRESQL 未设置（make test 会启动临时 PostgreSQL）"))]


def _admin_url() -> str:
    return "postgresql+psycopg://" + POSTGRESQL.split("://", 1)[1]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield str(tmp_path / "jixiao.db")
        return
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    head, query = POSTGRESQL.split("?", 1) if "?" in POSTGRESQL else (POSTGRESQL, "")
    url = head.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")
    try:
        yield url
    finally:
        from jixiao.store.db import engine_for, locate

        engine_for(locate(url)).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """The rows of a query on the store at ``url`` (either database)."""
    from jixiao.store.db import engine_for, locate

    engine = engine_for(locate(url))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()
