"""What each command loads (启动时加载的模块): heavy libraries only where the command uses them.

Each command runs in a fresh interpreter, as a user starts it, and reports the modules it ended with. The
times are in bench/bench_startup.py; this checks the structure that keeps them low, which a stray top-level
import would break.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from casefiles import EXAMPLE

_SEED_NAME = "shared/seeds/shenzhen-ccpit-2023-department-evaluation.txt"
# Beside the clone (../shared) or beside the folder of worktrees it is one of (../../shared).
SEED = next((up / _SEED_NAME for up in Path(__file__).resolve().parents if (up / _SEED_NAME).is_file()), None)

HEAVY = ("matplotlib", "numpy", "PIL", "docx", "lxml", "openpyxl", "pypdf", "jinja2", "fastapi", "starlette", "uvicorn")

_PROBE = """
import json, sys
from jixiao.cli import main
sys.argv = ["jixiao", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as end:
    code = end.code
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def loaded(*args: str) -> set[str]:
    """The modules loaded once ``jixiao ARGS`` has run (it must succeed, or find errors as an audit may)."""
    result = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                            timeout=120, check=False)
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report["exit"] in (0, 1, None), result.stderr
    return set(report["modules"])


def roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_the_command_line_alone_loads_neither_pydantic_nor_the_models() -> None:
    probe = "import sys, jixiao.cli; print(' '.join(sorted(sys.modules)))"
    modules = set(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                                 timeout=60).stdout.split())
    assert not roots(modules) & {*HEAVY, "pydantic", "yaml"}
    assert not {m for m in modules if m.startswith(("jixiao.facts", "jixiao.frameworks", "jixiao.rules"))}


@pytest.mark.parametrize("args", [("score", str(EXAMPLE), "--json"), ("score", str(EXAMPLE)), ("targets", str(EXAMPLE))])
def test_scoring_a_case_loads_no_heavy_library(args: tuple[str, ...]) -> None:
    modules = loaded(*args)
    assert "jixiao.scoring.engine" in modules or "jixiao.targets.review" in modules  # the probe ran the command
    assert not roots(modules) & set(HEAVY)


def test_a_case_without_targets_is_scored_without_the_target_reader(tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.pop("self_evaluation")
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    modules = loaded("score", str(case), "--json")
    assert "jixiao.rules.targets" in modules  # the rule kind is in the library…
    assert not {m for m in modules if m.startswith("jixiao.targets")}  # …but nothing scored a target


def test_the_markdown_report_draws_no_chart(tmp_path: Path) -> None:
    modules = loaded("report", str(EXAMPLE), "-o", str(tmp_path / "报告.md"))
    assert (tmp_path / "报告.md").is_file()
    assert not roots(modules) & set(HEAVY)


def test_the_word_report_draws_its_charts_without_pyplot(tmp_path: Path) -> None:
    modules = loaded("report", str(EXAMPLE), "-o", str(tmp_path / "报告.docx"))
    assert {"matplotlib", "docx"} <= roots(modules)
    assert "matplotlib.pyplot" not in modules and not roots(modules) & {"openpyxl", "pypdf", "jinja2"}


def test_auditing_a_text_report_loads_no_heavy_library() -> None:
    if SEED is None:
        pytest.skip("the seed report (../shared/seeds) is not beside this clone")
    modules = loaded("audit", str(SEED))
    assert "jixiao.frameworks" in modules  # the seed's score sheet is recomputed under the framework
    assert not roots(modules) & set(HEAVY)
    # Only reading what the report states needs no framework, nor its rule library.
    extracted = loaded("audit", "--extract", str(SEED))
    assert not {m for m in extracted if m.startswith(("jixiao.frameworks", "jixiao.rules", "jixiao.scoring"))}
