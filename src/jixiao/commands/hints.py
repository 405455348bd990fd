"""Hints (提示) about a case, printed on stderr before a command's output: never an error, never a stop."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..facts.model import DepartmentYear

if TYPE_CHECKING:
    from ..frameworks import Framework


def print_hints(case: DepartmentYear, framework: Framework | None = None, case_file: str = "") -> None:
    """Print each figure that looks wrong by orders of magnitude (:mod:`jixiao.facts.plausibility`) and, when
    the case is scored, what to know about its framework (:mod:`jixiao.scoring.hints`)."""
    from ..facts.plausibility import hint_problems

    problems = list(hint_problems(case))
    if framework is not None:
        from ..scoring.hints import scoring_hints

        problems += scoring_hints(case, framework, case_file)
    for problem in problems:
        print(f"提示：{problem}", file=sys.stderr)
