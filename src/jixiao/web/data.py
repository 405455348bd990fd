"""What the pages and the API show, read from the store for one viewer (页面数据): never more than the viewer's
role allows. A department-year the viewer may not see is not found, the same as one that does not exist, so that
nothing tells another department's data apart from nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from ..numbers import text_of
from ..problems import InputError, Problem
from ..store.accounts import ADMIN, BUREAU, DEPARTMENT, THIRD_PARTY
from ..store.db import StoreError
from ..store.reports import STORED
from ..store.review import MOVES, PENDING, RETURNED, REVIEWED, REVIEWING
from ..store.schema import Department, Submission
from ..store.sessions import Viewer
from ..store.views import Dashboard, YearScore

STATES = (PENDING, REVIEWING, REVIEWED, RETURNED)


class NotFound(Exception):
    """Nothing the viewer may see is there."""


class Forbidden(Exception):
    """The viewer may see this but not do that; the message says why."""


def may_review(viewer: Viewer, code: str) -> bool:
    return viewer.role in (BUREAU, THIRD_PARTY) and viewer.sees(code)


def may_reply(viewer: Viewer, code: str) -> bool:
    return viewer.role == DEPARTMENT and viewer.sees(code)


def may_upload(viewer: Viewer) -> bool:
    return viewer.role in (BUREAU, THIRD_PARTY, DEPARTMENT)


def may_manage_accounts(viewer: Viewer) -> bool:
    return viewer.role == ADMIN


Row = YearScore  # one department-year as the pages list it


def rows(engine: Engine, viewer: Viewer, *, year: int | None = None, tag: str | None = None,
         state: str | None = None) -> list[Row]:
    """The department-years the viewer may see, each as it stands (its latest submission, as reviewed)."""
    from ..store.views import _latest

    try:
        found = _latest(engine, year=year, tag=tag or None, codes=viewer.departments, indicators=False)
    except StoreError:
        return []
    return [s for s in found if not state or s.state == state]


def years_and_tags(engine: Engine, viewer: Viewer) -> tuple[list[int], list[str]]:
    """The years and the department types the viewer's departments have, for the filters."""
    import json

    from sqlalchemy import Text, cast

    from ..store.schema import YearStanding

    years = select(YearStanding.year).join(Department, Department.id == YearStanding.department_id).distinct()
    tags = select(cast(Department.tags, Text)).distinct()  # as text: few distinct lists, each decoded once
    if viewer.departments is not None:
        years = years.where(Department.code.in_(sorted(viewer.departments)))
        tags = tags.where(Department.code.in_(sorted(viewer.departments)))
    with engine.connect() as connection:
        found_years = sorted(connection.scalars(years), reverse=True)
        found_tags = sorted({t for row in connection.scalars(tags) for t in (json.loads(row) if row else ())})
    return found_years, found_tags


def department(engine: Engine, viewer: Viewer, code: str) -> tuple[str, str, tuple[str, ...]]:
    """A department the viewer may see: its code, name and types; else :class:`NotFound`."""
    if not viewer.sees(code):
        raise NotFound(code)
    with engine.connect() as connection:
        found = connection.execute(select(Department.code, Department.name, Department.tags)
                                   .where(Department.code == code)).first()
    if found is None:
        raise NotFound(code)
    return found.code, found.name, tuple(found.tags or ())


@dataclass(frozen=True, slots=True)
class YearPage:
    """Everything the department-year page shows."""

    code: str
    name: str
    year: int
    reviewed: Any  # store.review.Reviewed
    sheet: dict[str, Any]  # the reviewed score sheet with every trace (score --json's content)
    self_sheet: dict[str, Any]
    figures: list[tuple[str, str]]
    source_name: str
    framework: str
    moves: tuple[str, ...]
    audits: list[Any] = field(default_factory=list)  # the published reports' audits kept for the year


def plausible(year: int, what: str) -> None:
    """Only a year a case may have (:mod:`jixiao.years`) is looked for: an address may hold any integer, past what
    SQL's integers hold."""
    from ..years import plausible as may_be

    if not may_be(year):
        raise NotFound(what)


