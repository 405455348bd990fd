"""The year's indicator totals also count the department-years losing points on each indicator, and carry the
indicator's name and place, so that a summary of many departments reads one row an indicator.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("indicator_total") as table:
        table.add_column(sa.Column("losing", sa.Integer(), nullable=False, server_default="0",
                                   comment="失分（得分低于分值）的部门年度数"))
        table.add_column(sa.Column("name", sa.String(200), nullable=False, server_default="", comment="指标名称"))
        table.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0",
                                   comment="在指标体系中的次序（从 0 起）"))
    # every total added up again from the standings' indicators, the new columns with them
    op.execute("DELETE FROM indicator_total")
    op.execute(
        "INSERT INTO indicator_total (year, framework_id, indicator_id, scored, score_micros, weight_micros, "
        "losing, name, position) "
        "SELECT si.year, ys.framework_id, si.indicator_id, count(*), sum(si.score_micros), sum(si.weight_micros), "
        "sum(CASE WHEN si.score_micros < si.weight_micros THEN 1 ELSE 0 END), min(si.name), min(si.position) "
        "FROM standing_indicator si JOIN year_standing ys ON ys.department_id = si.department_id "
        "AND ys.year = si.year WHERE si.score_micros IS NOT NULL GROUP BY si.year, ys.framework_id, si.indicator_id")


def downgrade() -> None:
    with op.batch_alter_table("indicator_total") as table:
        table.drop_column("position")
        table.drop_column("name")
        table.drop_column("losing")
