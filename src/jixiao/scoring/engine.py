"""Scoring (计分): a department-year under a framework, every score explained.

:class:`Scorer` works out once per framework what each indicator needs, then scores any number of cases with
it; :func:`evaluate` is the one-case shortcut. A partial evaluation (for audits and in-year monitoring) scores
what the facts allow and marks the rest as not scored, saying why.
"""

from __future__ import annotations

from ..decimals import ZERO, round_half_up
from ..facts.model import DepartmentYear
from ..frameworks.model import Framework
from ..problems import InputError
from ..rules.base import Context
from .binding import IndicatorNeeds, bind, needs_of
from .result import Evaluation, IndicatorResult
from .trail import Step


class Scorer:
    """Scores cases under one loaded framework."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.plan: tuple[IndicatorNeeds, ...] = tuple(needs_of(i) for i in framework.indicators)

    def score(self, case: DepartmentYear, *, partial: bool = False) -> Evaluation:
        """Score every indicator; raise :class:`InputError` listing every problem, unless ``partial``."""
        binding = bind(case, self.framework, self.plan)
        if binding.problems and not partial:
            raise InputError(binding.problems)
        results = []
        total = ZERO
        places = self.framework.score_places
        for needs in self.plan:
            indicator = needs.indicator
            missing = binding.missing.get(indicator.id)
            if missing:
                results.append(IndicatorResult(indicator, None, (Step("未计分：{0}", ("；".join(missing),)),),
                                               tuple(missing)))
                continue
            outcome = indicator.rule.evaluate(Context(case, binding.judgements.get(indicator.id)))
            score = round_half_up(outcome.score, places)
            results.append(IndicatorResult(indicator, score, outcome.steps))
            total += score
        complete = len(results) == len(self.plan) and all(r.score is not None for r in results)
        return Evaluation(
            framework=self.framework,
            department=case.department.name,
            year=case.year,
            results=tuple(results),
            total=total,
            grade=self.framework.grade_for(total) if complete else None,
        )


_SCORERS: dict[int, tuple[Framework, Scorer]] = {}


def scorer_for(framework: Framework) -> Scorer:
    """The scorer of a loaded framework, made once."""
    cached = _SCORERS.get(id(framework))
    if cached is None or cached[0] is not framework:
        cached = (framework, Scorer(framework))
        _SCORERS[id(framework)] = cached
    return cached[1]


def evaluate(case: DepartmentYear, framework: Framework, *, partial: bool = False) -> Evaluation:
    """Score one case under a framework (see :class:`Scorer`)."""
    return scorer_for(framework).score(case, partial=partial)
