"""Which indicators of a framework read each figure and measure (事实的使用情况).

An indicator uses what its rule names, and, through a formula measure, whatever that formula reads in turn
(other measures and, in the end, figures): ``编外人员控制率`` names ``staff.outside_quota``, whose formula sums
the table ``staff.other``.
"""

from __future__ import annotations

from ..facts.catalogue import Catalogue
from ..facts.listing import User
from .model import Framework, Indicator


def names_read(indicator: Indicator, catalogue: Catalogue) -> tuple[str, ...]:
    """Every figure and measure ``indicator`` reads, directly or through formulas, in first-use order."""
    found: dict[str, None] = {}
    pending = list(indicator.rule.references())
    while pending:
        name = pending.pop(0)
        if name in found:
            continue
        found[name] = None
        formula = catalogue.formulas.get(name)
        if formula is not None:
            pending.extend(formula.references())
        measure = catalogue.measures.get(name)
        if measure is not None:
            pending.extend(measure.inputs)
    return tuple(found)


def users_of(framework: Framework) -> dict[str, tuple[User, ...]]:
    """Figure or measure id → the indicators of ``framework`` that read it (in the framework's order)."""
    catalogue = framework.catalogue
    users: dict[str, list[User]] = {}
    for indicator in framework.indicators:
        for name in names_read(indicator, catalogue):
            users.setdefault(name, []).append(User(indicator.id, indicator.name))
    return {name: tuple(found) for name, found in users.items()}
