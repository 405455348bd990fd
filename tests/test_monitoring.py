"""绩效运行监控 (jixiao monitor): lights against time progress, forecasts and the alert list, each figure worked
out by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from jixiao.cli import app
from jixiao.monitoring.lights import Light, light, light_project, spending_forecast
from jixiao.monitoring.model import MonitoringRules, Project, Thresholds, TimeProgress, load_rules

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "monitoring"
RULES = load_rules()
runner = CliRunner()
D = Decimal


def project(**fields: Any) -> Project:
    data = {"name": "某项目", "budget": "100.00", "spending": {6: "50.00"}, **fields}
    return Project.model_validate(data, context={"unit": "万元", "causes": RULES.causes})


def write(tmp_path: Path, projects: list[dict[str, Any]], name: str = "m.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"department": {"name": "某区文化局"}, "year": 2024, "projects": projects},
                                   allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- the lights ----------------------------------------------------------------------------------------------

TEN_TWENTY = Thresholds(yellow=D("0.10"), red=D("0.20"))


@pytest.mark.parametrize(("progress", "lit"), [
    ("0.50", Light.GREEN),    # on time
    ("0.40", Light.GREEN),    # 10 points behind: not more than 10
    ("0.3999", Light.YELLOW),  # just over 10 points
    ("0.30", Light.YELLOW),   # 20 points: not more than 20
    ("0.2999", Light.RED),
    ("0.90", Light.GREEN),    # ahead is never lit
])
def test_a_light_counts_the_points_behind_time_progress(progress: str, lit: Light) -> None:
    assert light(D(progress), D("0.50"), TEN_TWENTY) is lit


@given(st.decimals(0, 2, places=4), st.decimals(0, 2, places=4), st.decimals(0, 1, places=2))
def test_more_progress_never_lights_worse(a: Decimal, b: Decimal, expected: Decimal) -> None:
    low, high = sorted((a, b))
    assert light(high, expected, TEN_TWENTY).weight <= light(low, expected, TEN_TWENTY).weight


def test_thresholds_that_overlap_are_refused(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    text = (Path(str(RULES_FILE)).read_text(encoding="utf-8")
            .replace("spending:\n  yellow: 10%\n  red: 20%", "spending:\n  yellow: 20%\n  red: 20%"))
    rules.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["monitor", str(EXAMPLES), "--rules", str(rules)])
    assert result.exit_code == 2
    assert "黄灯阈值（20%）应小于红灯阈值（20%），两档不能重叠" in result.output
    assert f"{rules}，第" in result.output and "spending" in result.output


RULES_FILE = Path(__file__).resolve().parents[1] / "src" / "jixiao" / "monitoring" / "data" / "monitoring.yaml"


@pytest.mark.parametrize(("by", "points", "month", "expected"), [
    ("month", {}, 7, D(7) / D(12)),
    ("month", {}, 12, D(1)),
    ("quarter", {}, 2, D(0)),      # before the first quarter's end nothing is due yet
    ("quarter", {}, 3, D("0.25")),
    ("quarter", {}, 5, D("0.25")),  # the quarter before
    ("quarter", {}, 6, D("0.5")),
    ("quarter", {}, 11, D("0.75")),
    ("custom", {3: "20%", 9: "70%", 12: "100%"}, 8, D("0.2")),
    ("custom", {3: "20%", 9: "70%", 12: "100%"}, 9, D("0.7")),
])
def test_time_progress_by_month_quarter_or_checkpoints(by: str, points: dict[int, str], month: int,
                                                       expected: Decimal) -> None:
    assert TimeProgress.model_validate({"by": by, "points": points}).at(month) == expected


def test_quarterly_time_progress_changes_the_light() -> None:
    # 5 月末执行 15%: by month 41.67% is due (26.67 points behind, 红); by quarter 25% (10 points, 绿)
    spent = project(spending={5: "15.00"})
    assert light_project(spent, RULES).light is Light.RED
    quarterly = RULES.model_copy(update={"time_progress": TimeProgress(by="quarter")})
    assert light_project(spent, quarterly).light is Light.GREEN


def test_custom_checkpoints_must_rise() -> None:
    with pytest.raises(ValueError, match="序时进度应随月份增加：9 月（40%）低于 6 月（50%）"):
        TimeProgress.model_validate({"by": "custom", "points": {6: "50%", 9: "40%"}})


# --- forecasts -----------------------------------------------------------------------------------------------

def test_the_even_pace_forecast() -> None:
    # 390 in six months: 390 ÷ 6 × 12 = 780
    forecast, note = spending_forecast(project(budget="1300", spending={6: "390.00"}), 6)
    assert forecast == D("780.00")
    assert note == "按当前进度：390.00 ÷ 6 个月 × 12 = 780.00 万元"


def test_last_years_pace_uses_the_share_as_shown() -> None:
    # last year a third was spent by June: 100 ÷ 300 = 33.33%; 100 ÷ 33.33% = 300.030… → 300.03
    p = project(budget="300", spending={6: "100.00"}, last_year={"spending": {6: "100.00", 12: "300.00"}})
    forecast, note = spending_forecast(p, 6)
    assert forecast == D("300.03")
    assert "上年 6 月末已支出全年的 33.33%" in note


def test_last_year_without_the_month_falls_back_to_the_even_pace() -> None:
    p = project(spending={6: "40.00"}, last_year={"spending": {5: "30.00", 12: "90.00"}})
    assert spending_forecast(p, 6) == (D("80.00"), "按当前进度：40.00 ÷ 6 个月 × 12 = 80.00 万元")


@pytest.mark.parametrize(("spent", "missed"), [("44.00", True), ("45.00", False)])
def test_a_forecast_below_ninety_percent_is_likely_missed(spent: str, missed: bool) -> None:
    # 44 ÷ 6 × 12 = 88 (88% < 90%); 45 → 90, exactly the bound, not below it
    assert light_project(project(spending={6: spent}), RULES).likely_missed is missed


# --- targets -------------------------------------------------------------------------------------------------

def target_light(value: str, so_far: dict[int, str], month: int = 6) -> Any:
    p = project(spending={month: "50.00"}, targets=[{"name": "指标", "value": value, "progress": so_far}])
    return light_project(p, RULES).targets[0]


def test_a_running_total_against_time_progress() -> None:
    # 5 of 14 schools by June: 35.71%, 14.29 points behind 50% (黄); 5 ÷ 6 × 12 = 10 schools, short of 14
    t = target_light("≥14所", {3: "2所", 6: "5所"})
    assert (t.light, t.forecast, t.likely_missed) == (Light.YELLOW, "10所", True)
    assert t.needs_explanation


def test_a_rate_is_a_level_not_a_running_total() -> None:
    # 88% against ≥90% in June is 2 points short (绿, though likely missed); 75% is 15 short (黄)
    t = target_light("≥90%", {6: "88%"})
    assert (t.light, t.forecast, t.likely_missed, t.behind) == (Light.GREEN, "88%", True, D("0.02"))
    assert target_light("≥90%", {6: "75%"}).light is Light.YELLOW
    assert target_light("≥90%", {6: "95%"}).likely_missed is False


def test_a_deadline_passed_without_completion_is_red() -> None:
    assert target_light("2024年8月31日前", {6: "施工中"}).light is Light.GREEN
    late = target_light("2024年8月31日前", {9: "施工中"}, month=9)
    assert (late.light, late.likely_missed) == (Light.RED, True)
    assert target_light("2024年8月31日前", {9: "已完成"}, month=9).light is Light.GREEN


def test_a_ceiling_passed_is_red_whatever_the_month() -> None:
    assert target_light("≤450元/平方米", {3: "460元/平方米"}).light is Light.RED
    assert target_light("≤450元/平方米", {3: "450元/平方米"}).light is Light.GREEN


def test_a_qualitative_target_is_left_to_the_year_end() -> None:
    assert target_light("群众满意", {6: "较好"}).light is Light.NONE


# --- the command and its outputs -----------------------------------------------------------------------------

def test_the_example_folder_gives_the_alert_list_across_departments() -> None:
    result = runner.invoke(app, ["monitor", str(EXAMPLES), "--json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    alerts = [(a["部门"], a["项目"], a["监控内容"], a["灯"], a["落后序时进度"], a["原因说明"]) for a in got["预警清单"]]
    assert alerts == [
        # 红 first, furthest behind first: 30 of 200 is 15% against 50%
        ("某区教育局", "教师培训项目", "支出进度", "红", "35.00 个百分点", "未说明"),
        ("某区教育局", "教师培训项目", "培训教师人次", "红", "25.00 个百分点", "未说明"),  # 300 of 1200
        ("某区卫生健康局", "基本公共卫生服务项目", "支出进度", "红", "25.00 个百分点", "已说明"),  # 600 of 2400
        # 390 of 1300 is 30%: exactly 20 points behind is still 黄
        ("某区教育局", "中小学校舍维修改造项目", "支出进度", "黄", "20.00 个百分点", "已说明"),
        ("某区教育局", "中小学校舍维修改造项目", "维修改造学校数", "黄", "14.29 个百分点", "已说明"),
    ]
    spending = {(r["部门"], r["项目"]): (r["执行率"], r["全年预计执行数"], r["预计执行率"]) for r in got["资金执行"]}
    # 270 ÷ 50.00% (last year's June share, 280 of 560) = 540; 540 ÷ 560 = 96.43%
    assert spending[("某区教育局", "学生资助项目")] == ("48.21%", "540.00", "96.43%")


def test_the_workbook_has_the_three_sheets(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "监控表.xlsx"
    result = runner.invoke(app, ["monitor", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["资金执行", "绩效目标", "预警清单"]
    sheet = book["资金执行"]
    header = [c.value for c in sheet[1]]
    assert header[:9] == ["部门", "项目", "年度预算（万元）", "1月末累计执行", "2月末累计执行", "3月末累计执行",
                          "4月末累计执行", "5月末累计执行", "6月末累计执行"]
    first = [c.value for c in sheet[2]]
    assert first[:3] == ["某区教育局", "中小学校舍维修改造项目", 1300]
    assert first[8] == 390  # a number the bureau can sum, not text
    light_cell = sheet.cell(row=2, column=header.index("支出进度") + 1)
    assert (light_cell.value, light_cell.fill.start_color.rgb[-6:]) == ("黄", "FFEB9C")
    assert book["预警清单"].max_row == 6  # the header and five alerts
    again = runner.invoke(app, ["monitor", str(EXAMPLES), "-o", str(out)])
    assert again.exit_code == 2 and "已存在" in again.output


# --- bad input -----------------------------------------------------------------------------------------------

def test_every_problem_of_a_file_at_its_line_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("""department: {name: 某区文化局}
year: 2024
projects:
  - name: 图书馆免费开放项目
    budget: 300
    spending: {3: 90, 2: 60, 6: 80}
    explanation: {cause: 天气原因, can_meet: 是, action: 加快支付}
    targets:
      - name: 接待读者人次
        value: ≥50000人次
        progress: {6: 20000}
      - name: 图书采购册数
        value: ≥3000
        progress: {6: 1000册}
""", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["monitor", str(path), "-o", str(out)])
    assert result.exit_code == 2
    text = result.output
    assert f"{path}，第 6 行" in text and "月份顺序有误：2 月写在 3 月之后" in text
    assert "累计执行数不应减少：6 月末 80 万元少于 3 月末 90 万元" in text
    assert f"{path}，第 7 行" in text and "偏差原因应为以下之一：经费保障、制度保障、人员保障、硬件条件、其他，实际为“天气原因”" in text
    assert f"{path}，第 11 行" in text and "6 月末完成值“20000”缺少单位，应与指标值“≥50000人次”一致，写作“20000人次”" in text
    assert f"{path}，第 13 行" in text and "年度指标值“≥3000”缺少计量单位" in text
    assert "Traceback" not in text
    assert not out.exists()


def test_a_file_that_is_not_monitoring_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, [{"name": "项目", "budget": "0", "spending": {13: "5"}}])
    result = runner.invoke(app, ["monitor", str(path)])
    assert result.exit_code == 2
    assert "13" in result.output and "Traceback" not in result.output


def test_an_empty_folder_is_said(tmp_path: Path) -> None:
    result = runner.invoke(app, ["monitor", str(tmp_path)])
    assert result.exit_code == 2 and "文件夹中没有监控填报文件" in result.output


def test_rules_are_data(tmp_path: Path) -> None:
    # a region that lights yellow from 5 points behind: 45% against 50% stays 绿 under 10/20, 黄 under 4/20
    strict = MonitoringRules.model_validate({**RULES.model_dump(mode="json"), "spending": {"yellow": "4%", "red": "20%"}})
    p = project(spending={6: "45.00"})
    assert light_project(p, RULES).light is Light.GREEN
    assert light_project(p, strict).light is Light.YELLOW


# --- the workbook a department fills in ----------------------------------------------------------------------

def test_a_filled_workbook_reads_back_as_its_yaml(tmp_path: Path) -> None:
    source = EXAMPLES / "education-2024-06.yaml"
    book = tmp_path / "监控填报.xlsx"
    result = runner.invoke(app, ["workbook", "fill", "--monitoring", str(source), "-o", str(book)])
    assert result.exit_code == 0, result.output

    def tables(path: Path) -> dict[str, Any]:
        got = runner.invoke(app, ["monitor", str(path), "--json"])
        assert got.exit_code == 0, got.output
        # Excel keeps 1300.00 as the number 1300: compare values, not their trailing zeros
        return {sheet: [{k: D(v) if isinstance(v, str) and v.replace(".", "", 1).isdigit() else v
                         for k, v in row.items() if k != "预计说明"} for row in rows]
                for sheet, rows in json.loads(got.stdout).items()}

    assert tables(book) == tables(source)


def test_the_blank_workbook_has_its_sheets_and_drop_downs(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "空白.xlsx"
    assert runner.invoke(app, ["workbook", "new", "--monitoring", "-o", str(book)]).exit_code == 0
    loaded = load_workbook(book)
    assert loaded.sheetnames == ["基本信息", "资金执行", "绩效目标", "上年执行"]
    head = [c.value for c in loaded["资金执行"][1]]
    assert head[:3] == ["项目名称", "年度预算数", "1月末累计执行数"] and head[-3:] == ["偏差原因", "能否完成目标", "纠偏措施"]
    lists = [v.formula1 for v in loaded["资金执行"].data_validations.dataValidation]
    assert '"经费保障,制度保障,人员保障,硬件条件,其他"' in lists and '"是,否"' in lists


def test_a_workbooks_problems_are_named_by_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "填报.xlsx"
    assert runner.invoke(app, ["workbook", "fill", "--monitoring", str(EXAMPLES / "health-2024-06.yaml"),
                               "-o", str(book)]).exit_code == 0
    loaded = load_workbook(book)
    spending = loaded["资金执行"]
    spending["B2"] = "两千四百万"  # the budget in words
    # columns C… are months 1…: E is March (300 → 700), G is May (500), so the total falls from March to May
    spending["E2"] = 700
    spending["G2"] = 500
    loaded["绩效目标"]["A2"] = "不存在的项目"
    loaded.save(book)
    result = runner.invoke(app, ["monitor", str(book)])
    assert result.exit_code == 2, result.output
    text = result.output
    assert "资金执行!B2" in text and "基本公共卫生服务项目的年度预算数" in text
    assert "资金执行!G2" in text and "累计执行数不应减少：5 月末 500 万元少于 3 月末 700 万元" in text
    assert "绩效目标!A2" in text and "项目“不存在的项目”不在“资金执行”表中" in text
    assert "Traceback" not in text


# --- the year-end self-evaluation against the monitoring record ---------------------------------------------

def test_a_target_claimed_met_that_stayed_red_late_in_the_year_is_questioned(tmp_path: Path) -> None:
    monitoring = tmp_path / "监控.yaml"
    monitoring.write_text("""department: {name: 某区教育局}
