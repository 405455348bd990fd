"""Whatever a department's figures, every indicator scores within [0, its weight] and the sheet adds up.

Realistic department-years (the benchmark's generator) are pushed to the edges hypothesis chooses: nothing
budgeted or spent, spending far beyond the budget, every denominator zero, more staff than posts, every
finding, the lowest judgements.
"""

from __future__ import annotations

import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import load_framework
from jixiao.scoring.engine import evaluate
from synthetic import department_data

FRAMEWORK = load_framework("shenzhen-department-2023")

amounts = st.one_of(st.just(Decimal(0)), st.decimals(min_value=0, max_value=10**8, places=2))
counts = st.one_of(st.just(0), st.integers(min_value=0, max_value=5000))


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for key in parents:
        data = data[key]
    data[last] = value


@st.composite
def extreme_cases(draw: st.DrawFn) -> dict[str, Any]:
    data = department_data(random.Random(draw(st.integers(0, 10**6))), 0)
    for path in draw(st.sets(st.sampled_from([
        "budget.initial", "budget.adjusted", "budget.transfers", "procurement.plan", "procurement.paid",
        "public_expenses.three_public.adjusted", "public_expenses.three_public.final",
        "public_expenses.routine.adjusted", "public_expenses.routine.final", "assets.fixed_original_value",
    ]))):
        _set(data, path, draw(amounts))
    for quarter in data["quarters"]:
        if draw(st.booleans()):
            quarter["adjusted_budget"], quarter["cumulative_spending"] = draw(amounts), draw(amounts)
    data["assets"]["fixed_in_use"] = min(draw(amounts), data["assets"]["fixed_original_value"])
    staff = data["staff"]
    staff["authorised_posts"], staff["in_post"] = draw(counts), draw(counts)
    staff["other"][0]["count"] = draw(counts)
    planned = draw(counts)
    data["projects"] = {"planned": planned, "completed_on_time": draw(st.integers(0, planned))}
    data["key_tasks"] = [{"name": f"任务{i}", "completed": done}
                         for i, done in enumerate(draw(st.lists(st.booleans(), max_size=6)))]
    received = draw(counts)
    replied = draw(st.integers(0, received))
    data["petitions"] = {"channel": draw(st.booleans()), "received": received, "replied": replied,
                         "replied_on_time": draw(st.integers(0, replied))}
    data["satisfaction"] = {"rate": draw(st.decimals(min_value=0, max_value=1, places=4))}
    data["compliance"] = {"misuse_found": draw(st.booleans())}
    judgements = data["judgements"]
    for indicator in ("budget_conformity", "target_completeness"):
        judgements[indicator] = {"findings": [f"问题{i}" for i in range(draw(st.integers(0, 30)))]}
    if draw(st.booleans()):  # every item of every checklist at its lowest
        for judgement in judgements.values():
            for item in judgement.get("items", {}):
                judgement["items"][item] = {"points": 0, "reason": "未落实"}
    effectiveness = draw(st.decimals(min_value=0, max_value=25, places=1))
    judgements["effectiveness"] = {"score": effectiveness, "reason": "部分目标未达到"}
    return data


@settings(max_examples=150)
@given(data=extreme_cases())
def test_every_indicator_scores_within_its_weight(data: dict[str, Any]) -> None:
    try:
        case = DepartmentYear.model_validate(data)
    except ValidationError:
        assume(False)  # figures that contradict each other are refused at the door, which other tests check
        raise
    evaluation = evaluate(case, FRAMEWORK)
    for result in evaluation.results:
        assert result.score is not None
        assert 0 <= result.score <= result.indicator.weight, (result.indicator.name, result.score, result.steps)
    assert evaluation.total == sum(r.score for r in evaluation.results if r.score is not None)
    assert 0 <= evaluation.total <= FRAMEWORK.total
    assert evaluation.grade == FRAMEWORK.grade_for(evaluation.total)
