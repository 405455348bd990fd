"""The PDF report: LibreOffice's conversion of the Word file, its text and its embedded fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jixiao.report.content import build_document
from jixiao.report.output import write_report
from jixiao.report.pdf import office_binary
from report_fixtures import fixture_case, fixture_sheet

pytestmark = pytest.mark.skipif(
    office_binary() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are needed (make setup installs them)",
)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    path = folder / "报告.pdf"
    write_report(build_document(fixture_case(), fixture_sheet(), charts=True), [path, folder / "报告.docx"])
    return path


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def test_pdf_text_holds_the_figures(pdf: Path) -> None:
    text = _text(pdf)
    for figure in ("96.77", "优", "89.90%", "91.25%", "98.74%", "29.41%", "4,812.30", "48,122,993.50"):
        assert figure in text
    assert "部门整体支出绩效评分表" in text
    assert re.search(r"-\s*1\s*-", text) and re.search(r"-\s*2\s*-", text)


def test_pdf_score_sheet_rows_keep_their_scores(pdf: Path) -> None:
    lines = _text(pdf).splitlines()
    total = next(line for line in lines if "综合评分" in line and "96.77" in line)
    grade = next(line for line in lines if "评分等级" in line and "优" in line)
    assert total and grade


def test_pdf_embeds_all_its_fonts(pdf: Path) -> None:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True, text=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, "the PDF names no fonts"
    for row in rows:
        # Columns: name type encoding emb sub uni object-id; the embedded flag is the fourth from the end.
        assert row.split()[-5] == "yes", row
    assert any("CJK" in row for row in rows)


def test_no_temporary_files_are_left_beside_the_outputs(pdf: Path) -> None:
    assert sorted(p.name for p in pdf.parent.iterdir()) == ["报告.docx", "报告.pdf"]
