"""The Word report, read back with python-docx: official format, fonts on every run, real tables."""

from __future__ import annotations

import io
import time
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.report import fonts
from jixiao.report.content import build_document
from jixiao.report.docx import docx_bytes
from report_fixtures import fixture_case, fixture_sheet


@pytest.fixture(scope="module")
def word() -> Any:
    document = build_document(fixture_case(), fixture_sheet(), charts=True)
    return docx.Document(io.BytesIO(docx_bytes(document)))


def _table_with(word: Any, header_text: str) -> Any:
    return next(t for t in word.tables if header_text in [c.text for c in t.rows[0].cells])


def test_page_is_a4_with_the_official_margins(word: Any) -> None:
    section = word.sections[0]

    def mm(length: Any) -> float:  # Word stores twips: compare to a tenth of a millimetre
        return round(length.mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.top_margin), mm(section.bottom_margin)) == (37.0, 35.0)
    assert (mm(section.left_margin), mm(section.right_margin)) == (28.0, 26.0)


def test_title_and_headings_use_the_official_fonts(word: Any) -> None:
    paragraphs = word.paragraphs
    title = paragraphs[0]
    assert title.text == "深圳市贸促委2023年度\n部门整体支出绩效评价报告"
    assert {r.font.size for r in title.runs} == {Pt(22)}
    assert _east_asian(title.runs[0]) == fonts.TITLE
    first = next(p for p in paragraphs if p.text == "一、部门基本情况")
    assert first.style.name == "Heading 1" and _east_asian(first.runs[0]) == fonts.HEADING_1
    second = next(p for p in paragraphs if p.text == "（一）部门主要职能")
    assert second.style.name == "Heading 2" and _east_asian(second.runs[0]) == fonts.HEADING_2


def test_body_is_fangsong_size_three_on_a_fixed_line_with_two_character_indent(word: Any) -> None:
    normal = word.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    body = next(p for p in word.paragraphs if "政府采购执行率为 98.74%" in p.text)
    assert {_east_asian(r) for r in body.runs} == {fonts.BODY}
    assert {r.font.size for r in body.runs} == {Pt(16)}


def test_every_run_names_its_east_asian_font(word: Any) -> None:
    parts = [word.element.body]
    section = word.sections[0]
    parts += [section.footer._element, section.even_page_footer._element]
    runs = [r for part in parts for r in part.iter(qn("w:r"))]
    assert len(runs) > 200
    missing = [r for r in runs if r.find(qn("w:rPr")) is None
               or r.find(qn("w:rPr")).find(qn("w:rFonts")) is None
               or not r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))]
    assert missing == []


def test_page_numbers_are_dashed_page_fields_in_song_size_four(word: Any) -> None:
    section = word.sections[0]
    assert word.settings.odd_and_even_pages_header_footer
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("- ") and paragraph.text.endswith(" -")
        assert {_east_asian(r) for r in paragraph.runs} == {fonts.PAGE_NUMBER}
        assert {r.font.size for r in paragraph.runs} == {Pt(14)}


def test_quarter_table_holds_the_execution_figures(word: Any) -> None:
    table = _table_with(word, "序时进度")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["季度", "调整预算数", "累计支出数", "支出进度", "序时进度", "得分"]
    assert rows[1] == ["第一季度", "4,911.26", "1,052.76", "21.44%", "25.00%", "0.86"]
    assert rows[-1][0] == "全年平均执行率" and "91.25%" in rows[-1] and rows[-1][-1] == "1.83"


def test_score_sheet_has_the_21_scores_the_total_and_the_grade(word: Any) -> None:
    sheet = fixture_sheet()
    table = _table_with(word, "评分标准")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "分值", "指标说明", "评分标准", "得分"]
    body = rows[1:-2]
    assert [r[2] for r in body] == [i.name for i in sheet.indicators]
    assert [r[-1] for r in body] == ["4.80", "5.00", "3.00", "6.70", "1.99", "3.00", "3.00", "2.00", "1.80", "2.00",
                                     "1.00", "1.00", "0.00", "3.00", "5.00", "5.48", "8.00", "6.00", "25.00", "3.00",
                                     "6.00"]
    assert rows[-2][0] == "综合评分" and rows[-2][-1] == "96.77"
    assert rows[-1][0] == "评分等级" and rows[-1][-1] == "优"
    # 一级 and 二级 cells are merged down, as on the printed sheet.
    assert 'w:vMerge' in table._tbl.xml


def test_every_table_repeats_its_header_row(word: Any) -> None:
    assert len(word.tables) == 5
    for table in word.tables:
        trPr = table.rows[0]._tr.trPr
        assert trPr is not None and trPr.find(qn("w:tblHeader")) is not None


def test_self_evaluation_table_in_yuan_with_totals(word: Any) -> None:
    table = _table_with(word, "预算数（总数）")
    last = [c.text for c in table.rows[-1].cells]
    assert last[0] == "合计" and "48,122,993.50" in last and "46,426,984.22" in last


def test_charts_are_pictures_in_the_document(word: Any) -> None:
    assert len(word.inline_shapes) == 2


def test_one_report_as_word_in_under_a_second() -> None:
    case, sheet = fixture_case(), fixture_sheet()
    docx_bytes(build_document(case, sheet, charts=True))  # libraries loaded once, as in a batch
    # Processor time, not wall-clock time: the test machine is shared, and waiting is not our cost.
    started = time.process_time()
    docx_bytes(build_document(case, sheet, charts=True))
    assert time.process_time() - started < 1.0


def _east_asian(run: Any) -> str:
    return str(run._element.rPr.rFonts.get(qn("w:eastAsia")))


@settings(max_examples=8, deadline=None)
@given(dropped=st.sets(st.sampled_from(("budget", "quarters", "procurement", "staff", "assets", "self_evaluation",
                                         "public_expenses", "disclosure"))))
def test_word_renders_any_subset_of_facts_with_fonts_on_every_run(dropped: set[str]) -> None:
    case = fixture_case().model_copy(update=dict.fromkeys(dropped))
    word = docx.Document(io.BytesIO(docx_bytes(build_document(case, fixture_sheet(), charts=False))))
    runs = list(word.element.body.iter(qn("w:r")))
    assert runs and all(r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs)
    for table in word.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
