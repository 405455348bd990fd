"""A project's self-evaluation as the official form (项目支出绩效自评表（年度）), after 财预〔2020〕10号.

One table on an A4 page, as the 办法's annex lays it out: the project and who runs it; the funds (年初预算数,
全年预算数, 全年执行数) with the execution rate and its points; the year's overall goals against what was done;
each performance target with its expected and actual values, its points (分值), its score (得分) and the
reason for any deviation; and the total. A short note under it says how the targets were scored and which of
them lost points for a target set too low.

Scores come from the evaluation. Each target's own score comes from its rule (``TargetsRule.target_scores``):
the rule adds the exact shares and rounds once, so the rows, each rounded on its own, may add up to a cent more
or less than their indicator. The form must add up, so that cent goes to the row whose rounding moved it most
(largest remainder), and the note says so when it happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..decimals import ONE, ZERO, quantum, round_half_up
from ..facts.model import DepartmentYear, Target
from ..numbers import amount, points, rate
from ..rules.targets import CAIYU_2020_10, TargetsRule
from ..scoring.result import Evaluation, IndicatorResult
from ..targets.scoring import TargetScore, TargetWeightError
from .document import Align, Cell, Column, Document, Paragraph, Section, Table
from .figures import share

LAYOUT = "project-self-evaluation"
"""The report layout's name, as ``jixiao report`` will know it."""

EXECUTION_RATE = "project.execution_rate"
"""The measure the execution-rate indicator scores (项目预算执行率)."""

FONT_PT = 9.0
"""小五: nine columns across the 156 mm type area of A4."""

_DASH = "—"

# The form's grid: nine columns across the 156 mm type area. Widths are whole characters of 9 pt (3.175 mm) plus
# the cells' 2 mm of margins: two in the block labels' column, four in the first two, six in the next three; the
# first two together hold 其中：当年财政拨款 on one line, 分值 holds 100.00 and 得分 (执行率 above it) 92.00%.
_COLUMNS = (
    Column("栏目", 10.5),
    Column("一级指标", 16.0),
    Column("二级指标", 15.0),
    Column("三级指标", 21.5),
    Column("年度指标值", 21.5),
    Column("实际完成值", 21.0),
    Column("分值", 13.0),
    Column("得分", 14.5),
    Column("偏差原因分析及改进措施", 23.0, align="left"),
)


@dataclass(frozen=True, slots=True)
class TargetRow:
    """一项绩效指标在自评表中的一行: its points and score as the form shows them (``None``: not scored)."""

    target: Target
    weight: Decimal | None
    score: Decimal | None
    reduced: tuple[str, ...] = ()
    """Why the row lost points for a target set too low (the rule's own working), if it did."""


@dataclass(frozen=True, slots=True)
class _Scoring:
    rows: tuple[TargetRow, ...]
    evened: bool
    """Whether a row's own rounding was moved by a cent so that its group adds up."""
    notes: tuple[str, ...]
    """What the rules said beyond each row's score (weights scaled, groups standing in, weights unusable)."""


def project_self_document(case: DepartmentYear, evaluation: Evaluation) -> Document:
    """The self-evaluation form of one project (项目支出绩效自评表) scored in ``evaluation``."""
    scoring = _target_scoring(case, evaluation)
    table = Table(
        key="project-self-evaluation",
        title="",
        columns=_COLUMNS,
        rows=(
            *_project_rows(case),
            *_funds_rows(case, evaluation),
            *_goal_rows(case),
            *_target_rows(scoring.rows),
            _total_row(evaluation),
        ),
        font_size_pt=FONT_PT,
        headless=True,
    )
    form = Section("", [table, *(Paragraph(text) for text in _notes(case, evaluation, scoring))])
    title = f"{case.year}年度项目支出绩效自评表"
    return Document(title, case.department.name, case.year, [form], title_on_one_line=True)


def target_rows(case: DepartmentYear, evaluation: Evaluation) -> tuple[TargetRow, ...]:
    """Each target of the case's table with the points and score the form shows for it."""
    return _target_scoring(case, evaluation).rows


# ---------------------------------------------------------------------------------------------- blocks


def _label(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, align="center")


def _value(text: str, colspan: int = 1, align: Align = "center") -> Cell:
    return Cell(text, colspan=colspan, align=align)


