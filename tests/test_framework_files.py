"""Framework files: the built-in one is sound, and a framework with mistakes is refused at the right line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from jixiao.frameworks import builtin_ids, load_framework, parse_framework
from jixiao.problems import InputError

ROOT = Path(__file__).resolve().parents[1]

MINIMAL = textwrap.dedent("""\
    id: test-framework
    title: 测试指标体系
    region: 测试市
    year: 2024
    source: {document: 测试文件}
    total: 10
    grades:
      - {grade: 合格, min: 6}
      - {grade: 不合格, min: 0}
    groups:
      - name: 投入
        weight: 10
        groups:
          - name: 人员
            weight: 10
            indicators:
              - id: staff_rate
                name: 在职人员控制率
                weight: 4
                description: 在编人数与编制数之比
                standard: 不超过 100% 得满分，每超一个百分点扣 0.5 分
                rule:
                  kind: over_threshold
                  numerator: staff.in_post
                  denominator: staff.authorised_posts
                  points: 4
                  threshold: 100%
                  per_step: 0.5
              - id: satisfaction
                name: 满意度
                weight: 6
                description: 服务对象满意度
                standard: 按满意度比例计分
                rule: {kind: ratio_points, value: satisfaction.rate, points: 6}
    """)


def problems_of(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_framework(text, "f.yaml")
    return [str(p) for p in caught.value.problems]


def test_builtin_frameworks_load() -> None:
    assert "shenzhen-department-2023" in builtin_ids()
    framework = load_framework("shenzhen-department-2023")
    assert len(framework.indicators) == 21
    assert [g.weight for g in framework.groups] == [40, 60]
    assert sum(i.weight for i in framework.indicators) == 100


def test_another_region_needs_no_python() -> None:
    framework = parse_framework(MINIMAL)
    assert [i.id for i in framework.indicators] == ["staff_rate", "satisfaction"]
    assert framework.grade_for(framework.total) == "合格"


def test_weights_that_do_not_add_up_name_the_line() -> None:
    text = MINIMAL.replace("      - name: 人员\n        weight: 10", "      - name: 人员\n        weight: 9")
    found = problems_of(text)
    assert any("第 14 行" in p and "三级指标分值合计 10 与“人员”的分值 9 不一致" in p for p in found), found


def test_rule_above_its_weight_is_refused() -> None:
    found = problems_of(MINIMAL.replace("points: 6}", "points: 7}"))
    assert any("计分规则的满分 7 与指标“满意度”的分值 6 不一致" in p for p in found), found


def test_unknown_keys_and_missing_parameters_are_named_with_lines() -> None:
    text = MINIMAL.replace("              per_step: 0.5", "              per_stp: 0.5")
    found = problems_of(text)
    assert any("第 28 行" in p and "per_stp" in p and "未知字段" in p for p in found), found
    assert any("per_step" in p and "缺少必填字段" in p for p in found), found


def test_unknown_rule_kind() -> None:
    found = problems_of(MINIMAL.replace("kind: ratio_points", "kind: ratio_pts"))
    assert any("未知的规则类型“ratio_pts”" in p and "第 34 行" in p for p in found), found


def test_unknown_measure_in_framework() -> None:
    found = problems_of(MINIMAL.replace("value: satisfaction.rate", "value: satisfaction.ratio"))
    assert any("未知的计量项“satisfaction.ratio”" in p for p in found), found


@pytest.mark.parametrize(
    ("if_undefined", "expected"),
    [
        ("maybe", "if_undefined：应为 full（得满分）、zero（得 0 分）或一个分数，实际为“maybe”"),
        ("-1", "if_undefined：应为 full（得满分）、zero（得 0 分）或一个分数，实际为“-1”"),
        ("7", "if_undefined 的 7 分超过本规则的最高分 6 分"),
    ],
)
def test_the_score_of_a_zero_denominator_is_checked(if_undefined: str, expected: str) -> None:
    text = MINIMAL.replace("points: 6}", f"points: 6, if_undefined: {if_undefined}}}")
    found = problems_of(text)
    assert len(found) == 1 and expected in found[0] and "第 34 行" in found[0], found
    # the location is the file's own: no trace of the union pydantic tried
    assert "literal" not in found[0] and "function" not in found[0], found


def test_a_zero_denominator_may_score_a_number_of_points() -> None:
    framework = parse_framework(MINIMAL.replace("points: 6}", "points: 6, if_undefined: 3}"))
    assert framework.indicators[1].rule.if_undefined == 3


def test_grades_must_descend_to_zero() -> None:
    found = problems_of(MINIMAL.replace("{grade: 不合格, min: 0}", "{grade: 不合格, min: 1}"))
    assert any("最低分应为 0" in p for p in found), found


def test_several_problems_reported_together() -> None:
    text = MINIMAL.replace("points: 6}", "points: 7}").replace("per_step: 0.5", "per_stp: 0.5")
    assert len(problems_of(text)) >= 3


def test_a_framework_that_cannot_be_used_still_reads_the_facts_it_declares(tmp_path: Path) -> None:
    """project-evaluation-2020 declares its own sheets (项目产出, 服务对象满意度). With one of its weights wrong,
    the case and its workbook report that weight only, not the framework's own sections as unknown fields or the
    department framework's sheets as missing."""
    from typer.testing import CliRunner

    from jixiao.cli import app
    from jixiao.frameworks.load import builtin_path

    source = builtin_path("project-evaluation-2020")
    assert source is not None
    good = source.read_text(encoding="utf-8")
    case = (ROOT / "examples" / "project-evaluation-2023.yaml").read_text(encoding="utf-8")
    assert "framework: project-evaluation-2020" in case
    (tmp_path / "体系.yaml").write_text(good, encoding="utf-8")
    (tmp_path / "案例.yaml").write_text(case.replace("framework: project-evaluation-2020", "framework: 体系.yaml"),
                                        encoding="utf-8")
    runner = CliRunner()
    book = tmp_path / "工作簿.xlsx"
    assert runner.invoke(app, ["workbook", "fill", str(tmp_path / "案例.yaml"), "-o", str(book)]).exit_code == 0
    broken = good.replace("            weight: 3\n", "            weight: 4\n", 1)
    assert broken != good
    (tmp_path / "体系.yaml").write_text(broken, encoding="utf-8")
    for scored in (tmp_path / "案例.yaml", book):
        result = runner.invoke(app, ["score", str(scored)])
        assert result.exit_code == 2
        problems = [line for line in result.output.splitlines() if line.startswith("  - ")]
        assert problems and all("体系.yaml，第" in line for line in problems), result.output
        assert "分值" in result.output and "未知字段" not in result.output and "缺少工作表" not in result.output
