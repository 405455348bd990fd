"""Many reports at once (批量审核): the report files of folders and lists, each audited on its own; a file that
cannot be read is kept with its problems and the batch goes on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..problems import InputError, Problem
from .findings import AuditResult, Severity
from .run import audit_file

REPORT_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".pdf", ".docx")
"""What a folder is searched for: the kinds of file :func:`~.text.read_report` reads."""

EXIT_CLEAN = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2


@dataclass(frozen=True)
class Audited:
    """One file of a batch: its audit, or why it could not be read (无法读取)."""

    name: str
    result: AuditResult | None
    problems: tuple[Problem, ...] = ()

    @property
    def message(self) -> str:
        """The problems of an unreadable file in one line, without the file name each repeats."""
        return "；".join(p.message if p.file == self.name and p.line is None and not p.where else str(p)
                        for p in self.problems)


def _skipped(relative: Path) -> bool:
    # hidden files and folders (.git, our own .jixiao- temporaries) and Office's lock files (~$报告.docx)
    return any(part.startswith((".", "~")) for part in relative.parts)


def report_files(paths: Sequence[Path]) -> list[Path | Problem]:
    """The files to audit, in the order given; a folder's report files (every depth, hidden and temporary files
    left out) sorted by path. A folder without any is a problem in its place; a file given twice is read once."""
    found: list[Path | Problem] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve() if path.exists() else path
        if key not in seen:
            seen.add(key)
            found.append(path)

    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in REPORT_SUFFIXES and p.is_file()
                            and not _skipped(p.relative_to(path)))
            if not inside:
                found.append(Problem(str(path), "文件夹中没有报告文件（.txt、.md、.html、.pdf 或 .docx）"))
            for report in inside:
                add(report)
        else:
            add(path)
    return found


def audit_all(files: Iterable[Path | Problem], *, framework: str | None = None,
              begin: Callable[[str], None] | None = None,
              step: Callable[[Audited], None] | None = None) -> Iterator[Audited]:
    """Audit each file in turn; ``begin`` is told of each file as it is started and ``step`` as it is done (for a
    progress bar)."""
    for item in files:
        if begin is not None:
            begin(item.file if isinstance(item, Problem) else str(item))
        if isinstance(item, Problem):
            audited = Audited(item.file, None, (item,))
        else:
            try:
                audited = Audited(str(item), audit_file(item, framework=framework))
            except InputError as error:
                audited = Audited(str(item), None, tuple(error.problems))
        if step is not None:
            step(audited)
        yield audited


def exit_status(batch: Sequence[Audited]) -> int:
    """1 when any report has an 错误; else 2 when any file could not be read; else 0.

    An 错误 is what an audit is run to find, so it decides first; a batch in which some file was not read is
    never reported as clean.
    """
    if any(a.result is not None and a.result.has_errors for a in batch):
        return EXIT_ERRORS
    if any(a.result is None for a in batch):
        return EXIT_UNREADABLE
    return EXIT_CLEAN


def totals(batch: Sequence[Audited]) -> dict[str, int]:
    """Findings by severity over the batch, with the reports read, the files not read and the confirmed ones."""
    counts = {str(s): 0 for s in Severity}
    for audited in batch:
        if audited.result is not None:
            for name, count in audited.result.counts().items():
                counts[name] += count
    read = [a.result for a in batch if a.result is not None]
    return {"报告": len(read), "无法读取": len(batch) - len(read), **counts,
            "复核通过": sum(len(r.verified) for r in read)}
