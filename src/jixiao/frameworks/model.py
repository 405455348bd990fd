"""A performance evaluation framework (评价指标体系) as data: three levels of indicators with weights and rules.

Loading checks what a finance officer could get wrong: weights of each level add up to their parent and the
total; every rule's full marks equal its indicator's weight; ids are unique; grade bands are ordered.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from ..decimals import ZERO
from ..facts.catalogue import Catalogue, MeasureSpec, SheetSpec, common
from ..rules import Rule
from ..rules.base import PointsValue
from ..rules.checklist import ChecklistRule
from ..years import FIRST_YEAR, LAST_YEAR


class FrameworkModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _sum_error(what: str, parts: Decimal, owner: str, weight: Decimal) -> PydanticCustomError:
    return PydanticCustomError(
        "jixiao_weights", "{what}分值合计 {parts} 与“{owner}”的分值 {weight} 不一致",
        {"what": what, "parts": f"{parts.normalize():f}", "owner": owner, "weight": f"{weight.normalize():f}"},
    )


class Indicator(FrameworkModel):
    """三级指标：名称、分值、说明、评分标准和计分规则."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="指标编号（小写英文、数字、下划线）")
    name: str = Field(min_length=1, description="三级指标名称")
    weight: PointsValue = Field(description="分值")
    description: str = Field(min_length=1, description="指标说明")
    standard: str = Field(min_length=1, description="评分标准")
    rule: Rule = Field(description="计分规则")

    _level1: str = PrivateAttr("")
    _level2: str = PrivateAttr("")

    @model_validator(mode="after")
    def _rule_fits_weight(self) -> Indicator:
        full = self.rule.max_points()
        if full != self.weight:
            raise PydanticCustomError(
                "jixiao_weights", "计分规则的满分 {full} 与指标“{name}”的分值 {weight} 不一致",
                {"full": f"{full.normalize():f}", "name": self.name, "weight": f"{self.weight.normalize():f}"},
            )
        return self

    @property
    def level1(self) -> str:
        """一级指标名称."""
        return self._level1

    @property
    def level2(self) -> str:
        """二级指标名称."""
        return self._level2

    def checklist_items(self) -> Iterator[tuple[str, str, Decimal]]:
        """(id, name, points) of every evaluator-awarded item in this indicator's rule."""
        for rule in self.rule.walk():
            if isinstance(rule, ChecklistRule):
                for item in rule.items:
                    yield item.id, item.name, item.points


class Level2(FrameworkModel):
    """二级指标."""

    name: str = Field(min_length=1, description="二级指标名称")
    weight: PointsValue = Field(description="分值")
    indicators: list[Indicator] = Field(min_length=1, description="三级指标")

    @model_validator(mode="after")
    def _adds_up(self) -> Level2:
        parts = sum((i.weight for i in self.indicators), ZERO)
        if parts != self.weight:
            raise _sum_error("三级指标", parts, self.name, self.weight)
        return self


class Level1(FrameworkModel):
    """一级指标."""

    name: str = Field(min_length=1, description="一级指标名称")
    weight: PointsValue = Field(description="分值")
    groups: list[Level2] = Field(min_length=1, description="二级指标")

    @model_validator(mode="after")
    def _adds_up(self) -> Level1:
        parts = sum((g.weight for g in self.groups), ZERO)
        if parts != self.weight:
            raise _sum_error("二级指标", parts, self.name, self.weight)
        return self


class GradeBand(FrameworkModel):
    """评分等级：综合评分不低于 ``min`` 即为该等级."""

    grade: str = Field(min_length=1, description="等级")
    min: PointsValue = Field(description="最低分（含）")


class Source(FrameworkModel):
    """指标体系的出处."""

    document: str = Field(min_length=1, description="文件名称")
    issuer: str | None = Field(None, description="发文机关")
    note: str | None = Field(None, description="说明")


