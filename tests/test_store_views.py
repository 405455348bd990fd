"""Rankings, a department's years, a year's summary: from the store, reviewed scores first. On both databases."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from jixiao.cli import app
from store_support import store_url

__all__ = ["store_url"]  # the fixture, used by name
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _store(url: str, tmp_path: Path) -> str:
    _run("db", "init", "--db", url)
    _run("import", str(EXAMPLES / "shenzhen-ccpit-2023.yaml"), str(EXAMPLES / "national-department-2023.yaml"),
         "--type", "行政单位", "--db", url)
    _run("import", str(EXAMPLES / "project-self-2023.yaml"), "--type", "事业单位", "--db", url)
    earlier = tmp_path / "2022.yaml"  # the same department a year before, one figure worse
    earlier.write_text((EXAMPLES / "shenzhen-ccpit-2023.yaml").read_text(encoding="utf-8")
                       .replace("year: 2023", "year: 2022").replace("rate: 95%", "rate: 92%"), encoding="utf-8")
    _run("import", str(earlier), "--any-year", "--db", url)  # the 2023 framework, deliberately
    return url


def test_ranking_orders_by_score_and_compares_within_a_type(store_url: str, tmp_path: Path) -> None:
    db = _store(store_url, tmp_path)
    everyone = json.loads(_run("ranking", "--year", "2023", "--json", "--db", db))
    assert [(r["名次"], r["部门"], r["得分"]) for r in everyone] == [
        (1, "深圳市贸促委", "96.77"), (2, "某区教育局", "92.59"), (3, "某县农业农村局", "83.56")]
    peers = list(csv.reader(io.StringIO(_run("ranking", "--year", "2023", "--type", "行政单位", "--csv", "--db", db))))
    assert [row[2] for row in peers[1:]] == ["深圳市贸促委", "某县农业农村局"]


def test_compare_puts_a_department_s_years_side_by_side(store_url: str, tmp_path: Path) -> None:
    db = _store(store_url, tmp_path)
    rows = json.loads(_run("compare", "深圳市贸促委", "--json", "--db", db))
    satisfaction = next(r for r in rows if r["指标"] == "公众或服务对象满意度")
    # 92% falls in the [90%, 95%) band: 4 points, against 6 at 95% (≥ 95%); 96.77 − 2 = 94.77
    assert satisfaction == {"指标": "公众或服务对象满意度", "2022 年度": "4.00", "2023 年度": "6.00"}
    assert next(r for r in rows if r["指标"] == "综合评分") == {"指标": "综合评分", "2022 年度": "94.77",
                                                             "2023 年度": "96.77"}


def test_summary_counts_grades_losses_and_the_change_from_last_year(store_url: str, tmp_path: Path) -> None:
    db = _store(store_url, tmp_path)
    found = json.loads(_run("summary", "--year", "2023", "--json", "--db", db))
    assert found["部门数"] == 3 and found["等级分布"] == {"优": 2, "良": 1}
    assert found["与上年相比"] == [{"部门": "深圳市贸促委", "2022 年度": "94.77", "2023 年度": "96.77", "变化": "2.00"}]
    worst = found["失分最多的指标"][0]
    # 效益指标完成情况 of the project: 30 points, 24.50 scored → 5.50 lost, the largest single loss
    assert worst == {"指标": "效益指标完成情况", "合计失分": "5.50", "平均失分": "5.50", "失分部门数": 1}
    out = tmp_path / "汇总.xlsx"
    _run("summary", "--year", "2023", "-o", str(out), "--db", db)
    from openpyxl import load_workbook

    book = load_workbook(out)
    assert book.sheetnames == ["等级分布", "失分最多的指标", "自评与复核差异", "与上年相比"]
    assert book["失分最多的指标"]["B2"].value == 5.5


def test_equal_scores_share_a_rank_and_the_next_rank_skips(store_url: str, tmp_path: Path) -> None:
    db = _store(store_url, tmp_path)
    twin = tmp_path / "twin.yaml"  # another department with the same figures, hence the same 96.77
    twin.write_text((EXAMPLES / "shenzhen-ccpit-2023.yaml").read_text(encoding="utf-8")
                    .replace("name: 深圳市贸促委", "name: 深圳市某委\n  code: A001"), encoding="utf-8")
    _run("import", str(twin), "--db", db)
    rows = json.loads(_run("ranking", "--year", "2023", "--json", "--db", db))
    assert [(r["名次"], r["部门编码"], r["得分"]) for r in rows] == [
        (1, "A001", "96.77"), (1, "深圳市贸促委", "96.77"), (3, "某区教育局", "92.59"), (4, "某县农业农村局", "83.56")]


def test_a_peer_group_of_everyone_loses_what_the_whole_year_loses(store_url: str, tmp_path: Path) -> None:
    # the whole year reads the kept totals, a peer group adds up its departments' indicators: the two agree
    db = _store(store_url, tmp_path)
    _run("import", str(EXAMPLES / "shenzhen-ccpit-2023.yaml"), str(EXAMPLES / "national-department-2023.yaml"),
         str(EXAMPLES / "project-self-2023.yaml"), "--type", "全部", "--db", db)
    whole = json.loads(_run("summary", "--year", "2023", "--json", "--db", db))
    group = json.loads(_run("summary", "--year", "2023", "--type", "全部", "--json", "--db", db))
    assert group["失分最多的指标"] == whole["失分最多的指标"] and len(whole["失分最多的指标"]) == 10
    institutions = json.loads(_run("summary", "--year", "2023", "--type", "事业单位", "--json", "--db", db))
    assert institutions["部门数"] == 1 and institutions["失分最多的指标"][0]["指标"] == "效益指标完成情况"

