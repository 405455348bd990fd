"""The trails of composite and yes/no rules, and composites scored without trails (docs/mutation.md).

A fresh mutation run (2026-12-04) found these unpinned: a composite's part headings and its 合计 line, its veto, its
total when a batch scores without trails, and the line a 是/否 rule writes. The case is the Shenzhen example:
政府采购 paid 145.53 万元 of a plan of 147.39 万元, a ratio of 98.74% (145.53 ÷ 147.39 = 0.98738…).
Every expected value is worked out by hand beside it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import TypeAdapter

from casefiles import apply_changes, base_data
from jixiao.facts.load import case_from_data
from jixiao.facts.model import DepartmentYear
from jixiao.rules import Context, Rule
from jixiao.scoring.trail import render_step
from jixiao.yamlsource import SourceMap

RULE = TypeAdapter(Rule)
BASE = base_data("examples/shenzhen-ccpit-2023.yaml")
D = Decimal
PROCUREMENT = {"kind": "ratio_points", "numerator": "procurement.paid", "denominator": "procurement.plan",
               "percent_places": 2}


def rule(**params: Any) -> Any:
    return RULE.validate_python(params)


def case(**changes: Any) -> DepartmentYear:
    return case_from_data(apply_changes(BASE, changes), SourceMap("test"))


def scored(r: Any, c: DepartmentYear) -> tuple[Decimal, list[str]]:
    """The score and its trail; the score the same when a batch scores without trails."""
    explained = r.evaluate(Context(c, None))
    quick = r.compile(explain=False)(c, None)
    assert quick == (explained.score, ())
    return explained.score, [render_step(step) for step in explained.steps]


TWO_PARTS = rule(kind="composite", parts=[{**PROCUREMENT, "name": "采购", "points": 1}, {**PROCUREMENT, "points": 2}])


def test_a_composite_heads_each_part_and_adds_them_up() -> None:
    score, trail = scored(TWO_PARTS, case())
    # 98.74% × 1 = 0.99; 98.74% × 2 = 1.9748 → 1.97; 0.99 + 1.97 = 2.96
    assert score == D("2.96")
    assert trail[0] == "（1）采购"
    assert trail[1].endswith("= 98.74%") and trail[2].endswith("= 0.99")
    assert trail[3] == "（2）"  # a part without a name is numbered all the same
    assert trail[4].endswith("= 98.74%") and trail[5].endswith("= 1.97")
    assert trail[6:] == ["合计：0.99 + 1.97 = 2.96"]
    assert TWO_PARTS.max_points() == D(3)


def test_a_composite_total_is_rounded_at_its_places() -> None:
    r = rule(kind="composite", places=1, parts=[{**PROCUREMENT, "points": 1}, {**PROCUREMENT, "points": 2}])
    score, trail = scored(r, case())
    assert score == D("3.0") and str(score) == "3.0"  # 0.99 + 1.97 = 2.96 → 3.0
    assert trail[-1] == "合计：0.99 + 1.97 = 3.00"


def test_a_composite_of_one_part_has_no_total_line() -> None:
    r = rule(kind="composite", parts=[{**PROCUREMENT, "name": "采购", "points": 1}])
    score, trail = scored(r, case())
    assert score == D("0.99") and len(trail) == 3 and not trail[-1].startswith("合计")


VETOED = rule(kind="composite", veto={"when": "compliance.misuse_found", "reason": "挪用资金"},
              parts=[{**PROCUREMENT, "points": 1}, {**PROCUREMENT, "points": 2}])


def test_a_veto_zeroes_the_composite_and_says_why() -> None:
    assert scored(VETOED, case(**{"compliance.misuse_found": True})) == (D(0), ["否决：挪用资金，本指标得 0 分"])


def test_without_the_veto_the_parts_score() -> None:
    score, trail = scored(VETOED, case())
    assert score == D("2.96") and trail[-1] == "合计：0.99 + 1.97 = 2.96"


def test_a_yes_no_rule_says_what_it_read() -> None:
    r = rule(kind="flag", when="compliance.misuse_found", expect=False, points=2)
    score, trail = scored(r, case())
    assert score == D(2) and len(trail) == 1 and trail[0].endswith("：否 → 2.00")
    score, trail = scored(r, case(**{"compliance.misuse_found": True}))
    assert score == D(0) and trail[0].endswith("：是 → 0.00")
