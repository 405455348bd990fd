"""Filling a store for the benchmarks (基准用的评价数据库): synthetic department-years scored and stored through
the import's own write path (one transaction each, the standing written with it), then, for the large counts,
the same department-years copied to earlier years in SQL (every copy a real row of both tables, the queries
under test read them as they read any other)."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from synthetic import department_data


def engine_at(url: str) -> Engine:
    from jixiao.store.db import engine_for, locate
    from jixiao.store.migrate import upgrade

    engine = engine_for(locate(url))
    upgrade(engine)
    return engine


def store_scored(engine: Engine, count: int, *, year: int = 2023, seed: int = 2023, step: Any = None,
                 first: int = 0) -> float:
    """``count`` synthetic department-years of ``year`` scored and stored one transaction each; seconds taken."""
    from jixiao.facts.model import DepartmentYear
    from jixiao.frameworks import load_framework
    from jixiao.scoring.engine import evaluate
    from jixiao.store.imports import _framework_content, _store
    from jixiao.store.review import score_sheet

    framework = load_framework("shenzhen-department-2023")
    framework_text = _framework_content(framework.id, framework.file)
    rng = random.Random(seed)
    start = time.perf_counter()
    for index in range(first, first + count):
        case = DepartmentYear.model_validate(department_data(rng, index, year))
        scores = score_sheet(case, evaluate(case, framework))
        _store(engine, Path(f"{index:06d}.yaml"), case, framework, scores, b"(synthetic)", framework_text, (),
               "基准", None, f"{index:06d}.yaml")
        if step is not None:
            step(index)
    return time.perf_counter() - start


def copy_years(engine: Engine, source_year: int, years: list[int]) -> float:
    """Every department-year of ``source_year`` stored again for each of ``years`` (submission and standing)."""
    columns = ("department_id, version, framework_version_id, case_yaml, source_name, source_sha256, "
               "source_bytes, total, grade, scores, created_at, created_by")
    start = time.perf_counter()
    with engine.begin() as connection:
        for year in years:
            connection.execute(text(f"INSERT INTO submission (year, {columns}) SELECT :year, {columns} "
                                    "FROM submission WHERE year = :source"), {"year": year, "source": source_year})
            connection.execute(text(
                "INSERT INTO year_standing (department_id, year, submission_id, version, framework_id, state, "
                "last_seq, self_total, self_grade, total, grade, self_micros, total_micros, sheet) "
                "SELECT st.department_id, :year, s.id, st.version, st.framework_id, st.state, st.last_seq, "
                "st.self_total, st.self_grade, st.total, st.grade, st.self_micros, st.total_micros, st.sheet "
                "FROM year_standing st JOIN submission s ON s.department_id = st.department_id AND s.year = :year "
                "AND s.version = st.version WHERE st.year = :source"), {"year": year, "source": source_year})
            connection.execute(text(
                "INSERT INTO standing_indicator (department_id, year, indicator_id, position, name, weight, "
                "self_score, score, weight_micros, score_micros) SELECT department_id, :year, indicator_id, "
                "position, name, weight, self_score, score, weight_micros, score_micros FROM standing_indicator "
                "WHERE year = :source"), {"year": year, "source": source_year})
            connection.execute(text(
                "INSERT INTO indicator_total (year, framework_id, indicator_id, scored, score_micros, "
                "weight_micros) SELECT :year, framework_id, indicator_id, scored, score_micros, weight_micros "
                "FROM indicator_total WHERE year = :source"), {"year": year, "source": source_year})
    return time.perf_counter() - start


def stored(engine: Engine) -> int:
    from jixiao.store.schema import YearStanding

    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(YearStanding)) or 0)
