"""What people really type into the workbook: accepted when unambiguous, refused at the cell otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.facts.load import load_case
from jixiao.workbook.cells import CellError, interpret_cell
from jixiao.workbook.layout import Field, Kind
from workbook_support import TEST_CASE, edit, filled_workbook, problem_at, problems_of, read


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return filled_workbook(tmp_path)


def test_numbers_as_text_with_separators_full_width_digits_and_spaces_are_read_exactly(workbook: Path) -> None:
    edit(workbook, {
        "预算与调整!B2": "4,796.11",
        "预算与调整!B3": "４，８１２．３０",
        "季度执行!C4": " 3,136.88 ",
        "人员编制!B2": "53人",
        "主要任务!D2": "27,000.00",
    })
    assert read(workbook) == load_case(TEST_CASE)


def test_a_unit_written_in_the_cell_is_converted_to_the_workbook_unit(workbook: Path) -> None:
    edit(workbook, {"政府采购!B4": "1,473,900 元", "政府采购!B5": "145.53万元", "主要任务!D2": "2.7 万元"})
    case = read(workbook)
    assert case.procurement is not None and case.self_evaluation is not None
    assert case.procurement.plan == Decimal("147.39")
    assert case.procurement.paid == Decimal("145.53")
    assert case.self_evaluation.main_tasks[0].budget_total == Decimal("27000")


def test_a_workbook_in_yuan_is_held_in_wan_yuan(workbook: Path) -> None:
    edit(workbook, {"基本信息!B7": "元", "政府采购!B4": 1473900, "政府采购!B5": "145.53 万元"})
    case = read(workbook)
    assert case.procurement is not None and case.budget is not None
    assert case.procurement.plan == Decimal("147.39")
    assert case.procurement.paid == Decimal("145.53")
    assert case.budget.initial == Decimal("0.479611")  # 4796.11 typed while the unit says 元


@pytest.mark.parametrize("typed", ["95.12%", "９５．１２％", 0.9512, "0.9512", " 95.12 % "])
def test_rates_as_people_write_them(workbook: Path, typed: object) -> None:
    edit(workbook, {"信访与满意度!B6": typed})
    case = read(workbook)
    assert case.satisfaction is not None and case.satisfaction.rate == Decimal("0.9512")


def test_yes_no_choices_and_dates_tolerate_spacing_and_common_spellings(workbook: Path) -> None:
    edit(workbook, {
        "信访与满意度!B2": " 是 ",
        "其他在职人员!C2": "FALSE",
        "预决算公开与合规!B2": "按规定公开 ",
        "预决算公开与合规!B4": "2023/2/10",
        "预决算公开与合规!B5": "2023年9月20日",
    })
    case = read(workbook)
    assert case.disclosure is not None
    assert case.disclosure.budget_date == date(2023, 2, 10)
    assert case.disclosure.final_accounts_date == date(2023, 9, 20)
    assert case.petitions is not None and case.petitions.channel is True


def test_blank_rows_are_skipped_and_problems_keep_their_real_rows(workbook: Path) -> None:
    edit(workbook, {
        "其他在职人员!A3": None, "其他在职人员!B3": None, "其他在职人员!C3": None, "其他在职人员!D3": None,
        "其他在职人员!A7": "专班人员", "其他在职人员!B7": 5, "其他在职人员!C7": "是", "其他在职人员!D7": "测试说明",
    })
    case = read(workbook)
    assert case.staff is not None
    assert [c.category for c in case.staff.other] == ["员额", "窗口服务人员", "专班人员"]
    edit(workbook, {"其他在职人员!B7": "五个"})
    problem = problem_at(problems_of(workbook), "其他在职人员!B7")
    assert "五个" in problem.message and "整数" in problem.message


def test_sheets_are_found_by_title_whatever_their_order_and_stray_spaces(workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.move_sheet("季度执行", offset=8)
    book.move_sheet("说明", offset=5)
    book["政府采购"].title = "政府采购 "
    book.save(workbook)
    assert read(workbook) == load_case(TEST_CASE)


def test_a_renamed_sheet_is_named_as_missing_with_the_stranger_shown(workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book["季度执行"].title = "季度执行情况"
    book.save(workbook)
    problem = problem_at(problems_of(workbook), "季度执行")
    assert "缺少工作表“季度执行”" in problem.message
    assert "季度执行情况" in problem.message


def test_every_problem_of_a_workbook_is_reported_at_once_with_its_cell(workbook: Path) -> None:
    edit(workbook, {
        "主要任务!D2": "27.000.00",
        "季度执行!C4": "约三千万",
        "信访与满意度!B6": "120%",
        "人员编制!B3": "49.5",
        "信访与满意度!B2": "也许",
        "预决算公开与合规!B2": "已公开",
        "季度执行!B3": None,
    })
    problems = problems_of(workbook)
    assert "多个小数点" in problem_at(problems, "主要任务!D2").message
    assert "金额（元）" in problem_at(problems, "主要任务!D2").message
    assert "约三千万" in problem_at(problems, "季度执行!C4").message
    assert "金额（万元）" in problem_at(problems, "季度执行!C4").message
    assert "不能超过 100%" in problem_at(problems, "信访与满意度!B6").message
    assert "整数" in problem_at(problems, "人员编制!B3").message
    assert "“是”或“否”" in problem_at(problems, "信访与满意度!B2").message
    assert "按规定公开" in problem_at(problems, "预决算公开与合规!B2").message
    assert "必填，尚未填写" in problem_at(problems, "季度执行!B3").message
    assert len(problems) == 7
    shown = str(problem_at(problems, "季度执行!C4"))
    assert shown.startswith(f"{workbook.name}，季度执行!C4：")


def test_a_bare_number_for_a_rate_is_refused_rather_than_guessed(workbook: Path) -> None:
    from openpyxl import load_workbook

    edit(workbook, {"信访与满意度!B6": 95})  # in the template's percentage cell Excel shows 9500.00%
    assert "实际为 9500%" in problem_at(problems_of(workbook), "信访与满意度!B6").message
    book = load_workbook(workbook)
    book["信访与满意度"]["B6"].number_format = "General"
    book.save(workbook)
    assert "百分数" in problem_at(problems_of(workbook), "信访与满意度!B6").message


def test_facts_that_contradict_each_other_point_at_the_section(workbook: Path) -> None:
    edit(workbook, {"资产!B3": 2000})
    problem = problem_at(problems_of(workbook), "资产!B2")
    assert "不能大于" in problem.message


def test_judgement_rows_fold_into_items_findings_and_scores(workbook: Path) -> None:
    edit(workbook, {"评价判断!G3": "零点八分"})
    problems = problems_of(workbook)
    assert "零点八分" in problem_at(problems, "评价判断!G3").message


def test_the_command_line_exits_2_and_names_the_cells(workbook: Path) -> None:
    edit(workbook, {"季度执行!C4": "27.000.00", "信访与满意度!B6": "120%"})
    result = CliRunner().invoke(app, ["convert", str(workbook), "-o", str(workbook.with_suffix(".yaml"))])
    assert result.exit_code == 2
    assert "季度执行!C4" in result.stderr and "信访与满意度!B6" in result.stderr
    assert not workbook.with_suffix(".yaml").exists()


def test_a_formula_result_reads_as_excel_shows_it(workbook: Path) -> None:
    edit(workbook, {"季度执行!C5": 4642.700000000001, "季度执行!B5": 0.1 + 0.2})
    case = read(workbook)
    assert case.quarters is not None
    assert case.quarters[3].cumulative_spending == Decimal("4642.7")
    assert case.quarters[3].adjusted_budget == Decimal("0.3")


def test_a_percentage_typed_into_a_general_cell_keeps_its_meaning(workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    for ref, value in (("绩效指标!E2", 1), ("信访与满意度!B6", 1.2), ("季度执行!C4", 0.5)):
        sheet, cell = ref.split("!")
        book[sheet][cell].value = value
        book[sheet][cell].number_format = "0%"  # what Excel does when "100%" is typed into a General cell
    book.save(workbook)
    problems = problems_of(workbook)
    assert "不能超过 100%" in problem_at(problems, "信访与满意度!B6").message
    assert "百分数 50%" in problem_at(problems, "季度执行!C4").message
    assert not [p for p in problems if p.where.startswith("绩效指标")]
    edit(workbook, {"信访与满意度!B6": 0.9512, "季度执行!C4": 3136.88})
    book = load_workbook(workbook)
    for ref in ("信访与满意度!B6", "季度执行!C4"):
        sheet, cell = ref.split("!")
        book[sheet][cell].number_format = "0.00%" if sheet == "信访与满意度" else "General"
    book.save(workbook)
    case = read(workbook)
    assert case.self_evaluation is not None and case.self_evaluation.targets[0].actual == "100%"


@pytest.mark.parametrize("typed", ["—", "-", "无"])
def test_a_dash_for_nothing_is_not_guessed_to_be_zero(workbook: Path, typed: str) -> None:
    edit(workbook, {"政府采购!B2": typed})
    message = problem_at(problems_of(workbook), "政府采购!B2").message
    assert "如为零请填 0，如不适用请留空" in message


def test_a_column_inserted_into_a_form_is_named(workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book["资产"].insert_cols(2)
    book.save(workbook)
    problems = problems_of(workbook)
    assert "请勿插入、删除或移动列" in problem_at(problems, "资产!B1").message


def test_a_formula_never_calculated_is_not_taken_for_a_blank(workbook: Path) -> None:
    edit(workbook, {"季度执行!C5": "=C4+1505.82", "重点工作!B3": '=IF(1,"是","否")'})
    problems = problems_of(workbook)
    for where in ("季度执行!C5", "重点工作!B3"):
        assert "公式没有计算结果" in problem_at(problems, where).message


_FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")


@given(
    amount=st.decimals(min_value=0, max_value=10**12, places=2),
    grouped=st.booleans(), full_width=st.booleans(), unit=st.sampled_from(["", "万元", " 万元"]),
    padding=st.sampled_from(["", " ", "\u3000", "\u00a0"]),
)
def test_any_amount_written_as_people_write_it_is_read_exactly(
    amount: Decimal, grouped: bool, full_width: bool, unit: str, padding: str
) -> None:
    text = f"{amount:,.2f}" if grouped else f"{amount:.2f}"
    if full_width:
        text = text.translate(_FULL_WIDTH)
    typed = f"{padding}{text}{unit}{padding}"
    assert interpret_cell(_AMOUNT_FIELD, typed, "万元") == amount
    assert interpret_cell(_AMOUNT_FIELD, typed, "元") == (amount * 10000 if unit else amount)


@given(rate=st.decimals(min_value=0, max_value=100, places=2), full_width=st.booleans())
def test_any_percentage_up_to_100_is_read_and_above_refused(rate: Decimal, full_width: bool) -> None:
    typed = f"{rate}%"
    if full_width:
        typed = typed.translate(_FULL_WIDTH)
    assert interpret_cell(_RATE_FIELD, typed, "万元") == rate / 100
    with pytest.raises(CellError, match="不能超过 100%"):
        interpret_cell(_RATE_FIELD, f"{rate + 100 + Decimal('0.01')}%", "万元")


_AMOUNT_FIELD = Field(("plan",), "采购计划金额", Kind.AMOUNT)
_RATE_FIELD = Field(("rate",), "满意度", Kind.RATE)
