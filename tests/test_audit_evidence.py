"""Evidence of a finding: the section above its line and the clause of the report that states it."""

from __future__ import annotations

from pathlib import Path

from jixiao.audit import Severity, audit_text
from jixiao.audit.evidence import QUOTE_LIMIT, quotation

REPORT = """丁区图书馆 2023 年度部门整体支出绩效自评报告
一、部门基本情况
（一）机构设置
本馆下设分馆 2 个，即城东分馆、城西分馆。
（二）收支情况
（三）本年度收入较上年有所增加，主要是上级补助收入和事业收入增加，以及新增阅读推广专项经费所致，详见下文
2023 年收入 550.00 万元，同比增加 50.00 万元（增长 10.00%）。
二、绩效目标完成情况
一、加强阅读推广。全年新增读者证 1,200 张。
全年建成阅读点 3 个，即甲村点、乙村点。
"""


def test_each_outcome_names_the_headings_above_its_line() -> None:
    # 550 up 50 from 500: 50 ÷ 500 = 10.00%, right; 2 branches named for 2; 3 reading points announced, 2 named
    result = audit_text(REPORT, "丁区图书馆.txt")
    sections = {(v.check, v.line): v.section for v in result.verified}
    assert sections[("列举复核", 4)] == "一、部门基本情况 （一）机构设置"
    # a numbered sentence longer than a heading is not one: the subsection stays
    assert sections[("同比复核", 7)] == "一、部门基本情况 （二）收支情况"
    (wrong,) = [f for f in result.findings if f.check == "列举复核"]
    # a new chapter drops the subsection; a numbered sentence ending in 。 is not a heading
    assert (wrong.line, wrong.section) == (10, "二、绩效目标完成情况")
    assert wrong.quote == "全年建成阅读点 3 个，即甲村点、乙村点。"


def test_a_quotation_is_the_clause_cut_to_its_limit() -> None:
    clause = "本年度完成" + "乡村阅读点建设和图书配送" * 12 + "，完成率 95.00%"
    text = "前一句话。" + clause + "；后一句话。"
    quoted = quotation(text, ["95.00%"])
    assert quoted.startswith("…") and quoted.endswith("完成率 95.00%；")
    assert len(quoted) == QUOTE_LIMIT + 1  # the limit and the mark of the cut
    assert quotation("短句，执行率 90%。另一句。", ["90%"]) == "短句，执行率 90%。"
    assert quotation("整行没有所述数字", ["12.5%"]) == "整行没有所述数字"


def test_a_word_report_has_no_pages_but_its_sections(tmp_path: Path) -> None:
    # the score sheet's rows give 35 + 28.5 + 18 + 9 = 90.5; the document says 95.5
    from audit_documents import write_docx
    from jixiao.audit import audit_file

    result = audit_file(write_docx(tmp_path / "报告.docx", total="95.5"))
    (wrong,) = [f for f in result.findings if f.severity is Severity.ERROR]
    assert (wrong.page, wrong.section, wrong.quote) == (None, "三、评分", "综合评分 95.5")
    adjustment = next(v for v in result.verified if v.check == "金额复核")
    assert adjustment.section == "一、部门基本情况 （一）预算执行情况"
    assert "调整资金 50.00 万元" in adjustment.quote
