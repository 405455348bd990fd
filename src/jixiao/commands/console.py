"""The terminal the commands print to: wide enough for a score sheet even when output is piped."""

from __future__ import annotations

import shutil

from rich.console import Console


def console() -> Console:
    width = shutil.get_terminal_size((140, 40)).columns
    return Console(width=max(width, 120), highlight=False, soft_wrap=False)
