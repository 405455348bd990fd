"""Reading a case to score it (读取待评分的案例): the file's own problems and its problems against the
framework, reported together, in one round.

A case whose facts have mistakes is not given up at the first of them. The parts that do not validate (a section
with a blank or bad cell, a judgement written wrongly) are set aside and the rest is checked against the
framework as well: which sections it still lacks, which judgements are missing or exceed their points. So the
user fixes everything at once instead of meeting a second list of problems after fixing the first.

A *partial* reading (``jixiao report --partial``) keeps a case whose only faults are blanks: the parts with
blanks are set aside, and exactly the indicators that need them are left unscored, naming the missing figures.
Anything else wrong (a figure that cannot be read, a score above its points) is still refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..facts.catalogue import Catalogue
from ..facts.load import describe_error, load_case, remember_source, source_of
from ..facts.model import DepartmentYear
from ..facts.values import split_figures
from ..frameworks import Framework, framework_named_by_case, load_framework
from ..frameworks.load import catalogue_of
from ..problems import InputError, Problem
from ..yamlsource import PathKey, SourceMap, load_yaml
from .binding import bind, remember_set_aside
from .engine import scorer_for

_STAND_INS: dict[str, Any] = {"department": {"name": "待检查的案例"}, "year": 2000}
"""What a case is checked with when its own department or year is wrong (only its other problems are wanted)."""

_NOT_SCORED = frozenset({"department", "year", "framework", "self_evaluation", "narrative", "unit"})
"""Parts no indicator scores from: a blank there is a problem even in a partial reading."""

_MAX_ROUNDS = 8  # each round sets aside at least one part; a case has far fewer parts with problems than this


@dataclass
class _Reading:
    """A case file as plain data, before validation, with the problems its reader found in single cells."""

    data: dict[str, Any]
    source: SourceMap
    workbook: bool
    problems: list[Problem] = field(default_factory=list)
    failed: list[PathKey] = field(default_factory=list)  # fields whose cell could not be read (already reported)


@dataclass
class _Salvage:
    """A case validated with its faulty parts set aside."""

    case: DepartmentYear
    problems: list[Problem]
    blanks: list[Problem]  # those of ``problems`` that only say a figure is blank
    set_aside: dict[PathKey, str]


def load_for_scoring(path: Path, framework: str | Path | None = None, *, partial: bool = False,
                     within_years: str | None = None) -> tuple[DepartmentYear, Framework]:
    """The case and the framework to score it with (``framework``, else the case's own, else the default).

    Raises :class:`InputError` with the problems of the file and against the framework together. ``partial``
    accepts blanks in the parts indicators score from: the case comes back without those parts, and scoring
    it partially leaves unscored the indicators that need them, saying which figures are missing. With
    ``within_years`` (the file's name in messages), a case of a year outside the framework's years is one of
    those problems too.
    """
    reading = _read(path, framework)
    if reading is None:  # a format without plain data of its own (refused by its reader, or scored as it is)
        case = load_case(path)
        chosen = _chosen(path, framework, case)
        outside = _outside(case, chosen, within_years)
        if outside is not None:
            raise InputError([outside])
        return case, chosen
    salvage = _salvaged(reading, _catalogue_for(path, framework, reading.data))
    remember_source(salvage.case, reading.source)
    if partial:
        # Blanks are not problems here: they leave indicators unscored. Everything else is.
        problems = [p for p in salvage.problems if p not in salvage.blanks]
        problems += _against_framework(salvage, path, framework, partial=True, within_years=within_years)
        if problems:
            raise InputError(problems)
        remember_set_aside(salvage.case, salvage.set_aside)
    elif salvage.problems:
        raise InputError([*salvage.problems, *_against_framework(salvage, path, framework, partial=False,
                                                                  within_years=within_years)])
    chosen = _chosen(path, framework, salvage.case)
    if _outside(salvage.case, chosen, within_years) is not None:  # with whatever else the framework finds
        raise InputError(_against_framework(salvage, path, framework, partial=partial, within_years=within_years))
    return salvage.case, chosen


def _outside(case: DepartmentYear, chosen: Framework, file: str | None) -> Problem | None:
    """A case of a year the framework is not written for, when that is asked about (``file`` names it)."""
    if file is None or chosen.applies_to(case.year):
        return None
    return Problem(file, f"案例为 {case.year} 年度，指标体系“{chosen.label()}”适用于 {chosen.years_text()}：请改用适用于"
                         "该年度的指标体系（--framework），或确需按它评价时加 --any-year", field="year")


def _chosen(path: Path, framework: str | Path | None, case: DepartmentYear) -> Framework:
    """``framework``, else the one the case names (a file read beside the case), else the default."""
    named = framework or framework_named_by_case(case.framework, path)
    try:
        return load_framework(named)
    except InputError as exc:
        raise InputError([_where_named(p, str(named), case, from_option=framework is not None)
                          for p in exc.problems]) from None


def _where_named(problem: Problem, named: str, case: DepartmentYear, *, from_option: bool) -> Problem:
    """A framework that cannot be found at all is the mistake of whoever named it: the command line's
    --framework, or the case's own ``framework:`` line. Problems inside a framework file keep their place."""
    if problem.file != named or problem.line is not None or problem.where:
        return problem
    if from_option:
        return Problem("命令行", f"--framework “{named}”：{problem.message}")
    source = source_of(case)
    message = f"指标体系“{named}”：{problem.message}"
    return source.problem(("framework",), message) if source is not None else Problem(named, message)


def _read(path: Path, framework: str | Path | None = None) -> _Reading | None:
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        data, source = load_yaml(path, display_name=name)
        if not isinstance(data, dict):
            return None  # load_case says what is wrong with it
        return _Reading(data, source, workbook=False)
    if suffix == ".xlsx" and path.is_file():
        from ..workbook.read import workbook_data

        data, source, problems, failed = workbook_data(path, name, framework)
        return _Reading(data, source, workbook=True, problems=problems, failed=failed)
    return None


def _catalogue_for(path: Path, framework: str | Path | None, data: dict[str, Any]) -> Catalogue:
    """The catalogue of the framework the case will be scored under, which declares the figures it may hold; the
    facts it declares even when its rules cannot be used (that is reported with the case's other problems)."""
    named = framework or framework_named_by_case(data.get("framework") if isinstance(data.get("framework"), str)
                                                 else None, path)
    return catalogue_of(named)


def _salvaged(reading: _Reading, catalogue: Catalogue) -> _Salvage:
    """Validate the case, setting aside each part that does not validate, until the rest does."""
    data, source = reading.data, reading.source
    problems = list(reading.problems)
    blanks: list[Problem] = []
    unit = data.pop("unit", "万元")
    if unit not in ("元", "万元"):
        problems.append(source.problem(("unit",), f"金额单位应为“元”或“万元”，实际为“{unit}”"))
        unit = "万元"
    reported: set[PathKey] = set()
    figures: dict[PathKey, list[str]] = {}
    entered, figure_errors = split_figures(data, unit, catalogue)
    for where, wrong in figure_errors:
        if not any(where[: len(f)] == f for f in reading.failed):
            problems.append(_problem(reading, where, wrong))
            reported.add(where)
        figures.setdefault(_figure_path(where, catalogue), []).append(_named(reading, where))
    for _ in range(_MAX_ROUNDS):
        try:
            case = DepartmentYear.model_validate({**data, "figures": entered}, context={"unit": unit})
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        else:
            set_aside = {part: "、".join(dict.fromkeys(named)) for part, named in figures.items()}
            return _Salvage(case, problems, blanks, set_aside)
        for error in errors:
            path: PathKey = tuple(p for p in error["loc"] if isinstance(p, str | int))
            part = _part_of(path)
            already = any(path[: len(f)] == f for f in reading.failed)
            if path not in reported and not already:
                reported.add(path)
                blank = error["type"] in ("missing", "missing_argument")
                found = _blank_problems(reading, path) if blank else [_problem(reading, path, error)]
                problems += found
                if blank and part[0] not in _NOT_SCORED:
                    blanks += found
            figures.setdefault(part, []).append(_named(reading, path))
            _set_aside(data, part)
    raise InputError(problems)  # pragma: no cover - every round sets a part aside, and there are few parts


def _figure_path(path: PathKey, catalogue: Catalogue) -> PathKey:
    """The figure a problem's path lies in (a table's row and column lie in the table)."""
    for n in range(len(path), 0, -1):
        if ".".join(str(p) for p in path[:n]) in catalogue.figures:
            return path[:n]
    return path[:1]


def _blank_problems(reading: _Reading, path: PathKey) -> list[Problem]:
    """A part left out: in a workbook, each cell it needs (filling in only its first would bring a second round);
    in YAML, the part, with the fields it needs."""
    from .binding import describe_field, required_below

    source = reading.source
    if reading.workbook:
        from ..workbook.read import describe_cell_error

        cells = {source.cell_of(p): p for p in required_below(path)}
        return [source.problem(p, describe_cell_error({"type": "missing"})) for p in cells.values()]
    if len(path) == 2 and path[0] == "quarters" and isinstance(path[1], int):
        # A fixed list of four: say which quarter is missing rather than "quarters[3]: missing field".
        return [source.problem(("quarters",), f"应有 4 个季度的数据，缺少第 {path[1] + 1} 季度")]
    below = [p for p in required_below(path) if p != path]
    wanted = "（须填写 " + "、".join(f"{'.'.join(str(k) for k in p[len(path):])}（{describe_field(p)}）"
                                      for p in below) + "）" if below else ""
    return [source.problem(path, describe_error({"type": "missing"}) + wanted)]


def _problem(reading: _Reading, path: PathKey, error: Any) -> Problem:
    if reading.workbook:
        from ..workbook.read import describe_cell_error

        return reading.source.problem(path, describe_cell_error(error))
    return reading.source.problem(path, describe_error(error))


def _named(reading: _Reading, path: PathKey) -> str:
    """A missing figure as its user knows it: label and cell in a workbook, name and key in YAML."""
    from .binding import describe_field

    source = reading.source
    if reading.workbook:
        return f"{source.labels.get(path) or describe_field(path)}（{source.cell_of(path) or ''}）"
    from ..yamlsource import dotted

    return f"{describe_field(path)}（{dotted(path)}）"


def _part_of(path: PathKey) -> PathKey:
    """The part set aside for a problem at ``path``: one item award or judgement, else the whole section."""
    if len(path) >= 4 and path[0] == "judgements" and path[2] == "items":
        return path[:4]
    if len(path) >= 2 and path[0] == "judgements":
        return path[:2]
    return path[:1] if path else ("department",)


def _set_aside(data: dict[str, Any], part: PathKey) -> None:
    head = str(part[0])
    if head in _STAND_INS:
        data[head] = _STAND_INS[head]
        return
    container: Any = data
    for key in part[:-1]:
        container = container.get(key) if isinstance(container, dict) else None
    if isinstance(container, dict) and part[-1] in container:
        del container[part[-1]]
    else:
        data.pop(head, None)


def _against_framework(salvage: _Salvage, path: Path, framework: str | Path | None, *,
                       partial: bool, within_years: str | None = None) -> list[Problem]:
    """The case's problems against the framework; only those that are not mere absences when ``partial``."""
    try:
        chosen = _chosen(path, framework, salvage.case)
    except InputError as exc:
        return list(exc.problems)
    scorer = scorer_for(chosen)
    binding = bind(salvage.case, chosen, scorer.plan, scorer.presence, scorer.lookup, set_aside=salvage.set_aside)
    outside = _outside(salvage.case, chosen, within_years)
    problems = [outside] if outside is not None else []
    if partial:
        return problems + [p for p in binding.problems if p not in binding.absences]
    return problems + binding.problems
