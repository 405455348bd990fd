"""``jixiao workbook new|fill`` and ``jixiao convert``: the Excel form a department fills in (填报工作簿)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from ..problems import InputError
from .failures import input_errors_exit

_YAML_SUFFIXES = (".yaml", ".yml")


def register(app: typer.Typer) -> None:
    workbook = typer.Typer(
        help="Excel 填报工作簿：生成空白工作簿，或把案例写入工作簿。",
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    workbook.command("new", help="生成空白填报工作簿（评价判断表按指标体系列出各评分要点）。")(new)
    workbook.command("fill", help="把案例文件（YAML 或工作簿）写入填报工作簿。")(fill)
    app.add_typer(workbook, name="workbook")
    app.command("convert", help="转换案例格式：工作簿 → YAML，或 YAML → 工作簿（按输出文件扩展名）。")(convert)


OutputOption = Annotated[Path, typer.Option("--output", "-o", help="输出文件", dir_okay=False)]
FrameworkOption = Annotated[
    str | None,
    typer.Option("--framework", "-f", help="指标体系：内置编号或 YAML 文件路径（缺省：案例中的 framework，否则内置默认体系）"),
]


OverwriteOption = Annotated[
    bool, typer.Option("--overwrite", help="输出文件已存在时覆盖它（缺省不覆盖，以免丢失已填写的内容）")]


MonitoringOption = Annotated[bool, typer.Option(
    "--monitoring", help="绩效运行监控填报工作簿（基本信息、资金执行、绩效目标、上年执行），由 jixiao monitor 读取")]
RulesOption = Annotated[Path | None, typer.Option(
    "--rules", help="监控规则文件（偏差原因的下拉选项取自其中；缺省为内置规则）", show_default=False)]


def new(output: OutputOption, framework: FrameworkOption = None, overwrite: OverwriteOption = False,
        monitoring: MonitoringOption = False, rules: RulesOption = None) -> None:
    """Write a blank workbook."""
    if monitoring:
        _run(lambda: _check(output, [], None, overwrite, (".xlsx",)))
        _run(lambda: _write_monitoring(output, None, rules))
        typer.echo(f"已生成空白监控填报工作簿：{output}")
        return
    _run(lambda: _check(output, [], framework, overwrite, (".xlsx",)))
    _run(lambda: _write_workbook(output, None, framework))
    typer.echo(f"已生成空白填报工作簿：{output}")


def fill(case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）")], output: OutputOption,
         framework: FrameworkOption = None, overwrite: OverwriteOption = False,
         monitoring: MonitoringOption = False, rules: RulesOption = None) -> None:
    """Write a case into a workbook."""
    if monitoring:
        _run(lambda: _check(output, [case], None, overwrite, (".xlsx",)))
        _run(lambda: _write_monitoring(output, case, rules))
        typer.echo(f"已将监控填报写入工作簿：{output}")
        return
    _run(lambda: _check(output, [case], framework, overwrite, (".xlsx",)))
    _run(lambda: _fill(case, output, framework))
    typer.echo(f"已将案例写入工作簿：{output}")


def convert(case: Annotated[Path, typer.Argument(help="案例文件（.yaml 或 .xlsx）")],
            output: OutputOption, overwrite: OverwriteOption = False) -> None:
    """Convert a case between a workbook and YAML."""
    _run(lambda: _check(output, [case], None, overwrite, (*_YAML_SUFFIXES, ".xlsx")))
    if output.suffix.lower() == ".xlsx":
        _run(lambda: _fill(case, output, None))
    else:
        _run(lambda: _write_yaml(case, output))
    typer.echo(f"已转换：{case} → {output}")


def _check(output: Path, inputs: list[Path], framework: str | None, overwrite: bool,
           suffixes: tuple[str, ...]) -> None:
    """Refuse, before reading anything, an output that would destroy an input or a file someone filled in."""
    from ..outputs import output_problems

    sources = [*inputs, *([Path(framework)] if framework and Path(framework).is_file() else [])]
    problems = output_problems([output], sources, keep_existing=not overwrite, suffixes=suffixes)
    if problems:
        raise InputError(problems)


def _fill(case_path: Path, output: Path, framework: str | None) -> None:
    from ..frameworks import framework_named_by_case
    from ..scoring.intake import load_for_scoring

    # read as it would be scored, so that the figures its framework declares itself are known
    case, _ = load_for_scoring(case_path, framework)
    _write_workbook(output, case, framework or framework_named_by_case(case.framework, case_path))


def _write_workbook(output: Path, case: object, framework: str | None) -> None:
    from ..facts.model import DepartmentYear
    from ..frameworks import DEFAULT_FRAMEWORK, load_framework
    from ..workbook.outline import framework_outline, framework_sheets
    from ..workbook.write import write_workbook

    # The outline only adds the framework's unanswered rows to 评价判断; a case's own answers are always kept.
    chosen = framework or DEFAULT_FRAMEWORK
    loaded = load_framework(chosen)
    filled = case if isinstance(case, DepartmentYear) else None
    write_workbook(output, filled, framework_outline(loaded), framework_id=_as_seen_from(chosen, output),
                   sheets=framework_sheets(loaded, filled))


def _write_monitoring(output: Path, given: Path | None, rules: Path | None) -> None:
    from ..monitoring.form import write_form
    from ..monitoring.model import load_monitoring, load_rules
    from ..outputs import write_file

    chosen = load_rules(rules)
    filled = load_monitoring(given, chosen)[0] if given is not None else None
    write_file(output, lambda temporary: write_form(temporary, chosen, filled))


def _as_seen_from(framework: str, output: Path) -> str:
    """A framework file named as the workbook will find it: relative to the workbook's own folder (a path is
    read from there, as a case's ``framework:`` is); a built-in id as it is."""
    import os

    from ..frameworks.load import builtin_path

    if builtin_path(framework) is not None or not Path(framework).is_file():
        return framework
    return Path(os.path.relpath(Path(framework).resolve(), output.resolve().parent)).as_posix()


def _write_yaml(case_path: Path, output: Path) -> None:
    from ..facts.dump import dump_case
    from ..outputs import write_text
    from ..scoring.intake import load_for_scoring

    case, _ = load_for_scoring(case_path)
    text = dump_case(case, source=case_path.name, indicator_names=_indicator_names(case.framework))
    write_text(output, text)


def _indicator_names(framework: str | None) -> dict[str, str]:
    """Names to comment the judgements with; a case whose framework cannot be loaded converts without them."""
    from ..frameworks import DEFAULT_FRAMEWORK, load_framework

    try:
        chosen = load_framework(framework or DEFAULT_FRAMEWORK)
    except InputError:
        return {}
    return {indicator.id: indicator.name for indicator in chosen.indicators}


def _run(action: Callable[[], None]) -> None:
    with input_errors_exit():
        try:
            action()
        except OSError as error:
            from ..inputs import os_error_message

            raise InputError.single(str(error.filename or ""), f"无法写入文件（{os_error_message(error, '写入')}）") from None

