"""Accounts of the web workspace: accounts and their roles, who sees which departments, sessions, login
attempts, and the audit log of logins and changes.

Revision ID: 0003
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, comment="用户名"),
        sa.Column("role", sa.String(20), nullable=False, comment="角色"),
        sa.Column("password_hash", sa.String(200), nullable=False, comment="密码的 argon2 哈希"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="建立时间（UTC）"),
        sa.Column("disabled", sa.Boolean(), nullable=False, comment="已停用"),
        sa.PrimaryKeyConstraint("id", name="pk_account"),
        sa.UniqueConstraint("name", name="uq_account_name"),
    )
    op.create_table(
        "account_department",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "department_id", name="pk_account_department"),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="fk_account_department_account_id_account"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name="fk_account_department_department_id_department"),
    )
    op.create_table(
        "web_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, comment="会话令牌的 SHA-256"),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False, comment="表单令牌"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="登录时间（UTC）"),
        sa.Column("expires_at", sa.DateTime(), nullable=False, comment="失效时间（UTC）"),
        sa.PrimaryKeyConstraint("id", name="pk_web_session"),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name="fk_web_session_account_id_account"),
        sa.UniqueConstraint("token_sha256", name="uq_web_session_token_sha256"),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, comment="所用用户名"),
        sa.Column("address", sa.String(64), nullable=False, comment="来源地址"),
        sa.Column("at", sa.DateTime(), nullable=False, comment="时间（UTC）"),
        sa.Column("succeeded", sa.Boolean(), nullable=False, comment="是否成功"),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempt"),
    )
    op.create_index("ix_login_attempt_name", "login_attempt", ["name"])
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False, comment="时间（UTC）"),
        sa.Column("actor", sa.String(100), nullable=False, comment="操作人"),
        sa.Column("action", sa.String(40), nullable=False, comment="操作"),
        sa.Column("detail", sa.JSON(), nullable=False, comment="内容"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entry"),
    )


def downgrade() -> None:
    for table in ("audit_entry", "login_attempt", "web_session", "account_department", "account"):
        op.drop_table(table)
