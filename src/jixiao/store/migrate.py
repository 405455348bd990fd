"""Alembic migrations of the store (数据库结构升级), run from Python: ``jixiao db init`` and ``jixiao db upgrade``."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def _config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "jixiao.store:migrations")
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "the store ships with its migrations"
    return head


def is_known(revision: str) -> bool:
    script = ScriptDirectory.from_config(_config())
    return any(r.revision == revision for r in script.walk_revisions())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the tables to this jixiao's revision, each migration in its own transaction."""
    command.upgrade(_config(engine), "head")
