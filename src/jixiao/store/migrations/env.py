"""Alembic's environment for the store: the engine comes from jixiao (``config.attributes["engine"]``)."""

from __future__ import annotations

from alembic import context

from jixiao.store.schema import Base

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                      transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
