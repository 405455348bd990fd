"""Writing output files whole or not at all (输出文件): a failed run leaves nothing half-written behind.

Each file is written to a temporary name beside its destination and renamed over it only once complete, with
the permissions an ordinary new file would get (the temporary file's owner-only mode is not kept).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


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
