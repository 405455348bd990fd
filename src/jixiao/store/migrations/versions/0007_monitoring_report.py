"""In-year monitoring reports (绩效运行监控填报), kept as history beside the submissions: appended, never changed.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, comment="监控年度"),
        sa.Column("month", sa.Integer(), nullable=False, comment="截至的月份（各项目填到的最后一个月）"),
        sa.Column("version", sa.Integer(), nullable=False, comment="同一部门、年度、月份的第几份填报（从 1 起）"),
        sa.Column("content", sa.JSON(), nullable=False, comment="填报内容（校验后的监控数据）"),
        sa.Column("source_name", sa.String(400), nullable=False, comment="原文件名"),
        sa.Column("source_sha256", sa.String(64), nullable=False, comment="原文件内容的 SHA-256"),
        sa.Column("source_bytes", sa.LargeBinary(), nullable=False, comment="原文件"),
        sa.Column("created_at", sa.DateTime(), nullable=False, comment="保存时间（UTC）"),
        sa.Column("created_by", sa.String(100), nullable=False, comment="保存人"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name="fk_monitoring_report_department_id_department"),
        sa.PrimaryKeyConstraint("id", name="pk_monitoring_report"),
        sa.UniqueConstraint("department_id", "year", "month", "version", name="uq_monitoring_report_department_id"),
    )
    op.create_index("ix_monitoring_report_department_id", "monitoring_report", ["department_id"])
    op.create_index("ix_monitoring_report_year", "monitoring_report", ["year"])
    # history, as the submissions are: the database refuses to change or delete a report
    if op.get_bind().dialect.name == "sqlite":
        for action, word in (("UPDATE", "修改"), ("DELETE", "删除")):
            op.execute(f"CREATE TRIGGER monitoring_report_no_{action.lower()} BEFORE {action} ON monitoring_report "
                       f"BEGIN SELECT RAISE(ABORT, 'monitoring_report 只能追加，不能{word}'); END")
    else:
        op.execute("CREATE TRIGGER monitoring_report_append_only BEFORE UPDATE OR DELETE ON monitoring_report "
                   "FOR EACH ROW EXECUTE FUNCTION jixiao_append_only()")


def downgrade() -> None:
    op.drop_index("ix_monitoring_report_year", "monitoring_report")
    op.drop_index("ix_monitoring_report_department_id", "monitoring_report")
    op.drop_table("monitoring_report")
