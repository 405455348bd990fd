"""Bad input: a clear message in Chinese naming the file, the field and the line; every problem at once; exit 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from casefiles import EXAMPLE
from jixiao.problems import InputError
from jixiao.yamlsource import parse_yaml

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, timeout=60)


def write_case(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = EXAMPLE_TEXT
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def assert_refused(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)


def test_every_problem_of_a_case_at_once(tmp_path: Path) -> None:
    path = write_case(
        tmp_path,
        ("  initial: 4796.11          # 年初部门预算数", "  initial: -4796.11"),
        ("  paid: 145.53              # 实际采购支付金额", "  paid: 一百四十五"),
        ("  in_post: 49               # 实有在编人数（含工勤）", "  in_post: 49.5"),
        ("      budget_total: 27000.00     # 原报告印作“27.000.00”", "      budget_total: 27.000.00"),
        ("  plan: 147.39              # 采购计划金额合计\n", ""),
        ("      not_fixed: 1\n", "      not_fixed: 1.5\n"),
    )
    result = run("score", str(path))
    assert_refused(
        result,
        "发现 6 个问题",
        "字段 judgements.budget_rationality.items.not_fixed：得分 1.5 超过该要点的分值 1",
        f"case.yaml，第 {line_of(path, 'initial: -4796.11')} 行：字段 budget.initial：金额不能为负数",
        f"第 {line_of(path, 'paid: 一百四十五')} 行：字段 procurement.paid：“一百四十五”不是有效的数值",
        "字段 procurement.plan：缺少必填字段",
        "字段 staff.in_post：应为整数",
        f"第 {line_of(path, '27.000.00')} 行：字段 self_evaluation.main_tasks[3].budget_total：“27.000.00”含有多个小数点",
    )


def test_malformed_judgements_are_described_like_every_other_field(tmp_path: Path) -> None:
    # Judgements and their item awards are validated records of their own; their mistakes read the same as a
    # model's: unknown key, missing points, not a mapping, not a number.
    path = write_case(
        tmp_path,
        ("      duties_policy: 1\n", "      duties_policy: {points: 1, bogus: 2}\n"),
        ("      allocation: 1\n", "      allocation: {reason: 缺少依据}\n"),
        ("  budget_conformity:        # 预算编制规范性\n    findings: []\n",
         "  budget_conformity:        # 预算编制规范性\n    findings: []\n    remark: 1\n"),
        ("  target_completeness:      # 绩效目标完整性\n    findings: []\n", "  target_completeness: [1, 2]\n"),
        ("      spending_rules: 1\n", "      spending_rules: [1]\n"),
    )
    result = run("score", str(path))
    assert_refused(
        result,
        "发现 5 个问题",
        f"第 {line_of(path, 'bogus: 2')} 行：字段 judgements.budget_rationality.items.duties_policy.bogus：未知字段",
        f"第 {line_of(path, '缺少依据')} 行：字段 judgements.budget_rationality.items.allocation.points：缺少必填字段",
        f"第 {line_of(path, 'remark: 1')} 行：字段 judgements.budget_conformity.remark：未知字段",
        f"第 {line_of(path, 'target_completeness: [1, 2]')} 行：字段 judgements.target_completeness：应为一组“字段: 值”",
        f"第 {line_of(path, 'spending_rules: [1]')} 行：字段 judgements.financial_compliance.items.spending_rules.points：应为数值",
    )


def test_judgement_problems_name_indicator_and_line(tmp_path: Path) -> None:
    path = write_case(
        tmp_path,
        ("  target_completeness:      # 绩效目标完整性", "  target_completness:"),
        ("      not_fixed: 1\n", "      not_fixed: 1.5\n"),
        ("        points: 0.7\n        reason: 部分目标值测算偏保守，实际完成明显超出预期，部门在报告中自认目标设定与实际有偏差（推断）",
         "        points: 0.7"),
    )
    result = run("score", str(path))
    assert_refused(
        result,
        f"第 {line_of(path, 'target_completness')} 行：字段 judgements.target_completness：未知的指标“target_completness”",
        "是否应为“target_completeness”",
        f"第 {line_of(path, 'not_fixed: 1.5')} 行：字段 judgements.budget_rationality.items.not_fixed：得分 1.5 超过该要点的分值 1",
        "字段 judgements.target_clarity.items.evidence：扣分（0.7/1）须说明扣分理由（reason）",
        "缺少指标“绩效目标完整性”（target_completeness）的评价判断",
    )


def test_a_formula_score_cannot_be_typed_in(tmp_path: Path) -> None:
    path = write_case(tmp_path, ("  effectiveness:            # 社会效益、经济效益、生态效益等\n",
                                 "  satisfaction: {score: 6}\n  effectiveness:\n"))
    assert_refused(run("score", str(path)), "指标“公众或服务对象满意度”由数据按公式计分，不接受评价判断")


def test_missing_section_names_the_indicator(tmp_path: Path) -> None:
    text = EXAMPLE_TEXT
    start = text.index("procurement:\n")
    end = text.index("public_expenses:\n")
    path = tmp_path / "case.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert_refused(run("score", str(path)), "缺少“政府采购”（procurement）：指标“政府采购执行情况”需要 procurement.paid")


def test_framework_whose_weights_do_not_add_up(tmp_path: Path) -> None:
    builtin = Path(__file__).resolve().parents[1] / "src/jixiao/frameworks/data/shenzhen-department-2023.yaml"
    text = builtin.read_text(encoding="utf-8").replace("      - name: 项目管理指标\n        weight: 4",
                                                        "      - name: 项目管理指标\n        weight: 5")
    framework = tmp_path / "framework.yaml"
    framework.write_text(text, encoding="utf-8")
    result = run("score", str(EXAMPLE), "--framework", str(framework))
    assert_refused(result, "framework.yaml", "三级指标分值合计 4 与“项目管理指标”的分值 5 不一致",
                   "二级指标分值合计 41 与“部门管理指标”的分值 40 不一致")


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("department: [unclosed\n", ".yaml", "YAML 格式错误"),
        ("", ".yaml", "文件为空"),
        ("- just\n- a list\n", ".yaml", "顶层应为一组“字段: 值”"),
        ("department: {name: 某局}\nyear: 2023\nyear: 2024\n", ".yaml", "键“year”重复出现"),
        ("text", ".txt", "不支持的文件类型"),
        ("department: {name: 某局}\nyear: 2023\nbudget: {initial: .nan, adjusted: 1}\n", ".yaml", "不是有限数值"),
    ],
)
def test_unreadable_case_files(tmp_path: Path, content: str, suffix: str, message: str) -> None:
    path = tmp_path / f"case{suffix}"
    path.write_text(content, encoding="utf-8")
    assert_refused(run("score", str(path)), message)


def test_missing_file_and_unknown_framework() -> None:
    assert_refused(run("score", "no-such-case.yaml"), "no-such-case.yaml：文件不存在")
    assert_refused(run("score", str(EXAMPLE), "--framework", "nowhere-2099"), "未知的指标体系")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b"\xff\xfe\x00\x01PK\x03\x04")
    assert_refused(run("score", str(path)), "不是 UTF-8 编码的文本")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("budget:\n\tinitial: 1\n", 2, "用了制表符（Tab）缩进"),
        ("budget:\n  initial: 1\n\t adjusted: 2\n", 3, "用了制表符（Tab）缩进"),
        ("budget:\n  initial: 1\n  adjusted 2\n  transfers: 3\n", 3, "这一行缺少冒号"),
        ("budget:\n  initial: 1\n   adjusted: 2\n", 3, "此处不能出现“字段: 值”"),
        ("note: 原因: 未说明\n", 1, "文字中含有“: ”却没有加引号"),
        ("budget:\n  initial: 1\n adjusted: 2\n", 3, "缩进没有对齐"),
        ("key_tasks:\n  - name: 甲\n  completed: true\n", 3, "列表中夹了一个字段"),
        ("tags: [a, b\n", 2, "方括号“[”没有闭合"),
        ("department: {name: 某局\n", 2, "花括号“{”没有闭合"),
        ("tags: [\n", 2, "此处缺少内容"),
        ('name: "某局\nyear: 2023\n', 1, "引号没有闭合"),
        ('path: "C:\\d"\n', 1, "不是有效的转义"),
        ("name: @某局\n", 1, "“@”不能作为一项内容的开头"),
        ("name: *某局\n", 1, "以“*”或“&”开头的文字会被当作引用或锚点"),
        ("name: *abc\n", 1, "以“*”或“&”开头的文字会被当作引用或锚点"),
        ("year: 2023\n---\nyear: 2024\n", 2, "一个文件只能有一个文档"),
    ],
)
def test_yaml_syntax_errors_are_explained_in_chinese(text: str, line: int, message: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_yaml(text, "case.yaml")
    (problem,) = raised.value.problems
    assert (problem.line, problem.file) == (line, "case.yaml")
    assert str(problem).startswith(f"case.yaml，第 {line} 行：YAML 格式错误："), str(problem)
    assert message in str(problem), str(problem)
    explanation = problem.message.removeprefix("YAML 格式错误：").replace("YAML", "")
    assert not re.search(r"[A-Za-z]{4,}", explanation), problem.message  # none of the parser's English left


def test_control_characters_say_the_file_is_not_text() -> None:
    with pytest.raises(InputError) as raised:
        parse_yaml("year: 2023\nname: 某局\x01\n", "case.yaml")
    assert str(raised.value.problems[0]) == "case.yaml，第 2 行：含有不可见的控制字符（U+0001）：这不像是一个文本文件"


def test_an_output_never_destroys_an_input_or_a_filled_in_file(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(EXAMPLE_TEXT, encoding="utf-8")
    book = tmp_path / "填报表.xlsx"
    assert run("workbook", "fill", str(case), "-o", str(book)).returncode == 0
    filled = book.read_bytes()

    assert_refused(run("convert", str(case), "-o", str(case)), "输出文件就是输入文件")
    assert_refused(run("convert", str(book), "-o", str(book)), "输出文件就是输入文件")
    assert_refused(run("workbook", "fill", str(case), "-o", str(case)), "输出文件就是输入文件")
    assert_refused(run("workbook", "new", "-o", str(book)), "文件已存在", "--overwrite")
    assert_refused(run("workbook", "fill", str(case), "-o", str(book)), "文件已存在")
    assert_refused(run("convert", str(book), "-o", str(case)), "文件已存在")
    assert_refused(run("workbook", "new", "-o", str(tmp_path / "blank.yaml")), "扩展名应为 .xlsx")
    assert_refused(run("convert", str(case), "-o", str(tmp_path / "case.txt")), "扩展名应为 .yaml、.yml 或 .xlsx")
    assert case.read_text(encoding="utf-8") == EXAMPLE_TEXT and book.read_bytes() == filled
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "填报表.xlsx"]

    again = run("workbook", "fill", str(case), "-o", str(book), "--overwrite")
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize(("written", "found"), [
    ("是", True), ("否", False), ("√", True), ("×", False), ("“是”", None), ("yes", True), ("false", False),
    ("有", None), ("2", None),
])
def test_a_flag_is_written_as_in_the_workbook(written: str, found: bool | None) -> None:
    """是/否 (and √/×) in a YAML case as in a workbook cell; anything else refused at its line, in Chinese."""
    from jixiao.facts.load import parse_case

    text = re.sub(r"(?m)^  misuse_found: .*$", f"  misuse_found: {written}", EXAMPLE_TEXT)
    assert text != EXAMPLE_TEXT or written == "false"
    if found is not None:
        assert parse_case(text).compliance.misuse_found is found  # type: ignore[union-attr]
        return
    with pytest.raises(InputError) as caught:
        parse_case(text, "case.yaml")
    line = text.splitlines().index(f"  misuse_found: {written}") + 1
    assert str(caught.value.problems[0]) == (
        f"case.yaml，第 {line} 行：字段 compliance.misuse_found：应为“是”或“否”（也可写 true / false），"
        f"实际为“{written}”")