class Framework(FrameworkModel):
    """评价指标体系."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="编号")
    title: str = Field(min_length=1, description="名称")
    region: str = Field(min_length=1, description="适用地区")
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR, description="适用年度（有 until 时为起始年度）")
    until: int | Literal["至今"] | None = Field(
        None, description="适用的最后年度；“至今”表示起始年度以后一直适用；缺省只适用于 year 一年")
    source: Source = Field(description="出处")
    total: PointsValue = Field(Decimal(100), description="总分")
    score_places: int = Field(2, ge=0, le=6, description="指标得分保留的小数位数（四舍五入）")
    grades: list[GradeBand] = Field(min_length=1, description="评分等级（从高到低）")
    groups: list[Level1] = Field(min_length=1, description="一级指标")

    facts: tuple[SheetSpec, ...] = Field((), description="本指标体系增加的事实（写法同共同事实目录）")
    measures: tuple[MeasureSpec, ...] = Field((), description="本指标体系用公式定义的计量项")

    _catalogue: Catalogue | None = PrivateAttr(None)
    _indicators: tuple[Indicator, ...] = PrivateAttr(())
    _by_key: dict[str, Indicator] = PrivateAttr(default_factory=dict)
    _shared_names: dict[str, tuple[str, ...]] = PrivateAttr(default_factory=dict)
    _file: str | None = PrivateAttr(None)

    @property
    def catalogue(self) -> Catalogue:
        """The figures and measures this framework's cases hold: the common catalogue and its own."""
        return self._catalogue if self._catalogue is not None else common()

    @property
    def file(self) -> str | None:
        """The file this framework was read from, as the user named it; ``None`` for a built-in one."""
        return self._file

    def applies_to(self, year: int) -> bool:
        """Whether a case of ``year`` is within the years this framework is written for."""
        if year < self.year:
            return False
        if self.until == "至今":
            return True
        return year <= (self.until if self.until is not None else self.year)

    def years_text(self) -> str:
        """The years it applies to, in words: ``2023 年度``, ``2021 年度起``, ``2021—2023 年度``."""
        if self.until == "至今":
            return f"{self.year} 年度起"
        if self.until is None or self.until == self.year:
            return f"{self.year} 年度"
        return f"{self.year}—{self.until} 年度"

    def label(self) -> str:
        """The framework as a score sheet names it: its title, id, and the file it came from if not built in."""
        where = f"，文件 {self._file}" if self._file else ""
        return f"{self.title}（{self.id}{where}）"

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        parts = sum((g.weight for g in self.groups), ZERO)
        if parts != self.total:
            raise _sum_error("一级指标", parts, self.title, self.total)
        mins = [band.min for band in self.grades]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise PydanticCustomError("jixiao_grades", "评分等级应按最低分从高到低排列，且各不相同")
        if isinstance(self.until, int) and self.until < self.year:
            raise PydanticCustomError("jixiao_years", "until（{until}）不能早于 year（{year}）",
                                      {"until": self.until, "year": self.year})
        if mins[-1] != 0:
            raise PydanticCustomError("jixiao_grades", "最低一个评分等级的最低分应为 0，使任何得分都有等级")
        indicators = []
        ids: set[str] = set()
        names: dict[str, list[str]] = {}
        for level1 in self.groups:
            for level2 in level1.groups:
                in_group: set[str] = set()
                for indicator in level2.indicators:
                    # An id is unique; a name may recur under another 二级 group (管理制度健全性 under 预算管理 and
                    # 资产管理), and is then no key of its own: a case names such an indicator by its id.
                    if indicator.id in ids or indicator.id in names:
                        raise PydanticCustomError("jixiao_duplicate", "指标编号“{key}”重复", {"key": indicator.id})
                    if indicator.name in in_group:
                        raise PydanticCustomError("jixiao_duplicate", "二级指标“{group}”下的指标名称“{key}”重复",
                                                  {"key": indicator.name, "group": level2.name})
                    ids.add(indicator.id)
                    in_group.add(indicator.name)
                    names.setdefault(indicator.name, []).append(indicator.id)
                    indicator._level1 = level1.name
                    indicator._level2 = level2.name
                    indicators.append(indicator)
        clash = sorted(set(names) & ids)
        if clash:
            raise PydanticCustomError("jixiao_duplicate", "指标编号或名称“{key}”重复", {"key": clash[0]})
        self._indicators = tuple(indicators)
        self._shared_names = {name: tuple(found) for name, found in names.items() if len(found) > 1}
        self._by_key = {i.id: i for i in indicators} | {
            i.name: i for i in indicators if i.name not in self._shared_names}
        return self

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """Every 三级 indicator, in order."""
        return self._indicators

    def indicator(self, key: str) -> Indicator | None:
        """An indicator by id or by its Chinese name (a name shared by several indicators is none of them)."""
        return self._by_key.get(key)

    def keys(self) -> dict[str, Indicator]:
        """Every key a case may name an indicator by: its id, and its name where no other indicator has it."""
        return dict(self._by_key)

    def sharing(self, name: str) -> tuple[str, ...]:
        """The ids of the indicators that share ``name`` (empty unless it is shared)."""
        return self._shared_names.get(name, ())

    def grade_for(self, score: Decimal) -> str:
        for band in self.grades:
            if score >= band.min:
                return band.grade
        return self.grades[-1].grade  # pragma: no cover - the last band starts at 0