def year_page(engine: Engine, viewer: Viewer, code: str, year: int) -> YearPage:
    from ..store.review import _submission, reviewed_data, view_and_sheet

    _, name, _ = department(engine, viewer, code)
    plausible(year, f"{code}/{year}")
    try:
        reviewed, sheet = view_and_sheet(engine, code, year)
    except StoreError:
        raise NotFound(f"{code}/{year}") from None
    with engine.connect() as connection:
        submission, _ = _submission(connection, code, year)
    moves = tuple(after for (before, after), kind in MOVES.items() if before == reviewed.state and kind == "state")
    from ..store.audits import audits_of

    return YearPage(code, name, year, reviewed, sheet, submission.scores,
                    _figures(reviewed_data(submission.case_yaml, reviewed.events)), submission.source_name,
                    f"{sheet['framework_title']}（{sheet['framework']}）", moves, audits_of(engine, code, year))


def _figures(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The figures of the reviewed case data, each by its dotted path (the field a review change names): the
    leaves of the case, in the case's own order."""
    out: list[tuple[str, str]] = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list):
            if all(not isinstance(v, dict | list) for v in node):
                out.append((path, "、".join(text_of(v) for v in node)))
            else:
                for n, value in enumerate(node):
                    walk(value, f"{path}.{n}")
        else:
            out.append((path, text_of(node)))

    walk(data, "")
    return out


def download(engine: Engine, viewer: Viewer, code: str, year: int) -> tuple[str, bytes]:
    """The original file of the department-year's latest submission: its name and bytes."""

    department(engine, viewer, code)
    with engine.connect() as connection:
        submission = _found(connection, code, year)
    return str(submission.source_name), bytes(submission.source_bytes)


def report_docx(engine: Engine, viewer: Viewer, code: str, year: int) -> bytes:
    """The Word report of the department-year as reviewed (the self-evaluation when nothing was changed),
    ending with the review record and the indicators the review moved."""
    from ..report.docx import docx_bytes
    from ..store.reports import reviewed_document

    department(engine, viewer, code)
    plausible(year, f"{code}/{year}")
    try:
        return docx_bytes(reviewed_document(engine, code, year))
    except StoreError:
        raise NotFound(f"{code}/{year}") from None


def report_pdf(engine: Engine, viewer: Viewer, code: str, year: int) -> bytes:
    import tempfile
    from pathlib import Path

    from ..report.pdf import docx_to_pdf_many

    word = report_docx(engine, viewer, code, year)
    with tempfile.TemporaryDirectory(prefix="jixiao-web-") as scratch:
        target = Path(scratch) / "report.pdf"
        docx_to_pdf_many([(word, target)])
        return target.read_bytes()


def compare(engine: Engine, viewer: Viewer, code: str) -> tuple[list[str], list[dict[str, Any]]]:
    from ..store.views import compare as compare_years

    department(engine, viewer, code)
    try:
        return compare_years(engine, code)
    except StoreError:
        raise NotFound(code) from None


def last_seq(page: YearPage) -> int:
    """The number of the last review event: what a form sends back so that a stale edit is refused."""
    events = page.reviewed.events
    return int(events[-1].seq) if events else 0


def change(engine: Engine, viewer: Viewer, code: str, year: int, *, target: str, value: str, reason: str,
           after_seq: int | None) -> Any:
    """A reviewer's change of one field, with its reason (store.review.record checks the rest)."""
    from ..store.review import change_value, record

    _reviewable(engine, viewer, code, year)
    target = target.strip()
    if not target:
        raise InputError([Problem("表单", "须选择或填写要修改的字段", field="字段")])
    if not value.strip():
        raise InputError([Problem("表单", "须填写修改后的值", field="修改后的值")])
    _reason(reason)
    return record(engine, code, year, kind="change", actor=viewer.name, reason=reason, target=target,
                  value=change_value(target, value.strip(), reason.strip()), after_seq=after_seq)


def move(engine: Engine, viewer: Viewer, code: str, year: int, *, state: str, reason: str,
         after_seq: int | None) -> Any:
    """A reviewer moves the review state (退回 needs the reason the department will read)."""
    from ..store.review import record

    _reviewable(engine, viewer, code, year)
    if state not in STATES:
        raise InputError([Problem("表单", f"状态“{state}”不存在，应为：{'、'.join(STATES)}", field="状态")])
    _reason(reason)
    return record(engine, code, year, kind="state", actor=viewer.name, reason=reason, state=state,
                  after_seq=after_seq)


