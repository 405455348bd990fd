"""Hints about scoring a case under a framework (评分提示): not errors, since scoring goes on, but what the
user should know before trusting the sheet.

A framework is written for one year's rules (and a region's); a case of another year scored under it may be
scored by rules that have since changed. Each hint is a small function of the case and the framework.
"""

from __future__ import annotations

from ..facts.load import source_of
from ..facts.model import DepartmentYear
from ..frameworks import Framework
from ..problems import Problem


def year_hint(case: DepartmentYear, framework: Framework, case_file: str) -> Problem | None:
    """A case of 2024 scored under a framework for 2023::

        提示：案例.yaml：案例为 2024 年度，指标体系“…（shenzhen-department-2023）”适用于 2023 年度……
    """
    if framework.applies_to(case.year):
        return None
    message = (f"案例为 {case.year} 年度，指标体系“{framework.label()}”适用于 {framework.years_text()}；"
               f"评分规则可能已有变化，如有适用于 {case.year} 年度的指标体系，请用 --framework 指定")
    source = source_of(case)
    return source.problem(("year",), message) if source is not None else Problem(case_file, message, field="year")


def scoring_hints(case: DepartmentYear, framework: Framework, case_file: str) -> list[Problem]:
    """Every hint about scoring ``case`` under ``framework``."""
    return [hint for hint in (year_hint(case, framework, case_file),) if hint is not None]
