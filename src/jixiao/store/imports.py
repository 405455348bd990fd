"""Importing many submissions at once (批量导入): each file in one transaction, a bad file stored as nothing.

Every file is read and scored exactly as ``jixiao score`` would (its framework: ``--framework``, else the one it
names, else the default). What is stored: the department (code, name), the year, the framework version (its id
and the SHA-256 of its file's exact content, the content itself once), the case as jixiao writes it, the
original file's bytes and hash, and the score sheet with every score's trace. A department-year imported again
is a new version beside the earlier ones. A file with problems is reported with all of them and stores nothing;
the batch goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..problems import InputError, Problem
from .db import writing
from .schema import Department, FrameworkVersion, Submission

CASE_SUFFIXES = (".yaml", ".yml", ".xlsx")

Status = Literal["imported", "replaced", "refused"]


@dataclass(frozen=True, slots=True)
class Imported:
    """What became of one file."""

    path: Path
    status: Status
    department: str = ""
    year: int | None = None
    version: int | None = None
    total: str | None = None
    grade: str | None = None
    problems: tuple[Problem, ...] = field(default=())
    code: str = ""  # the department's code (its name when the case gives none)


def case_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The case files named: files as given, folders searched (sorted, recursively) for .yaml/.yml/.xlsx; a name
    that is neither is a problem. Temporary Excel files (``~$…``) are skipped."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CASE_SUFFIXES
                            and not p.name.startswith("~$"))
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem(str(path), "文件或文件夹不存在"))
    return list(dict.fromkeys(found)), problems


def _framework_content(framework_id: str, file: str | None) -> str:
    from ..frameworks.load import builtin_path

    path = Path(file) if file is not None else builtin_path(framework_id)
    if path is None:  # pragma: no cover - a loaded framework is a built-in one or a file
        raise InputError.single(framework_id, "找不到指标体系文件")
    return path.read_text(encoding="utf-8")


Guard = Callable[[Connection, str, int], str | None]
"""Asked inside the import's transaction, with the department's code and the year: a reason to refuse, or None."""


class _Refused(Exception):
    pass


def import_one(engine: Engine, path: Path, *, framework: str | None = None, year: int | None = None,
               actor: str = "导入", tags: tuple[str, ...] = (), guard: Guard | None = None,
               shown: str | None = None, any_year: bool = False, rename: bool = False) -> Imported:
    """Read, score and store one file in one transaction; its problems, and nothing stored, if it has any.
    ``guard`` may refuse the department-year (see :data:`Guard`); ``shown`` names the file in messages and as
    the stored file name (an upload kept under a temporary name). A year outside the framework's years is
    refused unless ``any_year``; a department code stored under another name is refused unless ``rename`` (the
    department was renamed: its name is updated)."""
    from ..inputs import CASE_LIMIT, WORKBOOK_LIMIT, read_input
    from ..scoring.engine import evaluate
    from ..scoring.intake import load_for_scoring

    try:
        workbook = path.suffix.lower() == ".xlsx"
        content = read_input(path, shown or str(path), limit=WORKBOOK_LIMIT if workbook else CASE_LIMIT,
                             what="工作簿" if workbook else "案例文件")
        case, chosen = load_for_scoring(path, framework, within_years=None if any_year else shown or str(path))
        if year is not None and case.year != year:
            raise InputError.single(shown or str(path), f"案例年度为 {case.year}，与 --year {year} 不符")
        evaluation = evaluate(case, chosen)
        framework_text = _framework_content(chosen.id, chosen.file)
    except InputError as exc:
        return Imported(path, "refused", problems=tuple(_renamed(p, path, shown) for p in exc.problems))
    from .review import score_sheet

    scores = score_sheet(case, evaluation)
    for attempt in range(3):  # two imports of one department-year at once: the later one takes the next version
        try:
            return _store(engine, path, case, chosen, scores, content, framework_text, tags, actor, guard,
                          shown or path.name, rename)
        except _Refused as refusal:
            return Imported(path, "refused", case.department.name, case.year,
                            problems=(Problem(shown or str(path), str(refusal)),))
        except IntegrityError:
            if attempt == 2:
                return Imported(path, "refused", problems=(Problem(
                    shown or str(path), "同一部门年度正被同时导入，本文件未保存：请稍后再导入一次"),))
    raise AssertionError("unreachable")  # pragma: no cover


def _renamed(problem: Problem, path: Path, shown: str | None) -> Problem:
    """A problem of a file kept under a temporary name, told by the name the user gave it."""
    if shown is None or not problem.file.startswith(str(path)):
        return problem
    from dataclasses import replace

    return replace(problem, file=shown + problem.file[len(str(path)):])


def _store(engine: Engine, path: Path, case: Any, chosen: Any, scores: dict[str, Any], content: bytes,
           framework_text: str, tags: tuple[str, ...], actor: str, guard: Guard | None, name: str,
           rename: bool = False) -> Imported:
    from ..facts.dump import dump_case

    code = case.department.code or case.department.name
    digest = hashlib.sha256(framework_text.encode("utf-8")).hexdigest()
    with writing(engine) as connection:  # everything of this file, or nothing
        if guard is not None and (refusal := guard(connection, code, case.year)) is not None:
            raise _Refused(refusal)
        if (clash := department_clash(connection, code, case.department.name, rename)) is not None:
            raise _Refused(clash)
        known = connection.execute(select(Department.id, Department.tags).where(Department.code == code)).first()
        if known is not None and rename:
            connection.execute(update(Department).where(Department.id == known.id).values(
                name=case.department.name, full_name=case.department.full_name))
        if known is None:
            department_id: int = connection.execute(insert(Department).values(
                code=code, name=case.department.name, full_name=case.department.full_name, tags=list(tags)
            ).returning(Department.id)).scalar_one()
        else:
            department_id = known.id
            added = [t for t in tags if t not in (known.tags or [])]
            if added:  # type tags add up; a department's own row is no history
                connection.execute(update(Department).where(Department.id == department_id)
                                   .values(tags=[*(known.tags or []), *added]))
        framework_id = connection.scalar(select(FrameworkVersion.id).where(FrameworkVersion.sha256 == digest))
        if framework_id is None:
            framework_id = connection.scalar(insert(FrameworkVersion).values(
                framework_id=chosen.id, title=chosen.title, sha256=digest, content=framework_text
            ).returning(FrameworkVersion.id))
        earlier = connection.scalar(select(func.max(Submission.version)).where(
            Submission.department_id == department_id, Submission.year == case.year)) or 0
        submission_id: int = connection.execute(insert(Submission).values(
            department_id=department_id, year=case.year, version=earlier + 1, framework_version_id=framework_id,
            case_yaml=dump_case(case, source=name), source_name=name,
            source_sha256=hashlib.sha256(content).hexdigest(), source_bytes=content,
            total=scores["total"], grade=scores["grade"], scores=scores,
            created_at=datetime.now(UTC).replace(tzinfo=None), created_by=actor).returning(Submission.id)
        ).scalar_one()
        from .review import PENDING
        from .standing import put

        put(connection, department_id=department_id, year=case.year, submission_id=submission_id,
            version=earlier + 1, framework_id=chosen.id, state=PENDING, last_seq=0, self_sheet=scores, sheet=scores)
    return Imported(path, "replaced" if earlier else "imported", case.department.name, case.year, earlier + 1,
                    scores["total"], scores["grade"], code=code)


def department_clash(connection: Connection, code: str, name: str, rename: bool = False) -> str | None:
    """Why a department of ``code`` and ``name`` cannot be stored (None when it can): its code is stored under
    another name (unless it was renamed), or its name is another code's, or another department's code.
    Departments are looked up by code or by name, and each must name one department."""
    stored = connection.scalar(select(Department.name).where(Department.code == code))
    if stored is not None and stored != name and not rename:
        return (f"部门编码“{code}”在数据库中是“{stored}”，本文件的部门名称为“{name}”：编码写错了，还是部门已更名？"
                "已更名时加 --rename 导入（数据库中的名称随之更新）")
    other = connection.scalar(select(Department.code).where(Department.name == name, Department.code != code))
    if other is not None:
        return (f"部门名称“{name}”在数据库中已用于编码为“{other}”的部门，本文件的编码为“{code}”：同一部门请用同一编码，"
                "不同部门请用不同名称")
    if code != name:
        named = connection.scalar(select(Department.name).where(Department.code == name))
        if named is not None:  # this name is another department's code: looking it up would find that one
            return f"部门名称“{name}”在数据库中是另一个部门（“{named}”）的编码：请改用其他名称或编码"
    return None


def import_all(engine: Engine, files: Iterable[Path], *, framework: str | None = None, year: int | None = None,
               actor: str = "导入", step: Callable[[Imported], None] | None = None,
               tags: tuple[str, ...] = (), any_year: bool = False, rename: bool = False) -> Iterator[Imported]:
    """Import each file in turn (see :func:`import_one`); ``step`` is told of each as it is done."""
    for path in files:
        result = import_one(engine, path, framework=framework, year=year, actor=actor, tags=tags, any_year=any_year,
                            rename=rename)
        if step is not None:
            step(result)
        yield result
