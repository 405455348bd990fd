"""Documents made from the store (数据库生成的文书): the report of a department-year as reviewed, with the list of
review changes; the bureau's summary of a year across departments (grades, ranking, score rates by indicator,
peer groups, self against reviewed scores, the year before); a stored year re-scored under another framework.

Each is built as the report's document model (:mod:`jixiao.report.document`), so the Word, PDF, HTML and
Markdown writers are the report's own. Nothing here writes to the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from ..numbers import text_of
from ..report.document import Cell, Chart, Column, Document, Paragraph, Section, Table

if TYPE_CHECKING:
    from ..frameworks import Framework

KINDS = {"change": "修改", "state": "状态", "reply": "答复"}
HEAT_ROWS = 30  # department-years a heat map shows (the highest ranked of its framework); the mean covers all
RANKING_BARS = 40  # departments the ranking chart shows
TABLE_ROWS = 300  # rows a table of departments lists in the report (the full lists: jixiao ranking/summary -o .xlsx)


def _table(key: str, title: str, columns: Sequence[tuple[str, float, str]], rows: Sequence[Sequence[Any]],
           *, unit: str = "") -> Table:
    """A table of plain rows; columns as (title, width in mm, alignment)."""
    aligns = [align for _, _, align in columns]
    body = tuple(tuple(Cell(text_of(value), align=aligns[n]) for n, value in enumerate(row))  # type: ignore[arg-type]
                 for row in rows)
    return Table(key, title, tuple(Column(t, w) for t, w, _ in columns), body, unit=unit, font_size_pt=9)


# -- the report of a department-year as reviewed -------------------------------------------------------------


def reviewed_document(engine: Engine, department: str, year: int, *, charts: bool = True) -> Document:
    """The department-year's report built from its latest submission with every review change applied (the
    self-evaluation itself when nothing was changed), ending with a section on the review: state, the two
    totals, every review event, and each indicator whose score the review moved."""
    from ..report.build import report_document
    from .review import _events, _scored, _state, _submission

    with engine.connect() as connection:
        submission, name = _submission(connection, department, year)
        events = _events(connection, submission.id)
        case, evaluation = _scored(connection, submission, events)
    document = report_document(case, evaluation.framework, charts=charts)
    from ..facts.listing import labels_of

    labels = labels_of(evaluation.framework.catalogue)

    def field(target: str | None) -> str:
        return "" if target is None else f"{labels[target]}（{target}）" if target in labels else target
    own = {i["id"]: i for i in submission.scores.get("indicators", ())}
    moved = []
    for result in evaluation.results:
        before = own.get(result.indicator.id, {}).get("score")
        after = result.score
        before_value = None if before is None else Decimal(str(before))
        if before_value != after:
            difference = None if before_value is None or after is None else after - before_value
            moved.append((result.indicator.name, result.indicator.weight, before_value, after, difference))
    section = Section("复核情况")
    changes = [e for e in events if e.kind == "change"]
    state = _state(events)
    reviewed_total = evaluation.total
    summary = (f"本报告按复核后的数据编制（{name} {year} 年度第 {submission.version} 版报送，复核状态：{state}）。"
               f"自评得分 {text_of(submission.total)}（{submission.grade or '未评定'}），"
               f"复核后得分 {text_of(reviewed_total)}（{evaluation.grade or '未评定'}）。")
    summary += (f"复核共修改 {len(changes)} 处数据或评价判断，见下表。" if changes
                else "复核未修改任何数据或评价判断，得分与自评一致。")
    section.add(Paragraph(summary))
    if events:
        section.add(_table("review-events", "复核记录", (
            ("序号", 10, "center"), ("时间（UTC）", 22, "center"), ("操作人", 16, "center"), ("类型", 10, "center"),
            ("字段", 30, "left"), ("改前", 16, "right"), ("改后", 16, "right"), ("理由", 36, "left")),
            [(e.seq, e.at.strftime("%Y-%m-%d %H:%M"), e.actor, KINDS.get(e.kind, e.kind), field(e.target), e.before,
              e.after, e.reason) for e in events]))
    if moved:
        section.add(_table("review-moved", "复核改变得分的指标", (
            ("指标", 62, "left"), ("分值", 20, "right"), ("自评得分", 24, "right"), ("复核后得分", 26, "right"),
            ("差额", 24, "right")), moved))
    document.sections.append(section)
    return document


# -- a stored year under another framework (what-if) ---------------------------------------------------------


def what_if(engine: Engine, department: str, year: int, framework: Framework) -> tuple[str, dict[str, Any]]:
    """The department-year as reviewed, re-scored under ``framework``: its name and the score sheet (what
    ``jixiao score --json`` prints). A view: nothing is stored. When the year lacks what that framework scores
    from, the :class:`~jixiao.problems.InputError` says what."""
    from ..facts.load import case_from_data
    from ..render.sheet_json import evaluation_to_dict
    from ..scoring.engine import evaluate
    from ..yamlsource import SourceMap
    from .review import _events, _submission, reviewed_data

    with engine.connect() as connection:
        submission, name = _submission(connection, department, year)
        events = _events(connection, submission.id)
    data = reviewed_data(submission.case_yaml, events)
    data["framework"] = framework.id
    case = case_from_data(data, SourceMap(f"{name} {year} 年度（按 {framework.id} 计分）"), framework.catalogue)
    return name, evaluation_to_dict(evaluate(case, framework))


STORED = "db:"  # the key of a framework kept in the store: db: and the first 12 digits of its hash


def framework_by_key(engine: Engine, key: str) -> Framework | None:
    """A framework by its key: a built-in id, or ``db:`` and the first 12 digits of the hash of one kept in
    the store (imported with a submission or added by the administrator); None when there is none."""
    from sqlalchemy import select

    from ..frameworks.load import builtin_path, load_framework, parse_framework
    from .schema import FrameworkVersion

    if key.startswith(STORED):
        prefix = key[len(STORED):]
        if not prefix.isalnum() or len(prefix) != 12:
            return None
        with engine.connect() as connection:
            found = connection.execute(select(FrameworkVersion.content, FrameworkVersion.framework_id).where(
                FrameworkVersion.sha256.startswith(prefix))).first()
        return None if found is None else parse_framework(found.content, f"数据库中的指标体系 {found.framework_id}")
    return load_framework(key) if builtin_path(key) is not None else None


# -- the bureau's summary of a year ----------------------------------------------------------------------------


def bureau_document(engine: Engine, year: int, tag: str | None = None, *, charts: bool = True,
                    issuer: str = "") -> Document:
    """The summary report of a year across departments (or one peer group with ``tag``)."""
    from . import views

    standings = views._year(engine, year, tag)  # read once: the ranking, the summary and the peer groups
    ranked = views.ranked(standings)
    found = views.summary(engine, year, tag, standings)
    board = views.overview(engine, year=year, tag=tag, limit=len(ranked))
    who = f"{tag}类部门" if tag else "各部门"
    title = f"{year}年度{who}整体支出绩效评价汇总报告"
    document = Document(title, issuer or who, year)

    overview = Section("总体情况")
    grades = [(g, n) for g, n in board.grades if n]
    stated = "，".join(f"{g} {n} 个" for g, n in grades)
    scored = [r["得分"] for r in ranked if r["得分"] is not None]
    mean = views._mean(scored)
    overview.add(Paragraph(
        f"本年度纳入汇总的部门 {len(ranked)} 个（复核状态：" + "，".join(f"{s} {n} 个" for s, n in board.states.items() if n)
        + f"）。评价等级：{stated}。综合评分平均 {mean:f} 分"
        + (f"，最高 {max(scored):f} 分，最低 {min(scored):f} 分。" if scored else "。")))
    overview.add(_table("grades", "评价等级分布", (("等级", 40, "center"), ("部门数", 40, "right"),
                                                   ("占比（%）", 40, "right")),
                        [(g, n, _share(n, len(ranked))) for g, n in grades]))
    if charts and grades:
        overview.add(Chart("grade-chart", "评价等级分布", _draw_grades(grades)))
    document.sections.append(overview)

    standing = Section("得分排名")
    if len(ranked) > TABLE_ROWS:
        standing.add(Paragraph(f"下表列出前 {TABLE_ROWS} 名；全部 {len(ranked)} 个部门的排名见 jixiao ranking --year {year} "
                               "-o 排名.xlsx。"))
    standing.add(_table("ranking", "各部门得分排名", (
        ("名次", 12, "center"), ("部门", 44, "left"), ("类型", 24, "center"), ("自评得分", 20, "right"),
        ("复核后得分", 22, "right"), ("等级", 12, "center"), ("复核状态", 20, "center")),
        [(r["名次"], r["部门"], r["类型"], r["自评得分"], r["得分"], r["等级"], r["复核状态"])
         for r in ranked[:TABLE_ROWS]]))
    if charts and scored:
        shown = [(r["部门"], r["得分"]) for r in ranked[:RANKING_BARS]]
        caption = "各部门综合评分" + (f"（前 {RANKING_BARS} 名）" if len(ranked) > RANKING_BARS else "")
        standing.add(Chart("ranking-chart", caption, _draw_ranking(shown)))
    document.sections.append(standing)

    if not tag:
        groups = _groups(ranked, {row.code: views._tags(row.tags) for row in standings})
        if len(groups) > 1 or (groups and groups[0][0] != "未分类"):
            peers = Section("同类部门比较")
            peers.add(Paragraph("按部门类型分组（一个部门可属于多个类型），比较同类部门的得分。"))
            peers.add(_table("groups", "各类型部门得分", (
                ("类型", 34, "left"), ("部门数", 18, "right"), ("平均分", 20, "right"), ("最高分", 20, "right"),
                ("最低分", 20, "right"), ("等级分布", 44, "left")), groups))
            document.sections.append(peers)

    rates = Section("各指标得分率")
    rates.add(Paragraph("得分率为指标得分除以分值。下表为各指标体系中每项指标在全部部门的平均得分率（得分合计除以"
                        "分值合计）；热力图按排名列出各部门的得分率，红色为 60% 及以下，绿色为 100%。"))
    names = _indicator_names(engine, year)
    titles = framework_titles(engine)
    for framework, count in sorted(board.frameworks.items(), key=lambda f: (-f[1], f[0])):
        means = board.means.get(framework, {})
        ordered = sorted(means, key=lambda key: (names.get((framework, key), ("", 0))[1], key))
        rows = [(names.get((framework, key), (key, 0))[0], means[key]) for key in ordered]
        named = titles.get(framework, framework)
        rates.add(_table(f"rates-{framework}", f"指标平均得分率（{named}，{count} 个部门年度）",
                         (("指标", 100, "left"), ("平均得分率（%）", 40, "right")), rows))
        if charts:
            heat = _heat(engine, board, framework)
            if heat is not None:
                caption = f"各部门各指标得分率（{named}" + (f"，前 {HEAT_ROWS} 名" if count > HEAT_ROWS else "") + "）"
                rates.add(Chart(f"heat-{framework}", caption, heat))
    document.sections.append(rates)

    losing = Section("失分最多的指标")
    losing.add(_table("losing", "失分最多的指标", (
        ("指标", 70, "left"), ("合计失分", 26, "right"), ("平均失分", 26, "right"), ("失分部门数", 26, "right")),
        [(r["指标"], r["合计失分"], r["平均失分"], r["失分部门数"]) for r in found["失分最多的指标"]]))
    document.sections.append(losing)

    differences = [r for r in found["自评与复核差异"] if r["差额"]]
    gaps = Section("自评与复核差异")
    if differences:
        gaps.add(Paragraph("自评得分高于复核后得分的，差额为正。下表列出差额最大的部门。"))
        gaps.add(_table("differences", "自评与复核差异最大的部门", (
            ("部门", 60, "left"), ("自评得分", 30, "right"), ("复核后得分", 30, "right"), ("差额", 28, "right")),
            [(r["部门"], r["自评得分"], r["复核后得分"], r["差额"]) for r in differences]))
    else:
        gaps.add(Paragraph("复核未改变任何部门的得分。"))
    document.sections.append(gaps)

    changes = found["与上年相比"]
    trend = Section("与上年相比")
    if changes:
        up = sum(1 for c in changes if c["变化"] > 0)
        down = sum(1 for c in changes if c["变化"] < 0)
        trend.add(Paragraph(f"上年也有评价结果的部门 {len(changes)} 个：得分上升 {up} 个，下降 {down} 个，"
                            f"持平 {len(changes) - up - down} 个。"))
        by_change = sorted(changes, key=lambda c: (-abs(c["变化"]), c["部门"]))[:TABLE_ROWS]
        if len(changes) > TABLE_ROWS:
            trend.add(Paragraph(f"下表列出变化最大的 {TABLE_ROWS} 个部门；全部见 jixiao summary --year {year} -o 汇总.xlsx。"))
        trend.add(_table("changes", "得分变化（按变化幅度）", (
            ("部门", 60, "left"), (f"{year - 1} 年度", 30, "right"), (f"{year} 年度", 30, "right"),
            ("变化", 28, "right")),
            [(c["部门"], c[f"{year - 1} 年度"], c[f"{year} 年度"], c["变化"]) for c in by_change]))
    else:
        trend.add(Paragraph(f"数据库中没有这些部门 {year - 1} 年度的评价结果。"))
    document.sections.append(trend)
    return document


def _share(count: int, total: int) -> Decimal:
    from ..decimals import round_half_up

    return round_half_up(Decimal(count) * 100 / total, 1) if total else Decimal(0)


def _groups(ranked: list[dict[str, Any]], tags: dict[str, tuple[str, ...]]) -> list[tuple[Any, ...]]:
    """Each department type (a department may have several; none is 未分类): count, mean, highest and lowest
    reviewed score, and its grades."""
    from .views import GRADES, _mean

    members: dict[str, list[dict[str, Any]]] = {}
    for row in ranked:
        for tag in tags.get(row["部门编码"]) or ("未分类",):
            members.setdefault(tag, []).append(row)
    out = []
    for tag, rows in sorted(members.items(), key=lambda m: (-len(m[1]), m[0])):
        scores = [r["得分"] for r in rows if r["得分"] is not None]
        counted = {g: sum(1 for r in rows if (r["等级"] or "未评定") == g) for g in (*GRADES, "未评定")}
        out.append((tag, len(rows), _mean(scores) if scores else None, max(scores, default=None),
                    min(scores, default=None), "，".join(f"{g} {n}" for g, n in counted.items() if n)))
    return out


def _indicator_names(engine: Engine, year: int) -> dict[tuple[str, str], tuple[str, int]]:
    """Each (framework, indicator) of the year: its name and place in the framework."""
    from sqlalchemy import select

    from .schema import IndicatorTotal as IT

    with engine.connect() as connection:
        return {(f, i): (n, p) for f, i, n, p in connection.execute(
            select(IT.framework_id, IT.indicator_id, IT.name, IT.position).where(IT.year == year))}


def framework_titles(engine: Engine) -> dict[str, str]:
    """Each stored framework's title by its id (the latest version's)."""
    from sqlalchemy import select

    from .schema import FrameworkVersion

    with engine.connect() as connection:
        return {f: t for f, t in connection.execute(
            select(FrameworkVersion.framework_id, FrameworkVersion.title).order_by(FrameworkVersion.id))}


def _heat(engine: Engine, board: Any, framework: str) -> Any:
    """The drawing of one framework's heat map: its highest-ranked department-years, their indicators' rates."""
    from .views import indicators_of

    rows = [r.row for r in board.top if r.row.framework == framework][:HEAT_ROWS]
    if not rows:
        return None
    scored = indicators_of(engine, [(r.department_id, r.year) for r in rows])
    order: dict[str, str] = {}
    for r in rows:
        for key, (name, _, _) in scored.get((r.department_id, r.year), {}).items():
            order.setdefault(key, name)
    if not order:
        return None
    matrix = []
    for r in rows:
        found = scored.get((r.department_id, r.year), {})
        line: list[Decimal | None] = []
        for key in order:
            _, weight, score = found.get(key, ("", Decimal(0), None))
            line.append(None if score is None or not weight else score / weight)
        matrix.append(line)

    def draw() -> bytes:
        from ..report.charts import heat_map_chart

        return heat_map_chart([r.department for r in rows], list(order.values()), matrix)

    return draw


def _draw_grades(grades: list[tuple[str, int]]) -> Any:
    def draw() -> bytes:
        from ..report.charts import grade_chart

        return grade_chart(grades)

    return draw


def _draw_ranking(rows: list[tuple[str, Decimal | None]]) -> Any:
    def draw() -> bytes:
        from ..report.charts import ranking_chart

        return ranking_chart(rows)

    return draw
