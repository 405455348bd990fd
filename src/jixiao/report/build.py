"""From a case to the report's document: score it under its framework, then build the content."""

from __future__ import annotations

from ..facts.model import DepartmentYear
from .content import build_document
from .document import Document
from .scores import sheet_from_evaluation

DEFAULT_FRAMEWORK = "shenzhen-department-2023"


def report_document(case: DepartmentYear, framework: str | None = None, *, charts: bool = True) -> Document:
    """The report of ``case`` scored under ``framework`` (else the case's own, else the default one)."""
    from ..frameworks import load_framework
    from ..scoring import evaluate

    chosen = load_framework(framework or case.framework or DEFAULT_FRAMEWORK)
    evaluation = evaluate(case, chosen)
    return build_document(case, sheet_from_evaluation(evaluation, chosen), charts=charts)
