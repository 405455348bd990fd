"""Reading a case to score it (读取待评分的案例): the file's own problems and its problems against the
framework, reported together.

When a case file has mistakes in its facts, its judgements can still be checked against the framework (an
unknown indicator, an item above its points, a deduction without a reason), so that the user fixes everything
in one round instead of two.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from ..facts.load import load_case, remember_source, source_of
from ..facts.model import Department, DepartmentYear, Judgement
from ..frameworks import Framework, framework_named_by_case, load_framework
from ..problems import InputError, Problem
from ..yamlsource import load_yaml
from .binding import Presence, bind
from .engine import scorer_for

_JUDGEMENTS: TypeAdapter[dict[str, Judgement]] = TypeAdapter(dict[str, Judgement])


def load_for_scoring(path: Path, framework: str | Path | None = None) -> tuple[DepartmentYear, Framework]:
    """The case and the framework to score it with (``framework``, else the case's own, else the default)."""
    try:
        case = load_case(path)
    except InputError as exc:
        raise InputError([*exc.problems, *_judgement_problems(path, framework)]) from None
    named = framework or framework_named_by_case(case.framework, path)
    try:
        chosen = load_framework(named)
    except InputError as exc:
        raise InputError([_where_named(p, str(named), case, from_option=framework is not None)
                          for p in exc.problems]) from None
    return case, chosen


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


def _judgement_problems(path: Path, framework: str | Path | None) -> list[Problem]:
    """Problems of the judgements of a case whose facts did not validate (best effort, YAML only)."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".xlsx"):
        return []
    try:
        if suffix == ".xlsx":
            from ..workbook.read import workbook_data

            data, source, _, _ = workbook_data(path, str(path))
        else:
            data, source = load_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("judgements"), dict):
            return []
        judgements = _JUDGEMENTS.validate_python(data["judgements"])
        named = data.get("framework")
        chosen = load_framework(framework or framework_named_by_case(named if isinstance(named, str) else None, path))
    except (InputError, ValidationError):
        return []  # already reported by the case's own validation, or no framework to check against
    # Only the judgements are checked here; the department is a stand-in (the source map names the file).
    stub = DepartmentYear.model_construct(department=Department(name="待检查的案例"), year=0, judgements=judgements)
    remember_source(stub, source)
    scorer = scorer_for(chosen)
    return bind(stub, chosen, scorer.plan, Presence((), (), ()), scorer.lookup).problems
