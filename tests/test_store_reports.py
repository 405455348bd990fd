"""Documents from the store: the report of a department-year as reviewed (with its review record), the bureau's
summary report of a year, and a stored year re-scored under another framework (what-if). On both databases."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from store_support import store_url

__all__ = ["store_url"]  # the fixture, used by name
ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
runner = CliRunner()


def _run(*args: str, status: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == status, result.output
    return result.output


def _reviewed(url: str) -> str:
    _run("db", "init", "--db", url)
    _run("import", str(EXAMPLES / "shenzhen-ccpit-2023.yaml"), str(EXAMPLES / "national-department-2023.yaml"),
         "--type", "行政单位", "--db", url)
    _run("import", str(EXAMPLES / "project-self-2023.yaml"), "--type", "事业单位", "--db", url)
    _run("review", "深圳市贸促委", "2023", "--state", "复核中", "--reason", "开始复核", "--db", url)
    # 95% → 90%: the [90%, 95%) band, 4 points instead of 6, so 96.77 − 2 = 94.77
    _run("review", "深圳市贸促委", "2023", "--set", "satisfaction.rate=90%", "--reason", "问卷样本不足，按抽样复核结果",
         "--db", url)
    return url


def test_the_reviewed_report_is_the_reviewed_year_and_lists_the_review(store_url: str, tmp_path: Path) -> None:
    db = _reviewed(store_url)
    out = tmp_path / "复核后.md"
    _run("review-report", "深圳市贸促委", "2023", "-o", str(out), "--db", db)
    text = out.read_text(encoding="utf-8")
    body, review = text.split("复核情况", 1)
    assert "94.77" in body and "96.77" not in body  # the report itself is of the reviewed figures
    assert "自评得分 96.77（优），复核后得分 94.77（优）" in review and "复核共修改 1 处" in review
    change = next(line for line in review.splitlines() if "satisfaction.rate" in line)
    assert "修改" in change and "满意度（satisfaction.rate）" in change and "0.95" in change and "90%" in change
    assert "问卷样本不足，按抽样复核结果" in change
    assert any("状态" in line and "复核中" in line and "开始复核" in line for line in review.splitlines())
    moved = next(line for line in review.splitlines() if "公众或服务对象满意度" in line)
    assert [cell.strip() for cell in moved.strip("|").split("|")] == ["公众或服务对象满意度", "6", "6.00", "4.00",
                                                                      "-2.00"]
    # a file already there is kept: refused with exit 2, its content untouched
    out.write_text("已修改", encoding="utf-8")
    said = _run("review-report", "深圳市贸促委", "2023", "-o", str(out), "--db", db, status=2)
    assert "文件已存在" in said and out.read_text(encoding="utf-8") == "已修改"
    said = _run("review-report", "不存在的部门", "2023", "-o", str(tmp_path / "x.docx"), "--db", db, status=2)
    assert "没有“不存在的部门” 2023 年度的报送" in said and not (tmp_path / "x.docx").exists()


def test_a_year_never_changed_says_so(store_url: str, tmp_path: Path) -> None:
    db = _reviewed(store_url)
    out = tmp_path / "r.md"
    _run("review-report", "某区教育局", "2023", "-o", str(out), "--db", db)
    review = out.read_text(encoding="utf-8").split("复核情况", 1)[1]
    assert "复核未修改任何数据或评价判断，得分与自评一致" in review and "复核改变得分的指标" not in review


def _variant(tmp_path: Path) -> Path:
    """A region's variant of the Shenzhen framework: 90% satisfaction already earns all 6 points."""
    text = (ROOT / "src/jixiao/frameworks/data/shenzhen-department-2023.yaml").read_text(encoding="utf-8")
    bands = '- {range: "≥ 95%", points: 6}\n                - {range: "[90%, 95%)", points: 4}'
    assert bands in text
    text = text.replace(bands, '- {range: "≥ 90%", points: 6}').replace(
        "id: shenzhen-department-2023", "id: variant-2023").replace("title: 深圳市", "title: 某区参照深圳市")
    path = tmp_path / "variant-2023.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_what_if_rescores_the_reviewed_year_under_another_framework_and_stores_nothing(
        store_url: str, tmp_path: Path) -> None:
    db = _reviewed(store_url)
    before = _run("history", "深圳市贸促委", "2023", "--db", db)
    sheet = json.loads(_run("whatif", "深圳市贸促委", "2023", "-f", str(_variant(tmp_path)), "--json", "--db", db))
    assert sheet["framework"] == "variant-2023"
    assert next(i for i in sheet["indicators"] if i["id"] == "satisfaction")["score"] == "6.00"
    assert sheet["total"] == "96.77"  # 94.77 reviewed, + 2 under the variant's bands
    table = _run("whatif", "深圳市贸促委", "2023", "-f", str(_variant(tmp_path)), "--db", db)
    assert "94.77" in table and "96.77" in table
    assert _run("history", "深圳市贸促委", "2023", "--db", db) == before  # nothing stored
    # a framework whose figures the year lacks: every missing figure said, exit 2
    said = _run("whatif", "深圳市贸促委", "2023", "-f", "national-department-2021", "--db", db, status=2)
    assert "duties.completed" in said and "final_accounts.spending" in said
    said = _run("whatif", "深圳市贸促委", "2023", "-f", "db:000000000000", "--db", db, status=2)
    assert "数据库中没有“db:000000000000”这套指标体系" in said


