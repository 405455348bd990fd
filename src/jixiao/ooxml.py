"""Office files (Office 文件包) checked before a library opens them: workbooks (.xlsx) and Word files (.docx).

Both are zip archives of XML parts. Before openpyxl or python-docx sees one, its zip directory is checked:
not too many parts, nothing encrypted, no part compressed beyond what XML allows (a "zip bomb"), and the
unpacked whole, and each part a library parses at once, within bounds. The declared sizes bound what is
decompressed (Python's zipfile stops at the declared size and fails the CRC check), so checking them bounds
memory and time.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from .inputs import size_text
from .problems import InputError

MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # XML compresses well, but not a thousandfold
MAX_MEMBERS = 5000
_RATIO_FLOOR = 1024 * 1024  # small members may compress extremely; they cannot hurt
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The start of an old binary Office file (.xls, .doc), and of any Office file with an opening password."""


@dataclass(frozen=True)
class PartLimit:
    """A kind of part that a library parses whole (a worksheet, a Word document's body), and its largest size."""

    pattern: re.Pattern[str]
    what: str
    """The part in the user's words: 工作表, 正文."""
    limit: int
    advice: str
    """What to do about a part too large, for the message."""


def damaged(name: str, noun: str) -> InputError:
    """The one message for a file whose content cannot be parsed."""
    return InputError.single(name, f"无法读取{noun}：文件已损坏（内容不完整或格式错误）；请在原软件中打开并重新保存后再试")


@contextmanager
def open_package(data: bytes, name: str, noun: str) -> Iterator[zipfile.ZipFile]:
    """The zip archive in ``data``; a damaged one is refused (``noun`` is 工作簿, Word 文件) with no traceback."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError.single(name, f"不是有效的{noun}：文件内容无法识别")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            yield archive
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError):
        raise damaged(name, noun) from None


def check_parts(members: Sequence[zipfile.ZipInfo], name: str, noun: str, parts: Sequence[PartLimit] = ()) -> None:
    """Refuse a package whose directory says it would unpack into more than can be safely read."""
    if len(members) > MAX_MEMBERS:
        raise InputError.single(name, f"{noun}结构异常：包含 {len(members)} 个内部文件")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise InputError.single(name, f"{noun}内容已加密，无法读取；请取消密码后再试")
        total += member.file_size
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1):
            raise InputError.single(name, f"{noun}内部文件 {member.filename} 的压缩比异常（疑似“压缩炸弹”），拒绝读取")
        for part in parts:
            if part.pattern.search(member.filename) and member.file_size > part.limit:
                raise InputError.single(name, f"{noun}中有一个{part.what}过大（解压后 {size_text(member.file_size)}，"
                                              f"上限 {size_text(part.limit)}），拒绝读取；{part.advice}")
    if total > MAX_UNPACKED_BYTES:
        raise InputError.single(name, f"{noun}解压后过大（{size_text(total)}，上限 {size_text(MAX_UNPACKED_BYTES)}），"
                                      "拒绝读取")
