"""Files that are not what they claim: refused with a clear message, or read within bounded time."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from jixiao.facts.load import load_case
from jixiao.problems import InputError
from workbook_support import filled_workbook, problems_of


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_case(path)
    return "\n".join(p.message for p in caught.value.problems)


def _with_member(source: Path, target: Path, name: str, data: bytes,
                 compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            if item.filename != name:
                copy.writestr(item, original.read(item.filename))
        copy.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return target


def test_a_text_file_named_xlsx_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "case.xlsx"
    path.write_text("department: 市贸促委\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _refusal(path)


def test_an_old_xls_file_is_asked_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "case.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert ".xlsx" in _refusal(path) and "旧版" in _refusal(path)


def test_another_zip_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "case.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "不是 Excel 工作簿" in _refusal(path)


def test_a_word_document_named_xlsx_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert "Word 文档" in _refusal(path)


def test_a_damaged_workbook_is_refused_without_a_traceback(tmp_path: Path) -> None:
    good = filled_workbook(tmp_path)
    broken = _with_member(good, tmp_path / "broken.xlsx", "xl/workbook.xml", b"<workbook")
    assert "损坏" in _refusal(broken)


def test_a_damaged_sheet_is_refused_without_a_traceback(tmp_path: Path) -> None:
    good = filled_workbook(tmp_path)
    with zipfile.ZipFile(good) as archive:
        sheet = _sheet_member(archive, "季度执行")
    broken = _with_member(good, tmp_path / "broken-sheet.xlsx", sheet, b"<worksheet><sheetData><row r=")
    assert "损坏" in _refusal(broken)


def test_a_workbook_with_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    good = filled_workbook(tmp_path)
    with zipfile.ZipFile(good) as archive:
        sheet = _sheet_member(archive, "季度执行")
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                         for i in range(1, 10))
              + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              b'<row r="2"><c r="B2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    bomb = _with_member(good, tmp_path / "laughs.xlsx", sheet, laughs)
    started = time.perf_counter()
    assert "损坏" in _refusal(bomb)
    assert time.perf_counter() - started < 5


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    good = filled_workbook(tmp_path)
    bomb = _with_member(good, tmp_path / "bomb.xlsx", "xl/worksheets/sheet3.xml", b"\0" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    assert "压缩炸弹" in _refusal(bomb)
    assert time.perf_counter() - started < 1


def test_a_workbook_with_macros_is_refused(tmp_path: Path) -> None:
    good = filled_workbook(tmp_path)
    macro = _with_member(good, tmp_path / "macro.xlsm", "xl/vbaProject.bin", b"\0" * 64)
    assert "宏" in _refusal(macro)
    renamed = tmp_path / "macro.xlsx"
    renamed.write_bytes(macro.read_bytes())
    assert "宏" in _refusal(renamed)


def test_a_workbook_linked_to_other_files_is_refused(tmp_path: Path) -> None:
    good = filled_workbook(tmp_path)
    linked = _with_member(good, tmp_path / "linked.xlsx", "xl/externalLinks/externalLink1.xml",
                          b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>')
    assert "外部链接" in _refusal(linked)


def _long_sheet(tmp_path: Path, rows: int, *, sized: bool) -> Path:
    """The filled workbook with 其他在职人员 holding ``rows`` records, its size stated or not."""
    good = filled_workbook(tmp_path)
    with zipfile.ZipFile(good) as archive:
        sheet = _sheet_member(archive, "其他在职人员")
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>类别{r}</t></is></c><c r="B{r}"><v>1</v></c>'
                   f'<c r="C{r}" t="inlineStr"><is><t>是</t></is></c></row>' for r in range(2, rows + 2))
    dimension = f'<dimension ref="A1:D{rows + 1}"/>' if sized else ""
    xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main">{dimension}<sheetData>{body}</sheetData></worksheet>')
    return _with_member(good, tmp_path / f"long-{rows}-{sized}.xlsx", sheet, xml.encode())


def test_a_long_sheet_is_read_in_bounded_time_and_its_excess_reported(tmp_path: Path) -> None:
    long = _long_sheet(tmp_path, 100_000, sized=True)
    started = time.perf_counter()
    problems = problems_of(long)
    elapsed = time.perf_counter() - started
    assert any("超过上限 5000 行" in p.message and p.where.startswith("其他在职人员!") for p in problems)
    assert elapsed < 5


def test_a_huge_sheet_is_refused_by_its_size(tmp_path: Path) -> None:
    huge = _long_sheet(tmp_path, 200_000, sized=True)
    started = time.perf_counter()
    assert "工作表过大" in _refusal(huge)
    assert time.perf_counter() - started < 1


def test_a_large_sheet_that_does_not_state_its_size_is_refused(tmp_path: Path) -> None:
    # openpyxl would parse such a sheet whole on opening just to learn its size.
    unsized = _long_sheet(tmp_path, 20_000, sized=False)
    assert "缺少尺寸信息" in _refusal(unsized)


def _sheet_member(archive: zipfile.ZipFile, title: str) -> str:
    """The zip member holding the sheet called ``title``."""
    import re

    workbook = archive.read("xl/workbook.xml").decode()
    relations = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet[^>]*name="{title}"[^>]*r:id="([^"]+)"', workbook)
    assert rel_id is not None
    target = re.search(rf'<Relationship[^>]*Id="{rel_id[1]}"[^>]*Target="([^"]+)"', relations) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rel_id[1]}"', relations)
    assert target is not None
    return "xl/" + target[1].removeprefix("/xl/")
