"""The checks (审核规则): small independent functions over an :class:`~jixiao.audit.extraction.Extraction`.

Each check yields :class:`~jixiao.audit.findings.Finding` records for what does not add up and
:class:`~jixiao.audit.findings.Verified` records for what was recomputed and matched, so that an audit shows
both what is wrong and what was confirmed. One module per part of a report.
"""

from __future__ import annotations

from .amounts import check_adjustments_and_transfers, check_budget_adjustment, check_stated_sums
from .comparison import Check, Outcome
from .consistency import check_malformed_numbers, check_restated_figures
from .quarterly import (
    check_quarter_against_text,
    check_quarter_figures_in_text,
    check_quarter_lists_in_text,
    check_quarterly_table,
)
from .rates import check_outside_quota_rate, check_shares, check_stated_fractions, check_stated_rates
from .score_sheet import check_execution_score_row, check_item_points, check_scores_in_text
from .self_evaluation import check_self_evaluation, check_targets
from .text_arithmetic import check_counted_lists, check_worked_formulas, check_year_on_year

CHECKS: tuple[Check, ...] = (
    check_malformed_numbers,
    check_stated_rates,
    check_outside_quota_rate,
    check_shares,
    check_stated_fractions,
    check_budget_adjustment,
    check_stated_sums,
    check_adjustments_and_transfers,
    check_quarterly_table,
    check_quarter_against_text,
    check_quarter_lists_in_text,
    check_quarter_figures_in_text,
    check_execution_score_row,
    check_self_evaluation,
    check_restated_figures,
    check_scores_in_text,
    check_item_points,
    check_targets,
    check_year_on_year,
    check_counted_lists,
    check_worked_formulas,
)

QUARTERLY_SCORING: frozenset[Check] = frozenset({check_quarterly_table, check_execution_score_row})
"""Checks that score the quarterly execution table by a framework's quarterly rule (序时进度 25/50/75/100%, 得分 =
支出进度 ÷ 序时进度 × 1 a quarter, the year's average): run only for a framework that scores budget execution
so (its ``quarterly_execution`` rule), or when no framework is known."""

__all__ = ["CHECKS", "QUARTERLY_SCORING", "Check", "Outcome"]
