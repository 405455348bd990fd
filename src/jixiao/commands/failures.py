"""How a command fails on bad input (输入错误): every problem in Chinese on stderr, exit status 2."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from ..problems import InputError

EXIT_BAD_INPUT = 2


@contextmanager
def input_errors_exit() -> Iterator[None]:
    """Turn :class:`InputError` into a readable list of problems and exit status 2, with no traceback."""
    try:
        yield
    except InputError as exc:
        problems = exc.problems
        print(f"发现 {len(problems)} 个问题，未生成结果：", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        raise typer.Exit(EXIT_BAD_INPUT) from None
