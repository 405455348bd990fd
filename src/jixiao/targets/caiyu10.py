"""Scoring targets as 《项目支出绩效评价管理办法》(财预〔2020〕10号) asks of a project's self-evaluation.

- A quantitative target met earns its full weight; one missed earns ``actual ÷ expected`` of it (``expected ÷
  actual`` for an "at most" target), as :func:`jixiao.targets.scoring.share_of` computes.
- A lower-bound target (不低于 / 高于) exceeded by more than ``overshoot_threshold`` (a fraction of the expected
  value) was most likely set too low: its share is cut by ``overshoot_penalty × (deviation − threshold)``, at
  most down to nothing. Expected ≥100, actual 180, threshold 50%, penalty 1: 80% over, 30% beyond the
  threshold, share 70%. The 办法 names no threshold; 50% is this project's default, and ``None`` turns the cut
  off. Upper-bound, exact and range targets are left alone: they lose by their ratio already, or gain nothing.
- A qualitative or deadline target (no number to divide) earns a share by band: 达成年度指标 ``met`` (80% to
  100% of the weight), 部分达成并具有一定效果 ``partly`` (60% to below 80%), 未达成 ``not_met`` (below 60%).
  The band is what the actual value says in so many words (``部分完成``, ``未达成``, ``已完成``); otherwise the
  target's judgement (达成 → met, 未达成 → not met). A target that cannot be judged earns nothing and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from ..decimals import ONE, ZERO, percent
from .expression import ValueKind
from .judgement import Outcome, TargetJudgement
from .scoring import Working, share_of


class Band(StrEnum):
    """定性指标的完成档次."""

    MET = "达成"
    PARTLY = "部分达成"
    NOT_MET = "未达成"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Band.MET: "达成年度指标",
    Band.PARTLY: "部分达成年度指标并具有一定效果",
    Band.NOT_MET: "未达成年度指标且效果较差",
}

# Where each band's share of the weight may lie: (lowest, highest, whether the highest is allowed).
BAND_LIMITS: dict[Band, tuple[Decimal, Decimal, bool]] = {
    Band.MET: (Decimal("0.8"), ONE, True),
    Band.PARTLY: (Decimal("0.6"), Decimal("0.8"), False),
    Band.NOT_MET: (ZERO, Decimal("0.6"), False),
}

_DONE = "(?:达成|完成|实现|达到)"
_PARTLY = re.compile(f"部分(?:未)?{_DONE}")
_NOT_DONE = re.compile(f"(?:未|没有|尚未|未能|没能){_DONE}")
_MET = re.compile(f"(?:已|已经|全部|全面|均已|已全部)?{_DONE}(?:年度指标|年度目标|目标|预期|预期目标)?")


def band_in_words(text: str) -> Band | None:
    """The band an actual value states outright (``部分达成`` → partly); ``None`` when it does not."""
    if _PARTLY.search(text):
        return Band.PARTLY
    if _NOT_DONE.search(text):
        return Band.NOT_MET
    if _MET.fullmatch(text):
        return Band.MET
    return None


class Caiyu10Error(ValueError):
    """Parameters of the method outside what the 办法 allows; the message is in Chinese."""


def _percent_text(value: Decimal) -> str:
    return f"{percent(value)}%"


@dataclass(frozen=True, slots=True)
class Caiyu10Method:
    """财预〔2020〕10号 的计分参数: each band's share of the weight and the cut for a target set too low."""

    met: Decimal = ONE
    partly: Decimal = Decimal("0.7")
    not_met: Decimal = ZERO
    overshoot_threshold: Decimal | None = Decimal("0.5")
    overshoot_penalty: Decimal = ONE

    def __post_init__(self) -> None:
        for band, (low, high, closed) in BAND_LIMITS.items():
            share = self.share_for(band)
            if share < low or share > high or (share == high and not closed):
                limits = f"[{_percent_text(low)}, {_percent_text(high)}{']' if closed else ')'}"
                raise Caiyu10Error(
                    f"qualitative.{band.name.lower()}（定性指标“{band.description}”的得分比例）应在 {limits} 之内，"
                    f"实际为 {_percent_text(share)}"
                )
        if self.overshoot_threshold is not None and self.overshoot_threshold < 0:
            raise Caiyu10Error(
                f"overshoot_threshold（超目标扣减的起点）不能为负数，实际为 {_percent_text(self.overshoot_threshold)}"
            )
        if self.overshoot_penalty <= 0:
            raise Caiyu10Error(f"overshoot_penalty（超目标扣减的系数）必须大于 0，实际为 {self.overshoot_penalty}")

    def share_for(self, band: Band) -> Decimal:
        return {Band.MET: self.met, Band.PARTLY: self.partly, Band.NOT_MET: self.not_met}[band]

    def share(self, judgement: TargetJudgement) -> tuple[Decimal, Working]:
        """The share of its weight a judged target earns under the method, and the reasoning."""
        expected = judgement.expected
        if expected is None or expected.kind is not ValueKind.QUANTITATIVE:
            return self._qualitative(judgement)
        ratio, working = share_of(judgement)
        if judgement.outcome is Outcome.UNDETERMINED:
            return ratio, working
        if ratio < ONE:
            if working.raw is not None and not working.note:
                working = replace(working, note="未达到目标，按完成比例计")
            return ratio, working
        return self._over(judgement, working)

    def _qualitative(self, judgement: TargetJudgement) -> tuple[Decimal, Working]:
        actual = judgement.actual
        stated = band_in_words(actual.term) if actual is not None and actual.kind is ValueKind.QUALITATIVE else None
        if stated is not None:
            source = f"实际完成值写明“{actual.text if actual is not None else ''}”"
            band = stated
        elif judgement.outcome is Outcome.UNDETERMINED or judgement.expected is None:
            return ZERO, Working(judgement, "无法判断档次，按 0 计（请评价人员复核）", verdict="无法判断")
        else:
            band = Band.MET if judgement.outcome is Outcome.MET else Band.NOT_MET
            source = f"判断为{judgement.outcome.value}"
        share = self.share_for(band)
        expected = judgement.expected
        kind = "时限指标" if expected is not None and expected.kind is ValueKind.DEADLINE else "定性指标"
        note = f"{kind}，{source}，属“{band.description}”档，按分值的 {_percent_text(share)} 计"
        return share, Working(judgement, note, verdict=band.value)

    def _over(self, judgement: TargetJudgement, working: Working) -> tuple[Decimal, Working]:
        expected = judgement.expected
        over = judgement.relative_deviation
        upward = expected is not None and expected.comparator is not None and expected.comparator.upward
        if not upward or over is None or over <= 0:
            return ONE, working
        threshold = self.overshoot_threshold
        if threshold is None:
            note = f"超出目标 {_percent_text(over)}（不作目标偏低扣减），按 100% 计"
            return ONE, replace(working, note=note)
        if over <= threshold:
            note = f"超出目标 {_percent_text(over)}，未超过 {_percent_text(threshold)}，按 100% 计"
            return ONE, replace(working, note=note)
        beyond = over - threshold
        cut = min(beyond * self.overshoot_penalty, ONE)
        share = ONE - cut
        factor = "" if self.overshoot_penalty == ONE else f" × {self.overshoot_penalty}"
        note = (
            f"实际值超出目标 {_percent_text(over)}，超过 {_percent_text(threshold)} 的部分按目标值设置偏低扣减 "
            f"{_percent_text(beyond)}{factor}" + ("（扣完为止）" if cut == ONE else "")
            + f"，按 {_percent_text(share)} 计"
        )
        return share, replace(working, note=note)

