"""The PDF report: LibreOffice's conversion of the Word file, its text and its embedded fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from jixiao.report.content import build_document
from jixiao.report.document import Table
from jixiao.report.output import write_report
from jixiao.report.pdf import office_binary
from report_fixtures import fixture_case, fixture_sheet

pytestmark = pytest.mark.skipif(
    office_binary() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are needed (make setup installs them)",
)


QUARTERLY_TITLE = "2023年度各季度预算执行情况"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    path = folder / "报告.pdf"
    write_report(_document(), [path, folder / "报告.docx"])
    return path


def _document() -> Any:
    return build_document(fixture_case(), fixture_sheet(), charts=True)


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


def _page_with(pdf: Path, words: str) -> int:
    pages = _text(pdf).split("\f")
    return next(n for n, page in enumerate(pages, start=1) if words in page.replace(" ", ""))


def _ruled_lines(pdf: Path, page: int) -> int:
    """How many horizontal lines on the page run (nearly) the full width of the widest one: a table's borders."""
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "100", "-f", str(page), "-l", str(page), str(pdf)],
                         capture_output=True, check=True).stdout
    _, width, height, _, pixels = pgm.split(maxsplit=4)
    columns = int(width)
    dark = bytes(1 if value < 128 else 0 for value in range(256))
    runs = [max(map(len, pixels[y * columns:(y + 1) * columns].translate(dark).split(b"\0")))
            for y in range(int(height))]
    longest = max(runs)
    full = [run >= 0.9 * longest for run in runs]
    return sum(1 for y, is_full in enumerate(full) if is_full and (y == 0 or not full[y - 1]))


def test_the_chart_below_a_table_leaves_its_bottom_border_visible(pdf: Path) -> None:
    # The quarterly chart follows its table; drawn flush against it, the chart painted over the bottom border.
    table = next(b for b in _document().flow() if isinstance(b, Table) and b.title == QUARTERLY_TITLE)
    rows = len(table.header_rows()) + len(table.rows)
    assert _ruled_lines(pdf, _page_with(pdf, QUARTERLY_TITLE)) == rows + 1
