"""Audit a published evaluation report (报告审核): read what it states, recompute it, say what is wrong.

Data flows one way: :mod:`.text` reads the file into numbered lines, :mod:`.figures` finds the amounts and
rates in its sentences, :mod:`.tables` reads its tables, :mod:`.checks` holds one small function per check,
and :mod:`.run` ties them together into an :class:`~.findings.AuditResult`.
"""

from __future__ import annotations

from .findings import AuditResult, Finding, Severity
from .run import audit_file, audit_text

__all__ = ["AuditResult", "Finding", "Severity", "audit_file", "audit_text"]
