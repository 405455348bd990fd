"""jixiao's own reports audit clean: every bundled example's report in every format, and a draft scored in part
(--partial), gets no 错误 and no 疑似; the audit recognises the framework each was written under and checks the
score sheet's total."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.audit import Severity, audit_file
from jixiao.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FRAMEWORKS = {
    "shenzhen-ccpit-2023": "shenzhen-department-2023",
    "national-department-2023": "national-department-2021",
    "project-self-2023": "project-self-2020",
    "project-evaluation-2023": "project-evaluation-2020",
}
runner = CliRunner()


def _report(case: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(app, ["report", str(case), "-o", str(out), "--no-charts", *extra])
    assert result.exit_code == 0, result.output


def _serious(path: Path) -> list[str]:
    result = audit_file(path)
    return [str(f) for f in result.findings if f.severity in (Severity.ERROR, Severity.SUSPECT)]


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
@pytest.mark.parametrize("example", list(FRAMEWORKS))
def test_every_example_s_report_audits_clean(tmp_path: Path, example: str, suffix: str) -> None:
    out = tmp_path / f"{example}{suffix}"
    _report(EXAMPLES / f"{example}.yaml", out)
    assert _serious(out) == []
    result = audit_file(out)
    if example.startswith("project-self"):
        return  # the self-evaluation form names no framework's indicators a department report would
    assert result.framework == FRAMEWORKS[example]
    assert any(v.check == "评分表" and v.text.startswith("综合评分") for v in result.verified)


@pytest.mark.parametrize("suffix", [".md", ".docx"])
def test_a_draft_scored_in_part_audits_clean(tmp_path: Path, suffix: str) -> None:
    text = (EXAMPLES / "national-department-2023.yaml").read_text(encoding="utf-8")
    line = "  spending: 3396.50             # 支出决算数\n"
    assert line in text
    case = tmp_path / "draft.yaml"
    case.write_text(text.replace(line, ""), encoding="utf-8")  # 预算完成率 cannot be scored
    out = tmp_path / f"draft{suffix}"
    _report(case, out, "--partial")
    assert _serious(out) == []
    result = audit_file(out)
    # the sheet totals what it scored (已计分合计), and that total is checked
    assert any(v.check == "评分表" and v.text.startswith("综合评分") for v in result.verified)


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice makes the PDF")
def test_department_reports_as_pdf_audit_clean(tmp_path: Path) -> None:
    for example in ("shenzhen-ccpit-2023", "national-department-2023"):
        out = tmp_path / f"{example}.pdf"
        _report(EXAMPLES / f"{example}.yaml", out)
        assert _serious(out) == [], example
        assert audit_file(out).framework == FRAMEWORKS[example]


def test_the_framework_decides_whether_the_quarterly_table_is_scored(tmp_path: Path) -> None:
    # Shenzhen scores budget execution by quarters (序时进度 25/50/75/100%); the national framework does not: under it
    # the same table is neither scored nor faulted
    out = tmp_path / "shenzhen.md"
    _report(EXAMPLES / "shenzhen-ccpit-2023.yaml", out)
    own = audit_file(out)
    assert any(v.check == "季度执行表" for v in own.verified)
    other = audit_file(out, framework="national-department-2021")
    assert other.framework == "national-department-2021"
    assert not [o for o in (*other.verified, *other.findings) if o.check == "季度执行表"]
