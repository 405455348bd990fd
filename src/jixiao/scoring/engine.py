"""Scoring (计分): a department-year under a framework, every score explained.

:class:`Scorer` works out once per framework what each indicator needs, then scores any number of cases with
it; :func:`evaluate` is the one-case shortcut. A partial evaluation (for audits and in-year monitoring) scores
what the facts allow and marks the rest as not scored, saying why.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from ..decimals import ZERO, quantum
from ..facts.model import DepartmentYear, Judgement
from ..frameworks.model import Framework
from ..problems import InputError
from ..rules.base import Evaluator, Scored
from .binding import IndicatorNeeds, QuickCheck, bind, needs_of, presence_of
from .result import Evaluation, IndicatorResult
from .trail import Step


class Scorer:
    """Scores cases under one loaded framework."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        lookup = framework.catalogue.measures
        self.plan: tuple[IndicatorNeeds, ...] = tuple(needs_of(i, lookup) for i in framework.indicators)
        self.presence = presence_of(self.plan, lookup)
        self.evaluators = tuple(i.rule.compile() for i in framework.indicators)
        # the same rules without trails: made for the first batch
        self._quick: tuple[Evaluator, ...] | None = None
        self.lookup = framework.keys()
        self._check = QuickCheck(self.plan, self.presence, self.lookup)
        self._ids = tuple(i.id for i in framework.indicators)
        self._quantum = quantum(framework.score_places)
        self._grades = tuple((band.min, band.grade) for band in framework.grades)

    def _judgements(self, case: DepartmentYear, partial: bool) -> tuple[dict[str, Judgement], dict[str, list[str]]]:
        """The case's judgements by indicator id, and what is missing for the indicators that cannot be scored
        (partial evaluations only): the one-pass check first, the full binding (which says what is wrong) when
        anything is off."""
        judgements = self._check(case)
        if judgements is not None:
            return judgements, {}
        binding = bind(case, self.framework, self.plan, self.presence, self.lookup)
        if binding.problems and not partial:
            raise InputError(binding.problems)
        return binding.judgements, binding.missing

    def _outcomes(self, case: DepartmentYear, judgements: dict[str, Judgement], missing: dict[str, list[str]],
                  evaluators: tuple[Evaluator, ...]) -> list[Scored | None]:
        """Each indicator's outcome, ``None`` where the case lacks what it needs."""
        return [None if key in missing else evaluator(case, judgements.get(key))
                for key, evaluator in zip(self._ids, evaluators, strict=True)]

    def score(self, case: DepartmentYear, *, partial: bool = False) -> Evaluation:
        """Score every indicator; raise :class:`InputError` listing every problem, unless ``partial``."""
        judgements, missing = self._judgements(case, partial)
        outcomes = self._outcomes(case, judgements, missing, self.evaluators)
        results = []
        total = ZERO
        unit = self._quantum
        for indicator, key, outcome in zip(self.framework.indicators, self._ids, outcomes, strict=True):
            if outcome is None:
                reasons = tuple(missing[key])
                results.append(IndicatorResult(indicator, None, (Step("未计分：{0}", ("；".join(reasons),)),), reasons))
                continue
            score = outcome[0].quantize(unit, ROUND_HALF_UP)
            results.append(IndicatorResult(indicator, score, outcome[1]))
            total += score
        return Evaluation(
            framework=self.framework,
            case=case,
            results=tuple(results),
            total=total,
            grade=None if missing else self._grade(total),
        )

    def score_values(self, case: DepartmentYear, *, partial: bool = False) -> tuple[list[Decimal | None], Decimal,
                                                                                    str | None]:
        """The scores, total and grade alone: what :meth:`score` gives, without the trails (for batches)."""
        if self._quick is None:
            self._quick = tuple(i.rule.compile(explain=False) for i in self.framework.indicators)
        unit = self._quantum
        judgements, missing = self._judgements(case, partial)
        if not missing:  # the common case, in one loop
            get = judgements.get
            found = [evaluator(case, get(key))[0].quantize(unit, ROUND_HALF_UP)
                     for key, evaluator in zip(self._ids, self._quick, strict=True)]
            total = sum(found, ZERO)
            return cast("list[Decimal | None]", found), total, self._grade(total)
        outcomes = self._outcomes(case, judgements, missing, self._quick)
        scores = [None if o is None else o[0].quantize(unit, ROUND_HALF_UP) for o in outcomes]
        return scores, sum([s for s in scores if s is not None], ZERO), None

    def _grade(self, total: Decimal) -> str:
        for minimum, grade in self._grades:
            if total >= minimum:
                return grade
        return self._grades[-1][1]


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
