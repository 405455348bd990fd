"""Reading the YAML test cases in tests/cases/: a base case, changes to it, the expected scores."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from jixiao.facts.load import case_from_data
from jixiao.facts.model import DepartmentYear
from jixiao.yamlsource import SourceMap, load_yaml

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
EXAMPLE = ROOT / "examples" / "shenzhen-ccpit-2023.yaml"

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(dotted: str) -> list[str | int]:
    return [name if name else int(index) for name, index in _PART.findall(dotted)]


def apply_changes(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Set each ``a.b[2].c`` in a copy of the case data; a value of ``null`` with key ``-a.b`` deletes."""
    data = copy.deepcopy(data)
    for dotted, value in changes.items():
        delete = dotted.startswith("-")
        parts = split_path(dotted.lstrip("-"))
        target: Any = data
        for part in parts[:-1]:
            target = target[part]
        if delete:
            del target[parts[-1]]
        else:
            target[parts[-1]] = value
    return data


def base_data(name: str) -> dict[str, Any]:
    data, _ = load_yaml(ROOT / name)
    assert isinstance(data, dict)
    return data


def build_case(entry: dict[str, Any], file: str) -> DepartmentYear:
    data = base_data(entry.get("base", "examples/shenzhen-ccpit-2023.yaml"))
    data = apply_changes(data, entry.get("changes") or {})
    return case_from_data(data, SourceMap(file))


def load_entries() -> list[tuple[str, dict[str, Any]]]:
    entries = []
    for path in sorted(CASES.glob("*.yaml")):
        data, _ = load_yaml(path)
        for entry in data:
            entries.append((f"{path.stem}: {entry['name']}", entry))
    return entries


def as_decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))
