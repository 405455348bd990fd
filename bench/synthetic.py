"""Seeded synthetic department-years (模拟部门年度数据) for benchmarks and batch tests.

Figures follow the shape of real departments: budgets from a few hundred to tens of thousands of 万元, spending
that builds up over the quarters and sometimes lags, procurement close to plan, most staff within posts,
evaluator judgements mostly full with the occasional deduction and its reason.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from jixiao.facts.model import DepartmentYear

CENT = Decimal("0.01")
STATUSES = ("按规定公开", "按规定公开", "按规定公开", "公开但不符合要求", "未公开")
CHECKLISTS = {
    "budget_rationality": ("duties_policy", "allocation", "special_funds", "classification", "not_fixed"),
    "target_clarity": ("decomposed", "benefit_targets", "measurable_values", "quantified", "evidence"),
    "procurement": ("policy",),
    "financial_compliance": ("spending_rules", "accounting"),
    "project_procedure": ("approval", "execution"),
    "project_supervision": ("monitoring_mechanism", "inspection"),
    "asset_security": ("custody", "disposal_income"),
    "management_rules": ("rules_made", "rules_applied", "performance_management"),
}
ITEM_POINTS = {"decomposed": Decimal(2), "benefit_targets": Decimal(2), "rules_made": Decimal("0.5"),
               "rules_applied": Decimal("1.5")}


def _money(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(int(rng.uniform(low, high) * 100)) * CENT


def _share(rng: random.Random, amount: Decimal, low: float, high: float) -> Decimal:
    return (amount * Decimal(str(round(rng.uniform(low, high), 4)))).quantize(CENT)


def department_data(rng: random.Random, index: int, year: int = 2023) -> dict[str, Any]:
    """One synthetic department-year as the plain data a case file holds."""
    initial = _money(rng, 300, 50000)
    adjusted = _share(rng, initial, 0.9, 1.2)
    quarter_budgets = [_share(rng, adjusted, 0.97, 1.03) for _ in range(3)] + [adjusted]
    progress = sorted(rng.uniform(0.1, 1.0) for _ in range(4))
    quarters = [{"adjusted_budget": b, "cumulative_spending": _share(rng, b, p * 0.98, p)}
                for b, p in zip(quarter_budgets, progress, strict=True)]
    plan = _share(rng, adjusted, 0.005, 0.08)
    in_post = rng.randint(8, 400)
    three_adjusted = _share(rng, adjusted, 0.001, 0.02)
    routine_adjusted = _share(rng, adjusted, 0.02, 0.08)
    fixed = _share(rng, adjusted, 0.1, 0.6)
    received = rng.choice((0, 0, 0, rng.randint(1, 60)))
    replied = received - (1 if received and rng.random() < 0.1 else 0)
    planned = rng.randint(2, 40)
    judgements: dict[str, Any] = {}
    for indicator, items in CHECKLISTS.items():
        awarded: dict[str, Any] = {}
        for item in items:
            full = ITEM_POINTS.get(item, Decimal(1))
            if rng.random() < 0.08:
                awarded[item] = {"points": (full * Decimal("0.8")).quantize(CENT), "reason": "佐证材料不完整"}
            else:
                awarded[item] = full
        judgements[indicator] = {"items": awarded}
    judgements["budget_conformity"] = {"findings": ["项目测算依据不足"] * rng.choice((0, 0, 0, 1, 2))}
    judgements["target_completeness"] = {"findings": ["个别项目未编报绩效目标"] * rng.choice((0, 0, 0, 0, 1))}
    effectiveness = Decimal(rng.choice((25, 25, 24, 23, 22, 20)))
    judgements["effectiveness"] = {"score": effectiveness, **({"reason": "部分效益指标未达到预期"} if effectiveness < 25 else {})}
    return {
        "department": {"name": f"模拟部门{index:06d}", "code": f"{index:06d}"},
        "year": year,
        "budget": {"initial": initial, "adjusted": adjusted, "transfers": _share(rng, adjusted, 0, 0.12),
                   "reclassifications": _share(rng, adjusted, 0, 0.05), "corrections": _share(rng, adjusted, 0, 0.03)},
        "quarters": quarters,
        "procurement": {"plan": plan, "paid": _share(rng, plan, 0.8, 1.02)},
        "public_expenses": {
            "three_public": {"adjusted": three_adjusted, "final": _share(rng, three_adjusted, 0.6, 1.05)},
            "routine": {"adjusted": routine_adjusted, "final": _share(rng, routine_adjusted, 0.8, 1.02)},
        },
        "staff": {
            "authorised_posts": in_post + rng.randint(-3, 20),
            "in_post": in_post,
            "other": [{"category": "劳务派遣", "count": rng.randint(0, in_post // 3), "outside_quota": True},
                      {"category": "员额", "count": rng.randint(0, 10), "outside_quota": False}],
        },
        "assets": {"fixed_original_value": fixed, "fixed_in_use": _share(rng, fixed, 0.55, 1.0)},
        "projects": {"planned": planned, "completed_on_time": planned - rng.choice((0, 0, 0, 1, 2)) if planned > 2 else planned},
        "key_tasks": [{"name": f"重点工作{i + 1}", "completed": rng.random() > 0.03} for i in range(rng.randint(2, 8))],
        "petitions": {"channel": rng.random() > 0.05, "received": received, "replied": replied,
                      "replied_on_time": replied - (1 if replied and rng.random() < 0.1 else 0)},
        "satisfaction": {"rate": Decimal(str(round(rng.uniform(0.75, 1.0), 4)))},
        "disclosure": {"budget": rng.choice(STATUSES), "final_accounts": rng.choice(STATUSES)},
        "compliance": {"misuse_found": rng.random() < 0.01},
        "judgements": judgements,
    }


def departments(count: int, seed: int = 2023) -> Iterator[DepartmentYear]:
    """``count`` synthetic department-years, the same for the same seed."""
    rng = random.Random(seed)
    for index in range(count):
        yield DepartmentYear.model_validate(department_data(rng, index))