def _project_rows(case: DepartmentYear) -> list[tuple[Cell, ...]]:
    figures = case.figures
    return [
        (_label("项目名称", 2), _value(_text(figures.get("project.name")), 7, "left")),
        (_label("主管部门", 2), _value(_text(figures.get("project.supervisor")), 3, "left"),
         _label("实施单位"), _value(_text(figures.get("project.implementer")), 3, "left")),
    ]


def _funds_rows(case: DepartmentYear, evaluation: Evaluation) -> list[tuple[Cell, ...]]:
    figures = case.figures
    result = _execution_result(evaluation)
    weight = points(result.indicator.weight) if result is not None else ""
    score = points(result.score) if result is not None and result.score is not None else ""
    scored_rate = _scored_rate(result, evaluation)
    total_rate = scored_rate if scored_rate is not None else _rate_of(
        figures.get("project.executed"), figures.get("project.full_year_budget"))
    head = (
        _label("项目资金\n（万元）", rowspan=5), _label("", 2), _label("年初预算数"), _label("全年预算数"),
        _label("全年执行数"), _label("分值"), _label("执行率"), _label("得分"),
    )
    rows = [head, (
        _label("年度资金总额", 2), *_amounts(figures, "project.initial_budget", "project.full_year_budget",
                                          "project.executed"),
        _value(weight), _value(rate(total_rate) if total_rate is not None else ""), _value(score),
    )]
    # Only the funds of the year's fiscal appropriation are held apart; the others are left for the user.
    for label, prefix in (("其中：当年财政拨款", "project.fiscal"), ("上年结转资金", "project.carryover"),
                          ("其他资金", "project.other")):
        budget, executed = figures.get(f"{prefix}_budget"), figures.get(f"{prefix}_executed")
        part_rate = _rate_of(executed, budget)
        rows.append((
            _label(label, 2), *_amounts(figures, f"{prefix}_initial_budget", f"{prefix}_budget", f"{prefix}_executed"),
            _value(_DASH), _value(rate(part_rate) if part_rate is not None else ""), _value(_DASH),
        ))
    return rows


def _amounts(figures: dict[str, Any], *ids: str) -> list[Cell]:
    cells = []
    for figure in ids:
        value = figures.get(figure)
        cells.append(_value(amount(value) if isinstance(value, Decimal) else "", align="right"))
    return cells


def _goal_rows(case: DepartmentYear) -> list[tuple[Cell, ...]]:
    evaluation = case.self_evaluation
    pairs = [(g.goal, g.result) for g in evaluation.goals] if evaluation is not None else []
    if not pairs:
        pairs = [(_text(case.figures.get("project.goal")), _text(case.figures.get("project.goal_result")))]
    rows: list[tuple[Cell, ...]] = [
        (_label("年度总体目标", rowspan=len(pairs) + 1), _label("预期目标", 4), _label("实际完成情况", 4)),
    ]
    numbered = len(pairs) > 1
    for n, (goal, result) in enumerate(pairs, 1):
        mark = f"{n}. " if numbered else ""
        rows.append((_value(f"{mark}{goal}", 4, "left"), _value(f"{mark}{result}" if result else "", 4, "left")))
    return rows


def _target_rows(rows: Sequence[TargetRow]) -> list[tuple[Cell, ...]]:
    head = (
        _label("绩效指标", rowspan=len(rows) + 1), _label("一级指标"), _label("二级指标"), _label("三级指标"),
        _label("年度指标值"), _label("实际完成值"), _label("分值"), _label("得分"), _label("偏差原因分析及改进措施"),
    )
    level1_spans = _runs([row.target.level1 for row in rows])
    level2_spans = _runs([(row.target.level1, row.target.level2) for row in rows])
    out: list[tuple[Cell, ...]] = [head]
    for n, row in enumerate(rows):
        target = row.target
        cells: list[Cell] = []
        if n in level1_spans:
            cells.append(_label(target.level1, rowspan=level1_spans[n]))
        if n in level2_spans:
            cells.append(_label(target.level2, rowspan=level2_spans[n]))
        cells += [
            _value(target.name, align="left"), _value(target.expected), _value(target.actual),
            _value(points(row.weight) if row.weight is not None else _DASH),
            _value(points(row.score) if row.score is not None else _DASH),
            _value(target.reason, align="left"),
        ]
        out.append(tuple(cells))
    return out


def _runs(keys: Sequence[object]) -> dict[int, int]:
    """Where each run of equal consecutive keys starts, and how long it is (the cells a label spans)."""
    runs: dict[int, int] = {}
    start = 0
    for n in range(1, len(keys) + 1):
        if n == len(keys) or keys[n] != keys[start]:
            runs[start] = n - start
            start = n
    return runs


