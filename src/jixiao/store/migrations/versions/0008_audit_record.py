"""The audits of published reports (已发布报告的审核结果), kept with the department-year: appended, never changed.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, comment="报告的年度"),
        sa.Column("source_name", sa.String(400), nullable=False, comment="报告文件名"),
        sa.Column("source_sha256", sa.String(64), nullable=False, comment="报告文件内容的 SHA-256"),
        sa.Column("framework_id", sa.String(100), nullable=True, comment="审核所用（给出或识别）的指标体系"),
        sa.Column("errors", sa.Integer(), nullable=False, comment="错误数"),
        sa.Column("suspects", sa.Integer(), nullable=False, comment="疑似数"),
        sa.Column("notes", sa.Integer(), nullable=False, comment="提示数"),
        sa.Column("verified", sa.Integer(), nullable=False, comment="复核通过的计算数"),
        sa.Column("result", sa.JSON(), nullable=False, comment="审核结果（jixiao audit --json 的内容）"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="审核时间（UTC）"),
        sa.Column("created_by", sa.String(100), nullable=False, comment="审核人"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"], name="fk_audit_record_department_id_department"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_record"),
    )
    op.create_index("ix_audit_record_department_id", "audit_record", ["department_id"])
    if op.get_bind().dialect.name == "sqlite":
        for action, word in (("UPDATE", "修改"), ("DELETE", "删除")):
            op.execute(f"CREATE TRIGGER audit_record_no_{action.lower()} BEFORE {action} ON audit_record "
                       f"BEGIN SELECT RAISE(ABORT, 'audit_record 只能追加，不能{word}'); END")
    else:
        op.execute("CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record "
                   "FOR EACH ROW EXECUTE FUNCTION jixiao_append_only()")


def downgrade() -> None:
    op.drop_index("ix_audit_record_department_id", "audit_record")
    op.drop_table("audit_record")
