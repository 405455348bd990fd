"""Bands on a ratio (分档计分): the ratio falls in one band, the band gives the points."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO
from ..facts.model import DepartmentYear, Judgement
from ..intervals import Interval, parse_interval
from ..scoring.trail import Step
from .base import Evaluator, PointsValue, RatioSource, RuleModel, Scored


class Band(RuleModel):
    """One band: a range such as ``≥ 90%`` or ``[75%, 90%)`` and its points."""

    range: str = Field(description="区间，如“≥ 90%”“[75%, 90%)”")
    points: PointsValue = Field(description="得分")

    _interval: Interval = PrivateAttr()

    @model_validator(mode="after")
    def _parse(self) -> Band:
        try:
            self._interval = parse_interval(self.range)
        except ValueError as exc:
            raise PydanticCustomError("jixiao_rule", str(exc)) from None
        return self

    @property
    def interval(self) -> Interval:
        return self._interval


class BandsRule(RatioSource):
    """分档计分：比率落在哪一档，得哪一档的分。"""

    kind: Literal["bands"]
    bands: list[Band] = Field(min_length=1, description="各档区间及得分")

    @model_validator(mode="after")
    def _no_overlap(self) -> BandsRule:
        for i, a in enumerate(self.bands):
            for b in self.bands[i + 1:]:
                if a.interval.overlaps(b.interval):
                    raise PydanticCustomError(
                        "jixiao_rule", "档次“{a}”与“{b}”有重叠", {"a": a.range, "b": b.range})
        return self

    def max_points(self) -> Decimal:
        return max(band.points for band in self.bands)

    def compile(self, explain: bool = True) -> Evaluator:
        read = self.ratio_reader(explain)
        bands = [(band.interval, band.points, band.interval.describe()) for band in self.bands]
        full = self.max_points()

        def evaluate(case: DepartmentYear, judgement: Judgement | None) -> Scored:
            ratio, _, steps = read(case)
            if ratio is None:
                return self.undefined_outcome(full, steps, explain)
            for interval, points, description in bands:
                if ratio in interval:
                    if not explain:
                        return (points, ())
                    return (points, (*steps, Step("{0:rate} 属于“{1}”档 → {2:points}",
                                                         (ratio, description, points))))
            return (ZERO, (*steps, Step("{0:rate} 不在任何一档内 → 0", (ratio,))) if explain else ())

        return evaluate
