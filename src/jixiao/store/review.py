"""Review (复核): a reviewer's changes to a stored department-year, each an appended event, the year re-scored.

The submission as imported is never changed. Its reviewed version is the submission's case with every change
event applied in order, scored under the same framework version; the self-evaluated score and the reviewed one
stand side by side. A change names a field by its dotted path in the case (``budget.adjusted``,
``judgements.budget_rationality.items.duties_policy``), gives the new value and a reason; a change that leaves
the case invalid is refused and stores nothing. The review state moves 待复核 → 复核中 → 已复核, or 复核中 → 退回
(with a reason) → the department's reply → 待复核 again. Every event is numbered: a change made on a stale view
(its ``after`` number is not the latest) is refused, never silently lost.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select

from ..problems import InputError, Problem
from .db import StoreError, writing
from .schema import Department, FrameworkVersion, ReviewEvent, Submission

PENDING, REVIEWING, REVIEWED, RETURNED = "待复核", "复核中", "已复核", "退回"
MOVES = {
    (PENDING, REVIEWING): "state", (REVIEWING, REVIEWED): "state", (REVIEWING, RETURNED): "state",
    (REVIEWED, REVIEWING): "state", (RETURNED, PENDING): "reply",
}
"""The allowed moves of the review state; a department's reply takes a returned year back to 待复核."""


class StaleEdit(StoreError):
    """The edit was made on a view that another reviewer has since changed; the message says who did what."""


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    kind: str
    actor: str
    at: datetime
    target: str | None
    before: Any
    after: Any
    reason: str


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A department-year under review: its submission, the events so far, the state, both scores."""

    submission_id: int
    department: str
    year: int
    version: int
    state: str
    events: tuple[Event, ...]
    self_total: str | None
    self_grade: str | None
    reviewed_total: str | None
    reviewed_grade: str | None
    #: each indicator as reviewed: id, name, weight and score (None when not scored)
    indicators: tuple[tuple[str, str, Decimal, Decimal | None], ...] = ()


def _submission(connection: Connection, department: str, year: int) -> tuple[Any, str]:
    """The latest submission of a department-year (its row: id, version, framework, case, scores), and the
    department's name; the department named by its code or its name."""
    table = Submission.__table__
    row = connection.execute(
        select(table, Department.name.label("department_name")).join(
            Department.__table__, Department.id == table.c.department_id).where(
            (Department.code == department) | (Department.name == department), table.c.year == year)
        # a code names its own department before any other department's name
        .order_by((Department.code == department).desc(), table.c.version.desc()).limit(1)).first()
    if row is None:
        raise StoreError(f"数据库中没有“{department}” {year} 年度的报送")
    return row, str(row.department_name)


def _events(connection: Connection, submission_id: int) -> tuple[Event, ...]:
    rows = connection.execute(select(ReviewEvent.__table__).where(ReviewEvent.submission_id == submission_id)
                              .order_by(ReviewEvent.seq))
    return tuple(Event(r.seq, r.kind, r.actor, r.at, r.target, r.before, r.after, r.reason) for r in rows)


def _state(events: tuple[Event, ...]) -> str:
    state = PENDING
    for event in events:
        if event.kind in ("state", "reply"):
            state = str(event.after)
    return state


def _case_data(case_yaml: str) -> dict[str, Any]:
    from ..yamlsource import parse_yaml

    data, _ = parse_yaml(case_yaml, "报送")
    assert isinstance(data, dict)
    return data


def _apply(data: dict[str, Any], path: str, value: Any) -> Any:
    """Put ``value`` at the dotted ``path`` of the case data; the value there before (None if none)."""
    parts = path.split(".")
    node: Any = data
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    before = node.get(parts[-1])
    node[parts[-1]] = value
    return before


def reviewed_data(case_yaml: str, events: tuple[Event, ...]) -> dict[str, Any]:
    """The case data of a submission with every review change applied in order: the year as reviewed."""
    data = _case_data(case_yaml)
    for event in events:
        if event.kind == "change" and event.target is not None:
            _apply(data, event.target, event.after)
    return data


def _scored(connection: Connection, submission: Any, events: tuple[Event, ...]) -> tuple[Any, Any]:
    """The reviewed case and its evaluation: the submission's case with every change applied."""
    from ..facts.load import case_from_data
    from ..frameworks import parse_framework
    from ..scoring.engine import evaluate
    from ..yamlsource import SourceMap

    content = connection.scalar(select(FrameworkVersion.content).where(
        FrameworkVersion.id == submission.framework_version_id))
    framework = parse_framework(str(content), "报送所用的指标体系")
    data = reviewed_data(submission.case_yaml, events)
    case = case_from_data(copy.deepcopy(data), SourceMap("复核后的案例"), framework.catalogue)
    return case, evaluate(case, framework)


