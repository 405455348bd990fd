"""Which framework a case is scored under, and what the user is told about it.

A case names its framework in ``framework:``; a file named there is read beside the case, wherever jixiao runs
from, and is shown as that file. A framework that cannot be found is the mistake of the line that named it. A
case of another year than its framework's is scored, with a 提示.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from casefiles import EXAMPLE
from jixiao.frameworks.load import builtin_path

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, timeout=60,
                          cwd=cwd, env={**os.environ, "COLUMNS": "200"})


def case_text(**fields: str) -> str:
    lines = []
    for line in EXAMPLE_TEXT.splitlines():
        key = line.split(":", 1)[0]
        lines.append(f"{key}: {fields[key]}" if key in fields and not line.startswith(" ") else line)
    return "\n".join(lines) + "\n"


def line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_a_framework_file_named_by_the_case_is_read_beside_the_case_and_shown_as_that_file(tmp_path: Path) -> None:
    folder = tmp_path / "部门"
    folder.mkdir()
    framework = (builtin_path("shenzhen-department-2023") or Path()).read_text(encoding="utf-8")
    (folder / "本地体系.yaml").write_text(framework.replace("id: shenzhen-department-2023", "id: local-2023"),
                                       encoding="utf-8")
    (folder / "案例.yaml").write_text(case_text(framework="本地体系.yaml"), encoding="utf-8")
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    result = run("score", str(folder / "案例.yaml"), "--json", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["framework"], data["framework_file"], data["total"]) == (
        "local-2023", str(folder / "本地体系.yaml"), "96.77")
    sheet = run("score", "部门/案例.yaml", "--brief", cwd=tmp_path)
    assert sheet.returncode == 0, sheet.stderr
    assert "（local-2023，文件部门/本地体系.yaml）" in re.sub(r"\s", "", sheet.stdout)  # the caption may wrap
    builtin = json.loads(run("score", str(EXAMPLE), "--json").stdout)
    assert builtin["framework_file"] is None


def test_an_unknown_framework_is_pointed_at_the_line_or_option_that_named_it(tmp_path: Path) -> None:
    text = case_text(framework="no-such-framework")
    (tmp_path / "案例.yaml").write_text(text, encoding="utf-8")
    result = run("score", str(tmp_path / "案例.yaml"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"案例.yaml，第 {line_of(text, 'framework:')} 行：字段 framework：指标体系“no-such-framework”：未知的指标体系" \
        in result.stderr
    (tmp_path / "缺文件.yaml").write_text(case_text(framework="不存在.yaml"), encoding="utf-8")
    result = run("score", str(tmp_path / "缺文件.yaml"))
    assert result.returncode == 2
    assert f"指标体系“{tmp_path / '不存在.yaml'}”：文件不存在" in result.stderr
    result = run("score", str(EXAMPLE), "--framework", "nope")
    assert result.returncode == 2 and "命令行：--framework “nope”：未知的指标体系" in result.stderr


def test_a_case_of_another_year_is_scored_with_a_hint(tmp_path: Path) -> None:
    text = case_text(year="2024")
    (tmp_path / "案例.yaml").write_text(text, encoding="utf-8")
    result = run("score", str(tmp_path / "案例.yaml"), "--brief")
    assert result.returncode == 0, result.stderr
    assert "综合评分 96.77" in result.stdout
    assert f"提示：{tmp_path / '案例.yaml'}，第 {line_of(text, 'year:')} 行：字段 year：案例为 2024 年度" in result.stderr
    assert "适用于 2023 年度" in result.stderr
    same_year = run("score", str(EXAMPLE), "--brief")
    assert same_year.returncode == 0 and "提示" not in same_year.stderr
    report = run("report", str(tmp_path / "案例.yaml"), "-o", str(tmp_path / "r.md"))
    assert report.returncode == 0 and "案例为 2024 年度" in report.stderr


def test_workbook_fill_reads_the_framework_beside_the_case(tmp_path: Path) -> None:
    framework = (builtin_path("shenzhen-department-2023") or Path()).read_text(encoding="utf-8")
    (tmp_path / "本地体系.yaml").write_text(framework.replace("id: shenzhen-department-2023", "id: local-2023"),
                                       encoding="utf-8")
    (tmp_path / "案例.yaml").write_text(case_text(framework="本地体系.yaml"), encoding="utf-8")
    result = run("workbook", "fill", str(tmp_path / "案例.yaml"), "-o", str(tmp_path / "案例.xlsx"), cwd=Path("/"))
    assert result.returncode == 0, result.stderr
