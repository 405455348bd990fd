"""The examples in docs/frameworks.md are real: each rule parses, and the file skeleton loads."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from jixiao.frameworks import parse_framework
from jixiao.rules import Rule
from jixiao.yamlsource import parse_yaml

DOC = (Path(__file__).resolve().parents[1] / "docs" / "frameworks.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC, flags=re.S)


def test_every_rule_example_parses() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(Rule)
    rules = [b for b in BLOCKS if b.startswith("rule:")]
    assert len(rules) >= 12
    kinds = set()
    for block in rules:
        data, _ = parse_yaml(block, "docs")
        rule = adapter.validate_python(data["rule"])
        kinds.add(rule.kind)
    from jixiao.rules import KIND_NAMES

    assert kinds == set(KIND_NAMES), set(KIND_NAMES) - kinds


def test_file_skeleton_loads() -> None:
    skeleton = next(b for b in BLOCKS if b.startswith("id:"))
    # The skeleton shows one branch; give it the weights it needs to add up.
    text = (skeleton.replace("total: 100", "total: 1").replace("    weight: 40", "    weight: 1")
            .replace("        weight: 2\n", "        weight: 1\n"))
    framework = parse_framework(text, "docs")
    assert framework.indicators[0].id == "staff_control"


def test_the_case_example_of_the_frameworks_doc_reads() -> None:
    """The doc's example of how a case writes its figures is a valid case (less the two lines that need a
    framework file beside it)."""
    from jixiao.facts.load import parse_case

    block = DOC.split("## 案例文件怎样写事实")[1].split("```yaml")[1].split("```")[0]
    text = "\n".join(line for line in block.splitlines() if not line.startswith(("output:", "framework:")))
    case = parse_case(text)
    assert case.figures["final_accounts.spending"] == Decimal("3396.50")
    assert case.figures["budget.supplementary"] == Decimal("330")
    assert case.satisfaction is not None and case.satisfaction.rate == Decimal("0.936")
