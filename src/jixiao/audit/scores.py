"""Formula scores recomputed by the scoring engine (公式类指标得分复算) and compared with the score sheet.

The report's figures become a partial :class:`DepartmentYear`; the framework's engine scores what they
allow. An indicator that mixes a formula with an evaluator's judgement (政府采购执行情况: the rate × 1 plus a
policy item) is checked as a range: the formula parts plus anything between nothing and full marks on the
judged parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..decimals import ZERO, round_half_up
from ..facts.model import DepartmentYear
from ..frameworks.model import Framework, Indicator
from ..rules.base import Context, RuleBase
from ..rules.checklist import ChecklistRule
from ..rules.composite import CompositeRule
from ..rules.deductions import DeductionsRule
from ..rules.judged import JudgedRule
from ..scoring.engine import evaluate
from ..scoring.result import IndicatorResult, indicator_needs_judgement
from .checks.comparison import Outcome, plain
from .extraction import Extraction
from .facts import department_year
from .findings import Finding, Severity, Verified
from .tables import ScoreRow, ScoreSheet

_NAME_NOISE = re.compile(r"[\s、，,。.（）()“”\"]")


def _name(text: str) -> str:
    return _NAME_NOISE.sub("", text)


def match_indicator(framework: Framework, row_name: str) -> Indicator | None:
    """The framework's indicator a score-sheet row stands for, by name (extraction may lose a character)."""
    name = _name(row_name)
    for indicator in framework.indicators:
        if _name(indicator.name) == name:
            return indicator
    for indicator in framework.indicators:
        other = _name(indicator.name)
        if min(len(name), len(other)) >= 4 and (name in other or other in name):
            return indicator
    return None


def choose_framework(sheet: ScoreSheet | None, requested: str | None) -> tuple[Framework | None, bool]:
    """The framework named by ``--framework``, or the built-in one whose indicators the sheet's rows match
    (at least half of them); ``(framework, explicit)``."""
    from ..frameworks.load import builtin_ids, load_framework

    if requested is not None:
        return load_framework(requested), True
    if sheet is None or not sheet.rows:
        return None, False
    best: tuple[int, Framework | None] = (0, None)
    for framework_id in builtin_ids():
        candidate = load_framework(framework_id)
        matched = sum(1 for row in sheet.rows if match_indicator(candidate, row.name) is not None)
        if matched > best[0]:
            best = (matched, candidate)
    matched, chosen = best
    if chosen is None or matched * 2 < len(sheet.rows):
        return None, False
    return chosen, False


def check_against_framework(extraction: Extraction, framework: Framework, explicit: bool) -> Iterable[Outcome]:
    """评分表与指标体系: 分值一致；公式类指标得分与按报告数字复算的结果一致."""
    sheet = extraction.score_sheet
    if sheet is None:
        return
    case = department_year(extraction)
    evaluation = None
    if case is not None:
        try:
            evaluation = evaluate(case, framework, partial=True)
        except (ArithmeticError, ValueError) as exc:
            # Figures the engine cannot score (a zero denominator without a rule for it): say so, audit the rest.
            yield Finding(
                Severity.NOTE,
                "公式复算",
                sheet.first_line,
                "—",
                f"计分引擎未能复算：{exc}",
                "公式类指标应能由报告所列数字复算",
                None,
                "公式类指标",
            )
    not_recomputed: list[str] = []
    level1_noted: set[str] = set()
    for row in sheet.rows:
        indicator = match_indicator(framework, row.name)
        if indicator is None:
            yield Finding(
                Severity.SUSPECT if explicit else Severity.NOTE,
                "指标体系",
                row.weight.line,
                row.name,
                f"指标体系 {framework.id} 中没有该指标",
                "评分表指标应与所用指标体系一致",
                row.weight.page,
                row.name,
            )
            continue
        yield from _weight(row, indicator, framework, explicit)
        if row.level1 and row.level1 != indicator.level1 and row.level1 not in level1_noted:
            level1_noted.add(row.level1)
            yield Finding(
                Severity.NOTE,
                "指标体系",
                row.weight.line,
                row.level1,
                indicator.level1,
                f"指标体系 {framework.id} 中“{indicator.name}”属于一级指标“{indicator.level1}”",
                row.weight.page,
                "一级指标名称",
            )
        if row.score is None or row.score.value is None or case is None or evaluation is None:
            continue
        result = evaluation.result(indicator.id)
        if result.score is not None:
            yield _compare_score(row, result, _unstated(indicator, framework, case))
        elif not indicator_needs_judgement(indicator):
            not_recomputed.append(indicator.name)
        else:
            outcome = _compare_range(row, indicator, case)
            if outcome is not None:
                yield outcome
    if not_recomputed:
        yield Finding(
            Severity.NOTE,
            "指标体系",
            sheet.first_line,
            "、".join(not_recomputed),
            "报告未列明计分所需的全部数字，未能复算",
            "公式类指标应能由报告所列数字复算",
            None,
            "未复算的公式类指标",
        )


