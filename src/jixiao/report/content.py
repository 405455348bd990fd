"""What the report says (报告内容): the document model built from the facts and the scores.

The structure follows a 部门整体支出绩效评价报告: 部门基本情况, 部门主要履职绩效分析, 总体评价和整改措施,
评分情况. Paragraphs that state figures are written here from :mod:`.figures` and the score sheet; the parts
no figure can give (functions, what was done, practices, problems, plans, notes on an indicator) come from the
case's ``narrative`` and are placed where they belong. A part whose facts are missing is simply not built.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING

from ..facts.model import DepartmentYear, DisclosureStatus, Target
from ..numbers import amount, points, rate
from .document import Block, Cell, Chart, Column, Document, Paragraph, Section, Table
from .figures import TIME_PROGRESS, ReportFigures, report_figures
from .outline import (
    AssessmentEntry,
    Entry,
    GroupEntry,
    IndicatorEntry,
    NarrativeEntry,
    Outline,
    SectionEntry,
    WriterEntry,
)
from .scores import Group, ScoredIndicator, ScoreSheet

if TYPE_CHECKING:
    from ..frameworks import Framework
    from ..scoring.result import Evaluation
    from .layouts import ReportInputs

QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
CONTENT_WIDTH_MM = 156.0
"""A4 width less the GB/T 9704 side margins (28 mm + 26 mm)."""


def build_document(
    case: DepartmentYear,
    sheet: ScoreSheet | None,
    *,
    charts: bool = True,
    target_judgements: Sequence[TargetResult | None] | None = None,
    outline: Outline | None = None,
    framework: Framework | None = None,
    missing: Mapping[str, tuple[str, ...]] | None = None,
    evaluation: Evaluation | None = None,
) -> Document:
    """The whole report for one department-year, laid out by ``outline`` (by default the Shenzhen one).

    ``target_judgements`` (one per performance target, in order) adds a column to the targets table when
    the targets' own assessment is available; ``missing`` names what each unscored indicator lacks.
    """
    from .layouts import ReportInputs, layout_named

    chosen = outline if outline is not None else default_outline()
    inputs = ReportInputs(case, sheet, framework, chosen, charts, target_judgements, dict(missing or {}), evaluation)
    return layout_named(chosen.layout)(inputs)


def default_outline() -> Outline:
    """The outline of the default framework (深圳市部门整体支出绩效评价), the report's original shape."""
    from ..frameworks import DEFAULT_FRAMEWORK, load_framework
    from .outline import outline_for

    outline = outline_for(load_framework(DEFAULT_FRAMEWORK))
    assert outline is not None, "the default framework ships with its outline"
    return outline


def outline_document(inputs: ReportInputs) -> Document:
    """The ``department`` layout: the sections the outline lists."""
    assert inputs.outline is not None
    return _Writer.of(inputs).document(inputs.outline, "部门整体支出绩效评价报告")


