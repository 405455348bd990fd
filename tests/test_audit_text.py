"""Reading reports: text cleaned of extraction damage, Word and PDF files, and files that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit_documents import write_docx
from audit_support import FIXTURES, at, errors
from jixiao.audit import Severity, audit_file
from jixiao.audit.text import clean_line, read_report, report_from_text
from jixiao.problems import InputError


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("调整预算数 ４，８１２．３０ 万元", "调整预算数 4,812.30 万元"),
        ("执行率 98. 73%", "执行率 98.73%"),
        ("4, 812 .30 万元", "4,812.30 万元"),
        ("调整预算数 4 812.30 万元", "调整预算数 4812.30 万元"),
        ("金博会展位数 ≥500 612", "金博会展位数 ≥500 612"),
        ("第一季度 4,911.26 1,052.76 21.44% 25% 0.86", "第一季度 4,911.26 1,052.76 21.44% 25% 0.86"),
        ("共 5 人，退休 34 人", "共 5 人，退休 34 人"),  # a clause comma stays a clause comma
        ("分别为 12，13 人", "分别为 12，13 人"),
        ("\u3000第一季度\t4,911.26  1,052.76", "第一季度 4,911.26 1,052.76"),
        # justified PDF lines space out characters; table rows keep the spaces between their cells
        ("2023 年 “ 三 公 ” 经 费年 初预 算 9.70 万 元 ， 调 整 预 算", "2023年“三公”经费年初预算9.70万元，调整预算"),
        ("推动稳外贸稳外资工作 有效推动 有效推动", "推动稳外贸稳外资工作 有效推动 有效推动"),
        ("部门决策指标 资金管理指标", "部门决策指标 资金管理指标"),
    ],
)
def test_clean_line_makes_numbers_readable_and_nothing_else(raw: str, clean: str) -> None:
    assert clean_line(raw) == clean


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_full_width_numbers_read_as_their_half_width_selves(value: object) -> None:
    text = f"{value:,}"
    wide = text.translate(str.maketrans("0123456789.,", "０１２３４５６７８９．，"))
    assert clean_line(wide) == text


def test_page_numbers_are_dropped_but_line_numbers_kept() -> None:
    report = report_from_text("第一行\n\n- 12 -\n\n第 3 页\n第五行\n12 / 30\n5", "t.txt")
    assert [(line.number, line.text) for line in report.lines] == [(1, "第一行"), (6, "第五行"), (8, "5")]


def test_word_document_with_real_tables(tmp_path: Path) -> None:
    result = audit_file(write_docx(tmp_path / "report.docx"))
    assert errors(result) == []
    extraction = result.extraction
    assert extraction.quarterly is not None and len(extraction.quarterly.rows) == 4
    assert extraction.quarterly.average_score is not None and extraction.quarterly.average_score.raw == "1.84"
    assert extraction.score_sheet is not None
    assert [r.score.raw for r in extraction.score_sheet.rows] == ["35", "28.5", "18", "9"]  # type: ignore[union-attr]


def test_word_document_with_a_wrong_total(tmp_path: Path) -> None:
    result = audit_file(write_docx(tmp_path / "report.docx", total="91.5"))
    sheet = result.extraction.score_sheet
    assert sheet is not None and sheet.total is not None
    assert at(result, sheet.total.line, Severity.ERROR)


def test_pdf_text_layer_with_broken_labels_and_cells() -> None:
    # Made by tests/audit_documents.py through LibreOffice: labels break mid-word, a row crosses a page.
    result = audit_file(FIXTURES / "synthetic-report.pdf")
    assert errors(result) == []
    extraction = result.extraction
    assert extraction.quarterly is not None and extraction.quarterly.average is not None
    sheet = extraction.score_sheet
    assert sheet is not None
    assert [(r.name, r.weight.raw) for r in sheet.rows] == [
        ("预算编制质量", "40"),
        ("执行进度", "30"),
        ("履职效果", "20"),
        ("服务满意度", "10"),
    ]
    assert sheet.rows[0].level2 == "预算管理指标"
    assert sheet.total is not None and sheet.total.page == 2
    assert len(result.verified) >= 15


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.xlsx", b"PK", "不支持的文件类型"),
        ("report.pdf", b"%PDF-1.4 not really", "无法读取 PDF"),
        ("report.docx", b"not a zip", "无法读取 Word"),
        ("report.txt", b"\n\n  \n", "没有可读取的文字"),
        ("report.txt", b"\xff\xfe\xfa\x80\x81\xff", "无法识别文件编码"),
    ],
)
def test_unreadable_files_are_input_errors_naming_the_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_report(path)
    text = str(caught.value)
    assert str(path) in text and message in text


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        read_report(tmp_path / "none.txt")


def test_seed_as_a_real_pdf_gives_the_same_audit_with_pages(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from audit_support import seed_text

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "seed.txt"
    source.write_text(seed_text(), encoding="utf-8")
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--infilter=Text (encoded):UTF8,LF,,,",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = audit_file(tmp_path / "seed.pdf")
    assert [(f.check, f.stated) for f in errors(result)] == [("数字格式", "27.000.00（本行 2 处）")]
    assert all(f.page is not None for f in errors(result))
    formula = [v for v in result.verified if v.check == "公式复算"]
    assert len(formula) >= 8 and len(result.verified) >= 33


def test_html_report_blocks_become_lines_and_rows_keep_their_cells(tmp_path: Path) -> None:
    page = (
        "<html><head><style>p {}</style></head><body><h2>二、季度</h2><p>调整预算数 1,000.00 万元，"
        "决算数 900.00 万元，预算执行率 90.00%。</p><table><tr><th>季度</th><th>得分</th></tr>"
        "<tr><td>第一季度</td><td>0.80</td></tr></table></body></html>"
    )
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    report = read_report(path)
    assert [line.text for line in report.lines] == [
        "二、季度",
        "调整预算数 1,000.00 万元，决算数 900.00 万元，预算执行率 90.00%。",
        "季度 得分",
        "第一季度 0.80",
    ]
    assert report.lines[-1].cells == ("第一季度", "0.80")
    assert any("预算执行率" in v.text for v in audit_file(path).verified)
