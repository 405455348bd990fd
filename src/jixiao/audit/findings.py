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

    def location(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        return "，".join(parts) or "全文"

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
        }


@dataclass(frozen=True, slots=True)
class Verified:
    """一项复核通过的计算: what was recomputed and matched, for the trail (复核记录)."""

    check: str
    line: int | None
    text: str


@dataclass(frozen=True)
class AuditResult:
    """审核结果: what was read from one report and every finding, in the order of the report."""

    name: str
    extraction: Extraction
    findings: tuple[Finding, ...] = field(default=())
    verified: tuple[Verified, ...] = field(default=())
    """Every figure recomputed and found consistent (复核通过的项目)."""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity for f in self.findings)
        return {str(s): counter.get(s, 0) for s in Severity}

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)
