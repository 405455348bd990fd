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
import traceback
from collections.abc import Sequence
from decimal import Decimal
from queue import Empty
from typing import Any, NamedTuple

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


def _result(scorer: Scorer, case: DepartmentYear, partial: bool) -> BatchResult:
    try:
        scores, total, grade = scorer.score_values(case, partial=partial)
    except InputError as exc:
        return BatchResult(case.department.name, case.year, None, None, (), tuple(str(p) for p in exc.problems))
    return BatchResult(case.department.name, case.year, total, grade, tuple(scores))


# Scores travel back from the helpers as integers of hundredths (or whatever the framework's places are):
# pickling millions of Decimals would cost more than scoring them.
_Compact = tuple[str, int, int | None, str | None, tuple[int | None, ...], tuple[str, ...]]


def _compact(result: BatchResult, places: int) -> _Compact:
    department, year, total, grade, scores, problems = result
    return (department, year, None if total is None else int(total.scaleb(places)), grade,
            tuple([None if s is None else int(s.scaleb(places)) for s in scores]), problems)


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


_SHARED: tuple[Sequence[DepartmentYear], Scorer, bool, int] | None = None


def _claim(counter: Any) -> int:
    """The next chunk nobody has taken yet (the counter is shared by the scoring processes)."""
    with counter.get_lock():
        index: int = counter.value
        counter.value = index + 1
    return index


def _chunk(index: int) -> Sequence[DepartmentYear] | None:
    """The chunk ``index`` of the shared cases; ``None`` once past the end."""
    assert _SHARED is not None
    cases, _, _, chunk_size = _SHARED
    start = index * chunk_size
    return cases[start:start + chunk_size] if start < len(cases) else None


def _helper(counter: Any, queue: Any) -> None:
    """A forked helper: takes chunks until none are left, sends each chunk's results, then ``None``."""
    assert _SHARED is not None
    _, scorer, partial, _ = _SHARED
    places = scorer.framework.score_places
    try:
        while (chunk := _chunk(index := _claim(counter))) is not None:
            queue.put((index, [_compact(_result(scorer, case, partial), places) for case in chunk]))
        queue.put(None)
    except BaseException:
        queue.put(traceback.format_exc())
        raise


def score_many(cases: Sequence[DepartmentYear], framework: Framework, *, workers: int | None = None,
               partial: bool = False, chunk_size: int = 2000) -> list[BatchResult]:
    """Score every case under one framework, in ``workers`` processes (default: one per core).

    The calling process scores too: it and ``workers - 1`` forked helpers take chunks of ``chunk_size`` cases in
    turn until none are left, so there is one busy process per core and a slower process simply takes fewer
    chunks. The helpers see the cases through the fork: nothing is pickled on the way in, only the compact
    results on the way back. (Reading an object writes its reference count, so pages of cases still get copied
    between the processes; that is a large part of what a batch costs beyond the scoring itself.)
    """
    scorer = scorer_for(framework)
    workers = workers or os.cpu_count() or 1
    # Scoring makes no reference cycles; with hundreds of thousands of cases alive, the cyclic collector would
    # spend more time walking them than the scoring takes.
    collecting = gc.isenabled()
    gc.disable()
    global _SHARED
    try:
        if workers <= 1 or len(cases) <= chunk_size or "fork" not in multiprocessing.get_all_start_methods():
            return [_result(scorer, case, partial) for case in cases]
        _SHARED = (cases, scorer, partial, chunk_size)
        return [result for part in _score_shared(workers - 1) for result in part]
    finally:
        _SHARED = None
        if collecting:
            gc.enable()


def _score_shared(helpers: int) -> list[list[BatchResult]]:
    """Every chunk's results, in order: scored here and in ``helpers`` forked processes."""
    assert _SHARED is not None
    _, scorer, partial, _ = _SHARED
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    queue = context.Queue()
    processes = [context.Process(target=_helper, args=(counter, queue), daemon=True) for _ in range(helpers)]
    for process in processes:
        process.start()
    try:
        parts: dict[int, list[BatchResult]] = {}
        while (chunk := _chunk(index := _claim(counter))) is not None:
            parts[index] = [_result(scorer, case, partial) for case in chunk]
        decimals = _Decimals(scorer.framework.score_places)
        finished = 0
        while finished < helpers:
            try:
                message = queue.get(timeout=1)
            except Empty:
                if any(p.exitcode not in (None, 0) for p in processes):
                    raise RuntimeError("批量评分的子进程意外退出，结果不完整") from None
                continue
            if message is None:
                finished += 1
            elif isinstance(message, str):
                raise RuntimeError(f"批量评分的子进程出错：\n{message}")
            else:
                parts[message[0]] = [_expand(compact, decimals) for compact in message[1]]
        # Every chunk was taken by exactly one process, so all of them are here, each once.
        return [parts[index] for index in range(len(parts))]
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        queue.close()