def _to_json(value: Any) -> Any:
    """A value as JSON keeps it: decimals as their digits (the case reader reads them back exactly)."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def parse_value(raw: str) -> Any:
    """A value as written on the command line, read as YAML reads it (numbers exact, 是/否 as text)."""
    from ..yamlsource import parse_yaml

    data, _ = parse_yaml(f"value: {raw}", "命令行")
    return data["value"] if isinstance(data, dict) else raw


def change_value(target: str, raw: str, reason: str) -> Any:
    """What a change puts at ``target``: an evaluator's item award or score carries the reason with it (the
    case requires a reason wherever points are taken off)."""
    value = parse_value(raw)
    parts = target.split(".")
    if len(parts) == 4 and parts[0] == "judgements" and parts[2] == "items":
        return {"points": value, "reason": reason}
    return value


def score_sheet(case: Any, evaluation: Any) -> dict[str, Any]:
    """The score sheet as stored and shown: every indicator with its trace, and the targets as judged (what
    ``jixiao score --json`` prints)."""
    from ..render.sheet_json import evaluation_to_dict

    sheet = evaluation_to_dict(evaluation)
    sheet["targets"] = None
    evaluated = getattr(case, "self_evaluation", None)
    if evaluated is not None and evaluated.targets:
        from ..render.targets_json import review_to_dict
        from ..targets.review import review_self_evaluation

        sheet["targets"] = review_to_dict(review_self_evaluation(case))
    return sheet


def view(engine: Engine, department: str, year: int) -> Reviewed:
    """The department-year's latest submission under review: state, events, self and reviewed scores (as the
    year stands: :mod:`jixiao.store.standing`, written with every import and event; no re-scoring)."""
    from .schema import StandingIndicator, YearStanding

    with engine.connect() as connection:
        submission, name = _submission(connection, department, year)
        events = _events(connection, submission.id)
        standing = connection.execute(select(YearStanding.__table__).where(
            YearStanding.submission_id == submission.id)).first()
        if standing is None:  # pragma: no cover - every import writes it
            raise StoreError(f"“{department}” {year} 年度的现状缺失：请运行 jixiao db upgrade 重建")
        indicators = tuple(
            (r.indicator_id, r.name, Decimal(r.weight), None if r.score is None else Decimal(r.score))
            for r in connection.execute(select(StandingIndicator.__table__).where(
                StandingIndicator.department_id == submission.department_id, StandingIndicator.year == year)
                .order_by(StandingIndicator.position)))
    return Reviewed(submission.id, name, year, submission.version, _state(events), events, submission.total,
                    submission.grade, standing.total, standing.grade, indicators)


def view_and_sheet(engine: Engine, department: str, year: int) -> tuple[Reviewed, dict[str, Any]]:
    """The view, and the reviewed score sheet with every trace (what ``jixiao score --json`` prints): the one
    the last change left in the standing, else the stored one (scored under the same framework version)."""
    from .schema import YearStanding

    reviewed = view(engine, department, year)
    with engine.connect() as connection:
        sheet = connection.scalar(select(YearStanding.sheet).where(
            YearStanding.submission_id == reviewed.submission_id))
        if sheet is None or "targets" not in sheet:
            submission, _ = _submission(connection, department, year)
            sheet = submission.scores
            if any(e.kind == "change" for e in reviewed.events) or "targets" not in sheet:
                # stored before the standing kept the reviewed sheet, or the sheet the judged targets
                sheet = score_sheet(*_scored(connection, submission, reviewed.events))
    return reviewed, sheet


@dataclass(frozen=True, slots=True)
class _Plan:
    """An event checked and, for a change, the year re-scored with it: what the write then stores."""

    submission: Any
    latest: int
    before: Any
    after: Any
    state: str  # after the event
    sheet: dict[str, Any] | None  # the reviewed score sheet after a change


def _stale(events: tuple[Event, ...], after_seq: int) -> StaleEdit:
    latest = events[-1].seq if events else 0
    if not events:
        return StaleEdit(f"该年度还没有复核记录（你看到的是第 {after_seq} 条）：本次未保存，请刷新后再改")
    last = events[-1]
    what = f"修改了 {last.target}" if last.kind == "change" else f"把状态改为“{last.after}”"
    return StaleEdit(f"该年度的复核记录已更新：{last.actor} 于 {last.at:%Y-%m-%d %H:%M} {what}"
                     f"（第 {latest} 条，你看到的是第 {after_seq} 条）；本次未保存，请重新查看"
                     "最新的复核记录（网页上刷新，或 jixiao history）后再改")


def _plan(connection: Connection, department: str, year: int, *, kind: str, actor: str, reason: str,
          target: str | None, value: Any, state: str | None, after_seq: int | None) -> _Plan:
    submission, _ = _submission(connection, department, year)
    events = _events(connection, submission.id)
    latest = events[-1].seq if events else 0
    if after_seq is not None and after_seq != latest:
        raise _stale(events, after_seq)
    current = _state(events)
    if kind == "change":
        if current != REVIEWING:
            raise StoreError(f"只有“{REVIEWING}”状态下才能修改（当前为“{current}”）：请先开始复核")
        if not target:
            raise InputError([Problem("命令行", "须给出要修改的字段（--set 字段=值）")])
        data = reviewed_data(submission.case_yaml, events)
        before = _to_json(_apply(data, target, value))
        after = _to_json(value)
        trial = (*events, Event(latest + 1, "change", actor, datetime.now(UTC), target, before, after, reason))
        # a change that leaves the case invalid stores nothing
        return _Plan(submission, latest, before, after, current, score_sheet(*_scored(connection, submission, trial)))
    assert state is not None
    move = MOVES.get((current, state))
    if move is None or move != kind:
        allowed = "、".join(f"{b}" for (a, b), k in MOVES.items() if a == current)
        raise StoreError(f"不能从“{current}”改为“{state}”：当前可改为 {allowed or '（无）'}")
    return _Plan(submission, latest, current, state, state, None)


def record(engine: Engine, department: str, year: int, *, kind: str, actor: str, reason: str,
           target: str | None = None, value: Any = None, state: str | None = None,
           after_seq: int | None = None) -> Reviewed:
    """Append one event: a change (``target`` = ``value``), a move of the state, or a reply; all checked first.

    ``after_seq`` is the number of the last event the reviewer saw: if another has been recorded since, the
    change is refused (a stale edit). The event is checked and the year re-scored before the write begins, so
    that writers wait on each other only for the insert; the write then checks that nothing was recorded in
    between (else: refused when ``after_seq`` was given, checked again under the lock when not). The insert
    itself is guarded too: two writers cannot both add the same number (the table's unique key)."""
    from sqlalchemy.exc import IntegrityError

    from .standing import moved, put

    if not reason.strip():
        raise InputError([Problem("命令行", "须说明理由（--reason）：复核的每一处变更都要有理由")])
    asked = {"kind": kind, "actor": actor, "reason": reason, "target": target, "value": value, "state": state}
    with engine.connect() as connection:
        plan = _plan(connection, department, year, after_seq=after_seq, **asked)
    with writing(engine) as connection:
        submission, _ = _submission(connection, department, year)
        latest = connection.scalar(select(func.max(ReviewEvent.seq)).where(
            ReviewEvent.submission_id == submission.id)) or 0
        if submission.id != plan.submission.id or latest != plan.latest:
            if after_seq is not None:
                raise _stale(_events(connection, submission.id), after_seq)
            plan = _plan(connection, department, year, after_seq=None, **asked)
        try:
            connection.execute(insert(ReviewEvent).values(
                submission_id=submission.id, seq=plan.latest + 1, kind=kind, actor=actor,
                at=datetime.now(UTC).replace(tzinfo=None), target=target, before=_to_json(plan.before),
                after=_to_json(plan.after), reason=reason.strip()))
            if plan.sheet is not None:
                framework_key = connection.scalar(select(FrameworkVersion.framework_id).where(
                    FrameworkVersion.id == submission.framework_version_id))
                put(connection, department_id=submission.department_id, year=submission.year,
                    submission_id=submission.id, version=submission.version, framework_id=str(framework_key),
                    state=plan.state, last_seq=plan.latest + 1, self_sheet=submission.scores, sheet=plan.sheet)
            else:
                moved(connection, submission.id, plan.state, plan.latest + 1)
        except IntegrityError:
            raise StaleEdit("另一位复核人员同时记录了一条变更：本次未保存，请重新查看最新的复核记录"
                            "（网页上刷新，或 jixiao history）后再改") from None
    return view(engine, department, year)


def count_events(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(ReviewEvent)) or 0)
