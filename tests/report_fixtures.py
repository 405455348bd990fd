"""Shared inputs of the report tests: the fixture case and a score sheet given as data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import typer
import yaml

from jixiao.commands import report as report_command
from jixiao.facts.load import load_case
from jixiao.facts.model import DepartmentYear
from jixiao.report.scores import BudgetExecution, QuarterScore, ScoredIndicator, ScoreSheet

DATA = Path(__file__).parent / "data"


def report_app() -> typer.Typer:
    """An app with only the report command, for CliRunner (a second command keeps Typer from folding "report"
    into the app itself)."""
    app = typer.Typer()
    report_command.register(app)

    @app.command("noop")
    def noop() -> None: ...

    return app


def fixture_case() -> DepartmentYear:
    return load_case(DATA / "report-case.yaml")


def fixture_sheet() -> ScoreSheet:
    data = yaml.safe_load((DATA / "report-scores.yaml").read_text(encoding="utf-8"))
    indicators = tuple(
        ScoredIndicator(
            id=f"i{n}", level1=l1, level2=l2, name=name, weight=Decimal(str(weight)),
            description=f"{name}的指标说明", standard=f"1.{name}的评分标准第一条；\n2.第二条。",
            score=Decimal(str(score)),
        )
        for n, (l1, l2, name, weight, score) in enumerate(data["indicators"], start=1)
    )
    execution = data["budget_execution"]
    return ScoreSheet(
        framework=data["framework"],
        indicators=indicators,
        total=Decimal(str(data["total"])),
        grade=data["grade"],
        budget_execution=BudgetExecution(
            quarters=tuple(QuarterScore(Decimal(str(p)), Decimal(str(s))) for p, s in execution["quarters"]),
            average_rate=Decimal(str(execution["average_rate"])),
            average_score=Decimal(str(execution["average_score"])),
        ),
    )
