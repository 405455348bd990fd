"""From a case to the report's document: score it under its framework, then build the content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts.model import DepartmentYear
from .content import TargetResult, build_document
from .document import Document
from .scores import sheet_from_evaluation

if TYPE_CHECKING:
    from ..frameworks import Framework


def report_document(
    case: DepartmentYear, framework: Framework | str | None = None, *, charts: bool = True, partial: bool = False
) -> Document:
    """The report of ``case`` scored under ``framework`` (else the case's own, else the default one), laid out
    by the framework's outline (``<id>.report.yaml``), or the generic report when it has none.

    ``partial`` drafts a report from incomplete facts: indicators that cannot be scored are marked so, and
    no grade is given. Otherwise missing facts are an input error, as for ``jixiao score``.
    """
    from ..frameworks import Framework, load_framework
    from ..scoring.engine import evaluate
    from .content import GENERIC_OUTLINE
    from .outline import outline_for

    chosen = framework if isinstance(framework, Framework) else load_framework(framework or case.framework)
    evaluation = evaluate(case, chosen, partial=partial)
    missing = {r.indicator.id: r.missing for r in evaluation.results if r.missing}
    return build_document(case, sheet_from_evaluation(evaluation), charts=charts,
                          target_judgements=target_results(case, chosen), outline=outline_for(chosen) or GENERIC_OUTLINE,
                          framework=chosen, missing=missing, evaluation=evaluation)


def target_results(case: DepartmentYear, framework: Framework | None = None) -> list[TargetResult | None] | None:
    """Each performance target judged against its expected value (jixiao.targets), for the table: with the
    options of the framework's targets rule when it has one, so that the table says what the score counted."""
    if case.self_evaluation is None or not case.self_evaluation.targets:
        return None
    from ..targets.review import ReviewOptions, review_self_evaluation

    options = None
    if framework is not None:
        from ..rules.targets import TargetsRule

        rule = next((r for i in framework.indicators for r in i.rule.walk() if isinstance(r, TargetsRule)), None)
        if rule is not None:
            options = ReviewOptions(judge=rule.judge_options(case.year))
    return [
        TargetResult(j.outcome.value, j.deviation_text() if j.deviation else "")
        for j in review_self_evaluation(case, options).judgements
    ]
