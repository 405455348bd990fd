"""What the report says (报告内容): the document model built from the facts and the scores.

The structure follows a 部门整体支出绩效评价报告: 部门基本情况, 部门主要履职绩效分析, 总体评价和整改措施,
评分情况. Paragraphs that state figures are written here from :mod:`.figures` and the score sheet; the parts
no figure can give (functions, what was done, practices, problems, plans, notes on an indicator) come from the
case's ``narrative`` and are placed where they belong. A part whose facts are missing is simply not built.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from ..facts.model import DepartmentYear, DisclosureStatus, Target
from ..numbers import amount, points, rate
from .document import Block, Cell, Chart, Column, Document, Paragraph, Section, Table
from .figures import TIME_PROGRESS, ReportFigures, report_figures
from .scores import ScoreSheet

QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
CONTENT_WIDTH_MM = 156.0
"""A4 width less the GB/T 9704 side margins (28 mm + 26 mm)."""


def build_document(
    case: DepartmentYear,
    sheet: ScoreSheet | None,
    *,
    charts: bool = True,
    target_judgements: Sequence[TargetResult | None] | None = None,
) -> Document:
    """The whole report for one department-year.

    ``target_judgements`` (one per performance target, in order) adds a column to the targets table when
    the targets' own assessment is available.
    """
    writer = _Writer(case, sheet, report_figures(case), charts=charts, target_judgements=target_judgements)
    return writer.document()


@dataclass(frozen=True, slots=True)
class TargetResult:
    """The judgement of one performance target (达成 / 未达成 / 无法判断) and its gap, as the table shows it."""

    outcome: str
    gap: str = ""

    def cell(self) -> str:
        return f"{self.outcome}\n{self.gap}" if self.gap else self.outcome


def wan(value: Decimal) -> str:
    return f"{amount(value)} 万元"


def split_text(text: str | None) -> list[Paragraph]:
    """A narrative field as paragraphs: one per non-empty line."""
    if not text:
        return []
    return [Paragraph(_CJK_GAP.sub("", line.strip())) for line in text.splitlines() if line.strip()]


# A space between two Chinese characters or punctuation marks is never meant: YAML's folded text (``>-``)
# leaves one wherever a long line was wrapped.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]) +(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _join(parts: Iterable[str]) -> str:
    return "，".join(p for p in parts if p)


class _Writer:
    """Builds the sections; one method a part of the report."""

    def __init__(
        self,
        case: DepartmentYear,
        sheet: ScoreSheet | None,
        figures: ReportFigures,
        *,
        charts: bool,
        target_judgements: Sequence[TargetResult | None] | None,
    ) -> None:
        self.case = case
        self.sheet = sheet
        self.figures = figures
        self.charts = charts
        self.target_judgements = target_judgements
        self.we = "本部门"
        # What has found its place in the report, so that nothing a framework of another shape brings is lost.
        self.placed_notes: set[str] = set()
        self.placed_assessments: set[str] = set()
        self.year = f"{case.year}年"

    # ----------------------------------------------------------------------------------------- helpers

    def notes(self, *keys: str) -> list[Paragraph]:
        """The department's own notes on an indicator, found by its id, its name or a section key."""
        wanted = set(keys)
        if self.sheet is not None:
            indicator = self.sheet.find(*keys)
            if indicator is not None:
                wanted |= {indicator.id, indicator.name}
        found: list[Paragraph] = []
        for key, text in self.case.narrative.notes.items():
            if key in wanted:
                found.extend(split_text(text))
                self.placed_notes.add(key)
        return found

    def assessment(self, *keys: str) -> list[Paragraph]:
        """What the evaluator found on a judged indicator: its checklist items, or the problems listed."""
        indicator = self.sheet.find(*keys) if self.sheet else None
        if indicator is None:
            return []
        self.placed_assessments.add(indicator.id)
        paragraphs: list[Paragraph] = []
        if indicator.checks:
            met = [c.name for c in indicator.checks if c.awarded >= c.points]
            short = [c for c in indicator.checks if c.awarded < c.points]
            parts = []
            if met:
                parts.append(f"对照评分要点，{'；'.join(met)}，{'均' if len(met) > 1 else ''}符合要求")
            for check in short:
                why = f"，原因是{check.reason}" if check.reason else ""
                parts.append(f"“{check.name}”得 {points(check.awarded)} 分（满分 {points(check.points)} 分）{why}")
            paragraphs.append(Paragraph("。".join(parts) + "。"))
        judgement = self.case.judgements.get(indicator.id)
        if judgement is not None and judgement.findings is not None:
            if judgement.findings:
                listed = "；".join(judgement.findings)
                paragraphs.append(Paragraph(f"评价中发现不符合要求的情形 {len(judgement.findings)} 项：{listed}。"))
            else:
                paragraphs.append(Paragraph("评价中未发现不符合要求的情形。"))
        return paragraphs

    def score_of(self, *keys: str) -> Decimal | None:
        indicator = self.sheet.find(*keys) if self.sheet else None
        return None if indicator is None else indicator.score

    def scored(self, sentence: str, *keys: str) -> str:
        """Append the indicator's score to a sentence when the score sheet has it."""
        indicator = self.sheet.find(*keys) if self.sheet else None
        if indicator is None or indicator.score is None:
            return sentence
        score, weight = points(indicator.score), points(indicator.weight)
        return f"{sentence}按评分标准，“{indicator.name}”得 {score} 分（分值 {weight} 分）。"

    def rate_of(self, numerator: Decimal | int, denominator: Decimal | int, derived: Decimal | None
                ) -> Decimal | None:
        """``numerator ÷ denominator`` as the scoring computed it; else as derived from the facts."""
        scored = self.sheet.ratio(numerator, denominator) if self.sheet is not None else None
        return scored if scored is not None else derived

    # ----------------------------------------------------------------------------------------- document

    def document(self) -> Document:
        name = self.case.department.name
        doc = Document(title=f"{name}{self.case.year}年度部门整体支出绩效评价报告", department=name,
                       year=self.case.year)
        doc.sections = [self.basics(), self.performance(), self.conclusion(), self.score_part()]
        return doc

    # ----------------------------------------------------------------------------------------- 一、

    def basics(self) -> Section:
        narrative = self.case.narrative
        part = Section("部门基本情况")
        part.add(
            Section("部门主要职能").add(*split_text(narrative.functions)),
            Section("组织架构").add(*split_text(narrative.organisation)),
            Section("人员编制情况").add(*split_text(narrative.staffing), self.staffing_summary()),
            Section("年度总体工作和重点工作任务").add(*self.annual_tasks()),
            self.budget_preparation(),
            self.budget_execution(),
        )
        return part

    def staffing_summary(self) -> Paragraph | None:
        staff = self.case.staff
        if staff is None:
            return None
        parts = [f"截至{self.year}末，{self.we}核定编制（含工勤）{staff.authorised_posts} 人，"
                 f"实有在编（含工勤）{staff.in_post} 人"]
        parts.extend(f"{c.category} {c.count} 人" for c in staff.other)
        if staff.retired is not None:
            parts.append(f"退休人员 {staff.retired} 人")
        return Paragraph("，".join(parts) + "。")

    def annual_tasks(self) -> list[Paragraph]:
        tasks = list(self.case.narrative.annual_tasks)
        if not tasks and self.case.key_tasks:
            tasks = [task.name for task in self.case.key_tasks]
        return _numbered(tasks)

    def budget_preparation(self) -> Section:
        part = Section("年度部门预算编制情况")
        budget = self.figures.budget
        reasonableness = Section("预算编制合理性")
        if budget is not None and budget.reclassified_share is not None and (
            budget.reclassifications or budget.corrections
        ):
            reasonableness.add(Paragraph(
                f"年度中功能分类和经济分类调剂 {wan(budget.reclassifications)}，科目更正 "
                f"{wan(budget.corrections)}，两项合计占调整预算数的 {rate(budget.reclassified_share)}。"
            ))
        reasonableness.add(*self.assessment("预算编制合理性"), *self.notes("预算编制合理性", "budget_rationality"))
        part.add(
            reasonableness,
            Section("预算编制规范性").add(*self.assessment("预算编制规范性"),
                                          *self.notes("预算编制规范性", "budget_conformity")),
            Section("绩效目标完整性").add(self.projects_summary(), *self.assessment("绩效目标完整性"),
                                          *self.notes("绩效目标完整性", "target_completeness")),
            Section("绩效指标明确性").add(self.targets_summary(), *self.assessment("绩效指标明确性"),
                                          *self.notes("绩效指标明确性", "target_clarity")),
        )
        return part

    def projects_summary(self) -> Paragraph | None:
        projects = self.case.projects
        if projects is None:
            return None
        first = f"一级项目 {projects.first_level} 个、" if projects.first_level is not None else ""
        return Paragraph(f"{self.year}部门预算共安排{first}项目 {projects.planned} 个，均编报了绩效目标。"
                         if self.score_of("绩效目标完整性") == self.weight_of("绩效目标完整性")
                         else f"{self.year}部门预算共安排{first}项目 {projects.planned} 个。")

    def weight_of(self, *keys: str) -> Decimal | None:
        indicator = self.sheet.find(*keys) if self.sheet else None
        return None if indicator is None else indicator.weight

    def targets_summary(self) -> Paragraph | None:
        table = self.case.self_evaluation
        if table is None or not table.targets:
            return None
        kinds: dict[str, int] = {}
        for target in table.targets:
            kinds[target.level2] = kinds.get(target.level2, 0) + 1
        listed = "、".join(f"{kind} {n} 项" for kind, n in kinds.items())
        return Paragraph(f"部门整体支出绩效目标共设置绩效指标 {len(table.targets)} 项，其中{listed}。")

    def budget_execution(self) -> Section:
        part = Section("年度部门预算执行情况")
        part.add(
            Section("资金管理").add(
                Section("财务合规性").add(*self.compliance()),
                Section("预决算信息公开").add(self.disclosure(), *self.notes("预决算信息公开", "disclosure")),
                Section("政府采购执行情况").add(self.procurement(), *self.assessment("政府采购执行情况"),
                                               *self.notes("政府采购执行情况", "procurement")),
            ),
            Section("项目管理").add(
                Section("项目实施程序").add(*self.assessment("项目实施程序"),
                                           *self.notes("项目实施程序", "project_procedure")),
                Section("项目监管").add(*self.assessment("项目监管"),
                                       *self.notes("项目监管", "project_supervision")),
            ),
            Section("资产管理").add(
                Section("固定资产利用率").add(self.asset_utilisation(),
                                               *self.notes("固定资产利用率", "fixed_asset_utilisation")),
                Section("资产管理安全性").add(self.asset_safety(), *self.assessment("资产管理安全性"),
                                               *self.notes("资产管理安全性", "asset_security")),
            ),
            Section("人员管理").add(
                Section("财政供养人员控制率").add(self.in_post_rate(),
                                                   *self.notes("财政供养人员控制率", "staff_control")),
                Section("编外人员控制率").add(self.outside_quota_rate(),
                                               *self.notes("编外人员控制率", "outside_quota_control")),
            ),
            Section("制度管理").add(*self.assessment("管理制度健全性"),
                                   *self.notes("管理制度健全性", "management_rules")),
        )
        return part

    def compliance(self) -> list[Paragraph]:
        paragraphs: list[Paragraph] = []
        compliance = self.case.compliance
        if compliance is not None:
            if compliance.misuse_found:
                paragraphs.append(Paragraph(
                    f"{self.year}发现超范围或超标准支出、虚列支出、截留挤占挪用资金等不合规支出。"
                    + (compliance.note if compliance.note else "")
                ))
            else:
                paragraphs.append(Paragraph(
                    f"{self.year}未发现超范围或超标准支出、虚列支出、截留挤占挪用资金等不合规支出。"
                ))
        budget = self.figures.budget
        if budget is not None:
            direction = "调增" if budget.raised else "调减"
            sentence = (f"{self.year}年初部门预算 {wan(budget.initial)}，调整预算 {wan(budget.adjusted)}，"
                        f"全年{direction}预算 {wan(budget.adjustment)}")
            if budget.adjustment_share is not None:
                sentence += f"，占年初预算总规模的 {rate(budget.adjustment_share)}"
            sentence += "。"
            if budget.transfers:
                sentence += f"年度中调剂预算 {wan(budget.transfers)}"
                if budget.transfer_share is not None:
                    sentence += f"，占调整预算数的 {rate(budget.transfer_share)}"
                sentence += "。"
            moved = budget.adjustment + budget.transfers
            for base, label in ((budget.initial, "年初预算"), (budget.adjusted, "调整预算")):
                # Stated only where the framework measures it (a limit on adjustments and transfers).
                measured = self.sheet.ratio(moved, base) if self.sheet is not None else None
                if measured is not None and budget.transfers:
                    sentence += f"调整、调剂资金累计 {wan(moved)}，占{label}的 {rate(measured)}。"
                    break
            paragraphs.append(Paragraph(sentence))
        paragraphs.extend(self.assessment("财务合规性"))
        paragraphs.extend(self.notes("财务合规性", "financial_compliance"))
        return paragraphs

    def disclosure(self) -> Paragraph | None:
        disclosure = self.case.disclosure
        if disclosure is None:
            return None
        budget_year, accounts_year = self.case.year, self.case.year - 1
        return Paragraph(
            _disclosure_sentence(f"{budget_year}年部门预算", disclosure.budget, disclosure.budget_date)
            + _disclosure_sentence(f"{accounts_year}年度部门决算", disclosure.final_accounts,
                                   disclosure.final_accounts_date)
        )

    def procurement(self) -> Paragraph | None:
        procurement = self.case.procurement
        if procurement is None:
            return None
        budgets = []
        if procurement.initial_budget is not None:
            budgets.append(f"政府采购年初预算 {wan(procurement.initial_budget)}")
        if procurement.adjusted_budget is not None:
            budgets.append(f"调整预算 {wan(procurement.adjusted_budget)}")
        text = f"{self.year}，{self.we}" + _join([*budgets, f"采购计划金额 {wan(procurement.plan)}",
                                                 f"实际采购支付 {wan(procurement.paid)}"])
        execution = self.rate_of(procurement.paid, procurement.plan, self.figures.procurement_rate)
        if execution is not None:
            text += f"，政府采购执行率为 {rate(execution)}"
        return Paragraph(text + "。")

    def asset_utilisation(self) -> Paragraph | None:
        assets = self.case.assets
        if assets is None:
            return None
        text = (f"截至{self.year}末，{self.we}固定资产原值合计 {wan(assets.fixed_original_value)}，"
                f"其中在用固定资产原值 {wan(assets.fixed_in_use)}")
        utilisation = self.rate_of(assets.fixed_in_use, assets.fixed_original_value,
                                   self.figures.asset_utilisation)
        if utilisation is not None:
            text += f"，固定资产利用率为 {rate(utilisation)}"
        return Paragraph(text + "。")

    def asset_safety(self) -> Paragraph | None:
        assets = self.case.assets
        if assets is None:
            return None
        parts: list[str] = []
        if assets.new_items is not None or assets.new_value is not None:
            items = f" {assets.new_items} 件" if assets.new_items is not None else ""
            value = f"，原值 {wan(assets.new_value)}" if assets.new_value is not None else ""
            parts.append(f"{self.year}新增固定资产{items}{value}")
        if assets.income_remitted is not None:
            parts.append(f"资产出租出借及处置收入 {wan(assets.income_remitted)}已上缴财政")
        return Paragraph("；".join(parts) + "。") if parts else None

    def in_post_rate(self) -> Paragraph | None:
        staff = self.figures.staff
        if staff is None:
            return None
        text = (f"截至{self.year}末，核定编制数（含工勤人员）{staff.authorised_posts} 人，"
                f"实有在编人数（含工勤人员）{staff.in_post} 人")
        value = self.rate_of(staff.in_post, staff.authorised_posts, staff.in_post_rate)
        if value is not None:
            text += f"，财政供养人员控制率为 {rate(value)}"
        return Paragraph(text + "。")

    def outside_quota_rate(self) -> Paragraph | None:
        staff = self.figures.staff
        if staff is None or self.case.staff is None:
            return None
        categories = self.case.staff.other
        counted = [f"{c.category} {c.count} 人" for c in categories if c.outside_quota]
        not_counted = [f"{c.category} {c.count} 人" for c in categories if not c.outside_quota]
        text = f"在职人员总数（在编与编外合计）{staff.all_in_post} 人"
        if counted:
            text += f"，其中计为编外人员的有{'、'.join(counted)}，共 {staff.outside_quota} 人"
        else:
            text += "，无编外人员"
        if not_counted:
            text += f"；{'、'.join(not_counted)}不计入编外人员"
        value = self.rate_of(staff.outside_quota, staff.all_in_post, staff.outside_quota_rate)
        if value is not None:
            text += f"。编外人员控制率为 {rate(value)}"
        return Paragraph(text + "。")

    # ----------------------------------------------------------------------------------------- 二、

    def performance(self) -> Section:
        narrative = self.case.narrative
        part = Section("部门主要履职绩效分析")
        part.add(
            Section("主要履职目标").add(*_numbered(list(narrative.goals))),
            Section("主要履职情况").add(*[p for text in narrative.achievements for p in split_text(text)]),
            Section("部门履职绩效情况").add(
                Section("经济性").add(*self.economy()),
                Section("效率性").add(
                    Section("预算执行率").add(*self.budget_execution_rate()),
                    Section("重点工作完成情况").add(*self.key_tasks()),
                    Section("项目完成及时性").add(self.projects_on_time(),
                                                   *self.notes("项目完成及时性", "project_timeliness")),
                ),
                Section("效果性").add(*self.effectiveness()),
                Section("公平性").add(
                    Section("群众信访办理情况").add(*self.petitions()),
                    Section("公众或服务对象满意度").add(*self.satisfaction()),
                ),
            ),
            Section("部门整体支出绩效目标完成情况自评表").add(*self.self_evaluation_tables()),
        )
        part.add(self.other_indicators())
        return part

    def other_indicators(self) -> Section:
        """Indicators of a framework shaped unlike the sections above: their notes and checklist findings."""
        part = Section("其他指标的评价情况")
        if self.sheet is None:
            return part
        for indicator in self.sheet.indicators:
            keys = (indicator.id, indicator.name)
            unplaced_notes = [k for k in keys if k in self.case.narrative.notes and k not in self.placed_notes]
            pending = indicator.id not in self.placed_assessments
            if not unplaced_notes and not pending:
                continue
            judged = self.assessment(*keys) if pending else []
            part.add(Section(indicator.name).add(*judged, *self.notes(*unplaced_notes) if unplaced_notes else []))
        return part

    def economy(self) -> list[Section | Block]:
        expenses = self.case.public_expenses
        if expenses is None:
            return list(self.notes("公用经费控制率", "public_expense_control"))
        blocks: list[Section | Block] = []
        for title, line, derived in (
            ("“三公”经费控制率", expenses.three_public, self.figures.three_public_rate),
            ("日常公用经费控制率", expenses.routine, self.figures.routine_rate),
        ):
            label = title.removesuffix("控制率")
            budgets = [f"年初预算 {wan(line.initial)}"] if line.initial is not None else []
            text = f"{self.year}{label}" + _join([*budgets, f"调整预算 {wan(line.adjusted)}",
                                                   f"决算 {wan(line.final)}"])
            value = self.rate_of(line.final, line.adjusted, derived)
            if value is not None:
                text += f"，{title}为 {rate(value)}"
            blocks.append(Section(title).add(Paragraph(text + "。")))
        blocks.extend(self.notes("公用经费控制率", "public_expense_control"))
        return blocks

    def budget_execution_rate(self) -> list[Block]:
        quarters = self.figures.quarters
        if not quarters:
            return []
        execution = self.sheet.budget_execution if self.sheet else None
        progress = [
            execution.quarters[i].progress if execution else q.progress for i, q in enumerate(quarters)
        ]
        # One clause a quarter, numbers set off by spaces: a bare run of rates gives a justified line no
        # place to break and stretches it.
        listed = "；".join(
            f"{QUARTER_NAMES[i]}末支出进度 {rate(p)}，序时进度 {rate(TIME_PROGRESS[i])}"
            for i, p in enumerate(progress) if p is not None
        )
        text = f"全年平均执行率按四个季度执行率之和除以四计算。{self.year}{listed}"
        if execution is not None:
            text += f"。全年平均执行率为 {rate(execution.average_rate)}"
        text += "。"
        blocks: list[Block] = [Paragraph(self.scored(text, "预算执行率", "budget_execution"))]
        blocks.append(self.quarter_table())
        if self.charts:
            from .charts import progress_chart

            blocks.append(Chart(
                "progress", f"{self.year}各季度支出进度与序时进度",
                partial(progress_chart, [(QUARTER_NAMES[i], p, TIME_PROGRESS[i]) for i, p in enumerate(progress)]),
                width_mm=140,
            ))
        blocks.extend(self.notes("预算执行率", "budget_execution"))
        return blocks

    def quarter_table(self) -> Table:
        execution = self.sheet.budget_execution if self.sheet else None
        columns = [Column("季度", 24), Column("调整预算数", 30, "right"), Column("累计支出数", 30, "right"),
                   Column("支出进度", 24, "right"), Column("序时进度", 24, "right")]
        if execution is not None:
            columns.append(Column("得分", 24, "right"))
        rows: list[tuple[Cell, ...]] = []
        for i, quarter in enumerate(self.figures.quarters):
            progress = execution.quarters[i].progress if execution else quarter.progress
            row = [Cell(QUARTER_NAMES[i]), Cell(amount(quarter.adjusted_budget)),
                   Cell(amount(quarter.cumulative_spending)),
                   Cell(rate(progress) if progress is not None else "—"), Cell(rate(quarter.time_progress))]
            if execution is not None:
                row.append(Cell(points(execution.quarters[i].score)))
            rows.append(tuple(row))
        if execution is not None:
            rows.append((Cell("全年平均执行率", colspan=3, bold=True),
                         Cell(rate(execution.average_rate), colspan=2, align="center"),
                         Cell(points(execution.average_score))))
        return Table("quarters", f"{self.year}度各季度预算执行情况", tuple(columns), tuple(rows),
                     unit="单位：万元、分" if execution else "单位：万元", font_size_pt=12)

    def key_tasks(self) -> list[Block]:
        tasks = self.case.key_tasks
        blocks: list[Block] = []
        if tasks:
            done = self.figures.key_tasks_completed or 0
            text = f"{self.year}{self.we}承担重点工作 {len(tasks)} 项，按期完成 {done} 项"
            missed = [t.name for t in tasks if not t.completed]
            if missed:
                text += f"，未按期完成的有：{'；'.join(missed)}"
            blocks.append(Paragraph(text + "。"))
            blocks.extend(Paragraph(f"{t.name}：{t.note}") for t in tasks if t.note)
        blocks.extend(self.notes("重点工作完成情况", "key_tasks"))
        return blocks

    def projects_on_time(self) -> Paragraph | None:
        projects = self.case.projects
        if projects is None:
            return None
        if projects.completed_on_time == projects.planned:
            return Paragraph(f"{self.year}部门预算安排的 {projects.planned} 个项目全部按计划时间完成。")
        text = (f"{self.year}部门预算安排项目 {projects.planned} 个，按计划时间完成 "
                f"{projects.completed_on_time} 个")
        if self.figures.projects_on_time_rate is not None:
            text += f"，按时完成比例为 {rate(self.figures.projects_on_time_rate)}"
        return Paragraph(text + "。")

    def effectiveness(self) -> list[Section | Block]:
        aspects = self.case.narrative.effectiveness
        blocks: list[Section | Block] = []
        table = self.case.self_evaluation
        if table is not None and table.targets:
            text = f"部门整体支出绩效目标设置绩效指标 {len(table.targets)} 项，预期值与实际完成值见自评表"
            judged = [j for j in self.target_judgements or () if j is not None]
            if judged:
                counts: dict[str, int] = {}
                for result in judged:
                    counts[result.outcome] = counts.get(result.outcome, 0) + 1
                text += "；逐项对照预期值，" + "、".join(f"{outcome} {n} 项" for outcome, n in counts.items())
            blocks.append(Paragraph(text + ("。各方面的效益如下。" if aspects else "。")))
        blocks.extend(Section(aspect).add(*split_text(text)) for aspect, text in aspects.items())
        blocks.extend(self.notes("社会效益、经济效益、生态效益等", "effectiveness", "效果性"))
        return blocks

    def petitions(self) -> list[Block]:
        petitions = self.case.petitions
        blocks: list[Block] = []
        if petitions is not None:
            channel = ("已建立便利的群众意见反映渠道和办理回复机制" if petitions.channel
                       else "尚未建立便利的群众意见反映渠道和办理回复机制")
            if petitions.received == 0:
                handled = f"{self.year}未收到群众信访件"
            else:
                handled = (f"{self.year}收到群众信访 {petitions.received} 件，"
                           f"已办理回复 {petitions.replied} 件，"
                           f"其中按期办理回复 {petitions.replied_on_time} 件")
            blocks.append(Paragraph(f"{self.we}{channel}；{handled}。"))
        blocks.extend(split_text(self.case.narrative.petitions))
        return blocks

    def satisfaction(self) -> list[Block]:
        satisfaction = self.case.satisfaction
        blocks: list[Block] = []
        if satisfaction is not None:
            source = f"（{satisfaction.source}）" if satisfaction.source else ""
            blocks.append(Paragraph(f"{self.year}公众或服务对象满意度为 {rate(satisfaction.rate)}{source}。"))
        blocks.extend(split_text(self.case.narrative.satisfaction))
        return blocks

    def self_evaluation_tables(self) -> list[Block]:
        table = self.case.self_evaluation
        if table is None:
            return []
        blocks: list[Block] = []
        name = self.case.department.full_name or self.case.department.name
        blocks.append(Paragraph(f"部门名称：{name}；预算年度：{self.case.year}年度。"))
        if table.main_tasks:
            rows: list[tuple[Cell, ...]] = [
                (Cell(t.name, align="left"), Cell(t.content, align="left"), Cell(t.result, align="left"),
                 Cell(amount(t.budget_total)), Cell(_optional_amount(t.budget_fiscal)),
                 Cell(amount(t.executed_total)), Cell(_optional_amount(t.executed_fiscal)))
                for t in table.main_tasks
            ]
            totals = self.figures.self_evaluation
            if totals is not None:
                rows.append((Cell("合计", colspan=3, bold=True), Cell(amount(totals.budget_total)),
                             Cell(_optional_amount(totals.budget_fiscal)),
                             Cell(amount(totals.executed_total)),
                             Cell(_optional_amount(totals.executed_fiscal))))
            blocks.append(Table(
                "main_tasks", "主要任务完成情况",
                (Column("任务名称", 14), Column("主要内容", 20, "left"), Column("完成情况", 26, "left"),
                 Column("预算数（总数）", 24, "right"), Column("预算数（其中：财政拨款）", 24, "right"),
                 Column("执行数（总额）", 24, "right"), Column("执行数（其中：财政拨款）", 24, "right")),
                tuple(rows), unit="单位：元", font_size_pt=9,
            ))
        if table.goals:
            blocks.append(Table(
                "goals", "年度总体目标完成情况",
                (Column("预期目标", 60, "left"), Column("目标完成实际情况", 96, "left")),
                tuple((Cell(g.goal), Cell(g.result)) for g in table.goals), font_size_pt=10.5,
            ))
        if table.targets:
            blocks.append(self.targets_table(table.targets))
        return blocks

    def targets_table(self, targets: Sequence[Target]) -> Table:
        judgements = self.target_judgements
        with_judgement = judgements is not None and any(j for j in judgements)
        columns = [Column("一级指标", 18), Column("二级指标", 20), Column("三级指标", 48, "left"),
                   Column("预期指标值", 35), Column("实际完成指标值", 35)]
        if with_judgement:
            columns = [Column("一级指标", 16), Column("二级指标", 18), Column("三级指标", 40, "left"),
                       Column("预期指标值", 26), Column("实际完成指标值", 27), Column("完成情况", 29)]
        rows = []
        for i, target in enumerate(targets):
            row = [Cell(target.level1), Cell(target.level2), Cell(target.name), Cell(target.expected),
                   Cell(target.actual or "—")]
            if with_judgement and judgements is not None:
                result = judgements[i] if i < len(judgements) else None
                row.append(Cell(result.cell() if result is not None else "—"))
            rows.append(tuple(row))
        return Table("targets", "年度绩效指标完成情况", tuple(columns), tuple(rows), merge_down=(0, 1),
                     font_size_pt=10.5)

    # ----------------------------------------------------------------------------------------- 三、

    def conclusion(self) -> Section:
        narrative = self.case.narrative
        part = Section("总体评价和整改措施")
        if self.sheet is not None:
            part.add(*self.overall())
        problems = split_text(narrative.problems)
        improvements = split_text(narrative.improvements)
        if problems:
            problems[0] = Paragraph(f"存在问题：{problems[0].text}")
        if improvements:
            improvements[0] = Paragraph(f"改进措施：{improvements[0].text}")
        part.add(
            Section("预算绩效管理工作主要经验、做法").add(*split_text(narrative.practices)),
            Section("部门整体支出绩效存在的问题和改进措施").add(*problems, *improvements),
            Section("后续工作计划、相关建议").add(*split_text(narrative.plans)),
        )
        return part

    def overall(self) -> list[Paragraph]:
        sheet = self.sheet
        assert sheet is not None
        by_level1 = "，".join(f"{name}得 {points(score)} 分（分值 {points(weight)} 分）"
                             for name, weight, score in sheet.level1_totals())
        unscored = sheet.unscored()
        if sheet.grade is None or unscored:
            listed = "、".join(f"“{i.name}”" for i in unscored)
            opening = (f"按{sheet.framework}，{self.we}{self.year}度已计分指标合计 {points(sheet.total)} 分；"
                       f"{listed}等 {len(unscored)} 项指标因缺少数据尚未计分，暂不评定等级。")
        else:
            opening = (f"按{sheet.framework}评分，{self.we}{self.year}度部门整体支出绩效综合评分为 "
                       f"{points(sheet.total)} 分，评分等级为“{sheet.grade}”。")
        paragraphs = [Paragraph(f"{opening}其中{by_level1}。")]
        short = list(sheet.short_of_full())
        if short:
            listed = "；".join(
                f"“{i.name}”得 {points(i.score or Decimal(0))} 分，较分值少 {points(i.lost)} 分"
                + (f"（{reason}）" if (reason := self.reason(i.id)) else "")
                for i in short
            )
            paragraphs.append(Paragraph(f"未得满分的指标有 {len(short)} 项：{listed}。"))
        elif not unscored:
            paragraphs.append(Paragraph("各项指标均得满分。"))
        return paragraphs

    def reason(self, indicator_id: str) -> str:
        """The evaluator's reasons for points withheld, as the case states them."""
        judgement = self.case.judgements.get(indicator_id)
        if judgement is None:
            return ""
        reasons = [judgement.reason] if judgement.reason else []
        reasons += [item.reason for item in judgement.items.values() if item.reason]
        return "；".join(reasons)

    # ----------------------------------------------------------------------------------------- 四、

    def score_part(self) -> Section:
        part = Section("部门整体支出绩效评价指标评分情况")
        sheet = self.sheet
        if sheet is None:
            return part
        if sheet.grade is not None:
            lead = f"各项评价指标的分值和得分列于下表，综合评分 {points(sheet.total)} 分，评分等级“{sheet.grade}”。"
        else:
            lead = f"各项评价指标的分值和得分列于下表；已计分指标合计 {points(sheet.total)} 分，尚未评定等级。"
        part.add(Paragraph(lead))
        part.add(score_table(sheet))
        if self.charts:
            from .charts import score_rate_chart

            part.add(Chart("score_rates", "各二级指标得分率", partial(score_rate_chart, sheet.groups()), width_mm=150))
        return part


