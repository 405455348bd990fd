"""Writing output files whole or not at all (输出文件): a failed run leaves nothing half-written behind.

Each file is written to a temporary name beside its destination and renamed over it only once complete, with
the permissions an ordinary new file would get (the temporary file's owner-only mode is not kept).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .problems import Problem


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces ``path``, on failure it is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=".jixiao-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_file(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` with a temporary path and put the result at ``path`` only if it succeeds."""
    with replacing(path) as temporary:
        write(temporary)


def write_text(path: Path, text: str) -> None:
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def _same_file(a: Path, b: Path) -> bool:
    """The same path, or two paths to one file (a link, another spelling of the folder)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def output_problems(outputs: Sequence[Path], inputs: Sequence[Path], *, keep_existing: bool = False,
                    suffixes: Sequence[str] = ()) -> list[Problem]:
    """What is wrong with writing ``outputs`` before anything is read or written: an output that is one of the
    inputs (writing it would destroy what the user gave), a suffix outside ``suffixes``, and, when
    ``keep_existing``, a file that is already there (a workbook or case file someone may have filled in)."""
    problems: list[Problem] = []
    for output in outputs:
        if any(_same_file(output, source) for source in inputs):
            problems.append(Problem(str(output), "输出文件就是输入文件：写出会覆盖原始数据，请换一个文件名"))
        elif suffixes and output.suffix.lower() not in suffixes:
            choices = "、".join(suffixes[:-1]) + (" 或 " if len(suffixes) > 1 else "") + suffixes[-1]
            problems.append(Problem(str(output), f"输出文件的扩展名应为 {choices}"))
        elif output.is_dir():
            problems.append(Problem(str(output), "这是一个目录：请给出文件名"))
        elif keep_existing and output.exists():
            problems.append(Problem(
                str(output), "文件已存在：为免覆盖其中已填写的内容，请换一个文件名，或加 --overwrite 覆盖"))
    return problems
