"""The terminal the commands print to: wide enough for a score sheet even when output is piped.

Text from case files (department names, reasons, targets) is printed as written: no rich markup (``[b]``) and
no emoji codes (``:warning:``) are interpreted in it. Styles come from :class:`rich.text.Text` objects only.
"""

from __future__ import annotations

import shutil

from rich.console import Console


def console() -> Console:
    width = shutil.get_terminal_size((140, 40)).columns
    return Console(width=max(width, 120), highlight=False, soft_wrap=False, markup=False, emoji=False)
