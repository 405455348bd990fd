"""自评与监控记录核对: a year-end self-evaluation that claims more than the year's monitoring supports.

A target the self-evaluation reports as met (达成), while the monitoring's last report, late in the year, still
had it red (far behind time progress, a deadline passed, a ceiling passed), with no later report of recovery, is
疑似自评偏高: the claimed result may be true, but the bureau should ask for the evidence of the late catch-up.
Targets are matched by their name (三级指标) within the department.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..targets.judgement import Outcome
from ..targets.review import TargetReview
from .lights import Light, TargetLight
from .tables import Monitored


@dataclass(frozen=True, slots=True)
class UnsupportedClaim:
    project: str
    target: str
    claimed: str  # the self-evaluation's actual
    monitored: TargetLight
    message: str


def unsupported_claims(review: TargetReview, department: str, year: int, monitored: Sequence[Monitored],
                       late_month: int) -> list[UnsupportedClaim]:
    lit: dict[str, tuple[str, TargetLight]] = {}
    for item in monitored:
        if item.monitoring.department.name != department or item.monitoring.year != year:
            continue
        for project in item.projects:
            for light in project.targets:
                lit[light.target.name] = (project.project.name, light)
    found = []
    for judgement in review.judgements:
        target = judgement.target
        if target is None or judgement.outcome is not Outcome.MET or target.name not in lit:
            continue
        owner, light = lit[target.name]
        if light.light is not Light.RED or light.month is None or light.month < late_month:
            continue
        found.append(UnsupportedClaim(
            owner, target.name, judgement.actual_text, light,
            f"自评为达成（实际完成“{judgement.actual_text}”），但监控到 {light.month} 月末仍为红灯"
            f"（{light.so_far or '未报告完成'}；{light.note}），此后没有回升的记录：疑似自评偏高，请核实年末完成的依据"))
    return found
