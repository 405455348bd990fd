"""Writing output files whole or not at all (输出文件): a failed run leaves nothing half-written behind.

Each file is written to a temporary name beside its destination and renamed over it only once every file of
the run is complete, with the permissions an ordinary new file would get (the temporary file's owner-only mode
is not kept). Folders made for the outputs are removed again when the run fails. What can be known in advance
(a folder that is read-only, a name too long, a path through a file) is found by :func:`output_problems`
before anything is read or written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .problems import Problem

TEMPORARY_PREFIX = ".jixiao-"

# The errors that come from the path the user gave, not from the machine: told apart by exit status.
_PATH_ERRORS = frozenset({
    errno.EACCES, errno.EPERM, errno.EROFS, errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR, errno.ENOENT,
    errno.ELOOP, errno.EEXIST, errno.EINVAL,
})
_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超出文件系统允许的大小",
    errno.EROFS: "所在文件系统是只读的",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "不允许写入",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.EISDIR: "这是一个目录",
    errno.ENOENT: "所在目录不存在或不能在其中新建文件",
    errno.ELOOP: "路径中的符号链接过多（可能循环）",
    errno.EIO: "读写设备出错",
    errno.EPIPE: "输出管道已关闭",
    errno.EINVAL: "文件名不被所在文件系统接受",
}


def failure_reason(error: OSError) -> str:
    """Why a file could not be written, in Chinese (the system's own words only for a rare error)."""
    if isinstance(error, OutputError):
        return error.strerror or ""
    reason = _REASONS.get(error.errno or 0)
    if reason is not None:
        return reason
    return f"系统错误：{error.strerror or error}"


def is_path_error(error: OSError) -> bool:
    """Whether the path the user gave is at fault (exit status 2), not the machine (a full disk, a failing device)."""
    return error.errno in _PATH_ERRORS


class OutputError(OSError):
    """An output file could not be written: ``filename`` is the file the user asked for, never a temporary one,
    and ``strerror`` the reason in Chinese."""

    def __init__(self, path: Path, cause: OSError | None = None, *, reason: str = "",
                 written: Sequence[Path] = ()) -> None:
        code = cause.errno if cause is not None else None
        super().__init__(code or 0, reason or (failure_reason(cause) if cause is not None else ""), str(path))
        self.path = path
        # Files of the same run already in place when this one failed (only a failed rename leaves any).
        self.written: tuple[Path, ...] = tuple(written) or (
            cause.written if isinstance(cause, OutputError) else ())

    def __str__(self) -> str:
        return f"{self.path}：{self.strerror}"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _missing_folders(folder: Path) -> list[Path]:
    """The folders above a path that do not exist yet, outermost first."""
    missing: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP while files are renamed into place, so that an interruption finds
    either none or all of them there. A held signal is acted on as soon as the renames are done."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def staging(paths: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths to write ``paths`` to, all made before anything is written; on success each replaces
    its destination, on failure all of them, and any folder made for them, are removed.

    Errors name the destination (:class:`OutputError`).
    """
    made: list[Path] = []
    temporaries: list[Path] = []
    try:
        for path in paths:
            try:
                for folder in _missing_folders(path.parent):
                    folder.mkdir()
                    made.append(folder)
                handle, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=path.suffix, dir=path.parent)
            except OSError as error:
                raise OutputError(path, error, reason=_folder_reason(path, error)) from error
            os.close(handle)
            temporaries.append(Path(name))
        yield temporaries
        mode = 0o666 & ~_umask()
        with _signals_held():
            done: list[Path] = []
            for path, temporary in zip(paths, temporaries, strict=True):
                try:
                    os.chmod(temporary, mode)
                    os.replace(temporary, path)
                except OSError as error:
                    raise OutputError(path, error, written=done) from error
                done.append(path)
    except BaseException:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):  # something else was put there meanwhile: not ours to remove
                folder.rmdir()
        raise


def _folder_reason(path: Path, error: OSError) -> str:
    folder = path.parent
    return f"无法在目录“{folder}”中新建文件：{failure_reason(error)}"


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces ``path``, on failure it is removed."""
    with staging([path]) as (temporary,):
        try:
            yield temporary
        except OutputError:
            raise
        except OSError as error:
            raise OutputError(path, error) from error


def write_file(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` with a temporary path and put the result at ``path`` only if it succeeds."""
    with replacing(path) as temporary:
        write(temporary)


def write_text(path: Path, text: str) -> None:
    with replacing(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def _same_file(a: Path, b: Path) -> bool:
    """The same path, or two paths to one file (a link, another spelling of the folder)."""
    try:
        if a.resolve() == b.resolve():
            return True
        return a.exists() and b.exists() and a.samefile(b)
    except (OSError, RuntimeError):
        return False


def output_problems(outputs: Sequence[Path], inputs: Sequence[Path], *, keep_existing: bool = False,
                    suffixes: Sequence[str] = ()) -> list[Problem]:
    """What is wrong with writing ``outputs`` before anything is read or written: an output that is one of the
    inputs (writing it would destroy what the user gave), a suffix outside ``suffixes``, a path that cannot be
    written (a folder, a name too long, a read-only folder), the same file given twice, and, when
    ``keep_existing``, a file that is already there (a report or workbook someone may have edited)."""
    problems: list[Problem] = []
    seen: list[Path] = []
    for output in outputs:
        problem = _output_problem(output, inputs, keep_existing=keep_existing, suffixes=suffixes)
        if problem is None and any(_same_file(output, earlier) for earlier in seen):
            problem = "同一个输出文件给出了不止一次"
        if problem is not None:
            problems.append(Problem(str(output), problem))
        seen.append(output)
    return problems


def _output_problem(output: Path, inputs: Sequence[Path], *, keep_existing: bool,
                    suffixes: Sequence[str]) -> str | None:
    if any(_same_file(output, source) for source in inputs):
        return "输出文件就是输入文件：写出会覆盖原始数据，请换一个文件名"
    if suffixes and output.suffix.lower() not in suffixes:
        choices = "、".join(suffixes[:-1]) + (" 或 " if len(suffixes) > 1 else "") + suffixes[-1]
        return f"输出文件的扩展名应为 {choices}"
    try:
        os.lstat(output)
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            return _too_long(output.parent)
        if error.errno != errno.ENOENT:
            return f"无法写入：{failure_reason(error)}"
    else:
        if output.is_dir():
            return "这是一个目录：请给出文件名"
        if keep_existing:
            return "文件已存在：为免覆盖其中的内容（可能已经修改过），请换一个文件名，或加 --overwrite 覆盖"
    return _folder_problem(output)


def _folder_problem(output: Path) -> str | None:
    """Whether ``output`` can be made in its folder, or in the nearest folder above it that exists (the
    missing ones are made when the report is written)."""
    existing = output.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"“{existing}”不是目录，无法在其下写入文件"
    # A name too long is found by the system only where it looks it up; below a missing folder, it is not.
    if any(len(os.fsencode(part)) > _name_max(existing) for part in output.relative_to(existing).parts):
        return _too_long(existing)
    if not os.access(existing, os.W_OK | os.X_OK):
        read_only = os.statvfs(existing).f_flag & os.ST_RDONLY
        return f"无法在目录“{existing}”中新建文件：{'所在文件系统是只读的' if read_only else '没有写入权限'}"
    return None


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _too_long(folder: Path) -> str:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return f"文件名或路径太长（每一级名称最多 {_name_max(folder)} 字节，一个汉字占 3 字节）"
