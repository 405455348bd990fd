"""Each department-year's standing (最新报送、复核状态、自评与复核后得分) and its indicators' scores, kept beside
the history they add up to.

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
        sa.Column("self_micros", sa.BigInteger(), nullable=True, comment="自评得分 × 10⁶（整数，排序与汇总用）"),
        sa.Column("total_micros", sa.BigInteger(), nullable=True, comment="复核后得分 × 10⁶（整数，排序与汇总用）"),
        sa.Column("sheet", sa.JSON(), nullable=True, comment="复核修改后的评分表及计分追踪（未修改时为空：即报送的评分表）"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name="fk_year_standing_department_id_department"),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"],
                                name="fk_year_standing_submission_id_submission"),
        sa.PrimaryKeyConstraint("department_id", "year", name="pk_year_standing"),
    )
    op.create_index("ix_year_standing_year", "year_standing", ["year"])
    op.create_table(
        "standing_indicator",
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False, comment="评价年度"),
        sa.Column("indicator_id", sa.String(100), nullable=False, comment="指标编号"),
        sa.Column("position", sa.Integer(), nullable=False, comment="在指标体系中的次序（从 0 起）"),
        sa.Column("name", sa.String(200), nullable=False, comment="指标名称"),
        sa.Column("weight", sa.String(20), nullable=False, comment="分值"),
        sa.Column("self_score", sa.String(20), nullable=True, comment="自评得分"),
        sa.Column("score", sa.String(20), nullable=True, comment="复核后得分"),
        sa.Column("weight_micros", sa.BigInteger(), nullable=False, comment="分值 × 10⁶"),
        sa.Column("score_micros", sa.BigInteger(), nullable=True, comment="复核后得分 × 10⁶"),
        sa.ForeignKeyConstraint(["department_id"], ["department.id"],
                                name="fk_standing_indicator_department_id_department"),
        sa.PrimaryKeyConstraint("department_id", "year", "indicator_id", name="pk_standing_indicator"),
    )
    op.create_index("ix_standing_indicator_year", "standing_indicator", ["year"])
    op.create_table(
        "indicator_total",
        sa.Column("year", sa.Integer(), nullable=False, comment="评价年度"),
        sa.Column("framework_id", sa.String(100), nullable=False, comment="指标体系编号"),
        sa.Column("indicator_id", sa.String(100), nullable=False, comment="指标编号"),
        sa.Column("scored", sa.Integer(), nullable=False, comment="计了分的部门年度数"),
        sa.Column("score_micros", sa.BigInteger(), nullable=False, comment="复核后得分之和 × 10⁶"),
        sa.Column("weight_micros", sa.BigInteger(), nullable=False, comment="分值之和 × 10⁶"),
        sa.PrimaryKeyConstraint("year", "framework_id", "indicator_id", name="pk_indicator_total"),
    )
    # the department-years already stored: their standing worked out from their submissions and events, then
    # the year's indicator totals added up from those (here, in this revision's columns: later revisions add more)
    from jixiao.store.standing import rebuild

    rebuild(op.get_bind(), totals=False)
    op.execute(
        "INSERT INTO indicator_total (year, framework_id, indicator_id, scored, score_micros, weight_micros) "
        "SELECT si.year, ys.framework_id, si.indicator_id, count(*), sum(si.score_micros), sum(si.weight_micros) "
        "FROM standing_indicator si JOIN year_standing ys ON ys.department_id = si.department_id "
        "AND ys.year = si.year WHERE si.score_micros IS NOT NULL GROUP BY si.year, ys.framework_id, si.indicator_id")


def downgrade() -> None:
    op.drop_table("indicator_total")
    op.drop_index("ix_standing_indicator_year", "standing_indicator")
    op.drop_table("standing_indicator")
    op.drop_index("ix_year_standing_year", "year_standing")
    op.drop_table("year_standing")
