"""Shared helpers of the audit tests: the seed report (when the shared folder is beside the clone) and edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.audit import AuditResult, Finding, Severity

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = SEEDS / "shenzhen-ccpit-2023-department-evaluation.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "audit"


def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("the seed report (../shared/seeds) is not beside this clone")
    return SEED.read_text(encoding="utf-8")


def seed_lines() -> list[str]:
    return seed_text().split("\n")


def edit_line(lines: list[str], number: int, old: str, new: str) -> str:
    """The report with one figure changed on line ``number`` (1-based); the old text must be there."""
    changed = list(lines)
    assert old in changed[number - 1], f"line {number} does not contain {old!r}: {changed[number - 1]!r}"
    changed[number - 1] = changed[number - 1].replace(old, new, 1)
    return "\n".join(changed)


def errors(result: AuditResult) -> list[Finding]:
    return [f for f in result.findings if f.severity is Severity.ERROR]


def at(result: AuditResult, line: int, severity: Severity) -> list[Finding]:
    return [f for f in result.findings if f.line == line and f.severity is severity]