def score_table(sheet: ScoreSheet) -> Table:
    """部门整体支出绩效评分表."""
    rows: list[tuple[Cell, ...]] = [
        (Cell(i.level1), Cell(i.level2), Cell(i.name), Cell(points(i.weight)),
         Cell(i.description, align="left"), Cell(i.standard, align="left"),
         Cell(points(i.score) if i.score is not None else "未计分"))
        for i in sheet.indicators
    ]
    total_label = "综合评分" if sheet.grade is not None else "已计分合计"
    rows.append((Cell(total_label, colspan=6, bold=True), Cell(points(sheet.total), bold=True)))
    rows.append((Cell("评分等级", colspan=6, bold=True), Cell(sheet.grade or "未评定", bold=True)))
    return Table(
        "score_sheet", "部门整体支出绩效评分表",
        (Column("一级指标", 15), Column("二级指标", 15), Column("三级指标", 19), Column("分值", 12),
         Column("指标说明", 37, "left"), Column("评分标准", 46, "left"), Column("得分", 12)),
        tuple(rows), unit="单位：分", merge_down=(0, 1), font_size_pt=9,
    )


def _numbered(lines: list[str]) -> list[Paragraph]:
    # Lines the department already numbered keep their numbers.
    out = []
    for n, line in enumerate(lines, start=1):
        text = line.strip()
        numbered = text[:1].isdigit() and (text[1:2] in ".、" or text[2:3] in ".、")
        if text[-1:] not in "。；！？":
            text += "。"
        out.append(Paragraph(text if numbered else f"{n}.{text}"))
    return out


def _optional_amount(value: Decimal | None) -> str:
    return "—" if value is None else amount(value)


def _disclosure_sentence(what: str, status: DisclosureStatus, day: date | None) -> str:
    when = f"于{_day(day)}" if day is not None else ""
    if status == "按规定公开":
        return f"{what}已{when}按规定的内容、时限和范围公开。"
    if status == "公开但不符合要求":
        return f"{what}已{when}公开，但在时限、内容或范围上未完全符合要求。"
    if status == "涉密免于公开":
        return f"{what}属涉密信息，按规定免于公开。"
    return f"{what}未公开。"
