"""The report's figures as facts (报告数字转为事实): a partial :class:`DepartmentYear` for the scoring engine.

Only sections whose every required figure the report states are filled; the engine scores what they allow
(a partial evaluation) and the audit compares those scores with the score sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..facts.model import DepartmentYear
from .checks.rates import (
    OUTSIDE_QUOTA,
    SPENT,
    declared_outside_quota,
    outside_quota_reading,
    staff_groups,
    stated_rate,
    stated_rates,
)
from .extraction import Extraction
from .figures import ADJUSTED_BUDGET, INITIAL_BUDGET, Figure


def department_year(extraction: Extraction) -> DepartmentYear | None:
    """The facts the report states, or None when it names no year (the engine's rules may depend on it)."""
    if extraction.year is None:
        return None
    # The name only labels the facts; a report that does not state it is still audited.
    department = extraction.department or "（报告未写明部门）"
    data: dict[str, Any] = {"department": {"name": department}, "year": extraction.year}
    sections = {
        "budget": _budget(extraction),
        "quarters": _quarters(extraction),
        "procurement": _procurement(extraction),
        "public_expenses": _public_expenses(extraction),
        "staff": _staff(extraction),
        "assets": _assets(extraction),
        "satisfaction": _satisfaction(extraction),
        "projects": _projects(extraction),
    }
    data.update({name: value for name, value in sections.items() if value is not None})
    try:
        return DepartmentYear.model_validate(data, context={"unit": "万元"})
    except ValidationError:
        # Figures that contradict each other (in use above the total): keep the sections that validate alone.
        kept: dict[str, Any] = {"department": data["department"], "year": data["year"]}
        for name, value in sections.items():
            if value is None:
                continue
            try:
                DepartmentYear.model_validate({**kept, name: value}, context={"unit": "万元"})
            except ValidationError:
                continue
            kept[name] = value
        return DepartmentYear.model_validate(kept, context={"unit": "万元"})


def _first(figures: Iterable[Figure], pattern: str, *, kind: str = "amount", topic: str | None = "") -> Decimal | None:
    for figure in figures:
        if (
            figure.kind == kind
            and not figure.bounded
            and (topic is None or figure.topic == topic)
            and re.search(pattern, figure.key)
        ):
            return figure.wan
    return None


def _budget(extraction: Extraction) -> dict[str, Any] | None:
    prose = list(extraction.index.prose())
    initial = _first(prose, INITIAL_BUDGET)
    adjusted = _first(prose, ADJUSTED_BUDGET)
    if initial is None or adjusted is None:
        return None
    budget: dict[str, Any] = {"initial": initial, "adjusted": adjusted}
    optional = {
        "adjustments": r"^(预算)?调整(资金|金额)$",
        "transfers": r"^调剂(预算|资金)(数|总额)?$",
        "reclassifications": r"(功能分类|经济分类).*调剂",
        "corrections": r"^(科目)?更正(资金)?$",
    }
    for field, pattern in optional.items():
        value = _first(prose, pattern)
        if value is not None:
            budget[field] = value
    return budget


def _quarters(extraction: Extraction) -> list[dict[str, Decimal]] | None:
    table = extraction.quarterly
    if table is None or len(table.rows) != 4:
        return None
    quarters = []
    for row in table.rows:
        if row.budget is None or row.spending is None or row.budget.value is None or row.spending.value is None:
            return None
        quarters.append({"adjusted_budget": row.budget.value, "cumulative_spending": row.spending.value})
    return quarters


def _procurement(extraction: Extraction) -> dict[str, Any] | None:
    found = stated_rate(extraction, "政府采购执行率")
    if found is None:
        return None
    _rate, paid, plan = found
    return {"plan": plan.wan, "paid": paid.wan}


def _expense_line(extraction: Extraction, name: str) -> dict[str, Any] | None:
    found = stated_rate(extraction, name)
    if found is None:
        return None
    rate, final, adjusted = found
    line: dict[str, Any] = {"adjusted": adjusted.wan, "final": final.wan}
    initial = extraction.index.find(rate, (r"年初",), topic=rate.topic, exclude="|".join(SPENT))
    if initial is not None:
        line["initial"] = initial.wan
    return line


def _public_expenses(extraction: Extraction) -> dict[str, Any] | None:
    three_public = _expense_line(extraction, "“三公”经费控制率")
    routine = _expense_line(extraction, "日常公用经费控制率")
    if three_public is None or routine is None:
        return None
    return {"three_public": three_public, "routine": routine}


def _staff(extraction: Extraction) -> dict[str, Any] | None:
    found = stated_rate(extraction, "财政供养人员控制率")
    if found is None:
        return None
    _rate, in_post, authorised = found
    staff: dict[str, Any] = {"authorised_posts": authorised.value, "in_post": in_post.value, "other": []}
    for rate in stated_rates(extraction):
        if not OUTSIDE_QUOTA.search(rate.key):
            continue
        groups = staff_groups(extraction, rate)
        reading = outside_quota_reading(rate, in_post, groups) if groups else None
        # The reading that matches the stated rate, else the groups the report itself counts as outside quota.
        counted = set(map(id, reading if reading is not None else declared_outside_quota(groups)))
        staff["other"] = [
            {"category": group.key or "其他人员", "count": group.value, "outside_quota": id(group) in counted} for group in groups
        ]
        break
    return staff


def _assets(extraction: Extraction) -> dict[str, Any] | None:
    found = stated_rate(extraction, "固定资产利用率")
    if found is None:
        return None
    _rate, in_use, total = found
    return {"fixed_original_value": total.wan, "fixed_in_use": in_use.wan}


def _satisfaction(extraction: Extraction) -> dict[str, Any] | None:
    """公众或服务对象满意度: a plain rate in the text (a target “≥90%” is not a result), else the actual value of
    the self-evaluation table's satisfaction target."""
    for figure in extraction.index.prose():
        if figure.kind == "rate" and not figure.bounded and figure.key.endswith("满意度") and figure.wan is not None:
            return {"rate": figure.wan, "source": f"报告第 {figure.line} 行"}
    table = extraction.self_evaluation
    for target in table.targets if table is not None else ():
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", target.actual)
        if target.name.endswith("满意度") and match:
            return {"rate": f"{match.group(1)}%", "source": f"自评表第 {target.line} 行实际完成值"}
    return None


_ALL_ON_TIME = re.compile(r"(\d+)\s*个(?:一级|二级)?项目(?:均|全部|都)?按(?:照)?计划(?:时间|进度)?(?:如期)?完成")


def _projects(extraction: Extraction) -> dict[str, Any] | None:
    """项目完成及时性: “14 个二级项目均按照计划时间完成” (every project on time) is the form reports use."""
    regions = extraction.region_lines()
    text = "".join(line.text for line in extraction.text.lines if line.number not in regions)
    match = _ALL_ON_TIME.search(text.replace("均按照", "均按"))
    if match is None:
        return None
    count = int(match.group(1))
    return {"planned": count, "completed_on_time": count}
