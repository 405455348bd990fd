"""When a case meets a framework (案例与指标体系的对应检查).

A case is valid on its own (types, signs, totals); whether it has what a framework needs is checked here:
the sections its rules read, a judgement for every evaluator-awarded item, a reason for every deduction, no
judgement for an indicator the figures decide, no judgement naming an unknown indicator. Every problem is
reported, at the case's own line when the case came from a file.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..facts.catalogue import Catalogue, common
from ..facts.load import source_of
from ..facts.measures import Measure
from ..facts.model import DepartmentYear, Judgement, fields_of, is_fact_type
from ..frameworks.model import Framework, Indicator
from ..problems import Problem
from ..rules.deductions import DeductionsRule
from ..rules.judged import JudgedRule
from ..yamlsource import PathKey, SourceMap, dotted

_SECTION_LABELS = {name: info.description or name for name, info in DepartmentYear.model_fields.items()}


@dataclass(frozen=True, slots=True)
class IndicatorNeeds:
    """What an indicator's rule needs from a case, worked out once per framework."""

    indicator: Indicator
    id: str
    measures: tuple[str, ...]
    #: the figures behind those measures (a formula's inputs), each with whether the rule cannot do without it
    figures: tuple[tuple[str, bool], ...]
    items: tuple[tuple[str, str, Decimal], ...]
    findings: bool
    judged: JudgedRule | None
    wants_judgement: bool


def needs_of(indicator: Indicator, lookup: dict[str, Measure] | None = None) -> IndicatorNeeds:
    """What ``indicator`` needs of a case; ``lookup`` is its framework's measures (else the common ones)."""
    measures = lookup if lookup is not None else common().measures
    rules = list(indicator.rule.walk())
    judged = next((r for r in rules if isinstance(r, JudgedRule)), None)
    items = tuple(indicator.checklist_items())
    findings = any(isinstance(r, DeductionsRule) and r.from_judgement for r in rules)
    names = tuple(dict.fromkeys(indicator.rule.references()))
    return IndicatorNeeds(
        indicator=indicator,
        id=indicator.id,
        measures=names,
        figures=_figures_read(names, measures),
        items=items,
        findings=findings,
        judged=judged,
        wants_judgement=bool(items) or findings or judged is not None,
    )


