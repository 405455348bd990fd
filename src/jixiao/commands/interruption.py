"""Stopping a run on request (中断): Ctrl-C, SIGTERM (``kill``) and SIGHUP (the terminal was closed).

Each is turned into an exception raised wherever the program is, so that every ``with`` and ``finally`` on the
way out does its cleaning: temporary files beside the outputs and in the temporary folder are removed and
LibreOffice, if it was converting, is ended. The command then says 已取消 and exits with status 130.
"""

from __future__ import annotations

import signal
from types import FrameType

EXIT_INTERRUPTED = 130
"""128 + SIGINT, as a shell reports a command stopped by Ctrl-C."""

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

_requested = False


class Interrupted(KeyboardInterrupt):
    """A signal asked the run to stop. A KeyboardInterrupt, so that the command-line parser and the
    standard library treat it as Ctrl-C."""


def install() -> None:
    """Raise :class:`Interrupted` on the first of the signals; later ones are ignored, so as not to cut the
    cleaning short (it is bounded: LibreOffice is killed, not waited for). A signal the parent ignores stays
    ignored: ``nohup jixiao report …`` must survive the terminal closing."""
    for number in SIGNALS:
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _on_signal)


def requested() -> bool:
    """Whether a signal asked this run to stop."""
    return _requested


def _on_signal(number: int, frame: FrameType | None) -> None:
    global _requested
    if _requested:
        return
    _requested = True
    raise Interrupted(signal.Signals(number).name)
