"""Excel workbooks (Excel 填报工作簿): the form a department fills in, and reading it back as a case.

Importing this package registers the ``.xlsx`` reader with :func:`jixiao.facts.load.load_case`, so every
command that takes a case file takes a workbook too. openpyxl is imported only when a workbook is touched.
"""

from __future__ import annotations

from pathlib import Path

from ..facts.load import register_reader
from ..facts.model import DepartmentYear


def read_case(path: Path, display_name: str) -> DepartmentYear:
    """Read a case from a workbook (``.xlsx``); :class:`jixiao.problems.InputError` names each bad cell."""
    from .read import read_workbook

    return read_workbook(path, display_name)


for _suffix in (".xlsx", ".xlsm", ".xls"):
    # .xlsm and .xls are registered only to be refused with a clear message by the safety checks.
    register_reader(_suffix, read_case)

__all__ = ["read_case"]
