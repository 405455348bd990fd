"""Batch scoring gives exactly what one-at-a-time scoring gives, in one process or several."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import load_framework
from jixiao.scoring.batch import score_many
from jixiao.scoring.engine import evaluate
from synthetic import department_data, departments

FRAMEWORK = load_framework("shenzhen-department-2023")


@pytest.fixture(scope="module")
def cases() -> list[DepartmentYear]:
    return list(departments(240, seed=7))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_batch_matches_single(cases: list[DepartmentYear], workers: int) -> None:
    results = score_many(cases, FRAMEWORK, workers=workers, chunk_size=50)
    assert len(results) == len(cases)
    for case, batch in zip(cases, results, strict=True):
        single = evaluate(case, FRAMEWORK)
        assert batch.department == case.department.name
        assert batch.total == single.total
        assert batch.grade == single.grade
        assert batch.scores == tuple(r.score for r in single.results)
        assert batch.problems == ()


def test_synthetic_cases_vary_and_repeat_with_the_seed(cases: list[DepartmentYear]) -> None:
    again = list(departments(240, seed=7))
    assert again == cases
    totals = {r.total for r in score_many(cases, FRAMEWORK, workers=1)}
    assert len(totals) > 50
    grades = {r.grade for r in score_many(cases, FRAMEWORK, workers=1)}
    assert {"优", "良"} <= grades


def test_a_bad_case_does_not_stop_the_batch(cases: list[DepartmentYear]) -> None:
    import random

    data = department_data(random.Random(1), 999)
    del data["judgements"]["effectiveness"]
    bad = DepartmentYear.model_validate(data)
    results = score_many([cases[0], bad, cases[1]], FRAMEWORK, workers=1)
    assert results[0].problems == () and results[2].problems == ()
    assert results[1].total is None and results[1].grade is None
    assert any("effectiveness" in p for p in results[1].problems)


def test_partial_batch_matches_partial_evaluation() -> None:
    """Cases lacking whole sections, scored partially: the same not-scored indicators and totals as one at a time."""
    import random

    rng = random.Random(5)
    sections = ["procurement", "staff", "assets", "petitions", "satisfaction", "quarters", "public_expenses"]
    cases = []
    for index in range(40):
        data = department_data(rng, index)
        for section in rng.sample(sections, rng.randint(0, 3)):
            data.pop(section, None)
        cases.append(DepartmentYear.model_validate(data))
    results = score_many(cases, FRAMEWORK, workers=1, partial=True)
    assert sum(1 for r in results if None in r.scores) > 20
    for case, batch in zip(cases, results, strict=True):
        single = evaluate(case, FRAMEWORK, partial=True)
        assert batch.scores == tuple(r.score for r in single.results)
        assert (batch.total, batch.grade) == (single.total, single.grade)


def test_a_failure_in_any_process_stops_the_batch_with_the_error(cases: list[DepartmentYear],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in scoring (not a problem with a case) is raised, whichever process met it; nothing hangs."""
    from jixiao.scoring import batch

    original = batch._result
    doomed = {cases[10].department.name, cases[230].department.name}  # one early chunk, one late

    def failing(scorer, case, partial):  # type: ignore[no-untyped-def]
        if case.department.name in doomed:
            raise ZeroDivisionError("模拟的程序错误")
        return original(scorer, case, partial)

    monkeypatch.setattr(batch, "_result", failing)
    with pytest.raises((ZeroDivisionError, RuntimeError), match="模拟的程序错误"):
        score_many(cases, FRAMEWORK, workers=2, chunk_size=20)
