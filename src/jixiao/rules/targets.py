"""Points from the self-evaluation table's targets (按绩效指标完成情况计分).

Each target earns ``min(actual ÷ expected, 1)`` of its weight (``expected ÷ actual`` for an "at most" target);
see :mod:`jixiao.targets.scoring`. The weights are the targets' own, scaled to ``points``, or ``points`` shared
equally when the table gives none. ``level1`` limits the rule to some first-level groups (``效益指标``), so
that a framework can score output and benefit targets under different indicators.

``method: caiyu-2020-10`` scores as 《项目支出绩效评价管理办法》(财预〔2020〕10号) asks of a project's
self-evaluation instead (see :mod:`jixiao.targets.caiyu10`): qualitative targets by band (``qualitative``), and
lower-bound targets far exceeded cut as set too low (``overshoot_threshold``, ``overshoot_penalty``).

``if_none_level1`` names the groups whose targets score the rule instead when the table has none of its own
``level1``: the 办法 gives the weight of a satisfaction target that was never set to the benefit targets, so a
satisfaction indicator with ``if_none_level1: [效益指标]`` then earns the benefit targets' share of its points
(the two indicators together score the benefit targets over both their points, each rounded on its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ONE, ZERO
from ..facts.model import DepartmentYear, Judgement, Target
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RateValue, RuleBase, RuleModel, Scored

if TYPE_CHECKING:
    from ..targets.caiyu10 import Caiyu10Method
    from ..targets.judgement import JudgeOptions
    from ..targets.scoring import Share, TargetScore

TARGETS = "self_evaluation.targets"
CAIYU_2020_10 = "caiyu-2020-10"
# Parameters that only the 财预〔2020〕10号 method reads.
_CAIYU_ONLY = ("qualitative", "overshoot_threshold", "overshoot_penalty")


class QualitativeShares(RuleModel):
    """定性指标各档次的得分比例（占该指标分值）."""

    met: RateValue = Field(ONE, description="达成年度指标：80%–100%")
    partly: RateValue = Field(Decimal("0.7"), description="部分达成并具有一定效果：60%–80%（不含 80%）")
    not_met: RateValue = Field(ZERO, description="未达成：0–60%（不含 60%）")


class TargetsRule(RuleBase):
    """按绩效指标完成情况计分：每项指标 min(实际 ÷ 预期, 1) × 权重，“不高于”类指标取 预期 ÷ 实际。"""

    kind: Literal["targets"]
    points: PointsValue = Field(description="分值")
    level1: tuple[str, ...] = Field((), description="只计这些一级指标（缺省为全部）")
    plain_meaning: Literal["不低于", "等于", "不高于"] = Field(
        "不低于", description="不带比较符的预期值的缺省含义"
    )
    infer_plain_meaning: bool = Field(True, description="成本、事故数等“越少越好”的指标按“不高于”理解")
    if_none: Literal["full", "zero"] = Field("zero", description="没有可计分的绩效指标时的计分")
    if_none_level1: tuple[str, ...] = Field(
        (), description="自评表中没有 level1 所列一级指标时，改按这些一级指标计分（如未设满意度指标时按效益指标）"
    )
    method: Literal["proportional", "caiyu-2020-10"] = Field(
        "proportional", description="计分方法：proportional（按完成比例）或 caiyu-2020-10（财预〔2020〕10号）"
    )
    qualitative: QualitativeShares = Field(
        default_factory=QualitativeShares, description="定性指标各档次的得分比例（仅 caiyu-2020-10）"
    )
    overshoot_threshold: RateValue | None = Field(
        Decimal("0.5"), description="实际值超出目标多少以上视为目标设置偏低而扣分；null 为不扣（仅 caiyu-2020-10）"
    )
    overshoot_penalty: RateValue = Field(
        ONE, description="超出起点的部分每 100% 扣减分值的比例（仅 caiyu-2020-10）"
    )

    @model_validator(mode="after")
    def _fallback_groups(self) -> TargetsRule:
        if self.if_none_level1 and not self.level1:
            raise PydanticCustomError("jixiao_rule", "if_none_level1 须与 level1 同用：未写 level1 时本规则计全部指标")
        shared = [name for name in self.if_none_level1 if name in self.level1]
        if shared:
            raise PydanticCustomError("jixiao_rule", "if_none_level1 不能包含 level1 中已有的一级指标：{names}",
                                      {"names": "、".join(shared)})
        return self

    @model_validator(mode="after")
    def _method_parameters(self) -> TargetsRule:
        if self.method != CAIYU_2020_10:
            written = [name for name in _CAIYU_ONLY if name in self.model_fields_set]
            if written:
                raise PydanticCustomError(
                    "jixiao_rule", "{names} 只用于 method: caiyu-2020-10", {"names": "、".join(written)}
                )
            return self
        from ..targets.caiyu10 import Caiyu10Error

        try:
            self.caiyu10()
        except Caiyu10Error as exc:
            raise PydanticCustomError("jixiao_rule", str(exc)) from None
        return self

    def caiyu10(self) -> Caiyu10Method:
        """The 财预〔2020〕10号 method with this rule's parameters."""
        from ..targets.caiyu10 import Caiyu10Method

        shares = self.qualitative
        return Caiyu10Method(
            met=shares.met, partly=shares.partly, not_met=shares.not_met,
            overshoot_threshold=self.overshoot_threshold, overshoot_penalty=self.overshoot_penalty,
        )

    def references(self) -> Iterator[str]:
        yield TARGETS

    def max_points(self) -> Decimal:
        return self.points

    def compile(self, explain: bool = True) -> Evaluator:
        # Judging the targets' text is the work here; the steps cost little beside it, so they are always made.
        if self.method == CAIYU_2020_10:
            share = self.caiyu10().share

            def score(case: DepartmentYear, judgement: Judgement | None) -> Scored:
                return self._score(case, judgement, share)

            return score
        return self._score

    def judge_options(self, year: int) -> JudgeOptions:
        """How this rule judges a target (its plain meaning and whether to infer it), for a case of ``year``:
        the report and the target review judge with the same options, so that they agree with the score."""
        from ..targets.expression import PlainMeaning
        from ..targets.judgement import JudgeOptions

        return JudgeOptions(plain_meaning=PlainMeaning(self.plain_meaning),
                            infer_plain_meaning=self.infer_plain_meaning, year=year)

    def target_scores(self, case: DepartmentYear) -> tuple[TargetScore, ...]:
        """Each target this rule scores with the points it earns (各项绩效指标得分), unrounded shares kept.

        Empty when the table has none the rule scores; raises :class:`~jixiao.targets.scoring.TargetWeightError`
        when their weights cannot be used. The rule's score is :func:`~jixiao.targets.scoring.total_score` of
        these, the exact shares added and rounded once, so the rows' own rounded scores may add up to a cent more or
        less.
        """
        targets, _, _ = self._chosen(case)
        if not targets:
            return ()
        share = self.caiyu10().share if self.method == CAIYU_2020_10 else None
        return self._judged(case, targets, share)

    def _chosen(self, case: DepartmentYear) -> tuple[list[Target], str, tuple[Step, ...]]:
        """The targets scored, the groups named in the trail, and a step saying when the fallback groups stood in."""
        evaluation = case.self_evaluation
        table = evaluation.targets if evaluation is not None else ()
        targets = [target for target in table if not self.level1 or target.level1 in self.level1]
        scope = "、".join(self.level1) if self.level1 else "全部"
        moved: tuple[Step, ...] = ()
        if not targets and self.if_none_level1:
            targets = [target for target in table if target.level1 in self.if_none_level1]
            instead = "、".join(self.if_none_level1)
            if targets:
                moved = (Step("自评表中没有{0}，本项分值并入{1}，按{1}的完成情况计分", (scope, instead)),)
            scope = f"{scope}，及{instead}" if not targets else instead
        return targets, scope, moved

    def _judged(self, case: DepartmentYear, targets: list[Target], share: Share | None) -> tuple[TargetScore, ...]:
        # The target reader loads here: every framework carries this rule kind in its union, few use it.
        from ..targets.judgement import judge_target
        from ..targets.scoring import score_targets

        options = self.judge_options(case.year)
        judgements = [judge_target(target, options) for target in targets]
        return score_targets(judgements, self.points, places=self.places, share=share)

    def _score(self, case: DepartmentYear, judgement: Judgement | None, share: Share | None = None) -> Scored:
        from ..targets.scoring import TargetWeightError, total_score

        targets, scope, moved = self._chosen(case)
        if not targets:
            score = self.points if self.if_none == "full" else ZERO
            return (score, (Step("自评表中没有可计分的绩效指标（{0}）→ {1:points}", (scope, score)),))
        try:
            scores = self._judged(case, targets, share)
        except TargetWeightError as exc:
            return (ZERO, (Step("{0}，按 0 分计", (str(exc),)),))
        steps = tuple(
            Step("{0}（{1}）：{2} × {3:points} = {4:points}",
                 (s.judgement.name, s.working.verdict or s.judgement.outcome.value, s.working, s.weight, s.score))
            for s in scores
        )
        total = total_score(scores, self.places)
        return (total, (*moved, *steps, Step("绩效指标 {0} 项（{1}）合计 {2:points}", (len(scores), scope, total))))
