"""A region's rules as a YAML file (审核规则、监控规则): the built-in file in a package's ``data/`` folder, or
the region's own copy; every wrong field said at its line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .problems import InputError, Problem
from .yamlsource import SourceMap, load_yaml

Rules = TypeVar("Rules", bound=BaseModel)


def load_rules_file(model: type[Rules], package: str, name: str, path: Path | None, what: str) -> Rules:
    if path is None:
        path = Path(str(resources.files(package) / "data" / name))
    data, source = load_yaml(path, what=what)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, source)) from None


def validation_problems(exc: ValidationError, source: SourceMap) -> list[Problem]:
    """pydantic's errors at their lines, a validator's own message as it was written."""
    from .facts.load import describe_error

    problems = []
    for error in exc.errors(include_url=False):
        path = tuple(p for p in error["loc"] if isinstance(p, str | int))
        message = describe_error(error)
        if error["type"] == "value_error":
            message = str(error["msg"]).removeprefix("Value error, ")
        problems.append(source.problem(path, message))
    return problems
