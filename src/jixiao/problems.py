"""Problems found in a user's file (输入问题), collected and reported together.

Like Beancount's loader, readers do not stop at the first mistake: they gather :class:`Problem` records,
each pointing at the user's own file and line (or sheet and cell), and raise one :class:`InputError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file.

    ``where`` is ``"第 12 行"`` for YAML, ``"季度执行!C4"`` for a workbook, or empty when only the file is known.
    ``field`` is the path of the field in the user's terms (``quarters[2].cumulative_spending``).
    """

    file: str
    message: str
    field: str = ""
    line: int | None = None
    where: str = ""

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        elif self.where:
            parts.append(self.where)
        return "，".join(parts)

    def __str__(self) -> str:
        field = f"字段 {self.field}：" if self.field else ""
        return f"{self.location()}：{field}{self.message}"


class InputError(Exception):
    """A file could not be used; carries every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=_order))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str, message: str, **where: object) -> InputError:
        return cls([Problem(file, message, **where)])  # type: ignore[arg-type]


def _order(problem: Problem) -> tuple[str, int, tuple[tuple[int, str], ...], str]:
    return (problem.file, problem.line if problem.line is not None else 0, _natural(problem.where), problem.field)


def _natural(text: str) -> tuple[tuple[int, str], ...]:
    """``季度执行!C4`` before ``季度执行!C10``: digits compare as numbers."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text) if part)


def raise_if_any(problems: Iterable[Problem]) -> None:
    collected = list(problems)
    if collected:
        raise InputError(collected)
