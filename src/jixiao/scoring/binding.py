"""When a case meets a framework (案例与指标体系的对应检查).

A case is valid on its own (types, signs, totals); whether it has what a framework needs is checked here:
the sections its rules read, a judgement for every evaluator-awarded item, a reason for every deduction, no
judgement for an indicator the figures decide, no judgement naming an unknown indicator. Every problem is
reported, at the case's own line when the case came from a file.
"""

from __future__ import annotations

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

_SECTION_LABELS = {name: MEASURES[name].label for name in MEASURES if "." not in name}


@dataclass(frozen=True, slots=True)
class IndicatorNeeds:
    """What an indicator's rule needs from a case, worked out once per framework."""

    indicator: Indicator
    measures: tuple[str, ...]
    items: tuple[tuple[str, str, Decimal], ...]
    findings: bool
    judged: JudgedRule | None

    @property
    def wants_judgement(self) -> bool:
        return bool(self.items) or self.findings or self.judged is not None


def needs_of(indicator: Indicator) -> IndicatorNeeds:
    rules = list(indicator.rule.walk())
    judged = next((r for r in rules if isinstance(r, JudgedRule)), None)
    return IndicatorNeeds(
        indicator=indicator,
        measures=tuple(dict.fromkeys(indicator.rule.references())),
        items=tuple(indicator.checklist_items()),
        findings=any(isinstance(r, DeductionsRule) and r.from_judgement for r in rules),
        judged=judged,
    )


@dataclass
class Binding:
    """The judgements of a case matched to the framework's indicators, and what is missing or wrong."""

    judgements: dict[str, Judgement] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # indicator id → reasons it cannot be scored (missing facts or judgements)
    missing: dict[str, list[str]] = field(default_factory=dict)


def bind(case: DepartmentYear, framework: Framework, plan: tuple[IndicatorNeeds, ...]) -> Binding:
    source = source_of(case) or SourceMap(f"{case.department.name} {case.year} 年度")
    binding = Binding()
    _match_judgements(case, framework, source, binding)
    reported_sections: set[str] = set()
    for needs in plan:
        indicator = needs.indicator
        for name in needs.measures:
            if MEASURES[name].read(case) is None:
                section = name.split(".")[0]
                label = _SECTION_LABELS.get(section, section)
                reason = f"缺少“{label}”（{section}）"
                binding.missing.setdefault(indicator.id, []).append(reason)
                if section not in reported_sections:
                    reported_sections.add(section)
                    binding.problems.append(source.problem(
                        (section,), f"{reason}：指标“{indicator.name}”需要 {name}"))
        judgement = binding.judgements.get(indicator.id)
        key = _judgement_key(case, indicator)
        path: PathKey = ("judgements", key) if key is not None else ("judgements",)
        if not needs.wants_judgement:
            if judgement is not None:
                binding.problems.append(source.problem(
                    path, f"指标“{indicator.name}”由数据按公式计分，不接受评价判断；请填写相应的事实数据"))
            continue
        _check_judgement(needs, judgement, path, source, binding)
    return binding


def _judgement_key(case: DepartmentYear, indicator: Indicator) -> str | None:
    for key in (indicator.id, indicator.name):
        if key in case.judgements:
            return key
    return None


def _match_judgements(case: DepartmentYear, framework: Framework, source: SourceMap, binding: Binding) -> None:
    for key, judgement in case.judgements.items():
        indicator = framework.indicator(key)
        if indicator is None:
            binding.problems.append(source.problem(
                ("judgements", key), f"未知的指标“{key}”：指标体系 {framework.id} 中没有该指标（请用指标编号或名称）"))
            continue
        if indicator.id in binding.judgements:
            binding.problems.append(source.problem(
                ("judgements", key), f"指标“{indicator.name}”的评价判断重复填写（编号和名称只用其一）"))
            continue
        binding.judgements[indicator.id] = judgement


def _check_judgement(needs: IndicatorNeeds, judgement: Judgement | None, path: PathKey, source: SourceMap,
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
                (*path, "items"), f"缺少评分要点 {item_id}（{name}，{_show(points)} 分）的得分"))
        elif award.points > points:
            binding.problems.append(source.problem(
                item_path, f"得分 {_show(award.points)} 超过该要点的分值 {_show(points)}"))
        elif award.points < points and not award.reason:
            binding.problems.append(source.problem(
                item_path, f"扣分（{_show(award.points)}/{_show(points)}）须在 reason 中说明理由"))
    for item_id in judgement.items:
        if item_id not in known_items:
            expected = "、".join(known_items) if known_items else "（本指标没有评分要点）"
            binding.problems.append(source.problem(
                (*path, "items", item_id), f"未知的评分要点“{item_id}”，应为：{expected}"))
    if needs.findings and judgement.findings is None:
        binding.missing.setdefault(indicator.id, []).append("缺少发现的问题清单")
        binding.problems.append(source.problem(
            path, "缺少 findings：请逐条列出发现的问题（没有问题写 findings: []）"))
    if not needs.findings and judgement.findings is not None:
        binding.problems.append(source.problem((*path, "findings"), "本指标不按问题扣分，不需要 findings"))
    judged = needs.judged
    if judged is not None:
        if judgement.score is None:
            binding.missing.setdefault(indicator.id, []).append("缺少评分")
            binding.problems.append(source.problem(path, f"缺少 score：请给出 0 到 {_show(judged.points)} 分的评分"))
        elif judgement.score > judged.points:
            binding.problems.append(source.problem(
                (*path, "score"), f"评分 {_show(judgement.score)} 超过分值 {_show(judged.points)}"))
        elif judgement.score < judged.points and not judgement.reason:
            binding.problems.append(source.problem(
                (*path, "score"), f"评分 {_show(judgement.score)} 低于分值 {_show(judged.points)}，须在 reason 中说明理由"))
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
