"""The evidence of each outcome (证据): the page, the section and the words of the report that a finding or a
confirmed computation is about, so that a reviewer can find them without searching.

The checks say on which line they found something; the page, the section and the quotation are taken here,
once, from the report's own lines. A quotation is the clause (up to the next 。 or ；) that holds what the report
states, cut to :data:`QUOTE_LIMIT` characters around it; when the stated words cannot be found on the line, the
line itself. The section is the heading above the line (``一、……`` and, below it, ``（一）……``): a Word document
has no line numbers a reader can see, but its headings.

>>> from .text import report_from_text
>>> report = report_from_text("一、概况\\n采购计划 147.39 万元；实际采购 145.53 万元，执行率 98.73%。其余略。", "r.txt")
>>> from .findings import Finding, Severity
>>> found = with_evidence(Finding(Severity.NOTE, "比率复核", 2, "98.73%", "98.74%", ""), Places(report))
>>> found.quote, found.section
('实际采购 145.53 万元，执行率 98.73%。', '一、概况')
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import TypeVar

from .findings import Finding, Verified
from .text import ReportText, SourceLine

QUOTE_LIMIT = 120
"""Characters of a quotation at most: a clause of a long paragraph, not the paragraph."""

_CLAUSE_MARKS = "。；;！？!?"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?%?")
_ASIDE = re.compile(r"[（(].*$")

Outcome = TypeVar("Outcome", Finding, Verified)


# 一、部门基本情况 / （一）部门主要职能: a heading is short and is not a sentence (一项扣 1 分 is not one).
_CHAPTER = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_SUBSECTION = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
_HEADING_LENGTH = 40


def _is_heading(text: str, pattern: re.Pattern[str]) -> bool:
    return len(text) <= _HEADING_LENGTH and bool(pattern.match(text)) and not text.endswith(("。", "；", ";"))


class Places:
    """Each line of a report by its number, with the section it stands in."""

    def __init__(self, report: ReportText) -> None:
        self.lines: dict[int, SourceLine] = {}
        self.sections: dict[int, str] = {}
        chapter = subsection = ""
        for line in report.lines:
            if _is_heading(line.text, _CHAPTER):
                chapter, subsection = line.text, ""
            elif chapter and _is_heading(line.text, _SUBSECTION):
                subsection = line.text
            self.lines[line.number] = line
            self.sections[line.number] = f"{chapter} {subsection}".strip()


def with_evidence(outcome: Outcome, places: Places) -> Outcome:
    """The finding or confirmed computation with the page (PDF), the section and the quotation of its line."""
    line = places.lines.get(outcome.line) if outcome.line is not None else None
    if line is None:
        return outcome
    page = outcome.page if outcome.page is not None else line.page
    return dataclasses.replace(outcome, page=page, section=places.sections[line.number],
                               quote=quotation(line.text, _anchors(outcome)))


def _anchors(outcome: Finding | Verified) -> list[str]:
    """What to look for on the line, most telling first: for a finding what the report states; for a confirmed
    computation the numbers of its working, the last (the result the report gives) first."""
    if isinstance(outcome, Finding):
        stated = outcome.stated.strip()
        plain = _ASIDE.sub("", stated).strip()
        return [stated, plain, *plain.split("、")[:1], *_NUMBER.findall(plain)]
    return list(reversed(_NUMBER.findall(outcome.text)))


def quotation(text: str, anchors: Iterable[str]) -> str:
    """The clause of ``text`` holding the first anchor found, at most :data:`QUOTE_LIMIT` characters."""
    for anchor in anchors:
        at = text.find(anchor) if anchor else -1
        if at >= 0:
            return _clause(text, at, at + len(anchor))
    return _cut(text, 0, 0)


def _clause(text: str, start: int, end: int) -> str:
    begin = max((text.rfind(mark, 0, start) for mark in _CLAUSE_MARKS), default=-1) + 1
    after = [at for at in (text.find(mark, end) for mark in _CLAUSE_MARKS) if at >= 0]
    finish = min(after) + 1 if after else len(text)
    clause = text[begin:finish].strip()
    offset = begin + (len(text[begin:finish]) - len(text[begin:finish].lstrip()))
    return _cut(clause, start - offset, end - offset)


def _cut(text: str, start: int, end: int) -> str:
    """At most QUOTE_LIMIT characters of ``text`` keeping ``text[start:end]``, with … where it was cut."""
    if len(text) <= QUOTE_LIMIT:
        return text
    room = max(QUOTE_LIMIT - (end - start), 0)
    begin = max(0, min(start - room // 2, len(text) - QUOTE_LIMIT))
    finish = begin + max(QUOTE_LIMIT, end - start)
    return ("…" if begin > 0 else "") + text[begin:finish] + ("…" if finish < len(text) else "")


def evidence_of(outcomes: Iterable[Outcome], places: Places) -> list[Outcome]:
    return [with_evidence(outcome, places) for outcome in outcomes]
