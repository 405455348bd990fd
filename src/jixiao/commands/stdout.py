"""A standard output that cannot be written (标准输出): a full disk, a closed pipe, a failing device.

``jixiao score CASE > /dev/full`` must end with a Chinese message, not a traceback, and ``jixiao score CASE |
head -1`` quietly. Writes to stdout go through a wrapper that marks their errors as :class:`StdoutError`, so
that they are told apart from the errors of files the command itself writes.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import NoReturn

EXIT_STDOUT = 1
"""A closed pipe or a full disk: the machine's doing, not a mistake in the input."""


class StdoutError(OSError):
    """Writing to standard output failed."""


class _GuardedStdout(io.TextIOWrapper):
    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OSError as error:
            raise StdoutError(error.errno, error.strerror) from None

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as error:
            raise StdoutError(error.errno, error.strerror) from None


def guard() -> None:
    """Put the wrapper in place of ``sys.stdout`` (same buffer, encoding and line buffering)."""
    current = sys.stdout
    buffer = getattr(current, "buffer", None)
    if not isinstance(current, io.TextIOWrapper) or buffer is None:
        return  # already replaced (a test runner): leave it
    sys.stdout = _GuardedStdout(buffer, encoding=current.encoding, errors=current.errors,
                                line_buffering=current.line_buffering)


def flush() -> None:
    """Write out what is still buffered: to a full disk, the error shows here rather than at exit."""
    sys.stdout.flush()


def fail(error: OSError) -> NoReturn:
    """End the run after stdout failed: quietly for a closed pipe, otherwise with the reason in Chinese."""
    from ..outputs import failure_reason

    where = _where()
    _silence()
    if error.errno != errno.EPIPE:
        with contextlib.suppress(OSError):
            print(f"无法写出结果到标准输出{where}：{failure_reason(error)}", file=sys.stderr)
    sys.exit(EXIT_STDOUT)


def _silence() -> None:
    """Send whatever is still buffered for stdout to /dev/null, so that the exit's own flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _where() -> str:
    """What stdout was pointed at (``/dev/full``, a file), when the system can tell."""
    try:
        target = os.readlink(f"/proc/self/fd/{sys.__stdout__.fileno() if sys.__stdout__ else 1}")
    except (OSError, ValueError):
        return ""
    return f"（{target}）" if target.startswith("/") else ""
