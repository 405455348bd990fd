"""The bounds behind the hostile battery, one at a time: safe reading, YAML references, number bounds."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.decimals import MAX_INTEGER_DIGITS, MIN_MAGNITUDE, NumberFormatError, parse_decimal, quantum
from jixiao.inputs import read_input
from jixiao.problems import InputError
from jixiao.yamlsource import MAX_ALIASED_VALUES, parse_yaml


def _refusal(path: Path, limit: int = 1024) -> str:
    with pytest.raises(InputError) as caught:
        read_input(path, path.name, limit=limit, what="案例文件")
    (problem,) = caught.value.problems
    assert problem.file == path.name
    return problem.message


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert "命名管道" in _refusal(fifo)  # returns at once: opened without blocking
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    assert "设备" in _refusal(zero)
    (tmp_path / "folder.yaml").mkdir()
    assert "目录" in _refusal(tmp_path / "folder.yaml")
    assert "不存在" in _refusal(tmp_path / "missing.yaml")
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    assert "循环" in _refusal(loop)


def test_a_file_is_read_up_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"x" * 1024)
    assert read_input(path, "case.yaml", limit=1024, what="案例文件") == b"x" * 1024
    path.write_bytes(b"x" * 1025)
    assert "文件过大" in _refusal(path) and "案例文件不应超过" in _refusal(path)


def test_references_that_a_person_would_write_still_work() -> None:
    data, _ = parse_yaml("base: &q {adjusted_budget: 1, cumulative_spending: 2}\nquarters: [*q, *q, *q, *q]\n", "c")
    assert data["quarters"] == [{"adjusted_budget": 1, "cumulative_spending": 2}] * 4


@pytest.mark.parametrize(("count", "refused"), [(MAX_ALIASED_VALUES, False), (MAX_ALIASED_VALUES + 1, True)])
def test_references_may_add_a_bounded_number_of_values(count: int, refused: bool) -> None:
    text = "a: &a x\nb: [" + ", ".join(["*a"] * count) + "]\n"
    if refused:
        with pytest.raises(InputError, match="引用"):
            parse_yaml(text, "c.yaml")
    else:
        assert len(parse_yaml(text, "c.yaml")[0]["b"]) == count


_OTHER_DIGITS = st.sampled_from("٠١٢٣٤٥٦٧٨٩۰۱۲۳४५६७८९০১২৩௧௨๑๒໑၁")


@given(st.text("0123456789", min_size=0, max_size=4), _OTHER_DIGITS, st.text("0123456789.", max_size=4))
def test_digits_of_other_scripts_are_refused(before: str, digit: str, after: str) -> None:
    with pytest.raises(NumberFormatError, match="0–9 以外"):
        parse_decimal(before + digit + after)


@given(st.integers(0, 9 * 10**14).map(Decimal), st.integers(1, 9 * 10**14).map(Decimal),
       st.integers(-6, 0), st.integers(-6, 0))
def test_any_two_numbers_within_bounds_divide_and_round_exactly(a: Decimal, b: Decimal, ea: int, eb: int) -> None:
    # The widest ratio: the largest number over the smallest, rounded to the most places a rate uses.
    numerator, denominator = a.scaleb(ea), b.scaleb(eb)
    for value in (numerator, denominator):
        if value and (abs(value) < MIN_MAGNITUDE or value.adjusted() >= MAX_INTEGER_DIGITS):
            return
    parse_decimal(numerator), parse_decimal(denominator)
    (numerator / denominator * 100).quantize(quantum(6))


@given(st.integers(MAX_INTEGER_DIGITS + 1, 6000))
def test_numbers_beyond_the_bounds_are_refused_however_long(digits: int) -> None:
    with pytest.raises(NumberFormatError, match="过大"):
        parse_decimal("9" * digits)
    with pytest.raises(NumberFormatError):
        parse_decimal(Decimal(1).scaleb(-digits))


def test_a_path_without_read_permission_is_said_in_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # Tests run as root, for whom every file is readable: the parser's permission check is made to fail instead.
    import typer.models

    from jixiao.cli import main

    case = tmp_path / "case.yaml"
    case.write_text("year: 2023\n", encoding="utf-8")
    monkeypatch.setattr(typer.models.os, "access", lambda *args, **kwargs: False)
    monkeypatch.setattr("sys.argv", ["jixiao", "score", str(case)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "没有读取" in error and str(case) in error and "readable" not in error


def test_the_widest_ratio_rounds_to_six_places_in_any_thread() -> None:
    # 10^14 ÷ 0.000001 as a percentage: 10^22, with six places 29 digits (Python's default precision is 28)
    import threading

    from jixiao.decimals import quantum

    found: list[Decimal] = []

    def divide() -> None:
        found.append((Decimal(10**14) / Decimal("0.000001") * 100).quantize(quantum(6)))

    divide()
    worker = threading.Thread(target=divide)
    worker.start()
    worker.join()
    assert found == [Decimal("10000000000000000000000.000000")] * 2
