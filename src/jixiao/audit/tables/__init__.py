"""The report's tables (报告表格) as extraction leaves them: quarterly execution, self-evaluation, score sheet.

Extraction flattens tables into lines: a row may be split over several lines, a page number may sit in the
middle, and the score sheet interleaves each indicator's description and standard with its weight and score.
The readers work from the shape of such tables (quarter labels, columns of money, a weight after an indicator
name, a score alone on its line), never from the wording of one report.
"""

from __future__ import annotations

from .cells import Cell, repaired_value
from .quarterly import QuarterlyTable, QuarterRow, read_quarterly_table
from .score_sheet import GroupWeight, ScoreRow, ScoreSheet, read_score_sheet, score_sheet_bounds
from .self_evaluation import (
    SelfEvaluationTable,
    TargetRow,
    TaskAmounts,
    read_self_evaluation,
    self_evaluation_bounds,
)

__all__ = [
    "Cell",
    "GroupWeight",
    "QuarterRow",
    "QuarterlyTable",
    "ScoreRow",
    "ScoreSheet",
    "SelfEvaluationTable",
    "TargetRow",
    "TaskAmounts",
    "read_quarterly_table",
    "read_score_sheet",
    "read_self_evaluation",
    "repaired_value",
    "score_sheet_bounds",
    "self_evaluation_bounds",
]
