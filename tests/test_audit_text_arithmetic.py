"""Arithmetic any region's report states (通用文本运算), checked without a framework."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from jixiao.audit.findings import Severity
from jixiao.audit.run import audit_file, audit_text
from jixiao.decimals import round_half_up


def _outcomes(text: str, check: str) -> tuple[list[str], list[str]]:
    result = audit_text(text, "某县财政局2024年度部门整体支出绩效自评报告")
    found = [f"{f.severity}:{f.expected}" for f in result.findings if f.check == check]
    confirmed = [v.text for v in result.verified if v.check == check]
    return found, confirmed


def test_year_on_year_rate_is_change_over_last_year() -> None:
    # 250 ÷ (1,250 − 250) = 25.00%.
    found, confirmed = _outcomes("本年收入 1,250.00 万元，同比增加 250.00 万元（增长 25.00%）。", "同比复核")
    assert found == [] and len(confirmed) == 1


def test_year_on_year_wrong_rate_is_an_error() -> None:
    # 250 ÷ 1,000 = 25.00%, not 20.00% (which would be 250 ÷ 1,250, this year's figure as the base).
    found, _ = _outcomes("本年收入 1,250.00 万元，同比增加 250.00 万元（增长 20.00%）。", "同比复核")
    assert len(found) == 1 and found[0].startswith("错误:25.00%")


def test_year_on_year_of_different_subjects_are_not_compared() -> None:
    # Two subjects, each with its own figures: 收入 100 ÷ 400 = 25%; 财政拨款收入 60 ÷ 300 = 20%. Both right.
    text = "本年收入 500 万元，同比增加 100 万元（增长 25%），其中财政拨款收入 360 万元，同比增加 60 万元（增长 20%）。"
    found, confirmed = _outcomes(text, "同比复核")
    assert found == [] and len(confirmed) == 2


def test_year_on_year_fall() -> None:
    # Last year 200 + 50 = 250; 50 ÷ 250 = 20.0%.
    found, confirmed = _outcomes("支出 200 万元，同比减少 50 万元（下降 20.0%）。", "同比复核")
    assert found == [] and len(confirmed) == 1


def test_counted_list_naming_another_number_is_an_error() -> None:
    found, _ = _outcomes("本局下属单位 4 个，即县农技中心、县农机站、县植保站。", "列举复核")
    assert len(found) == 1 and found[0].startswith(f"{Severity.ERROR}:列举了 3 项")


def test_counted_list_that_matches_is_confirmed() -> None:
    found, confirmed = _outcomes("下设三个科室，分别为办公室、业务科、财务科。", "列举复核")
    assert found == [] and len(confirmed) == 1


def test_partial_list_is_not_counted() -> None:
    found, confirmed = _outcomes("下属单位 5 个，包括县文化馆、县图书馆等。", "列举复核")
    assert found == [] and confirmed == []


def test_worked_formula_in_percent() -> None:
    # (63.46 − 32) ÷ 32 = 0.983125 → 98.31%.
    found, confirmed = _outcomes("增长率=(63.46−32)÷32=98.31%。", "算式复核")
    assert found == [] and len(confirmed) == 1


def test_worked_formula_with_wrong_result() -> None:
    # 45 ÷ 50 = 90.00%, not 95.00%.
    found, _ = _outcomes("完成率=45÷50=95.00%。", "算式复核")
    assert len(found) == 1 and found[0].startswith("错误:90.00%")


def test_changes_of_two_subjects_are_not_one_restated_figure() -> None:
    # “同比增加 400” of 收入 and “同比增加 160” of 财政拨款收入 are two figures, not one stated twice.
    text = "本年收入 2,400.00 万元，同比增加 400.00 万元（增长 20.00%）。\n其中财政拨款收入 2,160.00 万元，同比增加 160.00 万元（增长 8.00%）。"
    result = audit_text(text, "某县农业农村局2024年度部门整体支出绩效自评报告")
    assert [f for f in result.findings if f.check == "前后一致"] == []


DATA = Path(__file__).parent / "data" / "audit_regions"


def _brief(name: str) -> list[tuple[int | None, str, str]]:
    result = audit_file(DATA / name)
    return [(f.line, str(f.severity), f.check) for f in result.findings]


def test_county_bureau_report() -> None:
    # Planted: line 4 announces 4 units and names 3. Clean: 5 股室 named; 400 ÷ 2,000 = 20.00%;
    # 160 ÷ 2,000 = 8.00%; 100 ÷ 2,400 = 4.17%; (1,180 − 1,000) ÷ 1,000 = 18.00%; 1,940 ÷ 2,000 = 97.00%.
    assert _brief("county-bureau.txt") == [(4, "错误", "列举复核")]


def test_media_centre_report() -> None:
    # 财政拨款收入 50 ÷ (800 − 50) = 6.67%, not 6.25%; 稿件 700 ÷ 3,500 = 20.00%, not 25.00%.
    # Clean: 3 部门 named; 收入 60.5 ÷ 800 = 7.56%; 812.30 ÷ 860.50 = 94.40%.
    assert _brief("media-centre.txt") == [(3, "错误", "同比复核"), (4, "错误", "同比复核")]


def test_reports_kept_aside() -> None:
    # Written after the checks and not tuned on. CPPCC office, planted: 150 ÷ 1,350 = 11.11% (stated 10.00%),
    # 20 ÷ 1,500 = 1.33% (stated 1.50%), 2 units announced and 3 named. The unnamed unit's report is clean.
    assert _brief("heldout-cppcc.txt") == [(3, "错误", "同比复核"), (4, "错误", "同比复核"), (7, "错误", "列举复核")]
    assert _brief("heldout-unnamed.txt") == []


@given(
    last_year=st.integers(min_value=1, max_value=10**7).map(lambda n: Decimal(n) / 100),
    change=st.integers(min_value=1, max_value=10**7).map(lambda n: Decimal(n) / 100),
)
def test_any_correct_year_on_year_increase_is_confirmed(last_year: Decimal, change: Decimal) -> None:
    this_year = last_year + change
    rate = round_half_up(change / last_year * 100, 2)
    text = f"本年收入 {this_year:,.2f} 万元，同比增加 {change:,.2f} 万元（增长 {rate}%）。"
    found, confirmed = _outcomes(text, "同比复核")
    assert found == [] and len(confirmed) == 1
