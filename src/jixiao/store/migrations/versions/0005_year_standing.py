"""Each department-year's standing (最新报送、复核状态、自评与复核后得分), kept beside the history it adds up to.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "year_standing",
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, comment="评价年度"),
        sa.Column("submission_id", sa.Integer(), nullable=False, comment="最新一份报送"),
        sa.Column("version", sa.Integer(), nullable=False, comment="最新报送的版本"),
        sa.Column("framework_id", sa.String(100), nullable=False, comment="指标体系编号"),
        sa.Column("state", sa.String(20), nullable=False, comment="复核状态"),
        sa.Column("last_seq", sa.Integer(), nullable=False, comment="最后一个复核事件的序号（无事件为 0）"),
        sa.Column("self_total", sa.String(20), nullable=True, comment="自评得分"),
        sa.Column("self_grade", sa.String(20), nullable=True, comment="自评等级"),
        sa.Column("total", sa.String(20), nullable=True, comment="复核后得分"),
        sa.Column("grade", sa.String(20), nullable=True, comment="复核后等级"),
        sa.Column("indicators", sa.JSON(), nullable=False, comment="各指标：[编号, 名称, 分值, 自评得分, 复核后得分]"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name="fk_year_standing_department_id_department"),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"],
                                name="fk_year_standing_submission_id_submission"),
        sa.PrimaryKeyConstraint("department_id", "year", name="pk_year_standing"),
    )
    op.create_index("ix_year_standing_year", "year_standing", ["year"])
    # the department-years already stored: their standing worked out from their submissions and events
    from jixiao.store.standing import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_year_standing_year", "year_standing")
    op.drop_table("year_standing")
