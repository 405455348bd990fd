"""``jixiao targets CASE [--json]``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from jixiao.commands import targets

SEED = Path(__file__).parent / "fixtures" / "shenzhen-ccpit-2023-self-evaluation.yaml"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    # Only this command: the rest of the CLI is not needed to test it.
    application = typer.Typer()

    @application.callback()
    def _root() -> None:
        pass

    targets.register(application)
    return application


def test_table(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["targets", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "深圳市贸促委 2023 年度绩效指标完成情况" in result.output
    assert "全年签发商事证明书快件数" in result.output and "+26.60%" in result.output
    assert "绩效指标 21 项：达成 21 项，未达成 0 项，无法判断 0 项；错误 0 条，提示 6 条" in result.output
    assert "目标值可能设置偏低" in result.output


def test_json(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["targets", str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["year"] == 2023
    assert data["summary"]["达成"] == 21 and data["summary"]["errors"] == 0
    first = data["targets"][0]
    assert first["expected"] == "≥5万份" and first["actual"] == "6.33 万份"
    assert first["outcome"] == "达成"
    assert Decimal(first["deviation"]) == 13300 and Decimal(first["relative_deviation"]) == Decimal("0.266")
    assert first["comparator"] == "≥" and first["unit"] == "份"
    cost = next(t for t in data["targets"] if t["name"] == "空白证明书工本费")
    assert cost["plain_meaning"] == "不高于"
    assert [f["code"] for f in data["flags"]].count("far_exceeded") == 3


def test_options(app: typer.Typer) -> None:
    arguments = ["targets", str(SEED), "--json", "--threshold", "50%", "--plain", "等于"]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert not [f for f in data["flags"] if f["code"] == "far_exceeded"]
    liaison = next(t for t in data["targets"] if t["name"] == "驻外经贸联络处设立及运营数量")
    assert liaison["plain_meaning"] == "等于"


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        (["--plain", "大约"], "--plain 应为"),
        (["--threshold", "很多"], "--threshold"),
    ],
)
def test_bad_options(app: typer.Typer, arguments: list[str], says: str) -> None:
    result = CliRunner().invoke(app, ["targets", str(SEED), *arguments])
    assert result.exit_code == 2
    assert says in result.output


def test_bad_case_file(app: typer.Typer, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(
        "department: {name: 测试}\nyear: 2023\nself_evaluation:\n  targets:\n"
        "    - {level1: 产出指标, level2: 数量指标, name: 场次}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["targets", str(case)])
    assert result.exit_code == 2
    assert "第 5 行" in result.output and "expected" in result.output
    assert "Traceback" not in result.output


def test_case_without_targets(app: typer.Typer, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("department: {name: 测试}\nyear: 2023\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["targets", str(case)])
    assert result.exit_code == 2
    assert "未填写绩效指标" in result.output