def generic_document(inputs: ReportInputs) -> Document:
    """The ``generic`` layout, for a framework without an outline: overview, scores by group, points lost,
    targets, the score sheet and a chart."""
    project = inputs.case.figures.get("project.name")
    if isinstance(project, str) and project:
        title = f"{project}{'支出' if project.endswith('项目') else '项目支出'}绩效评价报告"
    else:
        title = "部门整体支出绩效评价报告"
    outline = inputs.outline if inputs.outline is not None and inputs.outline.layout == "generic" else GENERIC_OUTLINE
    return _Writer.of(inputs).document(outline, title)


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
        framework: Framework | None = None,
        missing: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.case = case
        self.framework = framework
        self.missing = dict(missing or {})
        self.sheet = sheet
        self.figures = figures
        self.charts = charts
        self.target_judgements = target_judgements
        self.we = "本部门"
        # What has found its place in the report, so that nothing a framework of another shape brings is lost.
        self.placed_notes: set[str] = set()
        self.placed_assessments: set[str] = set()
        self.year = f"{case.year}年"

    @classmethod
    def of(cls, inputs: ReportInputs) -> _Writer:
        return cls(inputs.case, inputs.sheet, report_figures(inputs.case), charts=inputs.charts,
                   target_judgements=inputs.target_judgements, framework=inputs.framework, missing=inputs.missing)

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

    # ----------------------------------------------------------------------------------------- outline

    def build(self, entries: Iterable[Entry]) -> list[Section | Block]:
        """The sections and blocks an outline's entries give, in their order."""
        out: list[Section | Block] = []
        for entry in entries:
            if isinstance(entry, SectionEntry):
                out.append(Section(entry.title).add(*self.build(entry.entries)))
            elif isinstance(entry, WriterEntry):
                out.extend(_as_list(WRITERS[entry.name](self)))
            elif isinstance(entry, IndicatorEntry):
                out.extend(self.indicator_account(*entry.keys))
            elif isinstance(entry, GroupEntry):
                out.extend(self.group_accounts(entry.group))
            elif isinstance(entry, NarrativeEntry):
                out.extend(self.narrative_text(entry.key))
            elif isinstance(entry, AssessmentEntry):
                out.extend(self.assessment(*entry.keys))
            else:
                out.extend(self.notes(*entry.keys))
        return out

    def document(self, outline: Outline, title: str) -> Document:
        name = self.case.department.name
        doc = Document(title=f"{name}{self.case.year}年度{outline.title or title}", department=name,
                       year=self.case.year)
        doc.sections = [part for part in self.build(outline.sections) if isinstance(part, Section)]
        return doc

    def narrative_text(self, key: str) -> list[Section | Block]:
        """A text of the case's narrative: its paragraphs; an aspect-by-aspect text, one section an aspect."""
        value = getattr(self.case.narrative, key)
        if isinstance(value, dict):
            return [Section(aspect).add(*split_text(text)) for aspect, text in value.items()]
        if isinstance(value, tuple):
            return [p for text in value for p in split_text(text)]
        return list(split_text(value))

    def goals(self) -> list[Paragraph]:
        return _numbered(list(self.case.narrative.goals))

    # ----------------------------------------------------------------------------------------- 一、

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

    def budget_reclassification(self) -> Paragraph | None:
        """预算编制合理性: the funds moved between classifications and the corrections, against the budget."""
        budget = self.figures.budget
        if budget is None or budget.reclassified_share is None or not (budget.reclassifications or budget.corrections):
            return None
        return Paragraph(
            f"年度中功能分类和经济分类调剂 {wan(budget.reclassifications)}，科目更正 "
            f"{wan(budget.corrections)}，两项合计占调整预算数的 {rate(budget.reclassified_share)}。"
        )

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
            text += self.outcome_counts()
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

    # ----------------------------------------------------------------------------------------- any framework

    def indicator_account(self, *keys: str) -> list[Paragraph]:
        """One indicator in general terms: its score of its weight, how it was computed, each point lost and
        why, and the department's own note on it."""
        indicator = self.sheet.find(*keys) if self.sheet else None
        if indicator is None:
            return self.notes(*keys)
        self.placed_assessments.add(indicator.id)
        paragraphs = [Paragraph(self.score_sentence(indicator))]
        if indicator.score is not None:
            steps = [line.strip().rstrip("。；") for line in indicator.trail if line.strip()]
            if steps:
                paragraphs.append(Paragraph(f"计分过程：{'；'.join(steps)}。"))
            if indicator.lost > 0:
                why = self.loss_reason(indicator)
                paragraphs.append(Paragraph(f"失分 {points(indicator.lost)} 分" + (f"：{why}。" if why else "。")))
        return paragraphs + self.notes(*keys)

    def score_sentence(self, indicator: ScoredIndicator) -> str:
        if indicator.score is None:
            return f"{_quoted(indicator.name)}（分值 {points(indicator.weight)} 分）未计分{self.missing_text(indicator)}。"
        return f"按评分标准，{_quoted(indicator.name)}得 {points(indicator.score)} 分（分值 {points(indicator.weight)} 分）。"

    def missing_text(self, indicator: ScoredIndicator) -> str:
        missing = self.missing.get(indicator.id, ())
        return f"：{'；'.join(missing)}" if missing else "：所需数据不全"

    def loss_reason(self, indicator: ScoredIndicator) -> str:
        """Why points were withheld: the checklist items short of full with their reasons, else the evaluator's
        reasons; empty when only the computation (already stated) explains it."""
        short = [c for c in indicator.checks if c.awarded < c.points]
        if short:
            return "；".join(f"{_quoted(c.name)}少得 {points(c.points - c.awarded)} 分" + (f"（{c.reason}）" if c.reason else "")
                            for c in short)
        return self.reason(indicator.id)

    def group_accounts(self, group: str) -> list[Section | Block]:
        """Every indicator of a 一级 group (by its 二级 groups) or of a 二级 group, a heading each."""
        if self.sheet is None:
            return []
        level1 = [i for i in self.sheet.indicators if i.level1 == group]
        if level1:
            level2s = list(dict.fromkeys(i.level2 for i in level1))
            return [Section(name).add(*self.group_accounts_of([i for i in level1 if i.level2 == name]))
                    for name in level2s]
        return list(self.group_accounts_of([i for i in self.sheet.indicators if i.level2 == group]))

    def group_accounts_of(self, indicators: Sequence[ScoredIndicator]) -> list[Section]:
        return [Section(i.name).add(*self.indicator_account(i.id)) for i in indicators]

    def evaluated(self) -> str:
        """What is evaluated: the project where the case has one, else the department."""
        project = self.case.figures.get("project.name")
        department = self.case.department.full_name or self.case.department.name
        return f"{department}“{project}”" if project else department

    def overview(self) -> list[Paragraph]:
        """评价概况: who and what, the year, the framework and its source, the total and grade, a summary."""
        paragraphs = []
        framework = self.framework
        if framework is not None:
            issuer = f"，{framework.source.issuer}" if framework.source.issuer else ""
            basis = f"{framework.title}（依据：{framework.source.document}{issuer}）"
        else:
            basis = self.sheet.framework if self.sheet else ""
        lines = [f"评价对象：{self.evaluated()}", f"评价年度：{self.year}度"]
        if basis:
            lines.append(f"评价指标体系：{basis}")
        paragraphs.append(Paragraph("；".join(lines) + "。"))
        sheet = self.sheet
        if sheet is None:
            return paragraphs
        unscored = sheet.unscored()
        if sheet.grade is None or unscored:
            listed = "、".join(f"“{i.name}”" for i in unscored)
            paragraphs.append(Paragraph(
                f"本稿为数据不全时的草稿：已计分指标合计 {points(sheet.total)} 分；{listed}等 {len(unscored)} 项指标"
                "因缺少数据未计分，暂不评定等级。"))
        else:
            paragraphs.append(Paragraph(
                f"综合评分 {points(sheet.total)} 分，评分等级为“{sheet.grade}”。"))
        paragraphs.append(Paragraph(self.summary(sheet)))
        return paragraphs

    def summary(self, sheet: ScoreSheet) -> str:
        scored = [i for i in sheet.indicators if i.score is not None]
        full = [i for i in scored if i.score == i.weight]
        short = list(sheet.short_of_full())
        text = f"指标体系共有三级指标 {len(sheet.indicators)} 项，其中 {len(full)} 项得满分"
        if short:
            lost = sum((i.lost for i in short), Decimal(0))
            text += f"，{len(short)} 项未得满分，合计失分 {points(lost)} 分"
        totals = [(name, score / weight) for name, weight, score in sheet.level1_totals() if weight]
        if len(totals) > 1:
            best = max(totals, key=lambda t: t[1])
            worst = min(totals, key=lambda t: t[1])
            if best[1] != worst[1]:
                text += (f"。分组看，{_quoted(best[0])}得分率最高（{rate(best[1])}），"
                         f"{_quoted(worst[0])}得分率最低（{rate(worst[1])}）")
        if short:
            most = max(short, key=lambda i: i.lost)
            text += f"；失分最多的是{_quoted(most.name)}（失分 {points(most.lost)} 分）"
        return text + "。"

    def group_scores(self) -> list[Section | Block]:
        """得分情况: each 一级 group's score of its weight and its rate, then its 二级 groups and indicators."""
        sheet = self.sheet
        if sheet is None:
            return []
        groups = sheet.groups()
        blocks: list[Section | Block] = []
        for level1, weight, score in sheet.level1_totals():
            text = f"{_quoted(level1)}分值 {points(weight)} 分，得 {points(score)} 分"
            if weight:
                text += f"，得分率 {rate(score / weight)}"
            sentences = [text]
            for group in (g for g in groups if g.level1 == level1):
                members = [i for i in sheet.indicators if i.level1 == level1 and i.level2 == group.level2]
                listed = "、".join(f"{i.name} {points(i.score)} 分" if i.score is not None else f"{i.name}未计分"
                                  for i in members)
                rated = f"，得分率 {rate(group.score_rate)}" if group.score_rate is not None else ""
                # The group's weight comes before the indicators are named: a figure after a name reads as that
                # indicator's own.
                sentences.append(f"{group.level2}分值 {points(group.weight)} 分，得 {points(group.score)} 分{rated}，"
                                 f"其中{listed}")
            blocks.append(Paragraph("。".join(sentences) + "。"))
        return blocks

    def lost_points(self) -> list[Paragraph]:
        """扣分情况: every indicator short of its weight, with the points lost and why; those not scored."""
        sheet = self.sheet
        if sheet is None:
            return []
        short = list(sheet.short_of_full())
        unscored = sheet.unscored()
        if not short and not unscored:
            return [Paragraph("各项指标均得满分，没有扣分。")]
        paragraphs = []
        if short:
            lost = sum((i.lost for i in short), Decimal(0))
            paragraphs.append(Paragraph(f"未得满分的指标共 {len(short)} 项，合计失分 {points(lost)} 分，逐项说明如下。"))
        for n, indicator in enumerate(short, start=1):
            why = self.loss_reason(indicator)
            if not why:
                steps = [line.strip().rstrip("。；") for line in indicator.trail if line.strip()]
                why = f"按计分过程，{'；'.join(steps)}" if steps else ""
            score = points(indicator.score or Decimal(0))
            paragraphs.append(Paragraph(
                f"{n}.{_quoted(indicator.name)}（{indicator.level1}—{indicator.level2}）得 {score} 分，"
                f"分值 {points(indicator.weight)} 分，失分 {points(indicator.lost)} 分" + (f"。原因：{why}。" if why else "。")))
        for indicator in unscored:
            paragraphs.append(Paragraph(f"{_quoted(indicator.name)}未计分{self.missing_text(indicator)}。"))
        return paragraphs

    def targets(self) -> list[Block]:
        """The self-evaluation targets, expected against actual, when the case has them."""
        table = self.case.self_evaluation
        if table is None or not table.targets:
            return []
        text = f"绩效目标共设置绩效指标 {len(table.targets)} 项，各项的预期值和实际完成值列于下表"
        return [Paragraph(text + self.outcome_counts() + "。"), self.targets_table(table.targets)]

    def outcome_counts(self) -> str:
        """“；逐项对照预期值，达成 8 项、未达成 2 项” when the targets were judged, else nothing."""
        judged = [j for j in self.target_judgements or () if j is not None]
        if not judged:
            return ""
        counts: dict[str, int] = {}
        for result in judged:
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
        return "；逐项对照预期值，" + "、".join(f"{outcome} {n} 项" for outcome, n in counts.items())

    def full_score_table(self) -> list[Block]:
        sheet = self.sheet
        if sheet is None:
            return []
        title = "项目支出绩效评分表" if self.case.figures.get("project.name") else "部门整体支出绩效评分表"
        return [Paragraph("各项评价指标的分值、评分标准和得分列于下表。"), score_table(sheet, title)]

    def level1_chart(self) -> Chart | None:
        """各一级指标得分率 as bars."""
        if self.sheet is None or not self.charts:
            return None
        from .charts import score_rate_chart

        groups = [Group(name, name, weight, score) for name, weight, score in self.sheet.level1_totals()]
        return Chart("level1_rates", "各一级指标得分率", partial(score_rate_chart, groups), width_mm=150)


