"""What the 评价判断 sheet lists for a framework (评价判断提纲): the indicators an evaluator answers.

Checklist items are listed one a row with their points; an indicator scored by deductions per finding gets a
row for findings; one scored directly by the evaluator gets a row for its score. Indicators computed from the
figures are not asked about.
"""

from __future__ import annotations

from ..frameworks import Framework, load_framework
from ..rules.deductions import DeductionsRule
from ..rules.judged import JudgedRule
from .write import IndicatorOutline, ItemOutline


def framework_outline(framework: str | Framework) -> tuple[IndicatorOutline, ...]:
    """The judgement rows of a framework given by id, path or object."""
    chosen = load_framework(framework) if isinstance(framework, str) else framework
    outline = []
    for indicator in chosen.indicators:
        items = tuple(ItemOutline(item_id, name, points) for item_id, name, points in indicator.checklist_items())
        rules = list(indicator.rule.walk())
        if any(isinstance(r, DeductionsRule) and r.from_judgement for r in rules):
            mode = "findings"
        elif any(isinstance(r, JudgedRule) for r in rules):
            mode = "score"
        elif items:
            mode = "items"
        else:
            continue
        outline.append(IndicatorOutline(indicator.id, indicator.name, indicator.weight, mode, items))
    return tuple(outline)
