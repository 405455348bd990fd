"""Frameworks as data: the model of a 评价指标体系 and its loader. Built-in frameworks live in ``data/``."""

from .load import DEFAULT_FRAMEWORK, builtin_ids, framework_named_by_case, load_framework, parse_framework
from .model import Framework, Indicator

__all__ = ["DEFAULT_FRAMEWORK", "Framework", "Indicator", "builtin_ids", "framework_named_by_case", "load_framework",
           "parse_framework"]
