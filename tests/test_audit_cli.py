"""``jixiao audit``: exit status 0 / 1 / 2, text and JSON output, ``--extract``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from audit_support import seed_text
from jixiao.cli import app

runner = CliRunner()


def _seed_file(tmp_path: Path, *, fix_typo: bool) -> Path:
    text = seed_text()
    if fix_typo:
        text = text.replace("27.000.00", "27,000.00")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_has_an_error_and_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(_seed_file(tmp_path, fix_typo=False))])
    assert result.exit_code == 1
    assert "[错误] 第 654 行" in result.stdout
    assert "合计：错误 1 项" in result.stdout


def test_consistent_report_exits_0_and_lists_what_was_recomputed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(_seed_file(tmp_path, fix_typo=True))])
    assert result.exit_code == 0, result.stdout
    assert "复核通过" in result.stdout and "98.74%" in result.stdout


def test_json_output(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", "--json", str(_seed_file(tmp_path, fix_typo=False))])
    data = json.loads(result.stdout)
    assert data["counts"]["错误"] == 1
    assert {f["line"] for f in data["findings"] if f["severity"] == "错误"} == {654}


def test_extract_prints_what_was_read(tmp_path: Path) -> None:
    path = _seed_file(tmp_path, fix_typo=False)
    result = runner.invoke(app, ["audit", "--extract", str(path)])
    assert result.exit_code == 0
    assert "第4季度（第 476 行）  4,812.30  4,642.70  96.48%  100%  0.96" in result.stdout
    assert "综合评分 96.77；评分等级 优" in result.stdout
    assert "六、整理出的事实" in result.stdout
    data = json.loads(runner.invoke(app, ["audit", "--extract", "--json", str(path)]).stdout)
    assert len(data["score_sheet"]["rows"]) == 21
    assert data["facts"]["budget"]["adjusted"] == "4812.30"
    assert [q["cumulative_spending"] for q in data["facts"]["quarters"]] == ["1052.76", "2283.69", "3136.88", "4642.70"]


def test_unreadable_input_exits_2_without_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 2
    assert "文件不存在" in result.stderr and "Traceback" not in result.output


def test_unknown_framework_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["audit", "--framework", "no-such-framework", str(_seed_file(tmp_path, fix_typo=True))])
    assert result.exit_code == 2
    assert "未知的指标体系" in result.stderr


def test_damaged_pdf_and_word_files_are_refused_in_chinese(tmp_path: Path) -> None:
    pdf, docx = tmp_path / "报告.pdf", tmp_path / "报告.docx"
    pdf.write_bytes(b"%PDF-1.4 cut short")
    docx.write_bytes(b"PK\x03\x04not a document")
    for path, message in ((pdf, "无法读取 PDF 文件：文件已损坏或不是 PDF"),
                          (docx, "无法读取 Word 文件：文件已损坏或不是 .docx 格式")):
        # a process of its own: pypdf's logging would go to the real stderr, past the test runner
        result = subprocess.run([sys.executable, "-m", "jixiao", "audit", str(path)], capture_output=True,
                                text=True, timeout=60)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr and "EOF marker" not in result.stderr, result.stderr
