"""The bundled example, scored by jixiao.scoring and written out: every format states the same figures."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from casefiles import EXAMPLE
from jixiao.facts.load import load_case
from jixiao.frameworks import load_framework
from jixiao.report.pdf import office_binary
from jixiao.scoring.engine import evaluate
from report_fixtures import report_app


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(report_app(), ["report", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example")
    code, output = _run(str(EXAMPLE), "-o", str(folder / "r.docx"), "-o", str(folder / "r.html"),
                        "-o", str(folder / "r.md"))
    assert code == 0, output
    return folder


def test_the_score_sheet_in_word_matches_the_evaluation(outputs: Path) -> None:
    evaluation = evaluate(load_case(EXAMPLE), load_framework("shenzhen-department-2023"))
    word = docx.Document(io.BytesIO((outputs / "r.docx").read_bytes()))
    sheet = next(t for t in word.tables if "评分标准" in [c.text for c in t.rows[0].cells])
    rows = [[c.text for c in row.cells] for row in sheet.rows]
    scores = {row[2]: row[-1] for row in rows[1:-2]}
    assert len(scores) == 21
    for result in evaluation.results:
        assert result.score is not None
        assert scores[result.indicator.name] == f"{result.score:.2f}"  # two decimals, as on screen
    # The seed's published figures, recomputed from the facts by the scorer.
    assert scores["政府采购执行情况"] == "1.99" and scores["预算执行率"] == "5.48" and scores["编外人员控制率"] == "0.00"
    assert rows[-2][-1] == "96.77" and rows[-1][-1] == "优"


def test_the_text_quotes_the_rates_the_scorer_computed(outputs: Path) -> None:
    word = docx.Document(io.BytesIO((outputs / "r.docx").read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs)
    for figure in ("“三公”经费控制率为 89.90%", "日常公用经费控制率为 94.21%", "全年平均执行率为 91.25%",
                   "政府采购执行率为 98.74%", "编外人员控制率为 29.41%", "财政供养人员控制率为 92.45%",
                   "综合评分为 96.77 分，评分等级为“优”", "占年初预算的 5.12%"):
        assert figure in text


def test_markdown_and_html_carry_the_same_figures(outputs: Path) -> None:
    markdown = (outputs / "r.md").read_text(encoding="utf-8")
    html = (outputs / "r.html").read_text(encoding="utf-8")
    for figure in ("96.77", "89.90%", "91.25%", "48,122,993.50", "| 第一季度 | 4,911.26 | 1,052.76 | 21.44% |"):
        assert figure in markdown
    for figure in ("96.77", "89.90%", "91.25%", "48,122,993.50", "<thead>", "data:image/png;base64,"):
        assert figure in html
    assert html.count("<table") == 5 and markdown.count("\n| ---") + markdown.count("\n|:--") == 5


def test_an_unknown_suffix_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    code, output = _run(str(EXAMPLE), "-o", str(tmp_path / "r.docx"), "-o", str(tmp_path / "r.txt"))
    assert code == 2 and "r.txt" in output
    assert list(tmp_path.iterdir()) == []


def test_bad_input_exits_2_with_the_problems_and_no_file(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text("department: {name: 某局}\nyear: 2023\nbudget: {initial: 27.000.00, adjusted: 1}\n",
                    encoding="utf-8")
    code, output = _run(str(case), "-o", str(tmp_path / "r.docx"))
    assert code == 2 and "第 3 行" in output and "27.000.00" in output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


def test_a_failed_pdf_leaves_no_output_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("jixiao.report.pdf.office_binary", lambda: None)
    code, output = _run(str(EXAMPLE), "-o", str(tmp_path / "r.docx"), "-o", str(tmp_path / "r.pdf"))
    assert code == 1 and "LibreOffice" in output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(office_binary() is None, reason="LibreOffice is needed (make setup installs it)")
def test_the_example_as_pdf(tmp_path: Path) -> None:
    code, output = _run(str(EXAMPLE), "-o", str(tmp_path / "r.pdf"))
    assert code == 0, output
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                          check=True, text=True).stdout
    for figure in ("96.77", "优", "89.90%", "91.25%", "5.48", "1.99"):
        assert figure in text


def test_judged_indicators_state_each_checklist_item_withheld(outputs: Path) -> None:
    from jixiao.report.scores import sheet_from_evaluation

    sheet = sheet_from_evaluation(evaluate(load_case(EXAMPLE), load_framework("shenzhen-department-2023")))
    text = (outputs / "r.md").read_text(encoding="utf-8")
    withheld = [(i, c) for i in sheet.indicators for c in i.checks if c.awarded < c.points]
    assert len(withheld) == 3  # 预算编制合理性 4.8, 绩效指标明确性 6.7, 项目监管 1.8 in the seed
    for _, check in withheld:
        assert f"“{check.name}”得 {check.awarded:.2f} 分（满分 {check.points:.2f} 分）" in text


def test_targets_table_shows_each_target_judged(outputs: Path) -> None:
    from jixiao.targets.review import review_self_evaluation

    review = review_self_evaluation(load_case(EXAMPLE))
    word = docx.Document(io.BytesIO((outputs / "r.docx").read_bytes()))
    table = next(t for t in word.tables if "预期指标值" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in table.rows[0].cells][-1] == "完成情况"
    outcomes = [row.cells[-1].text.split("\n")[0] for row in table.rows[1:]]
    assert outcomes == [j.outcome.value for j in review.judgements]


def test_a_partial_draft_marks_unscored_indicators_and_gives_no_grade(tmp_path: Path) -> None:
    facts = EXAMPLE.read_text(encoding="utf-8")
    # Without the evaluator's judgements, only the indicators computed from figures can be scored.
    head, _, rest = facts.partition("\njudgements:")
    tail = rest[rest.index("\nself_evaluation:"):]
    case = tmp_path / "draft.yaml"
    case.write_text(head + tail, encoding="utf-8")
    code, output = _run(str(case), "-o", str(tmp_path / "r.docx"))
    assert code == 2 and "评价判断" in output
    code, output = _run(str(case), "--partial", "--framework", "shenzhen-department-2023",
                        "-o", str(tmp_path / "r.docx"), "--no-charts")
    assert code == 0, output
    word = docx.Document(io.BytesIO((tmp_path / "r.docx").read_bytes()))
    sheet = next(t for t in word.tables if "评分标准" in [c.text for c in t.rows[0].cells])
    rows = [[c.text for c in row.cells] for row in sheet.rows]
    assert rows[-1][0] == "评分等级" and rows[-1][-1] == "未评定"
    assert rows[-2][0] == "已计分合计"
    assert {r[-1] for r in rows[1:-2] if r[2] in ("预算编制合理性", "项目监管")} == {"未计分"}
    assert {r[-1] for r in rows[1:-2] if r[2] == "预算执行率"} == {"5.48"}
    assert len(word.inline_shapes) == 0


def test_the_audit_of_published_reports_finds_no_error_in_ours(outputs: Path) -> None:
    # Two independent parts of jixiao: the auditor re-reads our Word and Markdown reports, recomputes every
    # rate, quarter, subtotal and total it can find, and must find nothing wrong or doubtful.
    from jixiao.audit import Severity, audit_file

    for name in ("r.docx", "r.md"):
        result = audit_file(outputs / name)
        assert not result.has_errors, [str(f) for f in result.findings]
        assert result.count(Severity.SUSPECT) == 0, [str(f) for f in result.findings]
        assert len(result.verified) > 50