@dataclass
class Binding:
    """The judgements of a case matched to the framework's indicators, and what is missing or wrong."""

    judgements: dict[str, Judgement] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # the problems that only say something is missing (a partial evaluation leaves those indicators unscored)
    absences: list[Problem] = field(default_factory=list)
    # indicator id → reasons it cannot be scored (missing facts or judgements)
    missing: dict[str, list[str]] = field(default_factory=dict)
    # indicator id → the key the case used for its judgement (its id or its Chinese name)
    keys: dict[str, str] = field(default_factory=dict)

    def path_of(self, indicator_id: str) -> PathKey:
        return ("judgements", self.keys.get(indicator_id, indicator_id))

    def lack(self, indicator_id: str, reason: str) -> None:
        """Record why an indicator cannot be scored (each reason once)."""
        reasons = self.missing.setdefault(indicator_id, [])
        if reason not in reasons:
            reasons.append(reason)

    def absence(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.absences.append(problem)


def _figures_read(names: tuple[str, ...], lookup: dict[str, Measure]) -> tuple[tuple[str, bool], ...]:
    """The figures behind ``names``: a figure itself, needed; a formula's inputs, needed unless they may be left
    empty (the formula says what then: ``ifempty``); a formula of constants (``90%``) reads none."""
    found: dict[str, bool] = {}
    for name in names:
        measure = lookup[name]
        if not measure.inputs and not measure.formula:
            found[name] = True
            continue
        for figure in measure.inputs:
            found[figure] = found.get(figure, False) or not lookup[figure].nullable
    return tuple(found.items())


@dataclass(frozen=True, slots=True)
class Presence:
    """What a case must have for a plan: the figures it reads, cheaply checked by section first."""

    figures: tuple[str, ...]
    sections: tuple[str, ...]
    required: tuple[str, ...]
    lookup: dict[str, Measure]

    def all_present(self, case: DepartmentYear) -> bool:
        for section in self.sections:
            if getattr(case, section) is None:
                return False
        lookup = self.lookup
        return all(lookup[name].read(case) is not None for name in self.required)

    def absent(self, case: DepartmentYear) -> set[str]:
        """The figures the plan needs that the case lacks (a typed section left out lacks all of its own)."""
        if self.all_present(case):
            return set()
        lookup = self.lookup
        missing = {name for name in self.required if lookup[name].read(case) is None}
        missing |= {name for name in self.figures if not (lookup[name].generic or lookup[name].by_default)
                    and getattr(case, lookup[name].section) is None}
        return missing


def presence_of(plan: tuple[IndicatorNeeds, ...], lookup: dict[str, Measure] | None = None) -> Presence:
    measures = lookup if lookup is not None else common().measures
    needed: dict[str, bool] = {}
    for needs in plan:
        for name, required in needs.figures:
            needed[name] = needed.get(name, False) or required
    figures = tuple(needed)
    sections = tuple(dict.fromkeys(measures[name].section for name in figures
                                   if not (measures[name].generic or measures[name].by_default)))
    # a typed field inside a section that is there is checked by the model, unless it may be left empty
    wanted_now = tuple(name for name, wanted in needed.items()
                       if wanted and (measures[name].generic or measures[name].nullable))
    return Presence(figures, sections, wanted_now, measures)


class QuickCheck:
    """The common case, checked in one pass: every judgement names a known indicator once, every indicator that
    wants one has a complete one (each item awarded within its points, a reason wherever points are taken off,
    findings and a score exactly where the rule wants them), no other indicator has one, and every section the
    plan reads is there.

    Calling it gives the judgements by indicator id, or ``None`` when anything is off; :func:`bind` then goes
    through the case again and says what. This runs for every case of a batch, so it is written for speed.
    """

    def __init__(self, plan: tuple[IndicatorNeeds, ...], presence: Presence, lookup: dict[str, Indicator]) -> None:
        self._ids = {key: indicator.id for key, indicator in lookup.items()}
        self._wanting = tuple(
            (needs.id, tuple((item_id, points) for item_id, _, points in needs.items), len(needs.items),
             needs.findings, None if needs.judged is None else needs.judged.points)
            for needs in plan if needs.wants_judgement)
        self._presence = presence

    def __call__(self, case: DepartmentYear) -> dict[str, Judgement] | None:
        ids = self._ids
        judgements: dict[str, Judgement] = {}
        for key, judgement in case.judgements.items():
            indicator_id = ids.get(key)
            if indicator_id is None or indicator_id in judgements:
                return None
            judgements[indicator_id] = judgement
        # As many judgements as indicators wanting one, each of those complete: so none is for another indicator.
        if len(judgements) != len(self._wanting):
            return None
        for indicator_id, items, count, findings, judged_points in self._wanting:
            wanted = judgements.get(indicator_id)
            if wanted is None:
                return None
            awards = wanted.items
            if len(awards) != count:
                return None
            for item_id, points in items:
                award = awards.get(item_id)
                if award is None:
                    return None
                awarded = award.points
                if awarded != points and (awarded > points or not award.reason):
                    return None
            if findings is (wanted.findings is None):
                return None
            score = wanted.score
            if judged_points is None:
                if score is not None:
                    return None
            elif score is None or (score != judged_points and (score > judged_points or not wanted.reason)):
                return None
        return judgements if self._presence.all_present(case) else None


#BIND#
def bind(case: DepartmentYear, framework: Framework, plan: tuple[IndicatorNeeds, ...], presence: Presence,
         lookup: dict[str, Indicator], *, set_aside: Mapping[PathKey, str] | None = None) -> Binding:
    """Match a case to a framework's plan; ``presence`` is :func:`presence_of` the plan and ``lookup`` finds an
    indicator by id or name. ``set_aside`` (else what :func:`remember_set_aside` recorded for the case) names the
    parts left out of the case when it was read: the indicators needing them are not scored, and no problem is
    raised again for them."""
    binding = Binding()
    aside = parts_set_aside(case) if set_aside is None else set_aside
    source = _LazySource(case, framework.catalogue)
    _match_judgements(case, framework, lookup, source, binding)
    # Only when something is missing are the indicators gone through to say which need it.
    absent = presence.absent(case)
    if absent:
        _report_absent(case, plan, absent, source, binding, aside, presence)
    judgements = binding.judgements
    for needs in plan:
        judgement = judgements.get(needs.id)
        if not needs.wants_judgement:
            if judgement is not None:
                binding.problems.append(source.problem(
                    binding.path_of(needs.id),
                    f"指标“{needs.indicator.name}”由数据按公式计分，不接受评价判断；请填写相应的事实数据",
                    f"指标“{needs.indicator.name}”由数据按公式计分，不接受评价判断：请删除“评价判断”表中该指标的行，"
                    "并在相应工作表中填写数据"))
        else:
            _check_judgement(needs, judgement, binding.path_of(needs.id), source, binding, aside)
    return binding


# --- parts of a case set aside when it was read ----------------------------------------------------------

def remember_set_aside(case: DepartmentYear, parts: Mapping[PathKey, str]) -> None:
    """Record the parts left out of ``case`` when it was read (a partly filled section, an invalid judgement),
    each with the figures it lacks in the user's terms (``第二季度 季度末累计支出数（季度执行!C3）``); kept in
    the case, so that a copy of it keeps them."""
    if parts:
        case._set_aside = dict(parts)


def parts_set_aside(case: DepartmentYear) -> Mapping[PathKey, str]:
    found = case._set_aside
    return found if isinstance(found, dict) else {}


# --- what an absent part of a case needs filled in ------------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def _required_paths(annotation: Any, prefix: PathKey) -> list[PathKey]:
    """The fields a part of the case cannot be without: its required fields, through required records, for every
    entry of a fixed-length list (the four quarters); a list of records needs at least one, named by the list."""
    kind = _unwrap(annotation)
    if typing.get_origin(kind) is tuple:
        args = typing.get_args(kind)
        if args and args[-1] is not Ellipsis:
            return [path for index, arg in enumerate(args) for path in _required_paths(arg, (*prefix, index))]
        return [prefix]
    if is_fact_type(kind):
        return [path for name, info in fields_of(kind).items() if info.is_required()
                for path in _required_paths(info.annotation, (*prefix, name))]
    return [prefix]


def _to_fill(section: str, plan: tuple[IndicatorNeeds, ...], lookup: dict[str, Measure]) -> list[PathKey]:
    """What an absent section needs, all at once: its required fields and the optional ones the plan reads."""
    paths = _required_paths(DepartmentYear.model_fields[section].annotation, (section,))
    read = [name for name, required in dict.fromkeys(f for needs in plan for f in needs.figures)
            if lookup[name].section == section and not lookup[name].generic and required]
    paths += [tuple(name.split(".")) for name in read if lookup[name].nullable]
    # A section whose every field has a default (资金合规) is asked for by the fields the plan reads.
    return list(dict.fromkeys(paths)) or [tuple(name.split(".")) for name in read] or [(section,)]


def _entry(kind: Any, index: int) -> Any:
    """The type of entry ``index`` of a list of records: any entry of ``tuple[X, ...]`` is an X; a fixed tuple's
    entries each have their own (past its end, the last one's); ``None`` for what is not a tuple."""
    args = typing.get_args(kind)
    if not args:
        return None
    if args[-1] is Ellipsis:
        return args[0]
    return args[min(index, len(args) - 1)]


def _annotation_at(path: PathKey) -> Any:
    """The type of the part of a case at ``path`` (``None`` when the path leads nowhere in the model)."""
    kind: Any = DepartmentYear
    for part in path:
        kind = _unwrap(kind)
        if isinstance(part, int):
            kind = _entry(kind, part)
        elif is_fact_type(kind) and part in fields_of(kind):
            kind = fields_of(kind)[part].annotation
        else:
            return None
    return kind


def required_below(path: PathKey) -> list[PathKey]:
    """The fields to fill in when the part at ``path`` is missing altogether: ``("public_expenses", "routine")`` →
    its adjusted budget and final account; a plain field is itself."""
    kind = _annotation_at(path)
    return [path] if kind is None else _required_paths(kind, path) or [path]


def _is_list(path: PathKey) -> bool:
    """Whether the part at ``path`` is a list of records of any length (重点工作), wanting at least one row."""
    kind = _unwrap(_annotation_at(path))
    return typing.get_origin(kind) is tuple and typing.get_args(kind)[-1:] == (Ellipsis,)


def describe_field(path: PathKey) -> str:
    """A field's Chinese name from the facts model: ``("public_expenses", "three_public", "final")`` → “三公”经费
    决算数; the section's own name for a section."""
    kind: Any = DepartmentYear
    words: list[str] = []
    for part in path:
        kind = _unwrap(kind)
        if isinstance(part, int):
            kind = _entry(kind, part)
            words.append(f"第 {part + 1} 项")
            continue
        if not is_fact_type(kind) or part not in fields_of(kind):
            figure = common().figures.get(dotted(path))
            return figure.label if figure is not None else dotted(path)
        info = fields_of(kind)[part]
        kind = info.annotation
        words.append(info.description or str(part))
    return " ".join(words[1:] if len(words) > 1 else words)


def _entered_at(path: PathKey, catalogue: Catalogue) -> str:
    figure = catalogue.figures.get(dotted(path))
    return figure.where if figure is not None else "工作簿中"


def _report_absent(case: DepartmentYear, plan: tuple[IndicatorNeeds, ...], absent: set[str], source: _LazySource,
                   binding: Binding, aside: Mapping[PathKey, str], presence: Presence) -> None:
    """Say which indicators cannot be scored for want of which part of the case, and what to fill in: every field
    an absent part needs, at once, so that filling them in leaves no second round of problems."""
    reported: set[PathKey] = set()
    lookup = presence.lookup
    for needs in plan:
        for name, required in needs.figures:
            if name not in absent:
                continue
            measure = lookup[name]
            section = measure.section
            if not required and (measure.generic or getattr(case, section) is not None):
                continue  # another indicator needs it; this one's formula says what to take without it (ifempty)
            own: PathKey = tuple(name.split("."))
            left_out = aside.get(own) if measure.generic else aside.get((section,))
            if left_out is not None:  # partly filled: its blank cells were reported when the case was read
                binding.lack(needs.id, f"缺少 {left_out}")
                continue
            if measure.generic:
                binding.lack(needs.id, source.lacking_figure(own, measure.label))
                if own not in reported:
                    reported.add(own)
                    binding.absence(source.figure_wanted(own, measure.label, needs.indicator.name))
                continue
            whole = getattr(case, section) is None
            target: PathKey = (section,) if whole else own
            paths = _to_fill(section, plan, lookup) if whole else [target]
            binding.lack(needs.id, source.lacking(target, paths))
            if target in reported:
                continue
            reported.add(target)
            read: set[PathKey] = {tuple(f.split(".")) for f, _ in needs.figures}
            for problem in source.fill_in(target, paths, needs.indicator.name, name, read):
                binding.absence(problem)


class _LazySource:
    """The case's source map, or a stand-in naming the department, made only when a problem needs it; it words a
    problem for a workbook in sheets and cells, for YAML in field names."""

    def __init__(self, case: DepartmentYear, catalogue: Catalogue | None = None) -> None:
        self.case = case
        self.catalogue = catalogue or common()
        self._source: SourceMap | None = None

    @property
    def map(self) -> SourceMap:
        if self._source is None:
            self._source = source_of(self.case) or SourceMap(f"{self.case.department.name} {self.case.year} 年度")
        return self._source

    @property
    def workbook(self) -> bool:
        return bool(self.map.cells)

    def placed(self, path: PathKey) -> bool:
        """Whether the workbook has a cell or row of its own for ``path`` (not only an ancestor's)."""
        return tuple(path) in self.map.cells

    def problem(self, path: PathKey, message: str, workbook: str | None = None) -> Problem:
        source = self.map
        if source.cells:  # never a dotted field name to a workbook user
            return Problem(source.file, workbook or message, field=source.labels.get(tuple(path), ""),
                           where=source.cell_of(path) or "")
        return source.problem(path, message)

    def _named(self, path: PathKey) -> str:
        """A field as the user knows it: its label and cell in a workbook, its Chinese name and key in YAML."""
        source = self.map
        if source.cells:
            return f"{source.labels.get(tuple(path)) or describe_field(path)}（{source.cell_of(path) or ''}）"
        return f"{describe_field(path)}（{dotted(path)}）"

    def lacking(self, target: PathKey, paths: list[PathKey]) -> str:
        """Why an indicator is not scored: what is missing, briefly (a report's 未计分 line)."""
        if len(target) == 1 and not self.workbook:
            return f"缺少“{_SECTION_LABELS.get(str(target[0]), target[0])}”（{target[0]}）"
        if len(paths) > 3:
            first = self.map.cell_of(paths[0]) or ""
            sheet = first.split("!", 1)[0]
            return f"未填写“{sheet}”表（{first} 等 {len(paths)} 项）" if sheet else f"缺少{self._named(target)}"
        return ("未填写 " if self.workbook else "缺少 ") + "、".join(self._named(p) for p in paths)

    def lacking_figure(self, path: PathKey, label: str) -> str:
        """Why an indicator is not scored, for a figure of the catalogue beyond the typed model."""
        where = self.map.cell_of(path) if self.workbook else None
        if self.workbook:
            return f"未填写 {label}（{where or _entered_at(path, self.catalogue)}）"
        return f"缺少 {label}（{dotted(path)}）"

    def figure_wanted(self, path: PathKey, label: str, indicator: str) -> Problem:
        source = self.map
        if source.cells:
            where = source.cell_of(path)
            if where is not None:
                return Problem(source.file, f"尚未填写：指标“{indicator}”计分需要这一项", field=label, where=where)
            return Problem(source.file, f"缺少 {label}：指标“{indicator}”计分需要它，请在{_entered_at(path, self.catalogue)}填写",
                           field=label)
        return source.problem(path, f"缺少 {label}（{dotted(path)}）：指标“{indicator}”计分需要它")

    def fill_in(self, target: PathKey, paths: list[PathKey], indicator: str, measure: str,
                read: set[PathKey] | None = None) -> list[Problem]:
        """The problems saying what to fill in: one a cell for a workbook, one for the part for YAML."""
        source = self.map
        if not source.cells:
            if len(target) > 1:
                return [source.problem(target, f"缺少 {describe_field(target)}：指标“{indicator}”需要 {measure}")]
            section = str(target[0])
            fields = list(dict.fromkeys(
                ".".join(str(p) for p in path[1:] if not isinstance(p, int)) for path in paths if len(path) > 1))
            wanted = "；须填写：" + "、".join(f"{f}（{describe_field((section, *f.split('.')))}）" for f in fields) \
                if fields else ""
            return [source.problem(
                target, f"缺少“{_SECTION_LABELS.get(section, section)}”（{section}）：指标“{indicator}”需要 {measure}"
                        f"{wanted}")]
        problems = []
        for path in paths:
            where = source.cell_of(path)
            if where is None:
                continue  # its sheet or row is missing, which the reader has reported
            sheet = where.split("!", 1)[0]
            if path == target and _is_list(path):
                message = f"尚未填写：指标“{indicator}”计分需要“{sheet}”表至少填写一行"
            elif read is None or tuple(path) in read:
                message = f"尚未填写：指标“{indicator}”计分需要这一项"
            else:  # a required field of a part the indicator reads, though not this field itself
                message = f"尚未填写：这是“{sheet}”表的必填项，指标“{indicator}”计分需要该表"
            problems.append(Problem(source.file, message, field=source.labels.get(tuple(path), ""), where=where))
        return problems


def _match_judgements(case: DepartmentYear, framework: Framework, lookup: dict[str, Indicator], source: _LazySource,
                      binding: Binding) -> None:
    for key, judgement in case.judgements.items():
        indicator = lookup.get(key)
        if indicator is None and framework.sharing(key):
            binding.problems.append(source.problem(
                ("judgements", key), f"指标名称“{key}”在指标体系 {framework.id} 中出现不止一次，请用指标编号（"
                                     + "、".join(framework.sharing(key)) + "）"))
            continue
        if indicator is None:
            keys = [k for i in framework.indicators for k in (i.id, i.name)]
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"，是否应为“{close[0]}”？" if close else "（请用指标编号或名称）"
            binding.problems.append(source.problem(
                ("judgements", key), f"未知的指标“{key}”：指标体系 {framework.id} 中没有该指标{hint}"))
            continue
        if indicator.id in binding.judgements:
            binding.problems.append(source.problem(
                ("judgements", key), f"指标“{indicator.name}”的评价判断重复填写（编号和名称只用其一）",
                f"指标“{indicator.name}”的评价判断重复填写：同一指标的行请用同一个指标编号"))
            continue
        binding.judgements[indicator.id] = judgement
        binding.keys[indicator.id] = key


_REASON_COLUMN = "“理由或问题”栏"


def _check_judgement(needs: IndicatorNeeds, judgement: Judgement | None, path: PathKey, source: _LazySource,
                     binding: Binding, aside: Mapping[PathKey, str]) -> None:
    indicator = needs.indicator
    whole = judgement is None  # then "缺少评价判断" is the one reason, whatever cells the problems name

    def lack(reason: str) -> None:
        if not whole:
            binding.lack(indicator.id, reason)

    if judgement is None:
        left_out = aside.get(path) or aside.get(("judgements", indicator.name))
        if left_out is not None:  # reported when the case was read
            binding.lack(indicator.id, f"缺少 {left_out}")
            return
        binding.lack(indicator.id, "缺少评价判断")
        if not (source.workbook and any(source.placed(p) for p in (path, ("judgements", indicator.name)))):
            binding.absence(source.problem(
                path, f"缺少指标“{indicator.name}”（{indicator.id}）的评价判断：{_what_is_wanted(needs)}",
                f"缺少指标“{indicator.name}”（{indicator.id}）的评价判断：请在“评价判断”表中{_rows_wanted(needs)}"))
            return
        # The workbook lists the indicator's rows: each cell left blank is named, as for a judgement half done.
        judgement = Judgement()
    known_items = dict.fromkeys(item_id for item_id, _, _ in needs.items)  # in the framework's order
    for item_id, name, points in needs.items:
        award = judgement.items.get(item_id)
        item_path = (*path, "items", item_id)
        if award is None:
            left_out = aside.get(item_path)
            if left_out is not None:
                binding.lack(indicator.id, f"缺少 {left_out}")
                continue
            lack(f"缺少要点“{name}”的得分")
            wanted = f"缺少评分要点 {item_id}（{name}，{_show(points)} 分）的得分"
            binding.absence(source.problem(
                item_path, wanted,
                wanted + ("" if source.placed(item_path) else
                          f"：请在“评价判断”表为它填一行（类型“要点得分”，要点编号 {item_id}）")))
        elif award.points > points:
            binding.problems.append(source.problem(
                item_path, f"得分 {_show(award.points)} 超过该要点的分值 {_show(points)}"))
        elif award.points < points and not award.reason:
            binding.problems.append(source.problem(
                item_path, f"扣分（{_show(award.points)}/{_show(points)}）须说明扣分理由（reason）",
                f"扣分（{_show(award.points)}/{_show(points)}）须在本行{_REASON_COLUMN}说明扣分理由"))
    for item_id in judgement.items:
        if item_id not in known_items:
            expected = "、".join(known_items) if known_items else "（本指标没有评分要点）"
            binding.problems.append(source.problem(
                (*path, "items", item_id), f"未知的评分要点“{item_id}”，应为：{expected}"))
    if needs.findings and judgement.findings is None:
        lack("缺少发现的问题清单")
        binding.absence(source.problem(
            (*path, "findings"),
            "缺少发现的问题清单（findings）：请逐条列出发现的问题，没有问题也须明确说明（YAML 中写 findings: []）",
            f"缺少发现的问题：每个问题填一行（类型“发现问题”，问题写在{_REASON_COLUMN}）；"
            "逐项检查后没有问题的，类型选“未发现问题”"))
    if not needs.findings and judgement.findings is not None:
        binding.problems.append(source.problem(
            (*path, "findings"), "本指标不按问题扣分，不需要 findings",
            "本指标不按问题扣分：请删除该指标的“发现问题”或“未发现问题”行"))
    judged = needs.judged
    if judged is not None:
        if judgement.score is None:
            lack("缺少评分")
            binding.absence(source.problem(
                (*path, "score"), f"缺少评分（score）：请给出 0 到 {_show(judged.points)} 分的评分",
                f"缺少指标评分：请在类型为“指标评分”的一行的“得分”栏填写 0 到 {_show(judged.points)} 分"))
        elif judgement.score > judged.points:
            binding.problems.append(source.problem(
                (*path, "score"), f"评分 {_show(judgement.score)} 超过分值 {_show(judged.points)}"))
        elif judgement.score < judged.points and not judgement.reason:
            binding.problems.append(source.problem(
                (*path, "score"), f"评分 {_show(judgement.score)} 低于分值 {_show(judged.points)}，须说明扣分理由（reason）",
                f"评分 {_show(judgement.score)} 低于分值 {_show(judged.points)}，须在本行{_REASON_COLUMN}说明扣分理由"))
    elif judgement.score is not None:
        binding.problems.append(source.problem(
            (*path, "score"), "本指标不由评价人员直接评分，不需要 score",
            "本指标不由评价人员直接评分：请删除该指标的“指标评分”行"))


def _what_is_wanted(needs: IndicatorNeeds) -> str:
    wanted = []
    if needs.items:
        wanted.append("items 下逐项给分（" + "、".join(i for i, _, _ in needs.items) + "）")
    if needs.findings:
        wanted.append("findings 列出发现的问题（没有写 []）")
    if needs.judged is not None:
        wanted.append(f"score 给出评分（满分 {_show(needs.judged.points)}）")
    return "；".join(wanted)


def _rows_wanted(needs: IndicatorNeeds) -> str:
    """What the 评价判断 sheet needs for an indicator, in its rows and columns."""
    wanted = []
    if needs.items:
        wanted.append("为每个评分要点填一行（类型“要点得分”，要点编号 " + "、".join(i for i, _, _ in needs.items)
                      + "，填写得分）")
    if needs.findings:
        wanted.append("每个发现的问题填一行（类型“发现问题”），没有问题的填一行类型“未发现问题”")
    if needs.judged is not None:
        wanted.append(f"填一行类型“指标评分”，得分 0 到 {_show(needs.judged.points)} 分")
    return "；".join(wanted)


def _show(value: Decimal) -> str:
    return f"{value.normalize():f}"
