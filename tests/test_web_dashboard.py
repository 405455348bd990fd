"""The dashboard's figures, counted in the database: grades and states over every department-year, the ranking
with shared ranks, and each indicator's mean score rate — the whole year's from the totals kept with the
standings, a filtered view's added up from its own rows; both the same when they cover the same rows."""

from __future__ import annotations

from decimal import Decimal

from store_support import store_url
from web_support import OTHER, OURS, THIRD, workspace

__all__ = ["store_url"]


def test_counts_ranks_and_means_of_a_year(store_url: str) -> None:
    from jixiao.store.review import record
    from jixiao.store.sessions import Viewer
    from jixiao.web.data import dashboard

    space = workspace(store_url)
    record(space.engine, OURS, 2023, kind="state", actor="甲", reason="开始", state="复核中")
    record(space.engine, OURS, 2023, kind="change", actor="甲", reason="复算", target="satisfaction.rate", value="92%")
    everyone = Viewer(1, "甲", "财政局评价人员", None)
    board = dashboard(space.engine, everyone, year=2023)
    assert board.count == 3
    assert dict(board.grades) == {"优": 2, "良": 1, "中": 0, "差": 0}  # 94.77, 92.59 优; 83.56 良
    assert board.states == {"待复核": 2, "复核中": 1, "已复核": 0, "退回": 0}
    assert [(r.rank, r.row.code, r.row.total) for r in board.top] == [
        (1, OURS, Decimal("94.77")), (2, OTHER, Decimal("92.59")), (3, THIRD, Decimal("83.56"))]
    # one department of the Shenzhen framework: its satisfaction rate is its own, 4 of 6 points = 66.7%
    assert board.means["shenzhen-department-2023"]["satisfaction"] == Decimal("66.7")
    # the same rows through the filtered path (a viewer naming every department) give the same means
    named = dashboard(space.engine, Viewer(1, "甲", "第三方评价机构", frozenset({OURS, OTHER, THIRD})), year=2023)
    assert named.means == board.means and named.count == 3
    only = dashboard(space.engine, Viewer(1, "甲", "第三方评价机构", frozenset({THIRD})), year=2023)
    assert [r.row.code for r in only.top] == [THIRD] and set(only.means) == {"national-department-2021"}