def score_table(sheet: ScoreSheet, title: str = "部门整体支出绩效评分表") -> Table:
    """The score sheet (部门整体支出绩效评分表): every indicator with its weight, standard and score."""
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
        "score_sheet", title,
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


def _quoted(name: str) -> str:
    """A name in quotation marks, unless it already holds some (“三公”经费变动率)."""
    return name if "“" in name else f"“{name}”"


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


Written = Section | Block | None | Sequence[Section | Block | None]


def _as_list(written: Written) -> list[Section | Block]:
    if written is None:
        return []
    if isinstance(written, Section | Paragraph | Table | Chart):
        return [written]
    return [item for item in written if item is not None]


WRITERS: dict[str, Callable[[_Writer], Written]] = {
    # 部门基本情况
    "staffing_summary": _Writer.staffing_summary,
    "annual_tasks": _Writer.annual_tasks,
    "budget_reclassification": _Writer.budget_reclassification,
    "projects_summary": _Writer.projects_summary,
    "targets_summary": _Writer.targets_summary,
    "compliance": _Writer.compliance,
    "disclosure": _Writer.disclosure,
    "procurement": _Writer.procurement,
    "asset_utilisation": _Writer.asset_utilisation,
    "asset_safety": _Writer.asset_safety,
    "in_post_rate": _Writer.in_post_rate,
    "outside_quota_rate": _Writer.outside_quota_rate,
    # 部门主要履职绩效分析
    "goals": _Writer.goals,
    "economy": _Writer.economy,
    "budget_execution_rate": _Writer.budget_execution_rate,
    "quarter_table": lambda w: w.quarter_table() if w.figures.quarters else None,
    "key_tasks": _Writer.key_tasks,
    "projects_on_time": _Writer.projects_on_time,
    "effectiveness": _Writer.effectiveness,
    "petitions": _Writer.petitions,
    "satisfaction": _Writer.satisfaction,
    "self_evaluation_tables": _Writer.self_evaluation_tables,
    "targets": _Writer.targets,
    # any framework
    "overview": _Writer.overview,
    "group_scores": _Writer.group_scores,
    "lost_points": _Writer.lost_points,
    "score_table": _Writer.full_score_table,
    "level1_chart": _Writer.level1_chart,
    # whole parts
    "other_indicators": _Writer.other_indicators,
    "conclusion": _Writer.conclusion,
    "score_part": _Writer.score_part,
}
"""The paragraph writers an outline may name (``- procurement``)."""

PARTS = frozenset({"other_indicators", "conclusion", "score_part"})
"""Writers that give a whole titled part, and so may stand at the top of an outline."""

GENERIC_OUTLINE = Outline(
    sections=(
        SectionEntry("评价概况", (WriterEntry("overview"),)),
        SectionEntry("得分情况", (WriterEntry("group_scores"), WriterEntry("level1_chart"))),
        SectionEntry("扣分情况", (WriterEntry("lost_points"),)),
        SectionEntry("绩效目标完成情况", (WriterEntry("targets"),)),
        SectionEntry("存在的问题和改进措施", (NarrativeEntry("problems"), NarrativeEntry("improvements"),
                                                NarrativeEntry("plans"))),
        SectionEntry("绩效评价评分表", (WriterEntry("score_table"),)),
    ),
    layout="generic",
)
"""The report of a framework that has no outline of its own."""
