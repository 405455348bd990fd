"""The score sheet fits the terminal it is printed to, and no number is split across two lines."""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from casefiles import EXAMPLE
from jixiao.render.wrapping import tokens, wrap_lines

NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?%?")


def _printed(width: int, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, timeout=60,
                            env={"COLUMNS": str(width), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_score_sheet_fits_the_width_and_keeps_every_number_whole() -> None:
    import json

    data = json.loads(_printed(200, "score", str(EXAMPLE), "--json"))
    trail_numbers = {n for indicator in data["indicators"] for step in indicator["trail"]
                     for n in NUMBER.findall(step)}
    assert "98.74%" in trail_numbers and "1.00" in trail_numbers
    for width in (80, 100, 160):
        out = _printed(width, "score", str(EXAMPLE))
        lines = out.splitlines()
        assert max(cell_len(line) for line in lines) <= width, width
        printed_numbers = {n for line in lines for n in NUMBER.findall(line)}
        # Every number of the trails appears whole on some line: none was cut in two.
        assert trail_numbers <= printed_numbers, (width, sorted(trail_numbers - printed_numbers))


def test_a_wider_terminal_gets_a_wider_table() -> None:
    narrow = _printed(90, "score", str(EXAMPLE)).splitlines()
    wide = _printed(180, "score", str(EXAMPLE)).splitlines()
    assert max(map(cell_len, wide)) > 150 and len(wide) < len(narrow)


def test_chinese_breaks_between_characters_and_numbers_stay_whole() -> None:
    assert tokens("得分0.99（推断）") == ["得", "分", "0.99", "（推", "断）"]
    assert wrap_lines("实际采购支付金额：145.53 ÷ 147.39 = 98.74%", 12) == \
        ["实际采购支付", "金额：145.53", "÷ 147.39 =", "98.74%"]
    # The comma goes with the number before it, so that no line starts with one.
    assert wrap_lines("目标值：1.00/1.00，超出", 11) == ["目标值：", "1.00/1.00，", "超出"]


_PIECES = st.lists(st.one_of(st.sampled_from(["得分", "预算执行率", "（推断）", "，", "：", " ", " = ", "÷"]),
                             st.from_regex(r"[0-9]{1,6}(\.[0-9]{2})?%?", fullmatch=True)), max_size=30)


@given(_PIECES, st.integers(min_value=8, max_value=60))
def test_wrapping_keeps_the_text_and_the_width(pieces: list[str], width: int) -> None:
    text = "".join(pieces)
    lines = wrap_lines(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for token in tokens(text):  # a number or a character with its punctuation that fits a line is never cut
        if not token.isspace() and cell_len(token) <= width:
            assert any(token in line for line in lines), (token, lines)
    if " " not in text and all(cell_len(token) <= width for token in tokens(text)):
        # A break between characters never puts closing punctuation first on a line.
        assert not any(line.startswith(("，", "：", "）")) for line in lines[1:])