def reply(engine: Engine, viewer: Viewer, code: str, year: int, *, reason: str, after_seq: int | None) -> Any:
    """The department answers a return: the year goes back to 待复核."""
    from ..store.review import record

    department(engine, viewer, code)
    if not may_reply(viewer, code):
        raise Forbidden("只有本部门的填报人员可以答复退回意见")
    _exists(engine, code, year)
    _reason(reason, what="答复")
    return record(engine, code, year, kind="reply", actor=viewer.name, reason=reason, state=PENDING,
                  after_seq=after_seq)


def _reviewable(engine: Engine, viewer: Viewer, code: str, year: int) -> None:
    department(engine, viewer, code)
    if not may_review(viewer, code):
        raise Forbidden("你的角色不能复核：只有财政局评价人员和受托的第三方评价机构可以修改得分和复核状态")
    _exists(engine, code, year)


def _exists(engine: Engine, code: str, year: int) -> None:
    with engine.connect() as connection:
        _found(connection, code, year)


def _found(connection: Any, code: str, year: int) -> Any:
    """The latest submission of a department-year (the viewer's right to it checked before); else NotFound."""
    from ..store.review import _submission

    plausible(year, f"{code}/{year}")
    try:
        return _submission(connection, code, year)[0]
    except StoreError:
        raise NotFound(f"{code}/{year}") from None


def _reason(reason: str, *, what: str = "理由") -> None:
    if not reason.strip():
        raise InputError([Problem("表单", f"须填写{what}：复核的每一处变更、每一次状态变化都要说明", field=what)])
    if len(reason) > 2000:
        raise InputError([Problem("表单", f"{what}不能超过 2000 字", field=what)])


UPLOAD_LIMIT = 20 * 1024 * 1024  # bytes in one upload; each file is then held to the workbook reader's limits


class TooLarge(Exception):
    """An upload over :data:`UPLOAD_LIMIT`; the message says the limit."""


async def read_uploads(items: Any) -> list[tuple[str, bytes]]:
    """The uploaded files (name as the user gave it, bytes), read no further than the upload limit in all;
    :class:`TooLarge` past it. Parts that are not files, or have no name, are left out."""
    files: list[tuple[str, bytes]] = []
    total = 0
    for item in items:
        if isinstance(item, str) or not getattr(item, "filename", None):
            continue
        content = await item.read(UPLOAD_LIMIT + 1 - total)
        total += len(content)
        if total > UPLOAD_LIMIT:
            raise TooLarge(f"上传的文件太大：一次最多 {UPLOAD_LIMIT // 1048576} MB")
        files.append((str(item.filename), content))
    return files


def upload_guard(viewer: Viewer) -> Any:
    """What an upload by ``viewer`` may store (checked inside the import's transaction): a department user only
    their own department, and only while the year is not under review; a third party only the departments
    assigned to it; the bureau anything."""
    from ..store.review import _events, _state

    def guard(connection: Any, code: str, year: int) -> str | None:
        if not viewer.sees(code):
            return (f"该文件属于部门“{code}”，不在你可报送的部门之内"
                    f"（{'、'.join(sorted(viewer.departments or ())) or '无'}）")
        if viewer.role != DEPARTMENT:
            return None
        found = connection.execute(select(Submission.id).join(Department, Department.id == Submission.department_id)
                                   .where(Department.code == code, Submission.year == year)
                                   .order_by(Submission.version.desc()).limit(1)).first()
        if found is None:
            return None
        events = _events(connection, found.id)
        state = _state(events)
        if state == RETURNED or (state == PENDING and not any(e.kind == "state" for e in events)):
            return None
        return f"{year} 年度已进入复核（状态：{state}），不能再次报送；如需更正，请等待退回后再报送"

    return guard