def _weight(row: ScoreRow, indicator: Indicator, framework: Framework, explicit: bool) -> Iterable[Outcome]:
    if row.weight.value is None or row.weight.value == indicator.weight:
        return
    yield Finding(
        Severity.ERROR if explicit else Severity.SUSPECT,
        "指标体系",
        row.weight.line,
        row.weight.raw,
        plain(indicator.weight),
        f"指标体系 {framework.id} 规定“{indicator.name}”分值为 {plain(indicator.weight)} 分",
        row.weight.page,
        row.name,
    )


def _unstated(indicator: Indicator, framework: Framework, case: DepartmentYear) -> list[str]:
    """The figures the indicator's formula reads that the report does not state (their labels). A framework's
    formula may fall back on other figures when one is blank (预算调整数: 追加 + 追减, else the change of the
    budget), or count a blank as nothing: right for a department's own figures, a guess for a report's."""
    catalogue = framework.catalogue
    labels: list[str] = []
    for name in dict.fromkeys(indicator.rule.references()):
        measure = catalogue.measures.get(name)
        if measure is None:
            continue
        for leaf in measure.inputs or (name,):
            figure = catalogue.measures.get(leaf)
            if figure is not None and figure.read(case) is None and figure.label not in labels:
                labels.append(figure.label)
    return labels


def _compare_score(row: ScoreRow, result: IndicatorResult, unstated: list[str]) -> Outcome:
    assert row.score is not None and result.score is not None
    trail = "；".join(step.render() for step in result.steps)
    if result.score == row.score.value:
        return Verified("公式复算", row.score.line, f"{row.name}：{trail}，得分 {plain(result.score)} 与评分表一致")
    if unstated:  # recomputed on figures the report never gave: no ground for saying the sheet is wrong
        return Finding(
            Severity.NOTE,
            "公式复算",
            row.score.line,
            row.score.raw,
            f"报告未列明{'、'.join(unstated)}，按指标体系的缺省口径复算为 {plain(result.score)}（{trail}），未作判断",
            f"{row.name}应能由报告所列数字复算",
            row.score.page,
            row.name,
        )
    return Finding(
        Severity.ERROR,
        "公式复算",
        row.score.line,
        row.score.raw,
        f"{trail}，应得 {plain(result.score)}",
        f"{row.name}按指标体系公式由报告所列数字计分",
        row.score.page,
        row.name,
    )


def _is_judged(rule: RuleBase) -> bool:
    return any(
        isinstance(r, ChecklistRule | JudgedRule) or (isinstance(r, DeductionsRule) and r.from_judgement) for r in rule.walk()
    )


def _compare_range(row: ScoreRow, indicator: Indicator, case: DepartmentYear) -> Outcome | None:
    """A composite of formula and judged parts: formula parts exactly, judged parts anywhere in their range."""
    rule = indicator.rule
    if not isinstance(rule, CompositeRule):
        return None
    formula = ZERO
    judged_max = ZERO
    steps: list[str] = []
    computed_any = False
    for part in rule.parts:
        if _is_judged(part):
            judged_max += part.max_points()
            continue
        if any(part.measure(name).read(case) is None for name in part.references()):
            return None
        try:
            outcome = part.evaluate(Context(case, None))
        except (ArithmeticError, ValueError):
            return None
        score = round_half_up(outcome.score, rule.places)
        formula += score
        computed_any = True
        steps.append(f"{part.name or '公式部分'}：" + "；".join(step.render() for step in outcome.steps))
    if not computed_any:
        return None
    assert row.score is not None and row.score.value is not None
    stated = row.score.value
    vetoable = rule.veto is not None and rule.measure(rule.veto.when).read(case) is None
    low, high = formula, formula + judged_max
    trail = "；".join(steps)
    if low <= stated <= high or (vetoable and stated == 0):
        return Verified(
            "公式复算",
            row.score.line,
            f"{row.name}：{trail}；评价部分 0 至 {plain(judged_max)} 分，"
            f"评分表 {row.score.raw} 在 {plain(low)} 至 {plain(high)} 之间",
        )
    expected = f"{plain(low)} 至 {plain(high)}（{trail}；评价部分最多 {plain(judged_max)} 分）"
    return Finding(
        Severity.ERROR,
        "公式复算",
        row.score.line,
        row.score.raw,
        expected,
        f"{row.name}的公式部分按指标体系由报告所列数字计分",
        row.score.page,
        row.name,
    )
