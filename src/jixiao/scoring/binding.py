"""When a case meets a framework (案例与指标体系的对应检查).

A case is valid on its own (types, signs, totals); whether it has what a framework needs is checked here:
the sections its rules read, a judgement for every evaluator-awarded item, a reason for every deduction, no
judgement for an indicator the figures decide, no judgement naming an unknown indicator. Every problem is
reported, at the case's own line when the case came from a file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from ..facts.load import source_of
from ..facts.measures import MEASURES
from ..facts.model import DepartmentYear, Judgement
from ..frameworks.model import Framework, Indicator
from ..problems import Problem
from ..rules.deductions import DeductionsRule
from ..rules.judged import JudgedRule
from ..yamlsource import PathKey, SourceMap

_SECTION_LABELS = {name: info.description or name for name, info in DepartmentYear.model_fields.items()}


@dataclass(frozen=True, slots=True)
class IndicatorNeeds:
    """What an indicator's rule needs from a case, worked out once per framework."""

    indicator: Indicator
    id: str
    measures: tuple[str, ...]
    items: tuple[tuple[str, str, Decimal], ...]
    findings: bool
    judged: JudgedRule | None
    wants_judgement: bool


def needs_of(indicator: Indicator) -> IndicatorNeeds:
    rules = list(indicator.rule.walk())
    judged = next((r for r in rules if isinstance(r, JudgedRule)), None)
    items = tuple(indicator.checklist_items())
    findings = any(isinstance(r, DeductionsRule) and r.from_judgement for r in rules)
    return IndicatorNeeds(
        indicator=indicator,
        id=indicator.id,
        measures=tuple(dict.fromkeys(indicator.rule.references())),
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
    # indicator id → reasons it cannot be scored (missing facts or judgements)
    missing: dict[str, list[str]] = field(default_factory=dict)
    # indicator id → the key the case used for its judgement (its id or its Chinese name)
    keys: dict[str, str] = field(default_factory=dict)

    def path_of(self, indicator_id: str) -> PathKey:
        key = self.keys.get(indicator_id)
        return ("judgements", key) if key is not None else ("judgements",)


@dataclass(frozen=True, slots=True)
class Presence:
    """What a case must have for a plan: the measures it reads, cheaply checked by section first."""

    measures: tuple[str, ...]
    sections: tuple[str, ...]
    nullable: tuple[str, ...]

    def all_present(self, case: DepartmentYear) -> bool:
        for section in self.sections:
            if getattr(case, section) is None:
                return False
        return all(MEASURES[name].read(case) is not None for name in self.nullable)

    def absent(self, case: DepartmentYear) -> set[str]:
        if self.all_present(case):
            return set()
        return {name for name in self.measures if MEASURES[name].read(case) is None}


def presence_of(plan: tuple[IndicatorNeeds, ...]) -> Presence:
    measures = tuple(dict.fromkeys(name for needs in plan for name in needs.measures))
    sections = tuple(dict.fromkeys(MEASURES[name].section for name in measures))
    nullable = tuple(name for name in measures if MEASURES[name].nullable)
    return Presence(measures, sections, nullable)


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


def bind(case: DepartmentYear, framework: Framework, plan: tuple[IndicatorNeeds, ...], presence: Presence,
         lookup: dict[str, Indicator]) -> Binding:
    """Match a case to a framework's plan; ``presence`` is :func:`presence_of` the plan and ``lookup`` finds an
    indicator by id or name."""
    binding = Binding()
    source = _LazySource(case)
    _match_judgements(case, framework, lookup, source, binding)
    # Only when something is missing are the indicators gone through to say which need it.
    absent = presence.absent(case)
    if absent:
        _report_absent(plan, absent, source, binding)
    judgements = binding.judgements
    for needs in plan:
        judgement = judgements.get(needs.id)
        if not needs.wants_judgement:
            if judgement is not None:
                binding.problems.append(source.problem(
                    binding.path_of(needs.id),
                    f"指标“{needs.indicator.name}”由数据按公式计分，不接受评价判断；请填写相应的事实数据"))
        else:
            _check_judgement(needs, judgement, binding.path_of(needs.id), source, binding)
    return binding


def _report_absent(plan: tuple[IndicatorNeeds, ...], absent: set[str], source: _LazySource, binding: Binding) -> None:
    """Say which indicators cannot be scored for want of which part of the case (each part reported once)."""
    reported_sections: set[str] = set()
    for needs in plan:
        for name in needs.measures:
            if name in absent:
                section = MEASURES[name].section
                label = _SECTION_LABELS.get(section, section)
                reason = f"缺少“{label}”（{section}）"
                binding.missing.setdefault(needs.id, []).append(reason)
                if section not in reported_sections:
                    reported_sections.add(section)
                    binding.problems.append(source.problem(
                        (section,), f"{reason}：指标“{needs.indicator.name}”需要 {name}"))


class _LazySource:
    """The case's source map, or a stand-in naming the department, made only when a problem needs it."""

    def __init__(self, case: DepartmentYear) -> None:
        self.case = case
        self._source: SourceMap | None = None

    def problem(self, path: PathKey, message: str) -> Problem:
        if self._source is None:
            self._source = source_of(self.case) or SourceMap(f"{self.case.department.name} {self.case.year} 年度")
        return self._source.problem(path, message)


def _match_judgements(case: DepartmentYear, framework: Framework, lookup: dict[str, Indicator], source: _LazySource,
                      binding: Binding) -> None:
    for key, judgement in case.judgements.items():
        indicator = lookup.get(key)
        if indicator is None:
            keys = [k for i in framework.indicators for k in (i.id, i.name)]
            close = difflib.get_close_matches(key, keys, n=1)
            hint = f"，是否应为“{close[0]}”？" if close else "（请用指标编号或名称）"
            binding.problems.append(source.problem(
                ("judgements", key), f"未知的指标“{key}”：指标体系 {framework.id} 中没有该指标{hint}"))
            continue
        if indicator.id in binding.judgements:
            binding.problems.append(source.problem(
                ("judgements", key), f"指标“{indicator.name}”的评价判断重复填写（编号和名称只用其一）"))
            continue
        binding.judgements[indicator.id] = judgement
        binding.keys[indicator.id] = key


def _check_judgement(needs: IndicatorNeeds, judgement: Judgement | None, path: PathKey, source: _LazySource,
                     binding: Binding) -> None:
    indicator = needs.indicator
    if judgement is None:
        binding.missing.setdefault(indicator.id, []).append("缺少评价判断")
        binding.problems.append(source.problem(
            path, f"缺少指标“{indicator.name}”（{indicator.id}）的评价判断：{_what_is_wanted(needs)}"))
        return
    known_items = {item_id for item_id, _, _ in needs.items}
    for item_id, name, points in needs.items:
        award = judgement.items.get(item_id)
        item_path = (*path, "items", item_id)
        if award is None:
            binding.missing.setdefault(indicator.id, []).append(f"缺少要点“{name}”的得分")
            binding.problems.append(source.problem(
                item_path, f"缺少评分要点 {item_id}（{name}，{_show(points)} 分）的得分"))
        elif award.points > points:
            binding.problems.append(source.problem(
                item_path, f"得分 {_show(award.points)} 超过该要点的分值 {_show(points)}"))
        elif award.points < points and not award.reason:
            binding.problems.append(source.problem(
                item_path, f"扣分（{_show(award.points)}/{_show(points)}）须说明扣分理由（reason）"))
    for item_id in judgement.items:
        if item_id not in known_items:
            expected = "、".join(known_items) if known_items else "（本指标没有评分要点）"
            binding.problems.append(source.problem(
                (*path, "items", item_id), f"未知的评分要点“{item_id}”，应为：{expected}"))
    if needs.findings and judgement.findings is None:
        binding.missing.setdefault(indicator.id, []).append("缺少发现的问题清单")
        binding.problems.append(source.problem(
            path, "缺少发现的问题清单（findings）：请逐条列出发现的问题，没有问题也须明确说明（YAML 中写 findings: []）"))
    if not needs.findings and judgement.findings is not None:
        binding.problems.append(source.problem((*path, "findings"), "本指标不按问题扣分，不需要 findings"))
    judged = needs.judged
    if judged is not None:
        if judgement.score is None:
            binding.missing.setdefault(indicator.id, []).append("缺少评分")
            binding.problems.append(source.problem(path, f"缺少评分（score）：请给出 0 到 {_show(judged.points)} 分的评分"))
        elif judgement.score > judged.points:
            binding.problems.append(source.problem(
                (*path, "score"), f"评分 {_show(judgement.score)} 超过分值 {_show(judged.points)}"))
        elif judgement.score < judged.points and not judgement.reason:
            binding.problems.append(source.problem(
                (*path, "score"), f"评分 {_show(judgement.score)} 低于分值 {_show(judged.points)}，须说明扣分理由（reason）"))
    elif judgement.score is not None:
        binding.problems.append(source.problem((*path, "score"), "本指标不由评价人员直接评分，不需要 score"))


def _what_is_wanted(needs: IndicatorNeeds) -> str:
    wanted = []
    if needs.items:
        wanted.append("items 下逐项给分（" + "、".join(i for i, _, _ in needs.items) + "）")
    if needs.findings:
        wanted.append("findings 列出发现的问题（没有写 []）")
    if needs.judged is not None:
        wanted.append(f"score 给出评分（满分 {_show(needs.judged.points)}）")
    return "；".join(wanted)


def _show(value: Decimal) -> str:
    return f"{value.normalize():f}"
