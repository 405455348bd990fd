"""Checks made before a workbook is opened (工作簿安全检查).

A workbook is a zip of XML files. Before openpyxl sees one we look at the zip's directory: it must be an
Office Open XML workbook, small enough once unpacked, without macros and without links to other files. The
declared sizes bound what is decompressed (Python's zipfile stops at the declared size and fails the CRC
check), so checking them bounds memory.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..problems import InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_SHEET_BYTES = 24 * 1024 * 1024
"""One sheet's XML; openpyxl may parse a whole sheet on opening, about 3 s for 10 MB, so this bounds time."""
_UNSIZED_LIMIT = 1024 * 1024  # a sheet larger than this must state its size (<dimension>) before its rows
MAX_MEMBER_RATIO = 200  # XML compresses well, but not a thousandfold
MAX_MEMBERS = 5000
_RATIO_FLOOR = 1024 * 1024  # small members may compress extremely; they cannot hurt

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b")
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_WORKBOOK_PART = re.compile(r"(^|/)workbook\d*\.xml$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def check_workbook_file(path: Path, name: str) -> None:
    """Refuse, with a message in Chinese, anything that is not a plain, safe ``.xlsx`` workbook."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise InputError.single(name, "文件不存在") from None
    except IsADirectoryError:
        raise InputError.single(name, "这是一个目录，不是文件") from None
    except OSError as exc:
        raise InputError.single(name, f"无法读取文件：{exc.strerror}") from None
    if head == _OLE_MAGIC:
        raise InputError.single(
            name, "这是旧版 Excel（.xls）格式或设置了打开密码的工作簿；请在 Excel 或 WPS 中取消密码并“另存为”.xlsx 格式")
    if size > MAX_FILE_BYTES:
        raise InputError.single(name, f"文件过大（{size // (1024 * 1024)} MB），填报工作簿不应超过 "
                                      f"{MAX_FILE_BYTES // (1024 * 1024)} MB")
    if not zipfile.is_zipfile(path):
        raise InputError.single(name, "不是 Excel 工作簿（.xlsx）文件：文件内容无法识别")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(members, name)
            _check_sheets_are_sized(archive, members, name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError.single(name, "工作簿文件已损坏，无法打开") from None


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        raise InputError.single(name, "这是 Word 文档，不是 Excel 工作簿")
    if "ppt/presentation.xml" in names:
        raise InputError.single(name, "这是 PowerPoint 演示文稿，不是 Excel 工作簿")
    if "[Content_Types].xml" not in names or not any(_WORKBOOK_PART.search(n) for n in names):
        raise InputError.single(name, "不是 Excel 工作簿（.xlsx）文件：压缩包中没有工作簿内容")
    if len(members) > MAX_MEMBERS:
        raise InputError.single(name, f"工作簿结构异常：包含 {len(members)} 个内部文件")
    if any(m.filename.lower().endswith("vbaproject.bin") for m in members):
        raise InputError.single(name, "工作簿含有宏（VBA），出于安全考虑不予读取；请“另存为”不含宏的 .xlsx 格式后再导入")
    if any("externalLinks/" in m.filename for m in members):
        raise InputError.single(
            name, "工作簿含有指向其他文件的外部链接，其数值可能已过时；请在 Excel 中“数据→编辑链接→断开链接”"
                  "（WPS：“数据→编辑链接”）将其转为数值后再导入")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise InputError.single(name, "工作簿内容已加密，无法读取；请取消密码后再导入")
        total += member.file_size
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_MEMBER_RATIO * max(member.compress_size, 1):
            raise InputError.single(name, f"工作簿内部文件 {member.filename} 的压缩比异常（疑似“压缩炸弹”），拒绝读取")
        if "worksheets/" in member.filename and member.file_size > MAX_SHEET_BYTES:
            raise InputError.single(name, f"工作簿中有一个工作表过大（解压后 {member.file_size // (1024 * 1024)} MB，"
                                          f"上限 {MAX_SHEET_BYTES // (1024 * 1024)} MB），拒绝读取；请删除多余的行或无关的工作表")
    if total > MAX_UNPACKED_BYTES:
        raise InputError.single(name, f"工作簿解压后过大（{total // (1024 * 1024)} MB），拒绝读取；"
                                      "请删除无关的工作表或数据后再导入")


def _check_sheets_are_sized(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str) -> None:
    """A large sheet without a <dimension> would be parsed whole just to learn its size: refuse it."""
    for member in members:
        if not ("worksheets/" in member.filename and member.filename.endswith(".xml")):
            continue
        if member.file_size <= _UNSIZED_LIMIT:
            continue
        with archive.open(member) as stream:
            head = stream.read(16 * 1024)
        data = _SHEET_DATA.search(head)
        dimension = _DIMENSION.search(head)
        if dimension is None or (data is not None and data.start() < dimension.start()):
            raise InputError.single(name, "工作簿中有较大的工作表缺少尺寸信息（不是由 Excel、WPS 或 LibreOffice 保存的？），"
                                          "请用其中之一打开后重新保存再导入")
