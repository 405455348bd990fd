"""The command line on the bundled example: what a finance officer sees."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from casefiles import EXAMPLE
from jixiao.frameworks import load_framework


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, timeout=60,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def test_score_sheet_in_the_terminal() -> None:
    result = run("score", str(EXAMPLE))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "综合评分 96.77" in out and "评分等级 优" in out
    assert "145.53 ÷ 147.39 = 98.74%" in out
    assert "全年平均执行率 91.25% × 2.00 分 = 1.83" in out
    for indicator in load_framework().indicators:
        assert indicator.name in out
    assert "绩效指标 21 项：达成 21 项" in out


def test_score_as_json() -> None:
    result = run("score", str(EXAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["framework"] == "shenzhen-department-2023"
    assert (data["department"], data["year"], data["total"], data["grade"]) == ("深圳市贸促委", 2023, "96.77", "优")
    assert len(data["indicators"]) == 21
    first = data["indicators"][0]
    assert set(first) >= {"level1", "level2", "name", "weight", "score", "trail", "inputs"}
    scores = {i["name"]: i["score"] for i in data["indicators"]}
    assert scores["预算执行率"] == "5.48" and scores["编外人员控制率"] == "0.00"
    assert sum(Decimal(s) for s in scores.values()) == Decimal("96.77")
    procurement = next(i for i in data["indicators"] if i["id"] == "procurement")
    assert {"name": "procurement.paid", "label": "实际采购支付金额", "value": "145.53"} in procurement["inputs"]
    subtotals = {(s["level1"], s["level2"]): s["score"] for s in data["subtotals"]}
    assert subtotals[("部门管理指标", None)] == "38.29" and subtotals[("部门绩效指标", None)] == "58.48"


def test_frameworks_listing_and_show() -> None:
    listing = run("frameworks")
    assert listing.returncode == 0 and "shenzhen-department-2023" in listing.stdout
    shown = run("framework", "show", "shenzhen-department-2023")
    assert shown.returncode == 0
    assert "一、部门管理指标（40 分）" in shown.stdout and "二、部门绩效指标（60 分）" in shown.stdout
    assert "每 1% 扣 0.1 分" in shown.stdout


def test_text_from_the_case_is_printed_as_written(tmp_path: object) -> None:
    """Brackets and colons in a department's name or a reason are the officer's words, not terminal markup."""
    from pathlib import Path

    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("  name: 深圳市贸促委", "  name: '[b]深圳市贸促委[/b] :warning:'", 1)
    text = text.replace("调剂量偏大（推断）", "调剂量偏大[red]（见附件[1]）[/red]（推断）", 1)
    case = Path(str(tmp_path)) / "case.yaml"
    case.write_text(text, encoding="utf-8")
    result = run("score", str(case))
    assert result.returncode == 0, result.stderr
    assert "[b]深圳市贸促委[/b] :warning:" in result.stdout
    assert "调剂量偏大[red]（见附件[1]）[/red]（推断）" in result.stdout.replace("\n", "").replace("│", "").replace(" ", "")


def test_command_line_mistakes_are_explained_in_chinese() -> None:
    cases = [
        (("score",), "命令用法有误：缺少参数 案例", "用法：jixiao score"),
        (("score", str(EXAMPLE), "extra"), "命令用法有误：多余的参数：extra", "查看帮助：jixiao score --help"),
        (("score", str(EXAMPLE), "--bogus"), "命令用法有误：没有 --bogus 这个选项", "用法：jixiao score"),
        # a year no case can have never reaches a database (2^63 is past SQL's integers)
        (("ranking", "--year", "9223372036854775808"),
         "命令用法有误：--year 的值无效：9223372036854775808 不在 1990 至 2100 之间", "用法：jixiao ranking"),
        (("history", "某局", "1989"), "命令用法有误：年度 的值无效：1989 不在 1990 至 2100 之间", ""),
        (("ranking", "--year", "abc"), "命令用法有误：--year 的值无效：“abc”不是有效的数值", ""),
        (("scor",), "命令用法有误：没有“scor”这个命令，是否为“score”？", "查看帮助：jixiao --help"),
        (("report", str(EXAMPLE)), "命令用法有误：缺少选项 --output / -o", "用法：jixiao report"),
        (("report", str(EXAMPLE), "-o"), "命令用法有误：选项 -o 后面要跟一个值", ""),
        (("workbook", "new", "-o", "."), "--output / -o 的值无效：“.”是一个目录", "用法：jixiao workbook new"),
    ]
    for args, message, usage in cases:
        result = run(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr, (args, result.stderr)
        assert message in result.stderr and usage in result.stderr, (args, result.stderr)


def test_success_and_failure_keep_their_exit_status() -> None:
    assert run("frameworks").returncode == 0
    assert run("score", "no-such-case.yaml").returncode == 2
    help_text = run("score", "--help")
    assert help_text.returncode == 0 and "按指标体系计算评分表" in help_text.stdout
