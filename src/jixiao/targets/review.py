"""The self-evaluation table reviewed (自评表复核): every target judged, and the flags a reviewer wants.

Flags, each a small independent check over the judged table:

- ``missed_without_reason`` (错误): a target missed and no reason given for the deviation;
- ``far_exceeded`` (提示): a target beaten by more than the threshold (20% by default), a sign it was set too
  low (or, for an "at most" target, too loose);
- ``copied_actual`` (提示): a quantitative actual identical to the expected text. A rate of 100% or a
  count of 0 is exempt: reaching exactly the ceiling or the floor is ordinary, not a sign of copying;
- ``undetermined`` (提示): a target that could not be judged, with the reason;
- ``task_budget_total`` / ``task_executed_total`` (错误): the main tasks' budget column does not add up to the
  adjusted budget, or their executed column to the fourth quarter's cumulative spending, compared at the
  precision the case states those amounts in (万元 with two decimals, usually).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from ..decimals import HUNDRED, TEN_THOUSAND, ZERO, percent, round_half_up
from ..facts.model import DepartmentYear
from .expression import UnreadableValue, ValueKind, read_value
from .judgement import JudgeOptions, Outcome, TargetJudgement, judge_target


class Severity(StrEnum):
    """问题级别."""

    ERROR = "错误"
    HINT = "提示"


@dataclass(frozen=True, slots=True)
class Flag:
    """A reviewer's flag on the self-evaluation table (复核提示)."""

    severity: Severity
    code: str
    message: str
    target: str = ""


@dataclass(frozen=True, slots=True)
class ReviewOptions:
    """复核参数: how targets are judged, and how far beyond its target a result must be to be flagged."""

    judge: JudgeOptions = field(default_factory=JudgeOptions)
    exceed_threshold: Decimal = Decimal("0.2")


@dataclass(frozen=True, slots=True)
class TargetReview:
    """自评表复核结果: the judged targets in table order, and the flags."""

    judgements: tuple[TargetJudgement, ...]
    flags: tuple[Flag, ...]
    options: ReviewOptions

    def count(self, outcome: Outcome) -> int:
        return sum(1 for judgement in self.judgements if judgement.outcome is outcome)

    @property
    def errors(self) -> tuple[Flag, ...]:
        return tuple(flag for flag in self.flags if flag.severity is Severity.ERROR)

    @property
    def hints(self) -> tuple[Flag, ...]:
        return tuple(flag for flag in self.flags if flag.severity is Severity.HINT)

    def summary(self) -> str:
        """One line for a score sheet: ``绩效指标 19 项：达成 19 项，…；错误 0 条，提示 3 条``."""
        return (
            f"绩效指标 {len(self.judgements)} 项：达成 {self.count(Outcome.MET)} 项，"
            f"未达成 {self.count(Outcome.MISSED)} 项，无法判断 {self.count(Outcome.UNDETERMINED)} 项；"
            f"错误 {len(self.errors)} 条，提示 {len(self.hints)} 条"
        )


def review_self_evaluation(case: DepartmentYear, options: ReviewOptions | None = None) -> TargetReview:
    """Judge every target of the case's self-evaluation table and collect the flags."""
    options = options or ReviewOptions()
    judge_options = options.judge if options.judge.year else replace(options.judge, year=case.year)
    options = replace(options, judge=judge_options)
    evaluation = case.self_evaluation
    targets = evaluation.targets if evaluation is not None else ()
    judgements = tuple(judge_target(target, judge_options) for target in targets)
    flags: list[Flag] = []
    for check in _TARGET_CHECKS:
        for judgement in judgements:
            flags.extend(check(judgement, options))
    flags.extend(task_total_flags(case))
    return TargetReview(judgements, tuple(flags), options)


def _missed_without_reason(judgement: TargetJudgement, options: ReviewOptions) -> Iterator[Flag]:
    if judgement.outcome is Outcome.MISSED and judgement.target is not None and not judgement.target.reason:
        yield Flag(
            Severity.ERROR, "missed_without_reason",
            f"“{judgement.name}”未达成预期（预期 {judgement.expected_text}，实际 {judgement.actual_text}），"
            "但未说明偏差原因",
            judgement.name,
        )


