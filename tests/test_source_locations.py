"""A case keeps where its values came from inside itself: a copy of it still names the user's own line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from jixiao.facts.load import load_case, source_of
from jixiao.frameworks import load_framework
from jixiao.problems import InputError
from jixiao.scoring.engine import evaluate

CASE = textwrap.dedent("""\
    department: {name: 测试局}
    year: 2023
    budget:
      initial: 100
      adjusted: 120
    judgements:
      budget_rationalty: {items: {duties_policy: 1}}
    """)


def test_a_copied_case_keeps_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "案例.yaml"
    path.write_text(CASE, encoding="utf-8")
    case = load_case(path)
    copy = case.model_copy(update={"year": 2024})
    assert source_of(copy) is source_of(case) is not None
    with pytest.raises(InputError) as caught:
        evaluate(copy, load_framework("shenzhen-department-2023"))
    shown = [str(p) for p in caught.value.problems]
    # the misspelt judgement key stands on line 7 of the user's file, and the copy still says so
    assert any("第 7 行" in s and "budget_rationalty" in s for s in shown), shown


def test_where_a_case_was_read_is_no_fact() -> None:
    from jixiao.facts.load import parse_case

    one, other = parse_case(CASE, "一.yaml"), parse_case("\n\n" + CASE, "二.yaml")
    assert source_of(one) is not None and source_of(one) != source_of(other)
    assert one == other
