"""Hints (提示) about a case, printed on stderr before a command's output: never an error, never a stop."""

from __future__ import annotations

import sys

from ..facts.model import DepartmentYear


def print_hints(case: DepartmentYear) -> None:
    """Print each figure that looks wrong by orders of magnitude (:mod:`jixiao.facts.plausibility`)."""
    from ..facts.plausibility import hint_problems

    for problem in hint_problems(case):
        print(f"提示：{problem}", file=sys.stderr)