year: 2023
projects:
  - name: 中小学校舍维修改造项目
    budget: 1150
    spending: {6: 500, 10: 950}
    explanation: {cause: 其他, can_meet: 是, action: 加快施工}
    targets:
      # 4 of 12 by October: 33.33% against 83.33%, 50 points behind, red; the year end claims 12所
      - {name: 维修改造学校数, value: ≥12所, progress: {10: 4所},
         explanation: {cause: 其他, can_meet: 是, action: 寒假前完成}}
      # 7000 of 8000 by October is 87.5%, ahead of time: nothing to question
      - {name: 受益学生人数, value: ≥8000人, progress: {10: 7000人}}
      # red, but last reported in June: too early to say the year end overstates it
      - {name: 工程验收合格率, value: 100%, progress: {6: 50%},
         explanation: {cause: 其他, can_meet: 是, action: 复验}}
""", encoding="utf-8")
    case = Path(__file__).resolve().parents[1] / "examples" / "project-self-2023.yaml"
    result = runner.invoke(app, ["monitor", str(monitoring), "--against", str(case), "--json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)["自评核对"]
    assert [(c["指标"], c["自评实际完成"], c["监控月份"], c["监控完成值"]) for c in claims] == [
        ("维修改造学校数", "12所", 10, "4所")]
    assert "疑似自评偏高" in claims[0]["说明"]
    # a region that questions only reports from November on finds nothing in an October report
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES_FILE.read_text(encoding="utf-8").replace("late_month: 9", "late_month: 11"), encoding="utf-8")
    later = runner.invoke(app, ["monitor", str(monitoring), "--against", str(case), "--rules", str(rules), "--json"])
    assert later.exit_code == 0, later.output
    assert json.loads(later.stdout)["自评核对"] == []


@pytest.mark.parametrize("example", ["shenzhen-ccpit-2023.yaml", "project-self-2023.yaml"])
def test_checking_a_department_year_the_monitoring_does_not_hold_is_refused(example: str) -> None:
    # the monitoring examples are 2024: neither 深圳市贸促委 nor 某区教育局's 2023 can be checked against them
    case = Path(__file__).resolve().parents[1] / "examples" / example
    result = runner.invoke(app, ["monitor", str(EXAMPLES), "--against", str(case)])
    assert result.exit_code == 2
    assert "2023 年度的文件，无从核对" in result.output


def test_the_word_table_has_each_department_its_curve_and_the_alerts(tmp_path: Path) -> None:
    from docx import Document

    out = tmp_path / "监控表.docx"
    result = runner.invoke(app, ["monitor", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    word = Document(str(out))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "各部门2024年度" in text and "某区教育局" in text and "某区卫生健康局" in text and "预警清单" in text
    cells = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    assert ["教师培训项目", "200.00", "30.00", "15.00%", "50.00%", "红", "60.00", "未说明"] in cells
    assert ["某区教育局", "教师培训项目", "支出进度", "红", "35.00 个百分点", "执行 15.00%，序时进度 50.00%", "未说明"] in cells
    # one spending curve per department
    assert len(word.inline_shapes) == 2


def test_the_regional_rules_in_the_docs_light_as_the_docs_say() -> None:
    import re

    doc = (Path(__file__).resolve().parents[1] / "docs" / "monitoring.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", doc, flags=re.S) if b.startswith("time_progress"))
    regional = MonitoringRules.model_validate(yaml.safe_load(block))
    # 18 of 100 by May: 25% due by quarter, 7 points behind → 黄; by month 41.67% due, 23.67 behind → 红
    spent = project(spending={5: "18.00"})
    assert light_project(spent, regional).light is Light.YELLOW
    assert light_project(spent, RULES).light is Light.RED
    assert regional.claims.late_month == 10
