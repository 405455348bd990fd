"""Checks made before a workbook is opened (工作簿安全检查).

A workbook is a zip of XML files. Before openpyxl sees one, it is read through :mod:`jixiao.inputs` (a regular
file, of bounded size) and its zip directory is checked by :mod:`jixiao.ooxml`, the checks every Office file
gets; here are the workbook's own: it must be an Office Open XML workbook, without macros and without links
to other files, and a large sheet must state its size.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..inputs import MIB, WORKBOOK_LIMIT, read_input
from ..ooxml import OLE_MAGIC, PartLimit, check_parts, open_package
from ..problems import InputError

MAX_FILE_BYTES = WORKBOOK_LIMIT
MAX_SHEET_BYTES = 24 * MIB
"""One sheet's XML; openpyxl may parse a whole sheet on opening, about 3 s for 10 MB, so this bounds time."""
_UNSIZED_LIMIT = MIB  # a sheet larger than this must state its size (<dimension>) before its rows

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b")
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_WORKBOOK_PART = re.compile(r"(^|/)workbook\d*\.xml$")
_SHEETS = PartLimit(re.compile(r"worksheets/"), "工作表", MAX_SHEET_BYTES, "请删除多余的行或无关的工作表")
NOUN = "工作簿"


def check_workbook_file(path: Path, name: str) -> bytes:
    """The bytes of a plain, safe ``.xlsx`` workbook; anything else is refused with a message in Chinese."""
    data = read_input(path, name, limit=MAX_FILE_BYTES, what="填报工作簿")
    if data[:8] == OLE_MAGIC:
        raise InputError.single(
            name, "这是旧版 Excel（.xls）格式或设置了打开密码的工作簿；请在 Excel 或 WPS 中取消密码并“另存为”.xlsx 格式")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError.single(name, "不是 Excel 工作簿（.xlsx）文件：文件内容无法识别")
    with open_package(data, name, NOUN) as archive:
        members = archive.infolist()
        _check_members(members, name)
        check_parts(members, name, NOUN, (_SHEETS,))
        _check_sheets_are_sized(archive, members, name)
    return data


def _check_members(members: list[zipfile.ZipInfo], name: str) -> None:
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        raise InputError.single(name, "这是 Word 文档，不是 Excel 工作簿")
    if "ppt/presentation.xml" in names:
        raise InputError.single(name, "这是 PowerPoint 演示文稿，不是 Excel 工作簿")
    if "[Content_Types].xml" not in names or not any(_WORKBOOK_PART.search(n) for n in names):
        raise InputError.single(name, "不是 Excel 工作簿（.xlsx）文件：压缩包中没有工作簿内容")
    if any(m.filename.lower().endswith("vbaproject.bin") for m in members):
        raise InputError.single(name, "工作簿含有宏（VBA），出于安全考虑不予读取；请“另存为”不含宏的 .xlsx 格式后再导入")
    if any("externalLinks/" in m.filename for m in members):
        raise InputError.single(
            name, "工作簿含有指向其他文件的外部链接，其数值可能已过时；请在 Excel 中“数据→编辑链接→断开链接”"
                  "（WPS：“数据→编辑链接”）将其转为数值后再导入")


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
