"""The audit's rate checks (jixiao.audit.checks.rates, .comparison), pinned for the mutation run (docs/mutation.md).

Each test is a few sentences of a self-evaluation report and what the audit says about them: a rate recomputed
from the amounts beside it, to the places it is printed with; a rate that is the exact one rounded another common
way (a 提示, not an error); a denominator of zero; a part larger than its whole; a rate whose amounts are not
stated. Every expected figure is worked out by hand beside it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.audit import AuditResult, Severity, audit_text
from jixiao.audit.checks.comparison import plain, rounding_variant

D = Decimal
TITLE = "某局 2022 年度部门整体支出绩效自评报告\n\n一、部门基本情况\n\n"


def audit(*sentences: str) -> AuditResult:
    """The report: a title, a heading, then each sentence as a paragraph (the first on line 5, then 7, 9 …)."""
    return audit_text(TITLE + "\n\n".join(sentences) + "\n", "报告.txt")


def rate_findings(result: AuditResult) -> list[tuple[Severity, int | None, str, str, str, str | None]]:
    return [(f.severity, f.line, f.stated, f.expected, f.rule, f.subject)
            for f in result.findings if f.check == "比率复核"]


def rate_verified(result: AuditResult) -> list[tuple[int | None, str]]:
    return [(v.line, v.text) for v in result.verified if v.check == "比率复核"]


PROCUREMENT = "政府采购执行率 = 实际采购金额 ÷ 采购计划金额 × 100%"
THREE_PUBLIC = "“三公”经费控制率 = “三公”经费决算数 ÷ 调整预算数 × 100%"
STAFF = "财政供养人员控制率 = 实有在编人数 ÷ 核定编制数 × 100%"


def test_a_rate_over_a_zero_denominator_is_an_error_not_a_division() -> None:
    result = audit("本年度政府采购计划金额 0.00 万元，实际采购金额 0.00 万元，政府采购执行率为 0.00%。")
    assert rate_findings(result) == [
        (Severity.ERROR, 5, "0.00%", "分母本年度政府采购计划金额为 0，比率无意义", PROCUREMENT, "政府采购执行率")]


def test_a_rate_printed_with_a_division_by_zero_is_left_alone() -> None:
    result = audit("执行率 50.00%（1/0）。")
    assert rate_findings(result) == [] and rate_verified(result) == []


def test_a_correct_rate_is_confirmed_with_its_working() -> None:
    result = audit("“三公”经费调整预算数 20.00 万元，决算数 19.00 万元，控制率 95.00%。")
    assert rate_verified(result) == [(5, "“三公”经费控制率：19.00 万元 ÷ 20.00 万元 = 95.0000%，报告 95.00% 无误")]
    assert rate_findings(result) == []


def test_a_wrong_rate_is_an_error_saying_what_it_should_be() -> None:
    # 18.97 ÷ 20.00 = 94.85% exactly: 94.84% is neither cut off nor rounded half to even
    result = audit("“三公”经费调整预算数 20.00 万元，决算数 18.97 万元，控制率 94.84%。")
    assert rate_findings(result) == [
        (Severity.ERROR, 5, "94.84%", "94.85%（18.97 万元 ÷ 20.00 万元 = 94.8500%）", THREE_PUBLIC, "“三公”经费控制率")]


def test_a_tie_rounded_half_to_even_is_a_note() -> None:
    # 189.69 ÷ 200.00 = 94.845%: half-up gives 94.85%, half to even 94.84%
    result = audit("“三公”经费调整预算数 200.00 万元，决算数 189.69 万元，控制率 94.84%。")
    assert rate_findings(result) == [(
        Severity.NOTE, 5, "94.84%",
        "94.85%（189.69 万元 ÷ 200.00 万元 = 94.8450%；仅为舍入方法不同（如截尾），按四舍五入应为此值）",
        THREE_PUBLIC, "“三公”经费控制率")]
    assert rate_verified(audit("“三公”经费调整预算数 200.00 万元，决算数 189.69 万元，控制率 94.85%。")) == [
        (5, "“三公”经费控制率：189.69 万元 ÷ 200.00 万元 = 94.8450%，报告 94.85% 无误")]


def test_a_rate_cut_off_is_a_note() -> None:
    # 197.476 ÷ 200.00 = 98.738%: cut off at two places 98.73%, half-up 98.74%
    result = audit("日常公用经费调整预算数 200.00 万元，决算数 197.476 万元，日常公用经费控制率 98.73%。")
    assert [(f[0], f[3]) for f in rate_findings(result)] == [
        (Severity.NOTE, "98.74%（197.476 万元 ÷ 200.00 万元 = 98.7380%；仅为舍入方法不同（如截尾），按四舍五入应为此值）")]


def test_a_rate_is_checked_to_the_places_it_is_printed_with() -> None:
    # 28 ÷ 30 = 93.3333…%: 93.333% at three places, shown to five
    result = audit("年末核定编制 30 人，实有人数 28 人，财政供养人员控制率 93.333%。")
    assert rate_verified(result) == [(5, "财政供养人员控制率：28 人 ÷ 30 人 = 93.33333%，报告 93.333% 无误")]
    result = audit("年末核定编制 30 人，实有人数 28 人，财政供养人员控制率 93.3%。")
    assert rate_verified(result) == [(5, "财政供养人员控制率：28 人 ÷ 30 人 = 93.3333%，报告 93.3% 无误")]
    result = audit("年末核定编制 30 人，实有人数 28 人，财政供养人员控制率 93.34%。")
    assert rate_findings(result) == [
        (Severity.ERROR, 5, "93.34%", "93.33%（28 人 ÷ 30 人 = 93.3333%）", STAFF, "财政供养人员控制率")]


def test_a_part_larger_than_its_whole_is_an_error() -> None:
    result = audit("固定资产原值合计 5,620.00 万元，实际在用固定资产原值 5,700.00 万元，固定资产利用率 101.42%。")
    assert rate_findings(result) == [(
        Severity.ERROR, 5, "5,700.00 万元", "不大于固定资产原值合计 5,620.00 万元",
        "实际在用固定资产原值是固定资产原值合计的一部分", "固定资产利用率")]


def test_a_part_equal_to_its_whole_is_a_full_rate() -> None:
    result = audit("固定资产原值合计 5,620.00 万元，实际在用固定资产原值 5,620.00 万元，固定资产利用率 100.00%。")
    assert rate_findings(result) == []
    assert [line for line, _ in rate_verified(result)] == [5]


def test_a_named_rate_without_its_amounts_is_noted() -> None:
    result = audit("本年度政府采购执行率为 95.00%。")
    assert rate_findings(result) == [
        (Severity.NOTE, 5, "95.00%", "报告未同时列明计算所需的数字，无法复核", PROCUREMENT, "政府采购执行率")]


def test_a_rate_printed_with_its_division() -> None:
    # 145.53 ÷ 147.39 = 0.987380…: 98.74% at two places, 98.7% at one
    assert rate_verified(audit("预算执行率 98.74%（145.53/147.39）。")) == [
        (5, "预算执行率：145.53 ÷ 147.39 = 98.7380%，报告 98.74% 无误")]
    assert rate_findings(audit("预算执行率 98.75%（145.53/147.39）。"))[0][:4] == (
        Severity.ERROR, 5, "98.75%", "98.74%（145.53 ÷ 147.39 = 98.7380%）")


@pytest.mark.parametrize(
    ("stated", "exact", "places", "variant"),
    [
        ("94.84", "94.845", 2, True),  # half to even
        ("98.73", "98.738", 2, True),  # cut off
        ("94.83", "94.845", 2, False),
        ("94.8", "94.85", 1, True),  # half to even at one place (…8|5 → 8)
        ("94.8", "94.86", 1, True),  # cut off at one place (half to even would give 94.9)
        ("94.7", "94.86", 1, False),
        ("94", "94.5", 0, True),
    ],
)
def test_rounding_variants(stated: str, exact: str, places: int, variant: bool) -> None:
    assert rounding_variant(D(stated), D(exact), places) is variant


@pytest.mark.parametrize(("value", "text"), [("12.500", "12.5"), ("100", "100"), ("1E+2", "100"), ("0.50", "0.5"),
                                             ("30", "30"), ("2.0", "2")])
def test_plain_numbers(value: str, text: str) -> None:
    assert plain(D(value)) == text


def test_each_finding_keeps_its_page() -> None:
    from jixiao.audit.run import audit_report
    from jixiao.audit.text import report_from_text

    first = TITLE
    second = "\n\n".join([
        "本年度政府采购计划金额 0.00 万元，实际采购金额 0.00 万元，政府采购执行率为 0.00%。",
        "“三公”经费调整预算数 20.00 万元，决算数 18.97 万元，控制率 94.84%。",
        "固定资产原值合计 5,620.00 万元，实际在用固定资产原值 5,700.00 万元，固定资产利用率 101.42%。",
        "日常公用经费控制率 95.00%。",
        "预算执行率 98.75%（145.53/147.39）。",
    ]) + "\n"
    result = audit_report(report_from_text(first + second, "报告.pdf", pages=[first, second]))
    assert [(f.page, f.subject) for f in result.findings if f.check == "比率复核"] == [
        (2, "政府采购执行率"), (2, "“三公”经费控制率"), (2, "固定资产利用率"), (2, "日常公用经费控制率"),
        (2, "预算执行率")]
    fraction = next(f for f in result.findings if f.subject == "预算执行率")
    assert (fraction.expected, fraction.rule) == ("98.74%（145.53 ÷ 147.39 = 98.7380%）", "比率 = 所列分子 ÷ 分母")


def test_a_rate_that_cannot_be_checked_does_not_stop_the_next() -> None:
    result = audit(
        "满意度 95.00%。",  # no rule for it
        "本年度政府采购执行率为 95.00%。",  # its amounts are not stated
        "“三公”经费调整预算数 20.00 万元，决算数 19.00 万元，控制率 95.00%。",
    )
    assert [(f[0], f[1]) for f in rate_findings(result)] == [(Severity.NOTE, 7)]
    assert [line for line, _ in rate_verified(result)] == [9]


@pytest.mark.parametrize("stated", ["实际采购金额 240.00 万元", "政府采购计划金额 300.00 万元"])
def test_a_rate_with_only_one_of_its_amounts_is_noted(stated: str) -> None:
    result = audit(f"本年度{stated}，政府采购执行率为 80.00%。")
    assert rate_findings(result) == [
        (Severity.NOTE, 5, "80.00%", "报告未同时列明计算所需的数字，无法复核", PROCUREMENT, "政府采购执行率")]


def test_divisions_that_cannot_be_read_do_not_stop_the_next() -> None:
    result = audit(
        "预算执行率 98.74%。",  # no division
        "执行率 50.00%（1/0）。",  # over zero
        "执行率 50.00%（1,23/5）。",  # not a number
        "预算执行率 98.74%（145.53/147.39）。",
    )
    assert (11, "预算执行率：145.53 ÷ 147.39 = 98.7380%，报告 98.74% 无误") in rate_verified(result)


def test_a_division_is_named_by_its_rule_or_by_its_label() -> None:
    # 采购执行率 falls under the 政府采购执行率 rule; a percentage with no label at all is a 比率
    assert rate_verified(audit("采购执行率 95.00%（19/20）。")) == [
        (5, "政府采购执行率：19 ÷ 20 = 95.0000%，报告 95.00% 无误")]
    assert rate_verified(audit("95.00%（19/20）。")) == [(5, "比率：19 ÷ 20 = 95.0000%，报告 95.00% 无误")]


# --- 编外人员控制率: outside-quota staff over everyone in post ---------------------------------------------------

OUTSIDE = "编外人员控制率 = 编外人员数 ÷ 在职人员总数（在编 + 编外）× 100%"
STAFFED = "年末实有在编人数 40 人，编外人员包括劳务派遣 6 人、临聘人员 4 人，编外人员控制率 {}。"


def test_the_outside_quota_rate_counts_everyone_in_post() -> None:
    # (6 + 4) ÷ (40 + 6 + 4) = 10 ÷ 50 = 20.00%
    assert rate_verified(audit(STAFFED.format("20.00%"))) == [
        (5, "编外人员控制率：10 ÷ 50（在编 40 人） = 20.00%，报告 20.00% 无误")]


def test_an_outside_quota_rate_that_leaves_a_group_out_is_a_note() -> None:
    # 6 ÷ 50 = 12.00%: the report did not count the 4 临聘人员
    assert rate_findings(audit(STAFFED.format("12.00%"))) == [(
        Severity.NOTE, 5, "12.00%",
        "按 6 ÷ 50 = 12.00% 计算时与报告一致，即临聘人员 4 人未计为编外人员；若按所列人员全部计入应为 20.00%",
        OUTSIDE, "编外人员控制率")]


def test_an_outside_quota_rate_over_the_staff_in_quota_alone_is_suspect() -> None:
    # 10 ÷ 40 = 25.00%: the denominator left the outside-quota staff out
    assert rate_findings(audit(STAFFED.format("25.00%"))) == [(
        Severity.SUSPECT, 5, "25.00%", "20.00%（10 ÷ 50（在编 40 人））；报告按 10 ÷ 在编 40 计算，分母未含编外人员",
        OUTSIDE, "编外人员控制率")]


def test_an_outside_quota_rate_no_reading_explains_is_an_error() -> None:
    assert rate_findings(audit(STAFFED.format("21.00%"))) == [(
        Severity.ERROR, 5, "21.00%", "20.00%（10 ÷ 50（在编 40 人） = 20.0000%）", OUTSIDE, "编外人员控制率")]


def test_a_stated_total_in_post_must_add_up() -> None:
    text = "年末实有在编人数 40 人，在职人员总数 52 人，编外人员包括劳务派遣 6 人、临聘人员 4 人，编外人员控制率 20.00%。"
    assert rate_findings(audit(text)) == [(
        Severity.ERROR, 5, "52 人", "50 人（在编 40 人加所列其他人员）", "在职人员总数 = 在编人数 + 编外人员数",
        "在职人员总数")]
    agreeing = text.replace("52 人", "50 人")
    assert rate_findings(audit(agreeing)) == [] and len(rate_verified(audit(agreeing))) == 1


def test_a_group_the_report_does_not_count_is_left_out() -> None:
    # 员额 are not outside quota here: 6 ÷ (40 + 6 + 4) = 12.00%
    assert rate_verified(audit("年末实有在编人数 40 人，劳务派遣 6 人，员额 4 人不计入编外，编外人员控制率 12.00%。")) == [
        (5, "编外人员控制率：6 ÷ 50（在编 40 人） = 12.00%，报告 12.00% 无误")]


def test_no_outside_quota_staff_and_a_zero_rate_agree() -> None:
    assert rate_verified(audit("年末实有在编人数 40 人，编外人员控制率 0.00%。")) == [
        (5, "编外人员控制率：报告未列编外人员，0% 与之相符")]


def test_an_outside_quota_rate_without_the_staff_in_quota_is_noted() -> None:
    assert rate_findings(audit("编外人员包括劳务派遣 6 人，编外人员控制率 20.00%。")) == [
        (Severity.NOTE, 5, "20.00%", "报告未同时列明在编人数和编外人员数，无法复核", OUTSIDE, "编外人员控制率")]
    assert rate_findings(audit("年末实有在编人数 40 人，编外人员控制率 5.00%。")) == [
        (Severity.NOTE, 5, "5.00%", "报告未同时列明在编人数和编外人员数，无法复核", OUTSIDE, "编外人员控制率")]


# --- 占比: a part over the total it names ---------------------------------------------------------------------

def test_a_share_of_a_total_stated_earlier() -> None:
    # 229.43 ÷ 4,810.00 = 4.76985…% → 4.77%
    result = audit("年初预算 4,800.00 万元，调整预算数 4,810.00 万元。", "本年调剂资金 229.43 万元，占调整预算数的 4.77%。")
    assert rate_verified(result) == [(7, "调剂资金占调整预算数：229.43 万元 ÷ 4,810.00 万元 = 4.7699%，报告 4.77% 无误")]


PAIR = "(100.00 万元 + 50.00 万元)"


@pytest.mark.parametrize(
    ("sentence", "subject", "working", "share"),
    [
        # 150 ÷ 5,000 = 3.00%
        ("采购支出 100.00 万元、工程支出 50.00 万元，两项合计占调整预算数的 3.00%。", "采购支出、工程支出", PAIR, "3.00"),
        ("基本支出 900.00 万元，采购支出 100.00 万元、工程支出 50.00 万元，两项合计占调整预算数的 3.00%。",
         "采购支出、工程支出", PAIR, "3.00"),  # the last two
        ("采购支出 100.00 万元、工程支出 50.00 万元，二者占调整预算数的 3.00%。", "采购支出、工程支出", PAIR, "3.00"),
        # 100 ÷ 5,000 = 2.00%
        ("基本支出 900.00 万元，采购支出 100.00 万元，采购支出占调整预算数的 2.00%。", "采购支出", "100.00 万元", "2.00"),
        ("基本支出 900.00 万元，采购支出 100.00 万元，占调整预算数的 2.00%。", "采购支出", "100.00 万元", "2.00"),
    ],
)
def test_the_parts_of_a_share(sentence: str, subject: str, working: str, share: str) -> None:
    result = audit("调整预算数 5,000.00 万元。", sentence)
    assert rate_verified(result) == [
        (7, f"{subject}占调整预算数：{working} ÷ 5,000.00 万元 = {share}00%，报告 {share}% 无误")]


def test_all_the_amounts_before_a_share_of_them_all() -> None:
    # 900 + 100 + 50 = 1,050 ÷ 5,000 = 21.00%
    result = audit("调整预算数 5,000.00 万元。",
                   "基本支出 900.00 万元，采购支出 100.00 万元、工程支出 50.00 万元，以上合计占调整预算数的 21.00%。")
    assert rate_verified(result) == [(7, "基本支出、采购支出、工程支出占调整预算数："
                                         "(900.00 万元 + 100.00 万元 + 50.00 万元) ÷ 5,000.00 万元 = 21.0000%，报告 21.00% 无误")]


def test_a_wrong_share_is_an_error() -> None:
    result = audit("调整预算数 5,000.00 万元。", "采购支出 100.00 万元、工程支出 50.00 万元，二者占调整预算数的 3.10%。")
    assert rate_findings(result) == [(
        Severity.ERROR, 7, "3.10%", "3.00%（(100.00 万元 + 50.00 万元) ÷ 5,000.00 万元 = 3.0000%）",
        "占比 = 分项金额 ÷ 调整预算数 × 100%", "采购支出、工程支出占调整预算数")]


def test_a_share_of_zero_or_of_nothing_named_is_left_alone() -> None:
    assert rate_findings(audit("调整预算数 0.00 万元。", "采购支出 100.00 万元，占调整预算数的 2.00%。")) == []
    assert rate_verified(audit("采购支出 100.00 万元，占调整预算数的 2.00%。")) == []


def test_no_one_in_post_is_an_error_not_a_division() -> None:
    # 0 in quota and 0 outside: 0 ÷ 0 is no rate (this stopped the audit with a traceback before)
    result = audit("年末实有在编人数 0 人，编外人员包括劳务派遣 0 人，编外人员控制率 0.00%。")
    assert rate_findings(result) == [
        (Severity.ERROR, 5, "0.00%", "分母在职人员总数为 0，比率无意义", OUTSIDE, "编外人员控制率")]


ONE_PLACE = "年末实有在编人数 35 人，编外人员包括劳务派遣 6 人、临聘人员 4 人，编外人员控制率 {}。"


def test_an_outside_quota_rate_is_read_to_its_printed_places() -> None:
    # 10 ÷ 45 = 22.222…% → 22.2% at one place
    assert rate_verified(audit(ONE_PLACE.format("22.2%"))) == [
        (5, "编外人员控制率：10 ÷ 45（在编 35 人） = 22.22%，报告 22.2% 无误")]
    # 6 ÷ 45 = 13.333…% → 13.3%: the 临聘人员 left out
    assert rate_findings(audit(ONE_PLACE.format("13.3%")))[0][:4] == (
        Severity.NOTE, 5, "13.3%",
        "按 6 ÷ 45 = 13.33% 计算时与报告一致，即临聘人员 4 人未计为编外人员；若按所列人员全部计入应为 22.22%")
    # 10 ÷ 35 = 28.571…% → 28.6%: over the staff in quota alone
    assert rate_findings(audit(ONE_PLACE.format("28.6%")))[0][:4] == (
        Severity.SUSPECT, 5, "28.6%", "22.22%（10 ÷ 45（在编 35 人））；报告按 10 ÷ 在编 35 计算，分母未含编外人员")


def test_two_groups_left_out_are_named_together() -> None:
    # 40 + 6 + 4 + 3 = 53 in post; 11.32% is 6 ÷ 53 alone (no pair matches: 18.87%, 16.98%, 13.21%)
    text = "年末实有在编人数 40 人，编外人员包括劳务派遣 6 人、临聘人员 4 人、返聘人员 3 人，编外人员控制率 11.32%。"
    assert rate_findings(audit(text))[0][:4] == (
        Severity.NOTE, 5, "11.32%",
        "按 6 ÷ 53 = 11.32% 计算时与报告一致，即临聘人员 4 人、返聘人员 3 人未计为编外人员；若按所列人员全部计入应为 24.53%")


# --- several rates in one report: one that cannot be checked does not stop the others ------------------------

def test_outside_quota_rates_one_after_another() -> None:
    result = audit(
        "满意度 95.00%。",
        "年末实有在编人数 40 人，编外人员控制率 0.00%。",
        "二、人员情况",
        STAFFED.format("20.00%"),
    )
    assert rate_verified(result) == [
        (7, "编外人员控制率：报告未列编外人员，0% 与之相符"),
        (11, "编外人员控制率：10 ÷ 50（在编 40 人） = 20.00%，报告 20.00% 无误")]
    result = audit("年末实有在编人数 40 人，编外人员控制率 5.00%。", "二、人员情况", STAFFED.format("20.00%"))
    assert [(f[0], f[1]) for f in rate_findings(result)] == [(Severity.NOTE, 5)]
    assert [line for line, _ in rate_verified(result)] == [9]


def test_shares_one_after_another() -> None:
    result = audit(
        "满意度 95.00%。",
        "调整预算数 0.00 万元。",
        "采购支出 100.00 万元，占调整预算数的 2.00%。",
        "二、其他",
        "调整预算数 5,000.00 万元。",
        "采购支出 100.00 万元，占调整预算数的 2.00%。",
    )
    assert rate_verified(result) == [(15, "采购支出占调整预算数：100.00 万元 ÷ 5,000.00 万元 = 2.0000%，报告 2.00% 无误")]


def test_outside_quota_and_share_findings_keep_their_page() -> None:
    from jixiao.audit.run import audit_report
    from jixiao.audit.text import report_from_text

    first = TITLE
    second = "\n\n".join([
        STAFFED.format("12.00%"),
        "二、其他",
        "调整预算数 5,000.00 万元。",
        "采购支出 100.00 万元、工程支出 50.00 万元，二者占调整预算数的 3.10%。",
    ]) + "\n"
    result = audit_report(report_from_text(first + second, "报告.pdf", pages=[first, second]))
    assert [(f.page, f.severity) for f in result.findings if f.check == "比率复核"] == [
        (2, Severity.NOTE), (2, Severity.ERROR)]
    for rate, severity in (("25.00%", Severity.SUSPECT), ("21.00%", Severity.ERROR), ("0.00%", Severity.ERROR)):
        text = STAFFED.format(rate) if rate != "0.00%" else "年末实有在编人数 0 人，编外人员包括劳务派遣 0 人，编外人员控制率 0.00%。"
        result = audit_report(report_from_text(first + text + "\n", "报告.pdf", pages=[first, text + "\n"]))
        assert [(f.page, f.severity) for f in result.findings if f.check == "比率复核"] == [(2, severity)], rate
    text = "年末实有在编人数 40 人，在职人员总数 52 人，编外人员包括劳务派遣 6 人、临聘人员 4 人，编外人员控制率 20.00%。\n"
    result = audit_report(report_from_text(first + text, "报告.pdf", pages=[first, text]))
    assert [(f.page, f.subject) for f in result.findings if f.check == "比率复核"] == [(2, "在职人员总数")]
    text = "编外人员包括劳务派遣 6 人，编外人员控制率 20.00%。\n"
    result = audit_report(report_from_text(first + text, "报告.pdf", pages=[first, text]))
    assert [(f.page, f.severity) for f in result.findings if f.check == "比率复核"] == [(2, Severity.NOTE)]


# --- which amounts a rate is computed from -----------------------------------------------------------------------

def test_the_amounts_of_the_rate_s_own_topic() -> None:
    # the nearest 决算数 is the “三公” one; 日常公用经费控制率 is 90.00 ÷ 100.00
    result = audit("日常公用经费调整预算数 100.00 万元，决算数 90.00 万元，“三公”经费调整预算数 20.00 万元，"
                   "决算数 19.00 万元，日常公用经费控制率 90.00%。")
    assert rate_verified(result) == [(5, "日常公用经费控制率：90.00 万元 ÷ 100.00 万元 = 90.0000%，报告 90.00% 无误")]


@pytest.mark.parametrize(
    "sentence",
    [
        "“三公”经费年初预算 20.00 万元，决算数 19.00 万元，控制率 95.00%。",  # the initial budget is not the base
        "政府采购预算支出 300.00 万元，采购计划金额 250.00 万元，政府采购执行率 120.00%。",  # a budget is not spent
    ],
)
def test_amounts_of_another_kind_are_not_taken(sentence: str) -> None:
    assert [(f[0], f[3]) for f in rate_findings(audit(sentence))] == [
        (Severity.NOTE, "报告未同时列明计算所需的数字，无法复核")]


def test_amounts_are_looked_for_in_the_rate_s_own_section() -> None:
    result = audit("本年度政府采购计划金额 300.00 万元，实际采购金额 240.00 万元。", "二、其他", "政府采购执行率为 80.00%。")
    assert [(f[0], f[1]) for f in rate_findings(result)] == [(Severity.NOTE, 9)]


def test_an_average_rate_is_not_recomputed() -> None:
    result = audit("“三公”经费调整预算数 20.00 万元，决算数 18.00 万元，三年平均控制率 95.00%。")
    assert rate_findings(result) == [] and rate_verified(result) == []


def test_the_first_stated_rate_with_its_amounts() -> None:
    from jixiao.audit.checks.rates import stated_rate

    result = audit("政府采购执行率为 95.00%。", "二、其他",
                   "本年度政府采购计划金额 300.00 万元，实际采购金额 240.00 万元，政府采购执行率为 80.00%。")
    found = stated_rate(result.extraction, "政府采购执行率")
    assert found is not None and [f.raw for f in found] == ["80.00%", "240.00 万元", "300.00 万元"]
    assert stated_rate(result.extraction, "固定资产利用率") is None
    assert stated_rate(audit("政府采购执行率为 95.00%。").extraction, "政府采购执行率") is None


def test_only_percentages_are_rates() -> None:
    # an amount printed with a division beside it is not a rate to recompute
    result = audit("本年支出 145.53 万元（145.53/147.39）。")
    assert rate_findings(result) == [] and rate_verified(result) == []