def _total_row(evaluation: Evaluation) -> tuple[Cell, ...]:
    return (_label("总分", 6), _value(points(evaluation.framework.total)), _value(points(evaluation.total)),
            _value(""))


# ---------------------------------------------------------------------------------------------- scores


def _execution_result(evaluation: Evaluation) -> IndicatorResult | None:
    for result in evaluation.results:
        if EXECUTION_RATE in result.indicator.rule.references():
            return result
    return None


def _scored_rate(result: IndicatorResult | None, evaluation: Evaluation) -> Decimal | None:
    """The execution rate as the indicator scored it (rounded at its places), from the score's trace."""
    if result is None or result.score is None:
        return None
    from ..scoring.trace import trace_of

    value = trace_of(result, evaluation).values.get("ratio")
    return value if isinstance(value, Decimal) else None


def _rate_of(part: object, whole: object) -> Decimal | None:
    if not isinstance(part, Decimal) or not isinstance(whole, Decimal):
        return None
    return share(part, whole)


def _target_scoring(case: DepartmentYear, evaluation: Evaluation) -> _Scoring:
    table = case.self_evaluation.targets if case.self_evaluation is not None else ()
    weights: list[Decimal | None] = [None] * len(table)
    scores: list[Decimal | None] = [None] * len(table)
    reduced: list[tuple[str, ...]] = [()] * len(table)
    evened = False
    notes: list[str] = []
    for result in evaluation.results:
        rule = result.indicator.rule
        if not isinstance(rule, TargetsRule):
            continue
        try:
            scored = rule.target_scores(case)
        except TargetWeightError as exc:
            notes.append(f"“{result.indicator.name}”：{exc}，按 0 分计。")
            continue
        name = result.indicator.name
        if not scored:
            if result.score is not None:
                groups = "、".join(rule.level1) or "绩效指标"
                if rule.if_none_level1:
                    groups += f"，也没有{'、'.join(rule.if_none_level1)}"
                notes.append(f"自评表中没有{groups}，“{name}”的 {_plain(rule.points)} 分按 "
                             f"{points(result.score)} 分计。")
            continue
        if any(s.judgement.target is not None and s.judgement.target.level1 not in rule.level1 for s in scored) \
                and rule.level1:
            notes.append(f"自评表未设置{'、'.join(rule.level1)}，“{name}”的 {_plain(rule.points)} 分按"
                         f"{'、'.join(rule.if_none_level1)}的完成情况计分，已计入其各项的分值和得分。")
        if all(s.judgement.target is None or s.judgement.target.weight is None for s in scored):
            notes.append(f"“{name}”各项未填写分值，{_plain(rule.points)} 分由 {len(scored)} 项平均分配。")
        elif _scaled(scored):
            notes.append(f"“{name}”各项所填分值合计不等于 {_plain(rule.points)} 分，已按比例折算，"
                         "表中分值为折算后的分值。")
        shown_weights, _ = rounded_to_total([s.weight for s in scored], rule.points, rule.places)
        exact = [s.ratio * s.weight for s in scored]
        total = result.score if result.score is not None else round_half_up(sum(exact, ZERO), rule.places)
        shown_scores, moved = rounded_to_total(exact, total, rule.places)
        evened = evened or moved
        for s, weight, score in zip(scored, shown_weights, shown_scores, strict=True):
            n = next(i for i, target in enumerate(table) if target is s.judgement.target)
            weights[n] = (weights[n] or ZERO) + weight
            scores[n] = (scores[n] or ZERO) + score if result.score is not None else None
            if _cut_for_overshoot(s, rule):
                reduced[n] = (*reduced[n], s.working.note)
    rows = tuple(TargetRow(t, w, s, r) for t, w, s, r in zip(table, weights, scores, reduced, strict=True))
    return _Scoring(rows, evened, tuple(dict.fromkeys(notes)))


def _scaled(scored: Sequence[TargetScore]) -> bool:
    own = [s.judgement.target.weight if s.judgement.target is not None else None for s in scored]
    return any(weight is not None and weight != s.weight for weight, s in zip(own, scored, strict=True))


def _cut_for_overshoot(scored: TargetScore, rule: TargetsRule) -> bool:
    """A target over its expected value that earned less than all its points: set too low (目标设置偏低)."""
    raw = scored.working.raw
    return rule.method == CAIYU_2020_10 and raw is not None and raw > ONE and scored.ratio < ONE


