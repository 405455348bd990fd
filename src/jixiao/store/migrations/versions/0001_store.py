"""The store's first tables: departments, framework versions, submissions, review events.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY = ("submission", "review_event")


def upgrade() -> None:
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(64), nullable=False, comment="部门编码（未填时为部门简称）"),
        sa.Column("name", sa.String(200), nullable=False, comment="部门简称"),
        sa.Column("full_name", sa.String(400), nullable=True, comment="部门全称"),
        sa.Column("tags", sa.JSON(), nullable=False, comment="部门类型标签（同类比较用）"),
        sa.PrimaryKeyConstraint("id", name="pk_department"),
        sa.UniqueConstraint("code", name="uq_department_code"),
    )
    op.create_table(
        "framework_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("framework_id", sa.String(100), nullable=False, comment="指标体系编号"),
        sa.Column("title", sa.String(400), nullable=False, comment="指标体系名称"),
        sa.Column("sha256", sa.String(64), nullable=False, comment="指标体系文件内容的 SHA-256"),
        sa.Column("content", sa.Text(), nullable=False, comment="指标体系文件的全文"),
        sa.PrimaryKeyConstraint("id", name="pk_framework_version"),
        sa.UniqueConstraint("sha256", name="uq_framework_version_sha256"),
    )
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, comment="评价年度"),
        sa.Column("version", sa.Integer(), nullable=False, comment="同一部门年度的第几份报送（从 1 起）"),
        sa.Column("framework_version_id", sa.Integer(), nullable=False),
        sa.Column("case_yaml", sa.Text(), nullable=False, comment="事实（jixiao 写出的案例 YAML）"),
        sa.Column("source_name", sa.String(400), nullable=False, comment="原文件名"),
        sa.Column("source_sha256", sa.String(64), nullable=False, comment="原文件内容的 SHA-256"),
        sa.Column("source_bytes", sa.LargeBinary(), nullable=False, comment="原文件"),
        sa.Column("total", sa.String(20), nullable=True, comment="综合评分（十进制文字）"),
        sa.Column("grade", sa.String(20), nullable=True, comment="评分等级"),
        sa.Column("scores", sa.JSON(), nullable=False, comment="评分表及计分追踪（score --json 的内容）"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="导入时间（UTC）"),
        sa.Column("created_by", sa.String(100), nullable=False, comment="导入人"),
        sa.PrimaryKeyConstraint("id", name="pk_submission"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"], name="fk_submission_department_id_department"),
        sa.ForeignKeyConstraint(["framework_version_id"], ["framework_version.id"],
                                name="fk_submission_framework_version_id_framework_version"),
        sa.UniqueConstraint("department_id", "year", "version", name="uq_submission_department_id"),
    )
    op.create_index("ix_submission_department_id", "submission", ["department_id"])
    op.create_table(
        "review_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, comment="该报送的第几个事件（从 1 起）"),
        sa.Column("kind", sa.String(40), nullable=False, comment="事件类型"),
        sa.Column("actor", sa.String(100), nullable=False, comment="操作人"),
        sa.Column("at", sa.DateTime(), nullable=False, comment="时间（UTC）"),
        sa.Column("target", sa.String(200), nullable=True, comment="所改的指标或事实"),
        sa.Column("before", sa.JSON(), nullable=True, comment="改前"),
        sa.Column("after", sa.JSON(), nullable=True, comment="改后"),
        sa.Column("reason", sa.Text(), nullable=False, comment="理由"),
        sa.PrimaryKeyConstraint("id", name="pk_review_event"),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"], name="fk_review_event_submission_id_submission"),
        sa.UniqueConstraint("submission_id", "seq", name="uq_review_event_submission_id"),
    )
    op.create_index("ix_review_event_submission_id", "review_event", ["submission_id"])
    _append_only()


def _append_only() -> None:
    """Submissions and review events are history: the database refuses to change or delete one."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in _APPEND_ONLY:
            for action, word in (("UPDATE", "修改"), ("DELETE", "删除")):
                op.execute(f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} 只能追加，不能{word}'); END")
    elif dialect == "postgresql":
        op.execute("CREATE FUNCTION jixiao_append_only() RETURNS trigger AS $$ BEGIN "
                   "RAISE EXCEPTION '% 只能追加，不能修改或删除', TG_TABLE_NAME; END $$ LANGUAGE plpgsql")
        for table in _APPEND_ONLY:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION jixiao_append_only()")


def downgrade() -> None:
    for table in ("review_event", "submission", "framework_version", "department"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS jixiao_append_only()")
