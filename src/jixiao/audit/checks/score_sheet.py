"""The score sheet (评分表): scores within weights, sums, grade band, and scores the text restates."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING

from ...decimals import ZERO
from ..extraction import Extraction
from ..figures import Figure, is_heading
from ..findings import Finding, Severity, Verified
from ..tables import GroupWeight, ScoreRow
from ..tables.score_sheet import UNSCORED
from .comparison import Outcome, plain

if TYPE_CHECKING:  # the framework stack (pydantic models of every rule) loads only once a sheet is compared with one
    from ...frameworks.model import Framework


@dataclass(frozen=True, slots=True)
class SheetScale:
    """The total a score sheet's weights add up to and its grade bands (highest first)."""

    total: Decimal
    grades: tuple[tuple[Decimal, str], ...]

    def grade_for(self, score: Decimal) -> str:
        return next(grade for floor, grade in self.grades if score >= floor)

    def describe_grades(self) -> str:
        return "评分等级：" + "，".join(f"{grade} ≥ {plain(floor)} 分" for floor, grade in self.grades)


NATIONAL_SCALE = SheetScale(Decimal(100), ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (ZERO, "差")))
"""100 points; 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 (财预〔2020〕10号): used when no framework is known."""


def scale_of(framework: Framework | None) -> SheetScale:
    if framework is None:
        return NATIONAL_SCALE
    return SheetScale(framework.total, tuple((band.min, band.grade) for band in framework.grades))


def check_score_sheet(extraction: Extraction, scale: SheetScale = NATIONAL_SCALE) -> Iterable[Outcome]:
    """评分表: 得分不超过分值, 分值合计等于总分, 得分合计等于综合评分, 等级与分数段相符."""
    sheet = extraction.score_sheet
    if sheet is None:
        return
    rule_cap = "三级指标得分应在 0 与其分值之间"
    for row in sheet.rows:
        if row.score is not None and row.score.raw == UNSCORED:
            continue  # a draft's: said so in the sheet itself
        if row.score is None:
            yield Finding(
                Severity.SUSPECT,
                "评分表",
                row.weight.line,
                "（未读到得分）",
                "每个三级指标应有得分",
                "评分表每行应列明分值和得分",
                row.weight.page,
                row.name,
            )
        elif row.score.value is not None and row.weight.value is not None and not ZERO <= row.score.value <= row.weight.value:
            yield Finding(
                Severity.ERROR,
                "评分表",
                row.score.line,
                row.score.raw,
                f"0 至 {row.weight.raw}",
                rule_cap,
                row.score.page,
                row.name,
            )
    weights = sum((r.weight.value or ZERO for r in sheet.rows), ZERO)
    scores = sum((r.score.value or ZERO for r in sheet.rows if r.score is not None), ZERO)
    first = sheet.rows[0].weight.line if sheet.rows else sheet.first_line
    weights_short = scale.total - weights
    scores_short = (sheet.total.value - scores) if sheet.total and sheet.total.value is not None else None
    # A row we failed to read lowers both sums; only a shortfall that no missing row explains is the report's.
    # A score that could not be read leaves the sum short without the report being wrong.
    unscored = any(r.score is None for r in sheet.rows)
    maybe_unread = weights_short > 0 and scores_short is not None and ZERO <= scores_short <= weights_short
    if weights == scale.total:
        yield Verified("评分表", first, f"三级指标分值合计 {plain(weights)} 分，无误")
    else:
        yield Finding(
            Severity.SUSPECT if maybe_unread else Severity.ERROR,
            "评分表",
            first,
            f"分值合计 {plain(weights)}",
            plain(scale.total),
            f"各三级指标分值之和应为 {plain(scale.total)} 分",
            None,
            "分值合计" + ("（也可能有指标行未能读出）" if maybe_unread else ""),
        )
    yield from _group_weights(sheet.rows, sheet.group_weights)
    if sheet.total is not None and sheet.total.value is not None:
        working = " + ".join(plain(r.score.value) for r in sheet.rows if r.score and r.score.value is not None)
        if scores == sheet.total.value:
            yield Verified("评分表", sheet.total.line, f"综合评分：{len(sheet.rows)} 项得分合计 {plain(scores)}，无误")
        else:
            yield Finding(
                Severity.SUSPECT if (maybe_unread and weights != scale.total) or unscored else Severity.ERROR,
                "评分表",
                sheet.total.line,
                sheet.total.raw,
                f"{working} = {plain(scores)}",
                "综合评分 = 各三级指标得分之和",
                sheet.total.page,
                "综合评分",
            )
        expected_grade = scale.grade_for(sheet.total.value)
        if sheet.grade is not None:
            if sheet.grade == expected_grade:
                yield Verified("评分表", sheet.grade_line, f"评分等级：{sheet.total.raw} 分为“{expected_grade}”，无误")
            else:
                yield Finding(
                    Severity.ERROR,
                    "评分表",
                    sheet.grade_line,
                    sheet.grade,
                    expected_grade,
                    scale.describe_grades(),
                    None,
                    "评分等级",
                )


