"""What an audit finds (审核发现): one record per thing that does not add up, with where and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .extraction import Extraction


class Severity(StrEnum):
    """严重程度: 错误 certainly wrong, 疑似 probably wrong, 提示 worth a look (rounding, ambiguous rules)."""

    ERROR = "错误"
    SUSPECT = "疑似"
    NOTE = "提示"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.SUSPECT: 1, Severity.NOTE: 2}


def _where(line: int | None, page: int | None) -> str:
    parts = ([f"第 {page} 页"] if page is not None else []) + ([f"第 {line} 行"] if line is not None else [])
    return "，".join(parts) or "全文"


@dataclass(frozen=True, slots=True)
class Finding:
    """一条审核发现: the check, where, what the report states, what it should be, and the rule."""

    severity: Severity
    check: str
    line: int | None
    stated: str
    expected: str
    rule: str
    page: int | None = None
    subject: str = ""
    quote: str = ""
    """The words of the report at ``line`` that the finding is about (引文), as read (digits made half-width)."""
    section: str = ""
    """The headings above ``line`` (所在章节: ``二、…… （一）……``), empty before the first."""

    def location(self) -> str:
        return _where(self.line, self.page)

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "check": self.check,
            "subject": self.subject,
            "line": self.line,
            "page": self.page,
            "stated": self.stated,
            "expected": self.expected,
            "rule": self.rule,
            "section": self.section,
            "quote": self.quote,
        }


@dataclass(frozen=True, slots=True)
class Verified:
    """一项复核通过的计算: what was recomputed and matched, for the trail (复核记录)."""

    check: str
    line: int | None
    text: str
    page: int | None = None
    quote: str = ""
    """The words of the report at ``line`` that were recomputed (引文)."""
    section: str = ""

    def location(self) -> str:
        return _where(self.line, self.page)

    def as_dict(self) -> dict[str, object]:
        return {"check": self.check, "line": self.line, "page": self.page, "section": self.section,
                "text": self.text, "quote": self.quote}


@dataclass(frozen=True)
class AuditResult:
    """审核结果: what was read from one report and every finding, in the order of the report."""

    name: str
    extraction: Extraction
    findings: tuple[Finding, ...] = field(default=())
    verified: tuple[Verified, ...] = field(default=())
    """Every figure recomputed and found consistent (复核通过的项目)."""
    framework: str | None = None
    """The framework the score sheet was checked against (given or recognised), as its id; None if none."""
    framework_title: str = ""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity for f in self.findings)
        return {str(s): counter.get(s, 0) for s in Severity}

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)
