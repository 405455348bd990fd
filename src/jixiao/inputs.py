"""Opening a user's input file (读取输入文件): only a regular file, and only up to a size fit for its kind.

Every reader of a file the user names (a case, a framework, a workbook, a report to audit) gets its bytes here.
The path is opened without blocking and checked before anything is read, so that a named pipe cannot hang a
command and a link to a device such as ``/dev/zero`` cannot fill memory; what is read is bounded by the
limit, even if the file grows while it is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .problems import InputError

MIB = 1024 * 1024

CASE_LIMIT = 4 * MIB
"""A case file (YAML); a real one, narratives included, is some tens of KB."""
FRAMEWORK_LIMIT = 4 * MIB
"""A framework file; the built-in one is about 30 KB."""
WORKBOOK_LIMIT = 50 * MIB
"""A filled workbook (.xlsx), as saved by Excel, WPS or LibreOffice."""
REPORT_LIMIT = 50 * MIB
"""A report file to audit as it is on disk (a PDF or Word file with pictures can be large)."""
REPORT_TEXT_LIMIT = 8 * MIB
"""The text of a report to audit (a text file, or what is extracted from a PDF or Word file); a real report's
text is some hundreds of KB at most, and the audit takes about 0.4 s a MB."""

_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.EACCES: "没有{action}该文件的权限",
    errno.EPERM: "没有{action}该文件的权限",
    errno.EROFS: "文件所在的位置只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.ELOOP: "路径中的符号链接形成了循环",
    errno.ENAMETOOLONG: "路径过长",
    errno.ENOTDIR: "路径中的某一级不是目录",
    errno.ENXIO: "这是一个没有写入端的设备或管道，不是普通文件",
    errno.EIO: "{action}文件时发生输入输出错误（磁盘或网络存储故障？）",
}


def size_text(size: int) -> str:
    """A size as a person reads it: ``3.2 MB``, ``640 KB``."""
    if size >= MIB:
        return f"{size / MIB:.1f} MB".replace(".0 MB", " MB")
    return f"{max(size // 1024, 1)} KB"


def os_error_message(exc: OSError, action: str = "读取") -> str:
    """Why a file could not be read (or written: ``action`` 写入), in Chinese (the system's words are English)."""
    reason = _REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason.format(action=action)
    code = errno.errorcode.get(exc.errno or 0, str(exc.errno))
    return f"无法{action}文件（系统错误 {code}）"


def read_input(path: Path | str, name: str, *, limit: int, what: str) -> bytes:
    """The bytes of the user's file at ``path`` (``name`` as shown in messages), refused with a message in
    Chinese unless it is a readable regular file of at most ``limit`` bytes; ``what`` names its kind
    (案例文件, 工作簿…) in the message about its size."""
    try:
        # Non-blocking, so that opening a named pipe returns at once instead of waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError.single(name, os_error_message(exc)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise InputError.single(name, "这是一个目录，不是文件")
        if not stat.S_ISREG(mode):
            kind = "命名管道" if stat.S_ISFIFO(mode) else "设备" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else \
                "套接字" if stat.S_ISSOCK(mode) else "特殊文件"
            raise InputError.single(name, f"这是一个{kind}，不是普通文件：只读取普通文件")
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise _too_large(name, size, limit, what)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(limit + 1 - total, MIB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_large(name, total, limit, what)
        return b"".join(chunks)
    except OSError as exc:
        raise InputError.single(name, os_error_message(exc)) from None
    finally:
        os.close(descriptor)


def _too_large(name: str, size: int, limit: int, what: str) -> InputError:
    return InputError.single(name, f"文件过大（{size_text(size)}）：{what}不应超过 {size_text(limit)}")