def _group_weights(rows: Sequence[ScoreRow], groups: Sequence[GroupWeight]) -> Iterable[Outcome]:
    for group in groups:
        children = [r for r in rows if group.name in (r.level1, r.level2)]
        total = sum((r.weight.value or ZERO for r in children), ZERO)
        if not children or group.weight.value is None:
            continue
        if total == group.weight.value:
            yield Verified("评分表", group.weight.line, f"{group.name}：下级分值合计 {plain(total)}，无误")
        else:
            yield Finding(
                Severity.ERROR,
                "评分表",
                group.weight.line,
                group.weight.raw,
                plain(total),
                "上级指标分值 = 所属下级指标分值之和",
                group.weight.page,
                group.name,
            )


def check_execution_score_row(extraction: Extraction) -> Iterable[Outcome]:
    """评分表“预算执行率”得分 = 季度执行表四个季度得分 + 全年平均得分."""
    table, sheet = extraction.quarterly, extraction.score_sheet
    if table is None or sheet is None:
        return
    row = next((r for r in sheet.rows if "预算执行" in r.name), None)
    parts = [r.score.value for r in table.rows if r.score is not None and r.score.value is not None]
    if (
        row is None
        or row.score is None
        or row.score.value is None
        or len(parts) != 4
        or table.average_score is None
        or table.average_score.value is None
    ):
        return
    parts.append(table.average_score.value)
    total = sum(parts, ZERO)
    working = " + ".join(plain(p) for p in parts) + f" = {plain(total)}"
    if total == row.score.value:
        yield Verified("交叉核对", row.score.line, f"评分表{row.name}得分与季度执行表一致：{working}")
    else:
        yield Finding(
            Severity.ERROR,
            "交叉核对",
            row.score.line,
            row.score.raw,
            working,
            "预算执行率得分 = 各季度得分 + 全年平均得分（见季度执行表）",
            row.score.page,
            row.name,
        )


_DEDUCTION_STATED = re.compile(r"(较分值少|比分值少|少得|失分|扣减了?|扣除了?|扣了|共扣|扣)$")
_RULE_WORDS = re.compile(r"每|一项|超出|未完成|未按|不符合|为止")
_WEIGHT_STATED = re.compile(r"(分值|满分|权重)(为|是)?$")
# The indicator's name, then what it got: “预算执行率得 5.48 分”, “部门管理指标得分为 38.29 分”.
_SCORE_AFTER_NAME = r"(指标)?(得分?为?|评分为?|得分是|为|:|：)?$"


def _named_last(names: Sequence[str], text: str) -> str | None:
    """The indicator named last in ``text`` (the longer name where two end at the same place)."""
    found = [(text.rfind(n) + len(n), len(n), n) for n in names if n in text]
    return max(found)[2] if found else None


def _before(extraction: Extraction, figure: Figure) -> str:
    """The words of the figure's sentence before its clause, back to the item it belongs to: a list of
    indicators' losses (“‘甲’得 3 分，较分值少 1 分；‘乙’得 2 分，较分值少 2 分”) names each one's indicator in
    its own item, between semicolons. The clause is found at its own place when the same words come twice."""
    earlier = sum(1 for f in extraction.index.in_sentence(figure.sentence_id)
                  if f.clause == figure.clause and f.clause_id < figure.clause_id)
    position = -1
    for _ in range(earlier + 1):
        position = figure.sentence.find(figure.clause, position + 1)
        if position < 0:
            position = 0
            break
    before = figure.sentence[:position]
    return before[max(before.rfind("；"), before.rfind(";")) + 1:]


def _unquoted(text: str) -> str:
    return text.replace("“", "").replace("”", "").replace(" ", "")


