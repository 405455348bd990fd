"""What the 评价判断 sheet lists for a framework (评价判断提纲): the indicators an evaluator answers.

Checklist items are listed one a row with their points; an indicator scored by deductions per finding gets a
row for findings; one scored directly by the evaluator gets a row for its score. Indicators computed from the
figures are not asked about.
"""

from __future__ import annotations

from typing import Any

from ..facts.catalogue import Catalogue
from ..frameworks import Framework, load_framework
from ..rules.deductions import DeductionsRule
from ..rules.judged import JudgedRule
from .layout import Sheet, sheets_for
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


def figures_read(framework: Framework) -> set[str]:
    """The ids of the figures a framework's rules read, directly or through a formula."""
    from ..scoring.binding import needs_of

    lookup = framework.catalogue.measures
    return {name for indicator in framework.indicators for name, _ in needs_of(indicator, lookup).figures}


def figures_held(case: Any, catalogue: Catalogue) -> set[str]:
    """The ids of the catalogue's figures a case has a value for (a filled workbook keeps every one)."""
    held = set(case.figures)
    for figure in catalogue.figures.values():
        if figure.typed and catalogue.measures[figure.id].read(case) not in (None, (), ""):
            held.add(figure.id)
    return held


def framework_sheets(framework: str | Framework, case: Any = None) -> tuple[Sheet, ...]:
    """The sheets of a workbook for a framework (and a case to fill it with): see :func:`sheets_for`."""
    chosen = load_framework(framework) if isinstance(framework, str) else framework
    wanted = figures_read(chosen)
    if case is not None:
        wanted |= figures_held(case, chosen.catalogue)
    return sheets_for(chosen.catalogue, wanted)
