"""Text that wraps the way Chinese is read (中文换行): between characters, never inside a number.

rich wraps at spaces. Chinese has none, so a long trail is cut wherever the column ends, splitting
``1.00/1.00`` or ``98.74%`` across two lines. :class:`Wrapped` breaks between Chinese characters and at spaces,
keeps each run of ASCII (a number, a rate, a formula term) whole, keeps closing punctuation (，。：）) off the
start of a line and opening punctuation (（“) off its end. A table column holding it is never narrower than its
longest unbreakable run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import cell_len, chop_cells
from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.text import Text

_OPENING = "（《“‘【〔("
_CLOSING = "，。、：；！？）》”’】〕%％)"
_TOKEN = re.compile(rf"\s+|[{re.escape(_OPENING)}]*(?:[!-~]+|\S)[{re.escape(_CLOSING)}]*")


def tokens(text: str) -> list[str]:
    """The pieces a line may break between: ``"得分0.99（推断）"`` → ``["得", "分", "0.99", "（推", "断）"]``.

    A run of ASCII stays whole; punctuation sticks to its neighbour, so that a line never ends on an opening
    bracket or starts with a comma.
    """
    return _TOKEN.findall(text)


def wrap_lines(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (a run wider than a whole line is cut)."""
    width = max(width, 1)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in tokens(paragraph):
            if token.isspace():
                if line and cell_len(line) + cell_len(token) <= width:
                    line += token
                elif line:
                    lines.append(line.rstrip())
                    line = ""
                continue
            if cell_len(line) + cell_len(token) <= width:
                line += token
                continue
            if line:
                lines.append(line.rstrip())
            pieces = chop_cells(token, width) if cell_len(token) > width else [token]
            lines.extend(pieces[:-1])
            line = pieces[-1]
        lines.append(line.rstrip())
    return lines


class Wrapped:
    """A rich renderable: ``text`` wrapped by :func:`wrap_lines` to the width it is given."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = [t for t in tokens(self.text) if not t.isspace()]
        narrowest = max((cell_len(t) for t in pieces), default=0)
        widest = max((cell_len(line) for line in self.text.split("\n")), default=0)
        return Measurement(narrowest, widest).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        yield Text("\n".join(wrap_lines(self.text, options.max_width)), style=self.style, no_wrap=True,
                   overflow="ignore")
