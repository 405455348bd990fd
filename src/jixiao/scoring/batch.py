"""Scoring many department-years at once (批量评分): every budget department of a country in one run.

A batch gives each case its scores, total and grade, exactly as :func:`~jixiao.scoring.engine.evaluate` would;
trails stay out of it (they are rebuilt for any one case on demand, identically), which keeps a batch of
200,000 cases small enough to pass between processes. A case with problems does not stop the batch: its
result carries the problems instead of scores.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from ..facts.model import DepartmentYear
from ..frameworks.model import Framework
from ..problems import InputError
from .engine import Scorer, scorer_for


class BatchResult(NamedTuple):
    """一个部门年度的批量评分结果：各三级指标得分（与指标体系同序）、综合评分和等级，或无法评分的问题."""

    department: str
    year: int
    total: Decimal | None
    grade: str | None
    scores: tuple[Decimal | None, ...]
    problems: tuple[str, ...] = ()


# Scores travel between processes as integers of hundredths (or whatever the framework's places are):
# pickling millions of Decimals would cost more than scoring them.
_Compact = tuple[str, int, int | None, str | None, tuple[int | None, ...], tuple[str, ...]]


def _compact(scorer: Scorer, case: DepartmentYear, partial: bool) -> _Compact:
    places = scorer.framework.score_places
    try:
        scores, total, grade = scorer.score_values(case, partial=partial)
    except InputError as exc:
        return (case.department.name, case.year, None, None, (), tuple(str(p) for p in exc.problems))
    compact = tuple(None if s is None else int(s.scaleb(places)) for s in scores)
    return (case.department.name, case.year, int(total.scaleb(places)), grade, compact, ())


class _Decimals(dict[int | None, Decimal | None]):
    """Scores in hundredths back to Decimals, each distinct one made once (scores take few distinct values)."""

    def __init__(self, places: int) -> None:
        super().__init__({None: None})
        self.places = places

    def __missing__(self, key: int | None) -> Decimal | None:
        assert key is not None
        value = self[key] = Decimal(key).scaleb(-self.places)
        return value


def _expand(compact: _Compact, decimals: _Decimals) -> BatchResult:
    department, year, total, grade, scores, problems = compact
    return BatchResult(department, year, decimals[total], grade, tuple(map(decimals.__getitem__, scores)), problems)


_SHARED: tuple[Sequence[DepartmentYear], Scorer, bool] | None = None


def _score_range(bounds: tuple[int, int]) -> list[_Compact]:
    assert _SHARED is not None
    cases, scorer, partial = _SHARED
    return [_compact(scorer, case, partial) for case in cases[bounds[0]:bounds[1]]]


def score_many(cases: Sequence[DepartmentYear], framework: Framework, *, workers: int | None = None,
               partial: bool = False, chunk_size: int = 4000) -> list[BatchResult]:
    """Score every case under one framework, in ``workers`` processes (default: one per core)."""
    scorer = scorer_for(framework)
    workers = workers or os.cpu_count() or 1
    # Scoring makes no reference cycles; with hundreds of thousands of cases alive, the cyclic collector would
    # spend more time walking them than the scoring takes.
    decimals = _Decimals(framework.score_places)
    collecting = gc.isenabled()
    gc.disable()
    global _SHARED
    try:
        if workers <= 1 or len(cases) <= chunk_size or "fork" not in multiprocessing.get_all_start_methods():
            return [_expand(_compact(scorer, case, partial), decimals) for case in cases]
        _SHARED = (cases, scorer, partial)  # inherited by the forked workers: the cases are never pickled
        ranges = [(start, min(start + chunk_size, len(cases))) for start in range(0, len(cases), chunk_size)]
        results: list[BatchResult] = []
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for part in pool.imap(_score_range, ranges):
                results.extend(_expand(compact, decimals) for compact in part)
        return results
    finally:
        _SHARED = None
        if collecting:
            gc.enable()