def upload(engine: Engine, viewer: Viewer, files: list[tuple[str, bytes]]) -> list[Any]:
    """Score and store uploaded files, each in its own transaction: each file's result (store.imports.Imported),
    told by the name the user gave it. A file with any problem stores nothing."""
    import tempfile
    from pathlib import Path

    from ..store.imports import import_one

    if not may_upload(viewer):
        raise Forbidden("管理员不报送评价材料：请用财政局评价人员或部门填报人员的账户上传")
    results = []
    with tempfile.TemporaryDirectory(prefix="jixiao-upload-") as scratch:
        for n, (name, content) in enumerate(files):
            shown = Path(name).name or f"文件{n + 1}"
            suffix = Path(shown).suffix.lower()
            path = Path(scratch) / f"{n}{suffix}"
            if suffix not in (".xlsx", ".yaml", ".yml"):
                from ..store.imports import Imported

                results.append(Imported(path, "refused", problems=(Problem(
                    shown, "只能上传评价工作簿（.xlsx）或案例文件（.yaml）"),)))
                continue
            path.write_bytes(content)
            results.append(import_one(engine, path, actor=viewer.name, guard=upload_guard(viewer), shown=shown))
    return results


@dataclass(frozen=True, slots=True)
class AccountRow:
    id: int
    name: str
    role: str
    departments: tuple[str, ...]
    disabled: bool
    created_at: Any


def accounts(engine: Engine, viewer: Viewer) -> list[AccountRow]:
    from ..store.schema import Account, AccountDepartment

    if not may_manage_accounts(viewer):
        raise Forbidden("只有管理员可以管理账户")
    with engine.connect() as connection:
        found = connection.execute(select(Account.id, Account.name, Account.role, Account.disabled,
                                          Account.created_at).order_by(Account.id)).all()
        links = connection.execute(select(AccountDepartment.account_id, Department.code).join(
            Department, Department.id == AccountDepartment.department_id)).all()
    by_account: dict[int, list[str]] = {}
    for account_id, code in links:
        by_account.setdefault(account_id, []).append(code)
    return [AccountRow(a.id, a.name, a.role, tuple(sorted(by_account.get(a.id, ()))), bool(a.disabled),
                       a.created_at) for a in found]


def set_disabled(engine: Engine, viewer: Viewer, account_id: int, disabled: bool) -> None:
    from sqlalchemy import update

    from ..store.accounts import audit
    from ..store.db import writing
    from ..store.schema import Account, WebSession

    if not may_manage_accounts(viewer):
        raise Forbidden("只有管理员可以管理账户")
    if account_id == viewer.account_id and disabled:
        raise Forbidden("不能停用自己正在使用的账户")
    with writing(engine) as connection:
        name = connection.scalar(select(Account.name).where(Account.id == account_id))
        if name is None:
            raise NotFound(str(account_id))
        connection.execute(update(Account).where(Account.id == account_id).values(disabled=disabled))
        if disabled:
            from sqlalchemy import delete

            connection.execute(delete(WebSession).where(WebSession.account_id == account_id))
        audit(connection, viewer.name, "停用账户" if disabled else "启用账户", {"用户名": name})


@dataclass(frozen=True, slots=True)
class Heat:
    """Score rate (score ÷ weight) by indicator across departments, the indicators in framework order."""

    framework: str
    count: int  # department-years of this framework in all (the table shows the first ones)
    indicators: list[tuple[str, str]]  # id, name
    rows: list[tuple[Row, list[tuple[str, str]]]]  # each cell: the rate as text, and its colour
    means: list[tuple[str, str]]
    title: str = ""  # the framework's title, as stored


def heat_maps(engine: Engine, board: Dashboard, shown: int = 50) -> list[Heat]:
    """One heat map a framework (their indicators are not the same), the most used first: the first ``shown``
    ranked department-years of each, and the mean over all of them."""
    from dataclasses import replace

    from ..store.views import indicators_of

    groups: dict[str, list[Row]] = {}
    for ranked in board.top:
        group = groups.setdefault(ranked.row.framework, [])
        if len(group) < shown:
            group.append(ranked.row)
    keys = [(r.department_id, r.year) for rows in groups.values() for r in rows]
    scored = indicators_of(engine, keys)
    from ..store.reports import framework_titles

    titles = framework_titles(engine)
    return [replace(heat_map([replace(r, indicators=scored.get((r.department_id, r.year), {})) for r in rows],
                             framework, board.means.get(framework, {}), board.frameworks.get(framework, len(rows))),
                    title=titles.get(framework, framework))
            for framework, rows in sorted(groups.items(), key=lambda g: -board.frameworks.get(g[0], 0))]


