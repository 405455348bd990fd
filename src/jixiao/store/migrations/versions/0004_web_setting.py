"""Settings of the web workspace shared by every server process: the key that signs session cookies.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_setting",
        sa.Column("name", sa.String(64), nullable=False, comment="设置项"),
        sa.Column("value", sa.Text(), nullable=False, comment="值"),
        sa.PrimaryKeyConstraint("name", name="pk_web_setting"),
    )
    op.create_index("ix_web_session_account_id", "web_session", ["account_id"])
    op.create_index("ix_login_attempt_address", "login_attempt", ["address"])


def downgrade() -> None:
    op.drop_index("ix_login_attempt_address", "login_attempt")
    op.drop_index("ix_web_session_account_id", "web_session")
    op.drop_table("web_setting")
