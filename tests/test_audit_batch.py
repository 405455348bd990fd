"""``jixiao audit FOLDER``: three reports of a folder audited at once, with page, line and the report's words for
every finding and every confirmed computation; CSV, a workbook, exit status, --verbose.

The folder holds reports written for this test:

- 1-甲县农业农村局.txt is consistent: 3 units named for 3 announced; income 2,400 up 400 from 2,000 is +20.00%;
  adjusted budget 2,150 − initial 2,000 = 150 adjustment; 36 ÷ 40 = 90%.
- 2-乙镇文化站.md has two planted errors: 4 service points announced but 3 named (line 5); income 2,100 up 300
  means 1,800 the year before, so 300 ÷ 1,800 = 16.67%, not the 20.00% stated (line 7). Its 45 ÷ 50 = 90% is right.
- 3-丙街道办事处.docx is not a Word file at all: it cannot be read.

Hidden files and Office's lock files beside them are not reports.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from audit_support import FIXTURES
from jixiao.cli import app

runner = CliRunner()

CLEAN = """甲县农业农村局 2023 年度部门整体支出绩效自评报告

一、部门概况
本局下设事业单位 3 个，即县农技推广中心、县动物疫病防控中心、县农机服务站。
2023 年部门收入 2,400.00 万元，同比增加 400.00 万元（增长 20.00%）。

二、预算执行情况
年初预算 2,000.00 万元，调整预算数 2,150.00 万元，调整资金 150.00 万元。
高标准农田建设任务 40 片，年内完成 36 片，完成率=36÷40=90%。
"""

PLANTED = """# 乙镇文化站 2023 年度部门整体支出绩效自评报告

## 一、单位概况

站内设服务点 4 个，即东村点、西村点、南村点。

2023 年收入 2,100.00 万元，同比增加 300.00 万元（增长 20.00%）。

## 二、绩效目标完成情况