def heat_map(found: list[Row], framework: str, means: dict[str, Decimal | None], count: int) -> Heat:
    from ..decimals import round_half_up
    from .charts import heat

    indicators: dict[str, str] = {}
    for row in found:
        for key, (name, _, _) in row.indicators.items():
            indicators.setdefault(key, name)

    def cell(value: Decimal | None) -> tuple[str, str]:
        return ("" if value is None else f"{value:f}", heat(value))

    rows: list[tuple[Row, list[tuple[str, str]]]] = []
    for row in found:
        line = []
        for key in indicators:
            got = row.indicators.get(key)
            rate = None if got is None or got[2] is None or not got[1] else round_half_up(got[2] / got[1] * 100, 1)
            line.append(cell(rate))
        rows.append((row, line))
    return Heat(framework, count, list(indicators.items()), rows, [cell(means.get(key)) for key in indicators])




@dataclass(frozen=True, slots=True)
class FrameworkRow:
    key: str
    framework_id: str
    title: str
    origin: str  # 内置 or 数据库
    sha256: str
    submissions: int


def frameworks(engine: Engine | None = None) -> list[tuple[str, str]]:
    """The frameworks a stored year may be re-scored under (what-if): built-in ones by id, and those kept in
    the store (imported with a submission or added by the administrator) by their key; each with its title."""
    return [(f.key, f"{f.title}（{f.origin}）") for f in framework_rows(engine)]


def framework_rows(engine: Engine | None) -> list[FrameworkRow]:
    from sqlalchemy import func

    from ..frameworks.load import builtin_ids, load_framework
    from ..store.schema import FrameworkVersion

    out = []
    for framework_id in builtin_ids():
        try:
            out.append(FrameworkRow(framework_id, framework_id, load_framework(framework_id).title, "内置", "", 0))
        except InputError:  # pragma: no cover - the built-in frameworks are tested
            continue
    if engine is not None:
        with engine.connect() as connection:
            counts = dict(connection.execute(select(Submission.framework_version_id, func.count())
                                             .group_by(Submission.framework_version_id)).all())
            for row in connection.execute(select(FrameworkVersion.id, FrameworkVersion.framework_id,
                                                 FrameworkVersion.title, FrameworkVersion.sha256)
                                          .order_by(FrameworkVersion.framework_id, FrameworkVersion.id)):
                out.append(FrameworkRow(STORED + row.sha256[:12], row.framework_id, row.title, "数据库",
                                        row.sha256, int(counts.get(row.id, 0))))
    return out


