"""The seed report (深圳市贸促委 2023): everything it states is read, and every figure that can be recomputed is."""

from __future__ import annotations

from decimal import Decimal

from audit_support import errors, seed_text
from jixiao.audit import Severity, audit_text
from jixiao.audit.extraction import extract
from jixiao.audit.text import report_from_text


def _extraction():  # type: ignore[no-untyped-def]
    return extract(report_from_text(seed_text(), "seed.txt"))


def test_quarterly_table_is_read_across_the_page_number() -> None:
    table = _extraction().quarterly
    assert table is not None
    rows = [
        (r.quarter, r.budget.value, r.spending.value, r.progress.raw, r.time_progress.raw, r.score.raw)  # type: ignore[union-attr]
        for r in table.rows
    ]
    assert rows == [
        (1, Decimal("4911.26"), Decimal("1052.76"), "21.44%", "25%", "0.86"),
        (2, Decimal("4744.26"), Decimal("2283.69"), "48.14%", "50%", "0.96"),
        (3, Decimal("4812.92"), Decimal("3136.88"), "65.18%", "75%", "0.87"),
        (4, Decimal("4812.30"), Decimal("4642.70"), "96.48%", "100%", "0.96"),
    ]
    assert table.average is not None and table.average.raw == "91.25%"
    assert table.average_score is not None and table.average_score.raw == "1.83"


def test_self_evaluation_amounts_and_targets() -> None:
    table = _extraction().self_evaluation
    assert table is not None
    assert table.columns == 4 and len(table.tasks) == 10 and not table.stray_cells
    typo = [t for t in table.tasks if t.budget_total.malformed]
    assert [(t.line, t.budget_total.raw) for t in typo] == [(654, "27.000.00")]
    assert len(table.targets) == 21
    satisfaction = table.targets[-1]
    assert (satisfaction.name, satisfaction.expected, satisfaction.actual) == ("服务企业满意度", "≥80%", "95%")
    assert satisfaction.level1 == "满意度指标"


def test_score_sheet_rows_weights_and_scores() -> None:
    sheet = _extraction().score_sheet
    assert sheet is not None
    assert len(sheet.rows) == 21
    by_name = {r.name: r for r in sheet.rows}
    # Names broken over lines by extraction are joined again.
    assert by_name["政府采购执行情况"].weight.raw == "2"
    assert by_name["政府采购执行情况"].score.raw == "1.99"  # type: ignore[union-attr]
    assert by_name["社会效益、经济效益、生态效益等"].weight.raw == "25"
    assert by_name["预算执行率"].score.raw == "5.48"  # type: ignore[union-attr]
    assert by_name["项目监管"].score.line == 1583  # type: ignore[union-attr]
    assert sum(r.weight.value for r in sheet.rows) == 100  # type: ignore[misc]
    assert sheet.total is not None and sheet.total.raw == "96.77" and sheet.grade == "优"


def test_prose_figures_carry_label_topic_and_line() -> None:
    figures = {(f.line, f.raw): f for f in _extraction().figures if not f.region}
    procurement = figures[(192, "98.73%")]
    assert procurement.topic == "政府采购" and procurement.key == "政府采购执行率"
    adjusted = figures[(147, "4,812.30 万元")]
    assert adjusted.key == "调整预算数" and adjusted.topic == ""
    authorised = figures[(241, "53 人")]
    assert "核定编制" in authorised.key


def test_seed_audit_recomputes_everything_and_raises_only_the_real_error() -> None:
    result = audit_text(seed_text(), "seed.txt")
    # The only 错误 is the typo 27.000.00; the rates all hold (98.73% is a rounding matter).
    assert [(f.line, f.check) for f in errors(result)] == [(654, "数字格式")]
    notes = {f.line: f for f in result.findings if f.severity is Severity.NOTE}
    assert "98.74%" in notes[192].expected
    assert not [f for f in result.findings if f.severity is Severity.SUSPECT]
    checked = {v.line for v in result.verified}
    # Every rate in the text, every quarter, the sheet's total and grade, and the engine's formula scores.
    assert {69, 147, 149, 155, 227, 245, 440, 448, 458, 470, 472, 474, 476, 478, 1910, 1912} <= checked
    formula = {v.line for v in result.verified if v.check == "公式复算"}
    assert {1454, 1634, 1657, 1675, 1740, 1776, 1817, 1903} <= formula


def test_seed_with_the_typo_corrected_has_no_errors() -> None:
    result = audit_text(seed_text().replace("27.000.00", "27,000.00"), "seed.txt")
    assert errors(result) == []
    assert not result.has_errors


def test_the_grade_is_checked_against_the_chosen_framework_bands() -> None:
    from decimal import Decimal

    from jixiao.audit.checks.score_sheet import NATIONAL_SCALE, SheetScale, check_score_sheet
    from jixiao.audit.extraction import extract
    from jixiao.audit.findings import Finding, Verified
    from jixiao.audit.text import report_from_text

    extraction = extract(report_from_text(seed_text(), "seed.txt"))
    national = list(check_score_sheet(extraction, NATIONAL_SCALE))
    assert any(isinstance(o, Verified) and "评分等级" in o.text for o in national)
    stricter = SheetScale(Decimal(100), ((Decimal(97), "优"), (Decimal(0), "其他")))
    found = [o for o in check_score_sheet(extraction, stricter) if isinstance(o, Finding) and o.rule.startswith("评分等级")]
    assert [(f.stated, f.expected) for f in found] == [("优", "其他")]
    assert found[0].rule == "评分等级：优 ≥ 97 分，其他 ≥ 0 分"