def rounded_to_total(exact: Sequence[Decimal], total: Decimal, places: int) -> tuple[list[Decimal], bool]:
    """Each value rounded half-up, then cents moved (largest remainder first) so that they add up to ``total``.

    Also says whether any cent was moved. ``[1/3, 1/3, 1/3]`` to 1.00: 0.34, 0.33, 0.33.
    """
    step = quantum(places)
    shown = [round_half_up(value, places) for value in exact]
    gap = round_half_up(total, places) - sum(shown, ZERO)
    if not gap or not shown:
        return shown, False
    cents = int(abs(gap) / step)
    # Adding: the rows rounded down the most; taking away: those rounded up the most. Ties go to the first.
    remainders = [value - rounded for value, rounded in zip(exact, shown, strict=True)]
    order = sorted(range(len(shown)), key=lambda i: -remainders[i] if gap > 0 else remainders[i])
    for n in range(cents):
        i = order[n % len(order)]
        shown[i] += step if gap > 0 else -step
    return shown, True


# ---------------------------------------------------------------------------------------------- note


def _notes(case: DepartmentYear, evaluation: Evaluation, scoring: _Scoring) -> list[str]:
    lines: list[str] = []
    result = _execution_result(evaluation)
    if result is not None:
        lines.append(f"预算执行率 = 全年执行数 ÷ 全年预算数，得分 = 执行率 × {_plain(result.indicator.weight)} 分"
                     "（执行率超过 100% 的按 100% 计）。")
    lines.append(_method_note(evaluation))
    for row in scoring.rows:
        for why in row.reduced:
            reason = f"（偏差原因：{row.target.reason}）" if row.target.reason else ""
            lines.append(f"“{row.target.name}”{why}，得 {points(row.score or ZERO)} 分{reason}。")
    lines.extend(scoring.notes)
    if scoring.evened:
        lines.append("各项得分逐项四舍五入后的合计与所属指标的得分不一致的，差额已按舍入差额从大到小逐项调整"
                     "（每项不超过 0.01 分），使各项合计等于该指标得分。")
    grade = f"，评价等级为“{evaluation.grade}”" if evaluation.grade else ""
    parts = "；".join(f"{r.indicator.name} {points(r.score)} 分（分值 {points(r.indicator.weight)} 分）"
                     if r.score is not None else f"{r.indicator.name} 未计分（{'；'.join(r.missing)}）"
                     for r in evaluation.results)
    lines.append(f"自评总分 {points(evaluation.total)} 分{grade}；其中{parts}。")
    if len(lines) == 1:
        return [f"注：{lines[0]}"]
    return ["注：", *(f"{n}. {line}" for n, line in enumerate(lines, 1))]


def _method_note(evaluation: Evaluation) -> str:
    rules = [r.indicator.rule for r in evaluation.results if isinstance(r.indicator.rule, TargetsRule)]
    caiyu = [rule for rule in rules if rule.method == CAIYU_2020_10]
    if not caiyu:
        return ("绩效指标按完成比例计分：达到年度指标值的得全部分值，未达到的按实际完成值占年度指标值的比例计分"
                "（“不高于”类指标按年度指标值占实际完成值的比例）；定性指标达成的得全部分值，未达成的不得分。")
    method = caiyu[0].caiyu10()
    text = ("绩效指标按《项目支出绩效评价管理办法》（财预〔2020〕10号）计分：定量指标达到年度指标值的得全部分值，"
            "未达到的按实际完成值占年度指标值的比例计分（“不高于”类指标按年度指标值占实际完成值的比例）；"
            f"定性指标分三档，达成年度指标的得分值的 {rate(method.met, 0)}，部分达成并具有一定效果的得 "
            f"{rate(method.partly, 0)}，未达成的得 {rate(method.not_met, 0)}")
    if method.overshoot_threshold is None:
        return text + "。"
    penalty = "" if method.overshoot_penalty == ONE else f"（每超出 100% 扣减分值的 {rate(method.overshoot_penalty, 0)}）"
    return (text + f"；“不低于”类指标实际完成值超出年度指标值 {rate(method.overshoot_threshold, 0)} 以上的，"
            f"视为年度指标设置偏低，超出 {rate(method.overshoot_threshold, 0)} 的部分按比例扣减{penalty}。")


def _plain(value: Decimal) -> str:
    """A weight in a sentence, without trailing zeros: 10.00 → 10, 2.50 → 2.5."""
    return f"{value.normalize():f}"


def _text(value: object) -> str:
    return "" if value is None else str(value)
