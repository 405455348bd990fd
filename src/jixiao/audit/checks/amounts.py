"""Relations between amounts stated in the text (金额关系): adjustments, transfers, stated sums."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...decimals import ZERO
from ..extraction import Extraction
from ..figures import ADJUSTED_BUDGET, INITIAL_BUDGET
from ..findings import Finding, Severity, Verified
from .comparison import Outcome, amount_text, plain

_ADJUSTMENT = re.compile(r"(预算)?(调整|调增|调减|追加)(资金|金额)(总额)?|(调增|调减|追加)(预算)?(资金|金额)?")
_ACCUMULATED = re.compile(r"调整[、和及与]?调剂(资金)?(累计|合计|总额|共计)")
_TRANSFER = re.compile(r"^调剂(预算|资金)(数|总额)?$")


def check_adjustments_and_transfers(extraction: Extraction) -> Iterable[Outcome]:
    """调整、调剂资金累计 = 调整资金 + 调剂资金."""
    prose = [f for f in extraction.index.prose() if f.kind == "amount" and not f.bounded and not f.topic]
    adjustment = next((f for f in prose if _ADJUSTMENT.fullmatch(f.key)), None)
    transfer = next((f for f in prose if _TRANSFER.match(f.key)), None)
    for stated in prose:
        prefix = stated.clause[: stated.clause.find(stated.raw.split(" ")[0])]
        if not _ACCUMULATED.search(prefix) or adjustment is None or transfer is None:
            continue
        assert adjustment.wan is not None and transfer.wan is not None and stated.wan is not None
        total = adjustment.wan + transfer.wan
        working = f"{adjustment.raw} + {transfer.raw} = {amount_text(total)} 万元"
        if total == stated.wan:
            yield Verified("金额复核", stated.line, f"调整、调剂资金累计：{working}，无误")
        else:
            yield Finding(
                Severity.ERROR,
                "金额复核",
                stated.line,
                stated.raw,
                working,
                "调整、调剂资金累计 = 调整资金 + 调剂资金",
                stated.page,
                "调整、调剂资金累计",
            )


def check_stated_sums(extraction: Extraction) -> Iterable[Outcome]:
    """“A 5 人、B 20 人，共 25 人”: a bare 共/合计 figure is the sum of those listed before it (after 其中)."""
    prose = [f for f in extraction.index.prose() if not f.bounded]
    for total in prose:
        if total.kind not in ("count", "amount") or total.key or not re.search(r"(共|共计|合计|总计)\s*$", total.label):
            continue
        before = [
            f
            for f in prose
            if f.sentence_id == total.sentence_id
            and f.clause_id < total.clause_id
            and f.kind == total.kind
            and f.unit == total.unit
        ]
        start = total.sentence.rfind("其中", 0, max(total.sentence.find(total.clause), 0))
        if start >= 0:
            listed = total.sentence[start:]
            before = [f for f in before if f.clause in listed]
        # Without 其中 to mark where the list starts, which figures the total covers is a reading.
        severity = Severity.ERROR if start >= 0 else Severity.SUSPECT
        if len(before) < 2:
            continue
        parts = [f.value or ZERO for f in before]
        computed = sum(parts, ZERO)
        working = " + ".join(plain(p) for p in parts) + f" = {plain(computed)}"
        if computed == total.value:
            yield Verified("金额复核", total.line, f"合计 {total.raw}：{working}，无误")
        else:
            yield Finding(severity, "金额复核", total.line, total.raw, working, "合计数 = 所列各项之和", total.page, "合计数")


def check_budget_adjustment(extraction: Extraction) -> Iterable[Outcome]:
    """调整资金 = 调整预算数 − 年初预算数 (调整 changes the total; 调剂 only moves money within it)."""
    index = extraction.index
    for stated in index.prose():
        if stated.kind != "amount" or stated.topic or not _ADJUSTMENT.fullmatch(stated.key):
            continue
        initial = index.find(stated, (INITIAL_BUDGET,), topic="", scopes=("sentence", "section"))
        adjusted = index.find(stated, (ADJUSTED_BUDGET,), topic="", scopes=("sentence", "section"))
        if initial is None or adjusted is None or None in (initial.wan, adjusted.wan, stated.wan):
            continue
        assert initial.wan is not None and adjusted.wan is not None and stated.wan is not None
        difference = adjusted.wan - initial.wan
        working = f"{adjusted.raw} − {initial.raw} = {amount_text(difference)} 万元"
        if abs(difference) == stated.wan:
            yield Verified("金额复核", stated.line, f"调整资金：{working}，报告 {stated.raw} 无误")
        else:
            yield Finding(
                Severity.SUSPECT,
                "金额复核",
                stated.line,
                stated.raw,
                working,
                "调整资金 = 调整预算数 − 年初预算数",
                stated.page,
                "调整资金",
            )
