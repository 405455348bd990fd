"""``jixiao targets CASE``: the self-evaluation table judged (绩效指标完成情况判断), and the flags."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from ..problems import InputError
from .failures import input_errors_exit

if TYPE_CHECKING:
    from ..frameworks import Framework
    from ..targets.judgement import JudgeOptions


class _JudgeByDefault(TyperGroup):
    """``jixiao targets CASE`` stays what it always was (``targets judge CASE``); ``targets review FILE`` vets
    proposed targets."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["judge", *args]
        return super().parse_args(ctx, args)


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        cls=_JudgeByDefault,
        help="绩效指标：判断自评表中各项指标是否达成（jixiao targets CASE，即 targets judge），"
             "或审核申报的绩效目标（jixiao targets review FILE）。",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    group.command(
        "judge",
        help="判断自评表中各项绩效指标是否达成（达成 / 未达成 / 无法判断），列出偏差和复核提示。",
    )(targets)
    group.command(
        "review",
        short_help="绩效目标审核：逐项给出 通过 / 修改后通过 / 退回 的建议和理由。",
        help="绩效目标审核：逐项检查申报的绩效目标（表述模糊、缺单位或比较方式、低于上年实际、成本无依据、"
             "缺少指标类别、金额与预算不符），给出 通过 / 修改后通过 / 退回 的建议和理由。",
    )(review)
    app.add_typer(group, name="targets")


def review(
    file: Annotated[Path, typer.Argument(help="绩效目标申报文件（.yaml）", show_default=False)],
    rules: Annotated[Path | None, typer.Option(
        "--rules", help="审核规则文件（缺省为内置规则；可复制 jixiao 的 targets/data/vetting.yaml 修改）",
        show_default=False)] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="数据库（取该部门上年自评表的实际完成值作比较；缺省不用数据库）", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    from ..problems import Problem
    from ..targets.vetting import VettingRules, as_dict, load_proposal, load_rules, vet

    with input_errors_exit():
        problems: list[Problem] = []
        chosen: VettingRules | None = None
        try:
            chosen = load_rules(rules)
        except InputError as exc:
            problems += exc.problems
        try:
            proposal, _ = load_proposal(file)
        except InputError as exc:
            raise InputError([*problems, *exc.problems]) from None
        if problems or chosen is None:
            raise InputError(problems)
        previous = _last_year_from_store(db, proposal) if db is not None else None
    vetting = vet(proposal, chosen, previous)
    if as_json:
        typer.echo(json.dumps(as_dict(vetting), ensure_ascii=False, indent=2))
        return
    from ..render.vetting_text import print_vetting
    from .console import console

    print_vetting(vetting, console())


def _last_year_from_store(db: str, proposal: Any) -> Any:
    from ..store.lookups import previous_targets
    from .db import store_errors

    with store_errors():
        from ..store.db import open_store

        engine = open_store(db)
        try:
            return previous_targets(engine, proposal.department.code or proposal.department.name, proposal.year - 1,
                                    project=proposal.project)
        finally:
            engine.dispose()


def targets(
    case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（数值为十进制字符串）")] = False,
    plain: Annotated[
        str | None, typer.Option("--plain", help="不带比较符的预期值的缺省含义：不低于 / 等于 / 不高于"
                                 "（缺省按案例指标体系的绩效指标规则，没有则为不低于）", show_default=False)
    ] = None,
    threshold: Annotated[
        str, typer.Option("--threshold", help="超出预期多少即提示“目标值可能设置偏低”（如 20%）")
    ] = "20%",
) -> None:
    from ..decimals import NumberFormatError, parse_rate
    from ..problems import InputError, Problem
    from ..scoring.intake import load_for_scoring
    from ..targets.expression import PlainMeaning
    from ..targets.review import ReviewOptions, review_self_evaluation
    from .hints import print_hints

    with input_errors_exit():
        problems = []
        if plain is not None and plain not in PlainMeaning.__members__.values():
            problems.append(Problem("命令行", f"--plain 应为“不低于”“等于”或“不高于”之一，实际为“{plain}”"))
        try:
            limit = parse_rate(threshold)
        except NumberFormatError as exc:
            problems.append(Problem("命令行", f"--threshold：{exc}"))
        if problems:
            raise InputError(problems)
        # read as it is scored: the figures its framework declares are known, and its targets rule judges
        facts, framework = load_for_scoring(case)
        if facts.self_evaluation is None or not facts.self_evaluation.targets:
            where = "“绩效指标”表中没有填写任何指标" if case.suffix.lower() == ".xlsx" else \
                "案例未填写绩效指标（self_evaluation.targets）"
            raise InputError.single(str(case), f"{where}，没有可判断的内容")
    print_hints(facts)
    options = ReviewOptions(_judging(framework, facts.year, plain), exceed_threshold=limit)
    review = review_self_evaluation(facts, options)
    if as_json:
        from ..render.targets_json import review_to_dict

        payload = {"department": facts.department.name, "year": facts.year, **review_to_dict(review)}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    from ..render.targets_text import print_target_review
    from .console import console

    print_target_review(review, console(), f"{facts.department.name} {facts.year} 年度绩效指标完成情况")


def _judging(framework: Framework, year: int, plain: str | None) -> JudgeOptions:
    """How to judge: ``--plain`` if given, else as the framework's targets rule judges (so the review says what
    the score counted), else plain values read as “at least”."""
    from ..rules.targets import TargetsRule
    from ..targets.expression import PlainMeaning
    from ..targets.judgement import JudgeOptions

    rule = next((r for i in framework.indicators for r in i.rule.walk() if isinstance(r, TargetsRule)), None)
    options = rule.judge_options(year) if rule is not None else JudgeOptions(year=year)
    if plain is not None:
        from dataclasses import replace

        options = replace(options, plain_meaning=PlainMeaning(plain))
    return options
