"""The YAML test cases: a department-year, a framework, the scores a finance officer expects."""

from __future__ import annotations

from typing import Any

import pytest

from casefiles import as_decimal, build_case, load_entries
from jixiao.frameworks import load_framework
from jixiao.scoring.engine import evaluate, scorer_for

ENTRIES = load_entries()


# One pytest.param each, not an ids= list: pytest escapes a list of ids in place, and a second session in the same
# process (mutmut's stats, then its runs) would escape the names again and no longer find them.
@pytest.mark.parametrize("entry", [pytest.param(e, id=name) for name, e in ENTRIES])
def test_case(entry: dict[str, Any]) -> None:
    case = build_case(entry, entry["name"])
    framework = load_framework(entry.get("framework", "shenzhen-department-2023"))
    evaluation = evaluate(case, framework)
    # The batch path (no trails) gives the same scores, total and grade on every case.
    scores, total, grade = scorer_for(framework).score_values(case)
    assert (scores, total, grade) == ([r.score for r in evaluation.results], evaluation.total, evaluation.grade)
    expected = entry["expected"]
    for key, score in (expected.get("scores") or {}).items():
        result = evaluation.result(key)
        trail = "\n".join(step.render() for step in result.steps)
        assert result.score == as_decimal(score), f"{key}: 得分 {result.score}，应为 {score}\n{trail}"
    if "total" in expected:
        assert evaluation.total == as_decimal(expected["total"])
    if "grade" in expected:
        assert evaluation.grade == expected["grade"]
    for key, fragments in (expected.get("trail") or {}).items():
        lines = [step.render() for step in evaluation.result(key).steps]
        for fragment in fragments:
            assert any(fragment in line for line in lines), f"{key}: 计分过程中没有“{fragment}”：{lines}"


def test_cases_exist() -> None:
    assert len(ENTRIES) >= 20