def test_the_bureau_summary_report_has_its_sections_tables_and_charts(store_url: str, tmp_path: Path) -> None:
    db = _reviewed(store_url)
    text_out = tmp_path / "汇总.md"
    _run("summary", "--year", "2023", "-o", str(text_out), "--db", db)
    text = text_out.read_text(encoding="utf-8")
    for heading in ("总体情况", "得分排名", "同类部门比较", "各指标得分率", "失分最多的指标", "自评与复核差异", "与上年相比"):
        assert heading in text
    # 3 departments: 优 2 (94.77, 92.59), 良 1 (83.56); mean (94.77 + 92.59 + 83.56) ÷ 3 = 90.306… → 90.31
    assert "评价等级：优 2 个，良 1 个" in text and "综合评分平均 90.31 分，最高 94.77 分，最低 83.56 分" in text
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("|")]
    assert ["1", "深圳市贸促委", "行政单位", "96.77", "94.77", "优", "复核中"] in rows
    assert ["3", "某县农业农村局", "行政单位", "83.56", "83.56", "良", "待复核"] in rows
    # peer groups: 行政单位 94.77 and 83.56 → mean 89.165 → 89.17 (half-up); 事业单位 alone 92.59
    assert ["行政单位", "2", "89.17", "94.77", "83.56", "优 1，良 1"] in rows
    assert ["事业单位", "1", "92.59", "92.59", "92.59", "优 1"] in rows
    assert ["深圳市贸促委", "96.77", "94.77", "2.00"] in rows  # self against reviewed
    # the satisfaction of the Shenzhen year: 4 of 6 points → 66.7%
    assert ["公众或服务对象满意度", "66.7"] in rows
    from docx import Document

    word = tmp_path / "汇总.docx"
    _run("summary", "--year", "2023", "-o", str(word), "--db", db)
    # a chart of grades, one of the ranking, and a heat map for each of the three frameworks
    assert len(Document(str(word)).inline_shapes) == 5
    said = _run("summary", "--year", "2023", "-o", str(word), "--db", db, status=2)
    assert "文件已存在" in said
    peers = tmp_path / "行政.md"
    _run("summary", "--year", "2023", "--type", "行政单位", "-o", str(peers), "--db", db)
    text = peers.read_text(encoding="utf-8")
    assert "2023年度行政单位类部门整体支出绩效评价汇总报告" in text and "某区教育局" not in text
