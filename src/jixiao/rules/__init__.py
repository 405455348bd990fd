"""The rule library: how a framework's indicators turn facts into points. See docs/frameworks.md."""

from .base import Context, Outcome, RuleBase
from .library import KIND_NAMES, RULE_KINDS, Rule

__all__ = ["KIND_NAMES", "RULE_KINDS", "Context", "Outcome", "Rule", "RuleBase"]
