"""Shared by the workbook tests: write a case to a workbook, edit cells as a user would, read problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jixiao.facts.load import load_case
from jixiao.facts.model import DepartmentYear
from jixiao.problems import InputError, Problem
from jixiao.workbook.read import read_workbook
from jixiao.workbook.write import write_workbook

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shenzhen-ccpit-2023.yaml"
TEST_CASE = ROOT / "tests" / "data" / "workbook-case.yaml"


def filled_workbook(tmp_path: Path, case_file: Path = TEST_CASE, name: str = "case.xlsx") -> Path:
    path = tmp_path / name
    write_workbook(path, load_case(case_file))
    return path


def edit(path: Path, changes: dict[str, Any]) -> None:
    """Type values into cells given as ``"季度执行!C4"``, as a user would in Excel."""
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    for ref, value in changes.items():
        sheet, cell = ref.split("!")
        workbook[sheet][cell].value = value
    workbook.save(path)


def read(path: Path) -> DepartmentYear:
    return read_workbook(path, path.name)


def problems_of(path: Path) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as caught:
        read(path)
    return caught.value.problems


def problem_at(problems: tuple[Problem, ...], where: str) -> Problem:
    found = [p for p in problems if p.where == where]
    assert found, f"no problem at {where}; problems: {[str(p) for p in problems]}"
    return found[0]
