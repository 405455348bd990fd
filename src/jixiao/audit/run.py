"""Run an audit (执行审核): read, extract, check, and order the findings as the report reads."""

from __future__ import annotations

from pathlib import Path

from .checks import CHECKS, QUARTERLY_SCORING
from .evidence import Places, evidence_of
from .extraction import extract
from .findings import SEVERITY_ORDER, AuditResult, Finding, Verified
from .text import ReportText, read_report, report_from_text


def audit_report(report: ReportText, *, framework: str | None = None) -> AuditResult:
    """Run every check; with a framework (given, or the built-in one the score sheet matches), also compare
    the sheet with it and recompute its formula scores from the report's figures."""
    from .checks.score_sheet import check_score_sheet, scale_of
    from .scores import check_against_framework, choose_framework

    extraction = extract(report)
    chosen, explicit = choose_framework(extraction.score_sheet, framework)
    findings: list[Finding] = []
    verified: list[Verified] = []
    # The framework decides its own checks: a quarterly table is scored by Shenzhen's quarterly rule only for a
    # framework that has that rule (or when the report's framework is not known).
    quarterly = chosen is None or any(r.kind == "quarterly_execution" for i in chosen.indicators for r in i.rule.walk())
    outcomes = [outcome for check in CHECKS if quarterly or check not in QUARTERLY_SCORING
                for outcome in check(extraction)]
    # The sheet's total and grade bands are the chosen framework's; without one, the national 100-point bands.
    outcomes.extend(check_score_sheet(extraction, scale_of(chosen)))
    if chosen is not None:
        outcomes.extend(check_against_framework(extraction, chosen, explicit))
    for outcome in outcomes:
        if isinstance(outcome, Finding):
            findings.append(outcome)
        else:
            verified.append(outcome)
    places = Places(report)
    findings = evidence_of(findings, places)
    verified = evidence_of(verified, places)
    findings.sort(key=lambda f: (f.line if f.line is not None else 0, SEVERITY_ORDER[f.severity]))
    verified.sort(key=lambda v: v.line if v.line is not None else 0)
    return AuditResult(report.name, extraction, tuple(findings), tuple(verified),
                       framework=chosen.id if chosen is not None else None,
                       framework_title=chosen.title if chosen is not None else "")


def audit_text(text: str, name: str, *, framework: str | None = None) -> AuditResult:
    """Audit a report given as text (extracted from a PDF, or Markdown that jixiao generated)."""
    return audit_report(report_from_text(text, name), framework=framework)


def audit_file(path: Path | str, *, display_name: str | None = None, framework: str | None = None) -> AuditResult:
    """Audit a report file (.txt, .pdf, .docx); raises InputError when it cannot be read."""
    return audit_report(read_report(path, display_name=display_name), framework=framework)