def check_scores_in_text(extraction: Extraction) -> Iterable[Outcome]:
    """正文中的得分与评分表一致: “‘预算执行率’得 5.48 分（分值 6 分）”, “部门管理指标得 38.29 分”."""
    sheet = extraction.score_sheet
    if sheet is None or not sheet.rows:
        return
    totals: dict[str, tuple[Decimal, Decimal, int]] = {}
    for row in sheet.rows:
        if row.score is None or row.score.value is None or row.weight.value is None:
            continue
        totals[row.name] = (row.score.value, row.weight.value, row.score.line)
        for group in {row.level1, row.level2} - {""}:
            score, weight, _line = totals.get(group, (ZERO, ZERO, sheet.first_line))
            totals[group] = (score + row.score.value, weight + row.weight.value, sheet.first_line)
    names = sorted(totals, key=len, reverse=True)
    for figure in extraction.index.prose():
        if figure.kind != "points" or figure.bounded or re.search(r"综合|总分", figure.key):
            continue
        label = _unquoted(figure.label)
        clause = _unquoted(figure.clause)
        before = _unquoted(_before(extraction, figure))
        # Only statements about this report's scores; a standard quoted in the text (“每有一项未完成扣 4 分”,
        # “全部完成得 8 分”) names no indicator right before its points.
        if _DEDUCTION_STATED.search(label) and not _RULE_WORDS.search(label):
            name, what = _named_last(names, before + clause), "失分（分值减得分）"
        elif _WEIGHT_STATED.search(label):
            name, what = _named_last(names, before + clause), "分值"
        else:
            name = next((n for n in names if re.search(re.escape(n) + _SCORE_AFTER_NAME, label)), None)
            what = "得分"
        if name is None:
            continue
        score, weight, line = totals[name]
        expected = {"分值": weight, "得分": score}.get(what, weight - score)
        if figure.value == expected:
            yield Verified("前后一致", figure.line, f"“{name}”{what} {figure.raw} 与评分表一致")
        else:
            yield Finding(
                Severity.ERROR,
                "前后一致",
                figure.line,
                figure.raw,
                f"评分表为 {plain(expected)} 分（第 {line} 行）",
                "正文所述得分应与评分表一致",
                figure.page,
                f"{name}{what}",
            )


# An item's maximum is its 满分; an indicator's is its 分值 (checked against the sheet elsewhere).
_ITEM_MAXIMUM = re.compile(r"满分(为|是)?$")
_ALL_ELSE_MET = re.compile(r"均符合要求|其余.{0,6}(均|都)(符合|满足|得满分)|其他.{0,6}(均|都)(符合|满足|得满分)")


def _section_text(extraction: Extraction, figure: Figure) -> str:
    """The text from the figure's section heading to the next heading."""
    lines = extraction.text.lines
    before = [i for i, line in enumerate(lines) if line.text == figure.heading and line.number <= figure.line]
    start = before[-1] if before else None
    if start is None:
        return figure.sentence
    end = next((i for i in range(start + 1, len(lines)) if is_heading(lines[i].text)), len(lines))
    return "".join(line.text for line in lines[start:end])


def check_item_points(extraction: Extraction) -> Iterable[Outcome]:
    """评分要点得分: “‘X’得 0.8 分（满分 1 分）” under an indicator's heading. No item scores above its maximum;
    the points items lose add up to at most what the indicator lost, exactly when the rest are said to be met."""
    sheet = extraction.score_sheet
    if sheet is None or not sheet.rows:
        return
    prose = [f for f in extraction.index.prose() if f.kind == "points" and not f.bounded]
    by_section: dict[int, list[tuple[Figure, Figure]]] = {}
    for score, maximum in pairwise(prose):
        if score.clause_id == maximum.clause_id and score.label.endswith("得") and _ITEM_MAXIMUM.search(maximum.label):
            by_section.setdefault(score.section_id, []).append((score, maximum))
    for items in by_section.values():
        heading = _unquoted(items[0][0].heading)
        row = next((r for r in sorted(sheet.rows, key=lambda r: -len(r.name)) if r.name and r.name in heading), None)
        for score, maximum in items:
            assert score.value is not None and maximum.value is not None
            if score.value > maximum.value:
                yield Finding(
                    Severity.ERROR,
                    "前后一致",
                    score.line,
                    score.raw,
                    f"不超过满分 {maximum.raw}",
                    "评分要点得分不超过该要点分值",
                    score.page,
                    "评分要点得分",
                )
        if row is None or row.score is None or row.score.value is None or row.weight.value is None:
            continue
        lost = sum(((m.value or ZERO) - (s.value or ZERO) for s, m in items), ZERO)
        indicator_lost = row.weight.value - row.score.value
        all_else_met = bool(_ALL_ELSE_MET.search(_section_text(extraction, items[0][0])))
        working = " + ".join(f"({plain(m.value or ZERO)} − {plain(s.value or ZERO)})" for s, m in items)
        first = items[0][0]
        if lost == indicator_lost:
            yield Verified("前后一致", first.line, f"“{row.name}”各要点失分 {working} = 评分表失分 {plain(indicator_lost)}")
        elif lost > indicator_lost or all_else_met:
            yield Finding(
                Severity.ERROR,
                "前后一致",
                first.line,
                f"要点失分 {working} = {plain(lost)}",
                f"评分表失分 {plain(row.weight.value)} − {plain(row.score.value)} = {plain(indicator_lost)}"
                f"（第 {row.score.line} 行）",
                "各评分要点失分之和应等于指标失分",
                first.page,
                row.name,
            )