def add_framework(engine: Engine, viewer: Viewer, name: str, content: bytes) -> FrameworkRow:
    """The administrator adds a framework file to the store (checked first; every problem said at once)."""
    import hashlib

    from sqlalchemy import insert

    from ..frameworks.load import parse_framework
    from ..store.accounts import audit
    from ..store.db import writing
    from ..store.schema import FrameworkVersion

    if not may_manage_accounts(viewer):
        raise Forbidden("只有管理员可以添加指标体系")
    if len(content) > 2 * 1024 * 1024:
        raise InputError([Problem(name, "指标体系文件太大（上限 2 MB）")])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(name, "不是 UTF-8 编码的 YAML 文件")]) from None
    framework = parse_framework(text, name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with writing(engine) as connection:
        if connection.scalar(select(FrameworkVersion.id).where(FrameworkVersion.sha256 == digest)) is None:
            connection.execute(insert(FrameworkVersion).values(framework_id=framework.id, title=framework.title,
                                                               sha256=digest, content=text))
            audit(connection, viewer.name, "添加指标体系", {"编号": framework.id, "文件": name, "SHA-256": digest})
    return FrameworkRow(STORED + digest[:12], framework.id, framework.title, "数据库", digest, 0)


def _framework(engine: Engine, key: str) -> Any:
    """A framework by its what-if key; None when there is none."""
    from ..store.reports import framework_by_key

    return framework_by_key(engine, key)


@dataclass(frozen=True, slots=True)
class WhatIf:
    framework: str
    sheet: dict[str, Any] | None
    problems: tuple[Problem, ...]


def what_if(engine: Engine, viewer: Viewer, code: str, year: int, framework_id: str) -> WhatIf:
    """The reviewed year re-scored under another framework (built-in or kept in the store): a view, nothing
    stored. When the case lacks what that framework scores from, the problems say what."""
    from ..store.reports import what_if as rescored

    department(engine, viewer, code)
    plausible(year, f"{code}/{year}")
    chosen = _framework(engine, framework_id)
    if chosen is None:
        return WhatIf(framework_id, None, (Problem("指标体系", f"没有编号为“{framework_id[:40]}”的指标体系"),))
    try:
        _, sheet = rescored(engine, code, year, chosen)
        return WhatIf(chosen.title, sheet, ())
    except InputError as exc:
        return WhatIf(chosen.title, None, tuple(exc.problems[:20]))
    except StoreError:
        raise NotFound(f"{code}/{year}") from None


def changeable(page: YearPage) -> list[tuple[str, str]]:
    """The fields a reviewer may change, for the form's list: every figure as entered, and every evaluator's
    item award of the judgements (path, what it is now)."""
    return [(path, value) for path, value in page.figures
            if not path.startswith(("department.", "year", "framework", "source"))]


def self_scores(page: YearPage) -> dict[str, str | None]:
    """Each indicator's self-evaluated score as stored (its digits), by indicator id."""
    return {i["id"]: i["score"] for i in page.self_sheet.get("indicators", ())}


def rate_rows(page: YearPage) -> list[tuple[str, Decimal, Decimal | None, Decimal | None]]:
    """Each indicator of the reviewed sheet: name, weight, self-evaluated and reviewed score (for the chart)."""
    own = self_scores(page)
    return [(name, weight, None if own.get(key) is None else Decimal(str(own[key])), score)
            for key, name, weight, score in page.reviewed.indicators]


def dashboard(engine: Engine, viewer: Viewer, *, year: int, tag: str | None = None, state: str | None = None,
              limit: int = 200) -> Dashboard:
    """The year's overview (:func:`jixiao.store.views.overview`) of the departments the viewer may see."""
    from ..store.views import overview

    return overview(engine, year=year, tag=tag, state=state, codes=viewer.departments, limit=limit)


# ---------------------------------------------------------------------------------------------- monitoring


@dataclass(frozen=True, slots=True)
class MonitoringPage:
    years: list[int]
    year: int | None
    monitored: list[Any]  # jixiao.monitoring.tables.Monitored, one a department (its latest report)
    header: list[str]
    alerts: list[list[Any]]


def monitoring(engine: Engine, viewer: Viewer, year: int | None) -> MonitoringPage:
    """The latest monitoring report of each department of the year the viewer may see, lit under the built-in
    rules, with last year's same period from the store; the alerts across them, reds first."""
    from ..monitoring.lights import light_all
    from ..monitoring.model import load_rules
    from ..monitoring.tables import Monitored, alert_rows
    from ..store.monitoring import stored, with_last_years
    from ..store.schema import MonitoringReport

    query = select(MonitoringReport.year).join(Department, Department.id == MonitoringReport.department_id).distinct()
    if viewer.departments is not None:
        query = query.where(Department.code.in_(sorted(viewer.departments)))
    with engine.connect() as connection:
        years = sorted(connection.scalars(query), reverse=True)
    chosen = year if year is not None else (years[0] if years else None)
    from ..years import plausible as may_be

    if chosen is None or not may_be(chosen):  # none stored, or a year no case can have
        return MonitoringPage(years, chosen, [], [], [])
    rules = load_rules(None)
    found = stored(engine, chosen, viewer.departments)
    reports = with_last_years(engine, [report for _, report in found])
    monitored = [Monitored(name, report, tuple(light_all(report.projects, rules)))
                 for (name, _), report in zip(found, reports, strict=True)]
    header, alerts = alert_rows(monitored)
    return MonitoringPage(years, chosen, monitored, header, alerts)


def monitoring_workbook(engine: Engine, viewer: Viewer, year: int) -> bytes:
    """The monitoring table of the page (资金执行, 绩效目标, 预警清单) as an Excel workbook."""
    import tempfile
    from pathlib import Path

    from ..monitoring.workbook import write_workbook

    page = monitoring(engine, viewer, year)
    if not page.monitored:
        raise NotFound(f"monitoring/{year}")
    with tempfile.TemporaryDirectory(prefix="jixiao-web-") as scratch:
        target = Path(scratch) / "monitoring.xlsx"
        write_workbook(page.monitored, target)
        return target.read_bytes()
