"""Report layouts (报告版式): which builder turns a scored case into the report's document.

``department`` builds the report from the framework's outline (:mod:`.outline`); ``generic`` is the report of a
framework that has no outline: overview, scores by group, points lost, targets, score sheet and chart. An
outline names its layout (``layout: <name>``); another layout (a project self-evaluation table, say) registers
itself here with :func:`register_layout`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..facts.model import DepartmentYear
from .document import Document
from .scores import ScoreSheet

if TYPE_CHECKING:
    from ..frameworks import Framework
    from ..scoring.result import Evaluation
    from .content import TargetResult
    from .outline import Outline


@dataclass(frozen=True, slots=True)
class ReportInputs:
    """What a layout is given: the case, its scores, the framework and its outline, and the options."""

    case: DepartmentYear
    sheet: ScoreSheet | None
    framework: Framework | None = None
    outline: Outline | None = None
    charts: bool = True
    target_judgements: Sequence[TargetResult | None] | None = None
    missing: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Indicator id → the figures or judgements it lacks (a partial draft leaves it 未计分)."""
    evaluation: Evaluation | None = None
    """The evaluation itself, for a layout that lays out each score's parts (the project self-evaluation table)."""


Layout = Callable[[ReportInputs], Document]


def _department(inputs: ReportInputs) -> Document:
    from .content import outline_document

    return outline_document(inputs)


def _generic(inputs: ReportInputs) -> Document:
    from .content import generic_document

    return generic_document(inputs)


def _project_self_evaluation(inputs: ReportInputs) -> Document:
    from .project_table import project_self_document

    if inputs.evaluation is None:
        raise ValueError("项目支出绩效自评表须由评分结果生成")
    return project_self_document(inputs.case, inputs.evaluation)


LAYOUTS: dict[str, Layout] = {"department": _department, "generic": _generic,
                              "project-self-evaluation": _project_self_evaluation}


def register_layout(name: str, layout: Layout) -> None:
    """Make ``layout: <name>`` in an outline build the report with ``layout``."""
    LAYOUTS[name] = layout


def layout_named(name: str) -> Layout:
    return LAYOUTS[name]
