"""Each department-year's standing, written with every import and review event, is exactly what its history adds
up to: worked out again from the submissions and events alone (as the migration that brings it to an older
database does), it is the same row. On both databases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from jixiao.store.schema import IndicatorTotal, StandingIndicator, YearStanding
from store_support import store_url

__all__ = ["store_url"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _standing(engine: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [tuple(r) for r in connection.execute(select(YearStanding.__table__).order_by(
            YearStanding.department_id, YearStanding.year))]


def _indicators(engine: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        standing = [tuple(r) for r in connection.execute(select(StandingIndicator.__table__).order_by(
            StandingIndicator.department_id, StandingIndicator.year, StandingIndicator.position))]
        totals = [tuple(r) for r in connection.execute(select(IndicatorTotal.__table__).where(
            IndicatorTotal.scored > 0).order_by(IndicatorTotal.framework_id, IndicatorTotal.indicator_id))]
    return standing, totals


def test_the_standing_written_as_we_go_is_what_the_history_adds_up_to(store_url: str, tmp_path: Path) -> None:
    from alembic import command

    from jixiao.store.db import engine_for, locate
    from jixiao.store.imports import import_one
    from jixiao.store.migrate import _config, upgrade
    from jixiao.store.review import PENDING, record

    engine = engine_for(locate(store_url))
    upgrade(engine)
    for name in ("shenzhen-ccpit-2023.yaml", "project-self-2023.yaml", "national-department-2023.yaml"):
        import_one(engine, EXAMPLES / name)
    again = tmp_path / "again.yaml"  # a second version of the Shenzhen year starts again at 待复核
    again.write_text((EXAMPLES / "shenzhen-ccpit-2023.yaml").read_text(encoding="utf-8").replace(
        "rate: 95%", "rate: 92%"), encoding="utf-8")
    record(engine, "某区教育局", 2023, kind="state", actor="甲", reason="开始", state="复核中")
    record(engine, "某区教育局", 2023, kind="state", actor="甲", reason="退回", state="退回")
    record(engine, "某区教育局", 2023, kind="reply", actor="乙", reason="已补充", state=PENDING)
    record(engine, "深圳市贸促委", 2023, kind="state", actor="甲", reason="开始", state="复核中")
    record(engine, "深圳市贸促委", 2023, kind="change", actor="甲", reason="复算", target="satisfaction.rate",
           value="90%")
    import_one(engine, again)
    record(engine, "某县农业农村局", 2023, kind="state", actor="甲", reason="开始", state="复核中")
    record(engine, "某县农业农村局", 2023, kind="change", actor="甲", reason="复算",
           target="budget.adjusted", value="1000")
    written = _standing(engine)
    indicators, totals = _indicators(engine)
    # the totals are the sums of the standings' indicators: 满意度 of the two Shenzhen-framework years counted
    # once (the second version replaced the first): 4 points of 6 at 92%, so one department losing points there
    satisfaction = next(t for t in totals if t[1:3] == ("shenzhen-department-2023", "satisfaction"))
    assert satisfaction[3:] == (1, 4_000_000, 6_000_000, 1, "公众或服务对象满意度", 20)
    assert sum(t[3] for t in totals) == sum(1 for i in indicators if i[7] is not None)
    assert sum(t[6] for t in totals) == sum(1 for i in indicators if i[9] is not None and i[9] < i[8])
    assert len(written) == 3
    states = sorted((row[5], row[6]) for row in written)  # (state, last_seq)
    assert states == [("复核中", 2), ("待复核", 0), ("待复核", 3)]
    shenzhen = next(row for row in written if row[3] == 2)  # version 2: 92% satisfaction, 4 of 6 points
    assert (shenzhen[7], shenzhen[9]) == ("94.77", "94.77")
    command.downgrade(_config(engine), "0004")  # the table goes; upgrading works every row out again
    upgrade(engine)
    assert _standing(engine) == written
    assert _indicators(engine) == (indicators, totals)
    command.downgrade(_config(engine), "0005")  # the totals lose their new columns; upgrading adds them up again
    upgrade(engine)
    assert _indicators(engine) == (indicators, totals)


def test_the_migrations_build_the_schema_the_models_describe(store_url: str) -> None:
    # every table, column, type, index and key the code reads is what `jixiao db upgrade` leaves on disk
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from jixiao.store.db import engine_for, locate
    from jixiao.store.migrate import upgrade
    from jixiao.store.schema import Base

    engine = engine_for(locate(store_url))
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