def _far_exceeded(judgement: TargetJudgement, options: ReviewOptions) -> Iterator[Flag]:
    relative = judgement.relative_deviation
    expected = judgement.expected
    if judgement.outcome is not Outcome.MET or relative is None or expected is None:
        return
    comparator = expected.comparator
    if comparator is None:
        return
    threshold = options.exceed_threshold
    limit = f"{format(percent(threshold).normalize(), 'f')}%"
    if comparator.upward and relative > threshold:
        yield Flag(
            Severity.HINT, "far_exceeded",
            f"“{judgement.name}”实际 {judgement.actual_text} 超出预期 {judgement.expected_text} "
            f"{judgement.relative_text()}（超过 {limit}），目标值可能设置偏低",
            judgement.name,
        )
    elif comparator.downward and -relative > threshold:
        yield Flag(
            Severity.HINT, "far_exceeded",
            f"“{judgement.name}”实际 {judgement.actual_text} 低于预期上限 {judgement.expected_text} "
            f"{judgement.relative_text()}（超过 {limit}），目标值可能设置偏宽",
            judgement.name,
        )


def _copied_actual(judgement: TargetJudgement, options: ReviewOptions) -> Iterator[Flag]:
    expected, actual = judgement.expected, judgement.actual
    if expected is None or actual is None or expected.kind is not ValueKind.QUANTITATIVE:
        return
    if actual.canonical() != read_canonical(judgement.expected_text):
        return
    quantity = actual.quantity
    natural = quantity is not None and (
        quantity.value == ZERO or (actual.unit == "%" and quantity.value == HUNDRED)
    )
    if natural and not actual.explicit:
        return
    yield Flag(
        Severity.HINT, "copied_actual",
        f"“{judgement.name}”的实际完成值与预期值相同（{judgement.actual_text}），请核实是否照抄了预期值",
        judgement.name,
    )


def read_canonical(text: str) -> str:
    """The canonical writing of a value as written (no plain meaning applied), for comparing texts."""
    try:
        return read_value(text).canonical()
    except UnreadableValue:
        return text


def _undetermined(judgement: TargetJudgement, options: ReviewOptions) -> Iterator[Flag]:
    if judgement.outcome is Outcome.UNDETERMINED:
        message = f"“{judgement.name}”无法判断：{judgement.reason}"
        yield Flag(Severity.HINT, "undetermined", message, judgement.name)


_TARGET_CHECKS: Sequence[Callable[[TargetJudgement, ReviewOptions], Iterable[Flag]]] = (
    _missed_without_reason,
    _far_exceeded,
    _copied_actual,
    _undetermined,
)


def task_total_flags(case: DepartmentYear) -> list[Flag]:
    """Main tasks' totals (元) against the adjusted budget and the Q4 cumulative spending (万元)."""
    evaluation = case.self_evaluation
    if evaluation is None or not evaluation.main_tasks:
        return []
    flags = []
    budget_total = sum((task.budget_total for task in evaluation.main_tasks), ZERO)
    executed_total = sum((task.executed_total for task in evaluation.main_tasks), ZERO)
    if case.budget is not None:
        flags.extend(_total_flag(
            "task_budget_total", "预算数", budget_total, "调整预算数", case.budget.adjusted
        ))
    if case.quarters is not None:
        flags.extend(_total_flag(
            "task_executed_total", "执行数", executed_total, "第四季度末累计支出数",
            case.quarters[3].cumulative_spending,
        ))
    return flags


def _total_flag(code: str, column: str, total_yuan: Decimal, other: str, other_wan: Decimal) -> list[Flag]:
    # Compared at 0.01 万元, as such figures are published, or finer when the case states the figure finer
    # (a case in 元 converts exactly; its trailing zeros are lost, so 4,812.29935 万元 is compared at 0.1 元).
    exponent = other_wan.as_tuple().exponent
    places = min(max(-exponent, 2), 11) if isinstance(exponent, int) else 2
    total_wan = round_half_up(total_yuan / TEN_THOUSAND, places)
    if total_wan == other_wan:
        return []
    return [Flag(
        Severity.ERROR, code,
        f"自评表主要任务{column}合计 {total_yuan:,.2f} 元（{total_wan:,} 万元）"
        f"与{other} {other_wan:,} 万元不一致，相差 {total_wan - other_wan:,} 万元",
    )]