全年计划送戏下乡 50 场，实际完成 45 场，完成率=45÷50=90%。
"""

CLEAN_NAME, PLANTED_NAME, BROKEN_NAME = "1-甲县农业农村局.txt", "2-乙镇文化站.md", "3-丙街道办事处.docx"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    reports = tmp_path / "报告"
    (reports / "乡镇").mkdir(parents=True)
    (reports / CLEAN_NAME).write_text(CLEAN, encoding="utf-8")
    (reports / "乡镇" / PLANTED_NAME).write_text(PLANTED, encoding="utf-8")
    (reports / "乡镇" / BROKEN_NAME).write_bytes(b"PK\x03\x04not a document at all")
    (reports / "~$1-甲县农业农村局.docx").write_bytes(b"lock")  # Word's lock file
    (reports / ".备份.txt").write_text("隐藏文件：下设单位 9 个，即甲。", encoding="utf-8")
    return reports


def _line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_each_report_gets_its_table_and_the_unreadable_one_its_reason(folder: Path) -> None:
    result = runner.invoke(app, ["audit", str(folder)])
    assert result.exit_code == 1  # the planted report has 错误
    out = result.stdout
    clean, planted, broken = (out.index(name) for name in (CLEAN_NAME, PLANTED_NAME, BROKEN_NAME))
    assert clean < planted < broken  # sorted by path: 1-…, 乡镇/2-…, 乡镇/3-…
    assert "未发现问题" in out[clean:planted]
    planted_part = out[planted:broken]
    assert planted_part.count("错误") >= 2 and "列举复核" in planted_part and "同比复核" in planted_part
    assert "第 5 行" in planted_part and "第 7 行" in planted_part
    assert "站内设服务点 4 个，即东村点、西村点、南村点。" in planted_part  # the report's own words
    assert "无法读取 Word 文件：文件已损坏或不是 .docx 格式" in out[broken:]
    assert "共 3 个文件：审核 2 份报告，无法读取 1 个文件；错误 2 项，疑似 0 项，提示 0 项" in out
    assert "~$" not in out and "备份" not in out
    assert result.stderr == ""  # no progress bar when standard error is not a terminal


def test_exit_status_of_a_batch(folder: Path) -> None:
    broken = folder / "乡镇" / BROKEN_NAME
    clean = folder / CLEAN_NAME
    assert runner.invoke(app, ["audit", str(clean), str(folder / "乡镇" / PLANTED_NAME)]).exit_code == 1
    # a file not read is never a clean batch
    assert runner.invoke(app, ["audit", str(clean), str(broken)]).exit_code == 2
    assert runner.invoke(app, ["audit", str(clean), str(clean)]).exit_code == 0
    nothing = runner.invoke(app, ["audit", str(broken), str(folder / "无此文件.pdf")])
    assert nothing.exit_code == 2
    assert "文件已损坏" in nothing.stderr and "文件不存在" in nothing.stderr
    empty = folder.parent / "空文件夹"
    empty.mkdir()
    refused = runner.invoke(app, ["audit", str(empty), str(clean)])
    assert refused.exit_code == 2 and "文件夹中没有报告文件" in refused.stdout


def test_csv_has_a_row_per_finding_with_page_line_and_the_words_at_that_line(folder: Path) -> None:
    result = runner.invoke(app, ["audit", "--csv", str(folder)])
    assert result.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["文件", "程度", "检查", "页", "章节", "行", "原文", "说明"]
    planted = folder / "乡镇" / PLANTED_NAME
    found = [(r["程度"], r["检查"], r["页"], r["章节"], r["行"]) for r in rows if r["文件"] == str(planted)]
    # no pages in a Markdown file; the heading above each line instead
    assert found == [("错误", "列举复核", "", "一、单位概况", "5"), ("错误", "同比复核", "", "一、单位概况", "7")]
    for row in rows:
        if row["文件"] == str(planted):
            assert row["原文"] and row["原文"] in _line(planted, int(row["行"]))
    assert [r["原文"] for r in rows if r["行"] == "7"] == ["2023 年收入 2,100.00 万元，同比增加 300.00 万元（增长 20.00%）。"]
    (unreadable,) = [r for r in rows if r["程度"] == "无法读取"]
    assert unreadable["文件"] == str(folder / "乡镇" / BROKEN_NAME) and "文件已损坏" in unreadable["说明"]
    assert not any(r["文件"] == str(folder / CLEAN_NAME) for r in rows)  # nothing wrong there
    assert "文件已损坏" in result.stderr  # said where a person sees it, the CSV stays clean


def test_csv_with_verbose_lists_the_confirmed_computations_too(folder: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["audit", "--csv", "--verbose", str(folder)]).stdout)))
    clean = folder / CLEAN_NAME
    confirmed = [r for r in rows if r["文件"] == str(clean)]
    assert {r["程度"] for r in confirmed} == {"通过"}
    # the four computations worked out above: the list, the year-on-year rate, the adjustment, 36 ÷ 40
    assert {("列举复核", "4"), ("同比复核", "5"), ("金额复核", "8"), ("算式复核", "9")} <= {
        (r["检查"], r["行"]) for r in confirmed}
    for row in confirmed:
        assert row["原文"] in _line(clean, int(row["行"]))


def test_workbook_has_a_summary_and_every_finding(folder: Path, tmp_path: Path) -> None:
    output = tmp_path / "审核结果.xlsx"
    result = runner.invoke(app, ["audit", str(folder), "-o", str(output)])
    assert result.exit_code == 1 and output.is_file()
    assert f"已写出 {output}" in result.stdout
    book = load_workbook(output)
    assert book.sheetnames == ["汇总", "问题", "复核通过"]
    summary = [list(row) for row in book["汇总"].iter_rows(values_only=True)]
    assert summary[0] == ["文件", "指标体系", "错误", "疑似", "提示", "复核通过", "说明"]
    by_file = {row[0]: row for row in summary[1:]}
    assert len(by_file) == 3
    clean = by_file[str(folder / CLEAN_NAME)]
    assert clean[1] == "未识别" and clean[2:5] == [0, 0, 0] and clean[5] >= 4
    planted = by_file[str(folder / "乡镇" / PLANTED_NAME)]
    assert planted[2:5] == [2, 0, 0] and planted[5] >= 1  # 45 ÷ 50 = 90% holds
    broken = by_file[str(folder / "乡镇" / BROKEN_NAME)]
    assert broken[2] is None and str(broken[6]).startswith("无法读取：") and "文件已损坏" in str(broken[6])
    problems = book["问题"]
    rows = list(problems.iter_rows(values_only=True))
    assert rows[0] == ("文件", "程度", "检查", "页", "章节", "行", "原文", "说明")
    assert [(r[1], r[5]) for r in rows[1:]] == [("错误", 5), ("错误", 7), ("无法读取", None)]
    assert rows[2][6] == "2023 年收入 2,100.00 万元，同比增加 300.00 万元（增长 20.00%）。"
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    assert problems.column_dimensions["G"].width > problems.column_dimensions["B"].width
    confirmed = list(book["复核通过"].iter_rows(values_only=True))
    assert len(confirmed) - 1 == clean[5] + planted[5]


def test_a_worked_formula_at_the_start_of_a_line_stays_text(tmp_path: Path) -> None:
    # (63.46 − 32) ÷ 32 = 31.46 ÷ 32 = 0.983125, written 98.31%: confirmed, and quoted as the report writes it
    report = tmp_path / "算式.txt"
    report.write_text("项目完成率计算如下：\n=(63.46−32)÷32=98.31%\n", encoding="utf-8")
    output = tmp_path / "结果.xlsx"
    assert runner.invoke(app, ["audit", str(report), str(report), "-o", str(output)]).exit_code == 0
    (row,) = list(load_workbook(output)["复核通过"].iter_rows(min_row=2))
    assert row[5].value == "=(63.46−32)÷32=98.31%" and row[5].data_type == "s"
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["audit", "--csv", "-v", str(report)]).stdout)))
    assert rows[1][1:7] == ["通过", "算式复核", "", "", "2", "'=(63.46−32)÷32=98.31%"]  # a spreadsheet takes it as text


def test_an_existing_workbook_is_kept_unless_overwrite(folder: Path, tmp_path: Path) -> None:
    output = tmp_path / "审核结果.xlsx"
    output.write_bytes(b"someone's own workbook")
    refused = runner.invoke(app, ["audit", str(folder), "-o", str(output)])
    assert refused.exit_code == 2
    assert "文件已存在" in refused.stderr and "--overwrite" in refused.stderr
    assert refused.stdout == ""  # refused before any report was read
    assert output.read_bytes() == b"someone's own workbook"
    replaced = runner.invoke(app, ["audit", str(folder), "-o", str(output), "--overwrite"])
    assert replaced.exit_code == 1
    assert load_workbook(output).sheetnames == ["汇总", "问题", "复核通过"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_workbook_that_fails_to_be_written_leaves_nothing(folder: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.audit import exports

    def fail(batch: object, path: Path) -> None:
        path.write_bytes(b"half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(exports, "write_workbook", fail)
    output = tmp_path / "结果" / "审核结果.xlsx"
    result = runner.invoke(app, ["audit", str(folder), "-o", str(output)])
    assert result.exit_code == 1
    assert "未写出结果文件" in result.stderr and "磁盘空间不足" in result.stderr
    assert not (tmp_path / "结果").exists()  # neither the file, its temporary, nor the folder made for it


def test_csv_file_with_o(folder: Path, tmp_path: Path) -> None:
    output = tmp_path / "审核结果.csv"
    assert runner.invoke(app, ["audit", str(folder), "-o", str(output)]).exit_code == 1
    text = output.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "文件,程度,检查,页,章节,行,原文,说明"
    assert len(text.splitlines()) == 1 + 3  # two findings, one unreadable file


def test_json_gives_page_line_and_quote_for_each_finding(folder: Path) -> None:
    result = runner.invoke(app, ["audit", "--json", str(folder)])
    data = json.loads(result.stdout)
    assert data["totals"] == {"报告": 2, "无法读取": 1, "错误": 2, "疑似": 0, "提示": 0,
                              "复核通过": data["totals"]["复核通过"]}
    clean, planted, broken = data["reports"]
    assert clean["file"] == str(folder / CLEAN_NAME) and clean["findings"] == []
    assert broken == {"file": str(folder / "乡镇" / BROKEN_NAME),
                      "unreadable": [f"{folder / '乡镇' / BROKEN_NAME}：无法读取 Word 文件：文件已损坏或不是 .docx 格式"]}
    path = Path(planted["file"])
    for finding in planted["findings"]:
        assert set(finding) >= {"page", "section", "line", "quote"} and finding["page"] is None
        assert finding["quote"] in _line(path, finding["line"])
    for item in clean["verified"]:
        assert item["quote"] in _line(Path(clean["file"]), item["line"])
    sections = {item["line"]: item["section"] for item in clean["verified"]}
    assert sections[4] == sections[5] == "一、部门概况" and sections[8] == sections[9] == "二、预算执行情况"


def test_verbose_lists_every_confirmed_computation_with_its_words(folder: Path) -> None:
    clean = folder / CLEAN_NAME
    single = runner.invoke(app, ["audit", "--verbose", str(clean)])
    assert single.exit_code == 0
    assert "第 5 行  同比复核" in single.stdout
    assert "      原文（一、部门概况）：“2023 年部门收入 2,400.00 万元，同比增加 400.00 万元（增长 20.00%）。”" in single.stdout
    # without --verbose one report lists them one a line as before, without the words; --brief not at all
    plain = runner.invoke(app, ["audit", str(clean)]).stdout
    assert "第 5 行  同比复核" in plain and "原文" not in plain
    assert "复核通过：" not in runner.invoke(app, ["audit", "--brief", str(clean)]).stdout
    batch = runner.invoke(app, ["audit", "--verbose", str(folder)]).stdout
    assert batch.count("复核通过的计算") == 2  # one table for each report read
    assert "县农机服务站" in batch
    assert "复核通过的计算" not in runner.invoke(app, ["audit", str(folder)]).stdout


def test_brief_leaves_out_the_reports_without_findings(folder: Path) -> None:
    out = runner.invoke(app, ["audit", "--brief", str(folder)]).stdout
    assert CLEAN_NAME not in out and PLANTED_NAME in out and BROKEN_NAME in out


def test_conflicting_options_are_refused(folder: Path) -> None:
    for options in (["--json", "--csv"], ["--brief", "--verbose"], ["--extract"]):
        result = runner.invoke(app, ["audit", *options, str(folder)])
        assert result.exit_code == 2 and result.stdout == "", options


def test_progress_bar_only_on_a_terminal_and_only_on_stderr(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from jixiao.commands import console

    screen = io.StringIO()
    monkeypatch.setattr(console, "error_console", lambda: Console(file=screen, force_terminal=True, width=100))
    result = runner.invoke(app, ["audit", "--json", str(folder)])
    assert "3/3" in screen.getvalue() and "审核" in screen.getvalue()
    assert BROKEN_NAME in screen.getvalue()  # the file being read, the last one at the end
    json.loads(result.stdout)  # the output is the JSON alone


def test_pdf_findings_and_confirmed_computations_name_their_page() -> None:
    from pypdf import PdfReader

    pdf = FIXTURES / "synthetic-report.pdf"
    data = json.loads(runner.invoke(app, ["audit", "--json", str(pdf)]).stdout)
    # the lines as the reader numbers them: one after another through the pages
    lines = [(number, text) for number, page in enumerate(PdfReader(pdf).pages, 1)
             for text in (page.extract_text() or "").splitlines()]
    outcomes = data["findings"] + data["verified"]
    assert outcomes and {o["page"] for o in outcomes} == {1, 2}
    for outcome in outcomes:
        page, text = lines[outcome["line"] - 1]
        assert outcome["page"] == page
        assert outcome["quote"].replace(" ", "") in text.replace(" ", ""), outcome


def test_nothing_is_written_when_no_report_could_be_read(folder: Path, tmp_path: Path) -> None:
    output = tmp_path / "审核结果.xlsx"
    broken = folder / "乡镇" / BROKEN_NAME
    for files in ([broken], [broken, folder / "无此文件.txt"]):
        result = runner.invoke(app, ["audit", *map(str, files), "-o", str(output)])
        assert result.exit_code == 2 and "文件已损坏" in result.stderr
        assert not output.exists()
