"""Altered copies of the seed: each changed figure is caught at its line, with the right severity."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from audit_support import at, edit_line, errors, seed_lines
from jixiao.audit import Severity, audit_text


class Injected(NamedTuple):
    line: int
    old: str
    new: str
    found_at: int
    severity: Severity
    check: str


CASES = {
    "采购执行率写错": Injected(192, "98.73%", "97.73%", 192, Severity.ERROR, "比率复核"),
    "三公控制率写错": Injected(440, "89.90%", "88.90%", 440, Severity.ERROR, "比率复核"),
    "日常公用经费决算数改动": Injected(446, "241.85", "251.85", 448, Severity.ERROR, "比率复核"),
    "在编人数改动": Injected(243, "49 人", "50 人", 245, Severity.ERROR, "比率复核"),
    "编外控制率写错": Injected(254, "29.41%", "30.41%", 254, Severity.ERROR, "比率复核"),
    "在用固定资产改动": Injected(
        225, "年末实际在用固定资产原值 1,494.14", "年末实际在用固定资产原值 1,394.14", 227, Severity.ERROR, "比率复核"
    ),
    "调剂占比写错": Injected(155, "4.77%", "5.77%", 155, Severity.ERROR, "比率复核"),
    "科目调剂占比写错": Injected(69, "11.48%", "11.40%", 69, Severity.ERROR, "比率复核"),
    "调整资金与预算差不符": Injected(147, "16.19", "17.19", 147, Severity.SUSPECT, "金额复核"),
    "调整资金占比写错": Injected(149, "0.34%", "0.43%", 149, Severity.ERROR, "比率复核"),
    "季度累计支出改动": Injected(472, "2,283.69", "2,383.69", 472, Severity.ERROR, "季度执行表"),
    "季度得分写错": Injected(474, "0.87", "0.89", 474, Severity.ERROR, "季度执行表"),
    "序时进度写错": Injected(474, "75%", "70%", 474, Severity.ERROR, "季度执行表"),
    "平均执行率得分写错": Injected(478, "1.83", "1.82", 478, Severity.ERROR, "季度执行表"),
    "平均执行率写错": Injected(478, "91.25%", "91.52%", 478, Severity.ERROR, "季度执行表"),
    "正文平均执行率与表不符": Injected(458, "91.25%", "91.35%", 458, Severity.ERROR, "前后一致"),
    "第四季度预算与正文不符": Injected(
        476, "4,812.30 4,642.70 96.48%", "4,802.30 4,642.70 96.68%", 476, Severity.SUSPECT, "交叉核对"
    ),
    "指标得分改动": Injected(1346, "4.8", "4.6", 1910, Severity.ERROR, "评分表"),
    "得分超过分值": Injected(1675, "0", "1.5", 1675, Severity.ERROR, "评分表"),
    "综合评分写错": Injected(1910, "96.77", "95.77", 1910, Severity.ERROR, "评分表"),
    "评分等级写错": Injected(1912, "优", "良", 1912, Severity.ERROR, "评分表"),
    "分值改动": Injected(1312, "预算编制合理性 5", "预算编制合理性 6", 1312, Severity.ERROR, "评分表"),
    "公式类得分与数字不符": Injected(1740, "5", "6", 1740, Severity.ERROR, "公式复算"),
    "采购得分超出公式范围": Injected(1454, "1.99", "0.90", 1454, Severity.ERROR, "公式复算"),
    "满意度实际值与得分不符": Injected(1234, "≥80% 95%", "≥80% 85%", 1903, Severity.ERROR, "公式复算"),
    "预算执行率得分与季度表不符": Injected(1776, "5.48", "5.58", 1776, Severity.ERROR, "交叉核对"),
    "自评表财政拨款大于总数": Injected(616, "236,000.00 236,000.00", "236,000.00 263,000.00", 616, Severity.ERROR, "自评表"),
    "自评表预算数改动": Injected(616, "236,000.00 236,000.00", "246,000.00 246,000.00", 578, Severity.SUSPECT, "交叉核对"),
    "正文金额格式错误": Injected(147, "4,812.30", "4.812.30", 147, Severity.ERROR, "数字格式"),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_injected_error_is_found_where_it_is(case: Injected) -> None:
    text = edit_line(seed_lines(), case.line, case.old, case.new)
    result = audit_text(text, "altered.txt")
    found = [f for f in at(result, case.found_at, case.severity) if f.check == case.check]
    assert found, "\n".join(f"{f.severity} {f.line} {f.check} {f.stated} {f.expected}" for f in result.findings)


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (192, "98.73%", "98.74%"),  # the correctly rounded rate
        (470, "4,911.26 1,052.76", "４,９１１．２６ １，０５２．７６"),  # full-width digits and separators
        (192, "145.53", "145. 53"),  # a space inside a number
        (225, "1,494.14 万元，年末", "1 494.14 万元，年末"),  # a space where the thousands comma was
        (474, "65.18% 75% 0.87", "65.18% 75%\n\n- 13 -\n\n0.87"),  # a page number inside a row
        (192, "政府采购执行率 98.73%", "政府采购执行\n\n率 98.73%"),  # a label broken mid-word
        (147, "4,812.30 万元，调整资金", "\n\n- 5 -\n\n4,812.30 万元，调整资金"),  # a page number mid-sentence
    ],
)
def test_consistent_or_merely_damaged_figures_raise_no_new_error(line: int, old: str, new: str) -> None:
    text = edit_line(seed_lines(), line, old, new).replace("27.000.00", "27,000.00")
    result = audit_text(text, "damaged.txt")
    assert errors(result) == []


def test_a_score_missing_from_the_sheet_is_found_at_its_row() -> None:
    lines = seed_lines()
    assert lines[1345] == "4.8"
    lines[1345] = ""
    result = audit_text("\n".join(lines), "altered.txt")
    missing = at(result, 1312, Severity.SUSPECT)
    assert [f.subject for f in missing] == ["预算编制合理性"]
    # The other rows keep their own scores: 预算编制规范性 still reads 5 at its line.
    sheet = result.extraction.score_sheet
    assert sheet is not None
    assert [(r.name, r.score.line if r.score else None) for r in sheet.rows[:2]] == [
        ("预算编制合理性", None),
        ("预算编制规范性", 1370),
    ]
