"""The rule library (规则库): every kind a framework file may name, as one tagged union."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .bands import BandsRule
from .checklist import ChecklistRule
from .choice import ChoiceRule
from .composite import CompositeRule
from .deductions import DeductionsRule
from .flag import FlagRule
from .judged import JudgedRule
from .over_threshold import OverThresholdRule
from .quarterly import QuarterlyExecutionRule
from .ratio_points import ProportionRule, RatioPointsRule
from .targets import TargetsRule

RULE_KINDS = (
    BandsRule,
    RatioPointsRule,
    ProportionRule,
    OverThresholdRule,
    DeductionsRule,
    ChecklistRule,
    QuarterlyExecutionRule,
    FlagRule,
    ChoiceRule,
    JudgedRule,
    TargetsRule,
    CompositeRule,
)

Rule = Annotated[
    BandsRule
    | RatioPointsRule
    | ProportionRule
    | OverThresholdRule
    | DeductionsRule
    | ChecklistRule
    | QuarterlyExecutionRule
    | FlagRule
    | ChoiceRule
    | JudgedRule
    | TargetsRule
    | CompositeRule,
    Field(discriminator="kind"),
]

KIND_NAMES: tuple[str, ...] = tuple(
    kind.model_fields["kind"].annotation.__args__[0] for kind in RULE_KINDS  # type: ignore[union-attr]
)

CompositeRule.model_rebuild()
