"""The terminal the commands print to: as wide as the terminal is, and wide enough for a score sheet when piped.

Text from case files (department names, reasons, targets) is printed as written: no rich markup (``[b]``) and
no emoji codes (``:warning:``) are interpreted in it. Styles come from :class:`rich.text.Text` objects only.
"""

from __future__ import annotations

import os
import sys

from rich.console import Console

PIPED_WIDTH = 140
"""Columns when the output is not a terminal (a file, a pipe): wide enough for a score sheet's trails."""


def console() -> Console:
    """The terminal's own width; ``COLUMNS`` or 140 columns when output goes to a file or a pipe."""
    width: int | None = None
    if not sys.stdout.isatty():
        columns = os.environ.get("COLUMNS", "")
        width = int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH
    return Console(width=width, highlight=False, soft_wrap=False, markup=False, emoji=False)


def error_console() -> Console:
    """Standard error, for progress bars: shown only on a terminal, so that piped output stays clean."""
    return Console(stderr=True, highlight=False, markup=False, emoji=False)
