"""A battery of bad and hostile input files (恶意与极端输入), by class, for every entry point of the command line.

Each :class:`Attack` is one file (made on demand in a scratch folder) and one command run on it; what is expected
is a refusal: exit status 2, a message in Chinese that names the file, no traceback, no output left behind and
the file unchanged, within bounded time and memory. A few attacks expect the command to succeed instead (an
audit that meets an absurd number reports it and goes on). Used by ``bench/hostile_battery.py`` (the table by
class) and ``tests/test_hostile_*.py``.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "shenzhen-ccpit-2023.yaml"
MIB = 1024 * 1024

Build = Callable[[Path], Path]
"""Makes the hostile file inside a scratch folder and returns its path."""


@dataclass(frozen=True)
class Attack:
    """One hostile file and the command run on it (``{file}`` in ``args`` stands for the file's path)."""

    kind: str
    name: str
    build: Build
    args: tuple[str, ...]
    expect: tuple[int, ...] = (2,)
    mentions: str = ""
    """A phrase the message must contain (the reason), when there is one to check."""
    dangerous: bool = False
    """Would hang or exhaust memory if a bound were missing: run in a process of its own, never in the tests'."""


@dataclass
class Outcome:
    attack: Attack
    code: int | None
    stdout: str
    stderr: str
    seconds: float
    mib: float
    file: Path
    changed: bool
    leftovers: list[str] = field(default_factory=list)

    def failures(self) -> list[str]:
        """What went wrong, in words; empty when the attack was met as expected."""
        problems = []
        output = self.stdout + self.stderr
        if self.code not in self.attack.expect:
            problems.append(f"exit {self.code}, expected {self.attack.expect}")
        if "Traceback" in output:
            problems.append("traceback")
        if self.changed:
            problems.append("input changed")
        if self.leftovers:
            problems.append(f"left {self.leftovers}")
        if self.attack.expect == (2,):
            if self.file.name not in self.stderr:
                problems.append("message does not name the file")
            if not re.search(r"[\u4e00-\u9fff]", self.stderr):
                problems.append("message not in Chinese")
            english = english_words(self.stderr, self.file)
            if english:
                problems.append(f"English in message: {english[:3]}")
            if self.attack.mentions and self.attack.mentions not in self.stderr:
                problems.append(f"message lacks {self.attack.mentions!r}")
        return problems


# Words a Chinese message may well contain: names of formats and programs, the file's own name.
_KNOWN_WORDS = {"yaml", "excel", "word", "wps", "libreoffice", "pdf", "docx", "xlsx", "xlsm", "html", "txt",
                "tab", "vba", "powerpoint", "jixiao", "utf", "gb18030", "help", "workbook", "framework", "convert",
                "score", "audit", "report", "targets", "show", "usage", "infinity", "true", "false"}


def english_words(message: str, file: Path) -> list[str]:
    """English words of four letters or more in ``message``, beyond the file's path and the known names."""
    text = message.replace(str(file), " ").replace(file.name, " ")
    text = re.sub(r"“[^”]*”|\S*/\S*|字段 [^：]+：", " ", text)  # quoted user text, paths, the file's own keys
    return [w for w in re.findall(r"[A-Za-z]{4,}", text) if w.lower() not in _KNOWN_WORDS]


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _write(name: str, content: str | bytes) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return build


def _case_with(name: str, old: str, new: str) -> Build:
    def build(folder: Path) -> Path:
        text = example_text()
        assert old in text, old
        path = folder / name
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return build


# --- YAML ------------------------------------------------------------------------------------------------

def billion_laughs(levels: int = 9, width: int = 9, *, mapping: bool = False) -> str:
    """``a: &a [x, x …]``, ``b: &b [*a, *a …]`` …: a few hundred bytes that unfold into width**levels values."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        refs = [f"*a{level - 1}"] * width
        body = "{" + ", ".join(f"k{i}: {r}" for i, r in enumerate(refs)) + "}" if mapping else "[" + ", ".join(refs) + "]"
        lines.append(f"a{level}: &a{level} {body}")
    return "\n".join(lines) + "\n"


def _yaml_attacks() -> Iterator[Attack]:
    laughs = {
        "laughs-list.yaml": billion_laughs(),
        "laughs-map.yaml": billion_laughs(mapping=True),
        "laughs-wide.yaml": billion_laughs(levels=4, width=200),
        "laughs-in-case.yaml": example_text().replace("key_tasks:", "bomb: &b0 [x, x, x, x, x, x, x, x, x, x]\n"
                                                      + "".join(f"b{i}: &b{i} [" + ", ".join([f"*b{i - 1}"] * 10)
                                                                + "]\n" for i in range(1, 8))
                                                      + "key_tasks:", 1),
    }
    recursive = {
        "recursive-list.yaml": "a: &x [*x]\n",
        "recursive-map.yaml": "a: &x {b: *x}\n",
        "recursive-deep.yaml": "a: &x\n  b:\n    c: [1, *x]\n",
        "recursive-key-tasks.yaml": example_text().replace("key_tasks:", "key_tasks: &t\n  - *t\nold_tasks:", 1),
    }
    deep = {
        "deep-flow-list.yaml": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "deep-flow-map.yaml": "a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n",
        "deep-block-map.yaml": "".join("  " * i + f"k{i}:\n" for i in range(1500)) + "  " * 1500 + "v: 1\n",
        "deep-dashes.yaml": "- " * 2000 + "x\n",
        "deep-under-limit-aliased.yaml": "a: &d " + "[" * 90 + "1" + "]" * 90 + "\nb: " + "[" * 90 + "*d"
                                         + "]" * 90 + "\n",
    }
    syntax = {
        "after-document.yaml": "department: {name: 某局}}\n",
        "ended-then-more.yaml": "year: 2023\n...\nmore text\n",
        "directive.yaml": "%YAML 1.1\nyear: 2023\n",
        "quoted-then-text.yaml": "department:\n  name: '某局' 附属\n",
        "bad-escape.yaml": 'department:\n  name: "\\uZZZZ"\n',
        "indent-zero.yaml": "note: |0\n  text\n",
        "dash-on-key-line.yaml": "key_tasks: - 甲\n",
        "tag-handle.yaml": "year: !e!x 2023\n",
    }
    for name, text in laughs.items():
        yield Attack("YAML 引用展开", name, _write(name, text), ("score", "{file}"), mentions="引用", dangerous=True)
    for name, text in recursive.items():
        yield Attack("YAML 引用展开", name, _write(name, text), ("score", "{file}"), mentions="引用", dangerous=True)
    for name, text in deep.items():
        yield Attack("YAML 嵌套", name, _write(name, text), ("score", "{file}"))
    for name, text in syntax.items():
        yield Attack("YAML 语法", name, _write(name, text), ("score", "{file}"), mentions="YAML 格式错误")
    for command in (("targets", "{file}"), ("report", "{file}", "-o", "{out}/报告.md"),
                    ("workbook", "fill", "{file}", "-o", "{out}/填报.xlsx"), ("convert", "{file}", "-o", "{out}/x.yaml")):
        yield Attack("YAML 引用展开", f"laughs-{command[0]}.yaml", _write(f"laughs-{command[0]}.yaml", billion_laughs()),
                     command, mentions="引用", dangerous=True)
    # The same files given as a framework.
    for name, text in (("laughs-framework.yaml", billion_laughs()), ("recursive-framework.yaml", "a: &x [*x]\n"),
                       ("deep-framework.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n")):
        yield Attack("指标体系文件", name, _write(name, text), ("score", str(EXAMPLE), "--framework", "{file}"),
                     dangerous=True)
        yield Attack("指标体系文件", "show-" + name, _write("show-" + name, text), ("framework", "show", "{file}"),
                     dangerous=True)


# --- numbers ----------------------------------------------------------------------------------------------

# (field as written in the example, its value there): an amount (万元), a count, a rate-derived amount, yuan.
_NUMBER_FIELDS = (
    ("initial: 4796.11 ", "amount"),
    ("plan: 147.39 ", "denominator"),
    ("planned: 14 ", "count"),
    ("authorised_posts: 53 ", "count"),
)
_EXTREME = (
    ("e400", "1.0e+400", "过大"),
    ("minus-e400", "-1.0e+400", "过大"),
    ("e-30", "1.0e-30", "过小"),
    ("digits60", "1" * 60, "过大"),
    ("digits5000", "9" * 5000, "过大"),
    ("decimals40", "1." + "0" * 39 + "1", "位数过多"),
    ("sixteen", "1234567890123456", "过大"),
    ("exp-text", '"1e400"', "不是有效的数值"),
    ("huge-exponent", "1.0e+99999999999999999999", "不是有效的数值"),
)
_FOREIGN = (
    ("arabic-indic", '"٤٧٩٦"', "0–9 以外"),
    ("arabic-indic-plain", "٤٧٩٦", "0–9 以外"),
    ("devanagari", '"४७९६"', "0–9 以外"),
    ("bengali", "১২", "0–9 以外"),
    ("mixed", "4٧96", "0–9 以外"),
    ("hex", "0x35", "不是有效的数值"),
    ("binary", "0b101", "不是有效的数值"),
    ("octal-o", "0o17", "不是有效的数值"),
    ("sexagesimal", "1:30", "不是有效的数值"),
)


def _number_attacks() -> Iterator[Attack]:
    for field_text, role in _NUMBER_FIELDS:
        key = field_text.split(":")[0]
        for label, value, reason in _EXTREME:
            if role == "count" and label in ("decimals40", "e-30"):
                continue
            name = f"{label}-{key}.yaml"
            build = _case_with(name, field_text, f"{key}: {value} ")
            yield Attack("极端数值", name, build, ("score", "{file}"), mentions=reason)
        for label, value, reason in _FOREIGN:
            name = f"{label}-{key}.yaml"
            yield Attack("非通用数字", name, _case_with(name, field_text, f"{key}: {value} "), ("score", "{file}"),
                         mentions=reason)
    # The same through the other commands.
    for command in (("targets", "{file}"), ("report", "{file}", "-o", "{out}/报告.md"),
                    ("convert", "{file}", "-o", "{out}/x.xlsx")):
        for label, value, reason in (_EXTREME[0], _EXTREME[2], _EXTREME[4], _FOREIGN[0]):
            name = f"{label}-{command[0]}.yaml"
            attack_kind = "非通用数字" if reason.startswith("0–9") else "极端数值"
            yield Attack(attack_kind, name, _case_with(name, "initial: 4796.11 ", f"initial: {value} "), command,
                         mentions=reason)
    # Self-evaluation amounts (元) and a judgement's points.
    text = example_text()
    for label, value, reason in (_EXTREME[0], _EXTREME[4], _FOREIGN[0]):
        match = re.search(r"(budget_total): ([0-9.]+)", text)
        if match:
            name = f"{label}-yuan.yaml"
            yield Attack("极端数值" if not reason.startswith("0–9") else "非通用数字", name,
                         _case_with(name, match.group(0), f"{match.group(1)}: {value}"), ("score", "{file}"),
                         mentions=reason)


# --- workbooks --------------------------------------------------------------------------------------------

_SHEET_NUMBER = re.compile(r'<c r="(B\d+)"([^>]*)><v>([^<]*)</v></c>')


@cache
def _workbook_bytes() -> bytes:
    """The example case as a filled workbook (made once)."""
    import tempfile

    from jixiao.facts.load import load_case
    from jixiao.frameworks import DEFAULT_FRAMEWORK
    from jixiao.workbook.outline import framework_outline
    from jixiao.workbook.write import write_workbook

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "example.xlsx"
        write_workbook(path, load_case(EXAMPLE), framework_outline(DEFAULT_FRAMEWORK), framework_id=DEFAULT_FRAMEWORK)
        return path.read_bytes()


def _workbook_parts() -> dict[str, bytes]:
    import io

    with zipfile.ZipFile(io.BytesIO(_workbook_bytes())) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def _budget_sheet(parts: dict[str, bytes]) -> str:
    import html

    for name, data in parts.items():
        text = data.decode("utf-8", "replace")
        if name.startswith("xl/worksheets/") and ">年初预算数<" in html.unescape(text) and _SHEET_NUMBER.search(text):
            return name
    raise AssertionError("no budget sheet")


def _edited_workbook(name: str, edit: Callable[[dict[str, bytes]], None]) -> Build:
    def build(folder: Path) -> Path:
        parts = _workbook_parts()
        edit(parts)
        path = folder / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in parts.items():
                archive.writestr(part, data)
        return path

    return build


def _cell(replacement: str) -> Callable[[dict[str, bytes]], None]:
    """Replace the first number of the budget sheet's B column: ``{cell}``, ``{attrs}``, ``{value}`` available."""
    def edit(parts: dict[str, bytes]) -> None:
        sheet = _budget_sheet(parts)
        xml = parts[sheet].decode()
        found = _SHEET_NUMBER.search(xml)
        assert found is not None
        cell, attrs, value = found.groups()
        parts[sheet] = xml.replace(found.group(0), replacement.format(cell=cell, attrs=attrs, value=value), 1).encode()

    return edit


def _shared_strings(parts: dict[str, bytes]) -> None:
    parts["xl/sharedStrings.xml"] = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                                     b'count="1" uniqueCount="1"><si><t>x</t></si></sst>')
    _cell('<c r="{cell}" t="s"><v>7</v></c>')(parts)


def _truncate(part: Callable[[dict[str, bytes]], str]) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        name = part(parts)
        parts[name] = parts[name][: len(parts[name]) // 2]

    return edit


def _replace_part(name: str, data: bytes) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        parts[name] = data

    return edit


def _drop_budget_sheet(parts: dict[str, bytes]) -> None:
    del parts[_budget_sheet(parts)]


def _entity_bomb(parts: dict[str, bytes]) -> None:
    sheet = _budget_sheet(parts)
    entities = "".join(f'<!ENTITY l{i} "{(f"&l{i - 1};" if i else "lol") * 10}">' for i in range(10))
    xml = parts[sheet].decode()
    head = xml.index("<worksheet")
    parts[sheet] = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>' + xml[head:]).replace(
        "<sheetData>", '<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>&l9;</t></is></c></row>', 1).encode()


def _corrupt_bytes(folder: Path) -> Path:
    """A workbook whose compressed data is damaged in the middle (a bad download)."""
    data = bytearray(_workbook_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path = folder / "corrupt-bytes.xlsx"
    path.write_bytes(bytes(data))
    return path


def _zip_bomb(name: str, member: str, size: int, extra: dict[str, bytes] | None = None) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in (extra or {}).items():
                archive.writestr(part, data)
            with archive.open(member, "w", force_zip64=True) as stream:
                block = b"<a>" + b" " * (MIB - 7) + b"</a>"
                for _ in range(size // MIB):
                    stream.write(block)
        return path

    return build


_CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _workbook_attacks() -> Iterator[Attack]:
    cells = {
        "shared-string-out-of-range.xlsx": _cell('<c r="{cell}" t="s"><v>99999</v></c>'),
        "shared-string-beyond-table.xlsx": _shared_strings,
        "style-out-of-range.xlsx": _cell('<c r="{cell}" s="9999"><v>{value}</v></c>'),
        "cell-1e400.xlsx": _cell('<c r="{cell}"{attrs}><v>1E+400</v></c>'),
        "cell-minus-1e400.xlsx": _cell('<c r="{cell}"{attrs}><v>-1E+400</v></c>'),
        "cell-1e300.xlsx": _cell('<c r="{cell}"{attrs}><v>1E+300</v></c>'),
        "cell-1e-30.xlsx": _cell('<c r="{cell}"{attrs}><v>1E-30</v></c>'),
        "cell-nan.xlsx": _cell('<c r="{cell}"{attrs}><v>NaN</v></c>'),
        "cell-not-a-number.xlsx": _cell('<c r="{cell}"><v>abc</v></c>'),
        "cell-bad-date.xlsx": _cell('<c r="{cell}" t="d"><v>not-a-date</v></c>'),
        "cell-arabic-digits.xlsx": _cell('<c r="{cell}" t="inlineStr"><is><t>٤٧٩٦.11</t></is></c>'),
        "cell-devanagari.xlsx": _cell('<c r="{cell}" t="inlineStr"><is><t>४७९६</t></is></c>'),
        "cell-hex.xlsx": _cell('<c r="{cell}" t="inlineStr"><is><t>0x35</t></is></c>'),
        "cell-5000-digits.xlsx": _cell('<c r="{cell}" t="inlineStr"><is><t>' + "9" * 5000 + "</t></is></c>"),
        "cell-26-digits.xlsx": _cell('<c r="{cell}"{attrs}><v>12345678901234567890123456</v></c>'),
        "cell-error-value.xlsx": _cell('<c r="{cell}" t="e"><v>#DIV/0!</v></c>'),
        "sheet-truncated.xlsx": _truncate(_budget_sheet),
        "workbook-xml-truncated.xlsx": _truncate(lambda parts: "xl/workbook.xml"),
        "styles-truncated.xlsx": _truncate(lambda parts: "xl/styles.xml"),
        "styles-garbage.xlsx": _replace_part("xl/styles.xml", b"\x00\x01garbage"),
        "sheet-entity-bomb.xlsx": _entity_bomb,
        "sheet-part-missing.xlsx": _drop_budget_sheet,
    }
    for name, edit in cells.items():
        yield Attack("损坏的工作簿", name, _edited_workbook(name, edit), ("score", "{file}"))
    for command in (("targets", "{file}"), ("convert", "{file}", "-o", "{out}/x.yaml"),
                    ("workbook", "fill", "{file}", "-o", "{out}/y.xlsx")):
        for name in ("shared-string-out-of-range.xlsx", "cell-1e400.xlsx", "style-out-of-range.xlsx"):
            other = f"{command[0]}-{name}"
            yield Attack("损坏的工作簿", other, _edited_workbook(other, cells[name]), command)
    yield Attack("损坏的工作簿", "corrupt-bytes.xlsx", _corrupt_bytes, ("score", "{file}"))
    yield Attack("压缩炸弹", "bomb.xlsx",
                 _zip_bomb("bomb.xlsx", "xl/worksheets/sheet1.xml", 300 * MIB,
                           {"[Content_Types].xml": _CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"}),
                 ("score", "{file}"), mentions="压缩", dangerous=True)


# --- reports for the audit --------------------------------------------------------------------------------

@cache
def _docx_bytes(document_xml: bytes | None = None) -> bytes:
    """A minimal, valid Word file, or one whose body is ``document_xml``."""
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("某局 2023 年度部门整体支出绩效评价报告")
    document.add_paragraph("年初预算数 4,796.11 万元。")
    stream = io.BytesIO()
    document.save(stream)
    if document_xml is None:
        return stream.getvalue()
    with zipfile.ZipFile(io.BytesIO(stream.getvalue())) as original:
        parts = {info.filename: original.read(info.filename) for info in original.infolist()}
    parts["word/document.xml"] = document_xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return out.getvalue()


def _docx(name: str, document_xml: bytes | None) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(_docx_bytes(document_xml))
        return path

    return build


def _docx_bomb(folder: Path) -> Path:
    """A Word file whose body unpacks to 2 GB of XML (about 2 MB on disk)."""
    path = folder / "docx-bomb.docx"
    import io

    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as original:
        parts = {info.filename: original.read(info.filename) for info in original.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            if part != "word/document.xml":
                archive.writestr(part, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            block = b"<w:p/>" * (MIB // 6)
            for _ in range(2048):
                stream.write(block)
    return path


@cache
def _report_text() -> str:
    """A report in the words jixiao writes for the example case (the audit's own kind of text)."""
    from jixiao.facts.load import load_case
    from jixiao.report.build import report_document
    from jixiao.report.markdown import markdown_text

    return markdown_text(report_document(load_case(EXAMPLE), charts=False))


def _report_with(name: str, old: str, new: str) -> Build:
    def build(folder: Path) -> Path:
        text = _report_text()
        assert old in text, old
        path = folder / name
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return build


def _sparse(name: str, size: int, head: bytes = b"") -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as handle:
            handle.write(head)
            handle.truncate(size)
        return path

    return build


_BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def _report_attacks() -> Iterator[Attack]:
    damaged = {
        "body-truncated.docx": _BODY + b"<w:p><w:r><w:t>abc",
        "body-garbage.docx": b"\x00\x01\x02 not xml at all",
        "body-entity-bomb.docx": b'<?xml version="1.0"?><!DOCTYPE d [' + b"".join(
            b'<!ENTITY e%d "%s">' % (i, (b"&e%d;" % (i - 1) if i else b"lol") * 10) for i in range(10))
            + b"]>" + _BODY + b"<w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>",
        "body-deep.docx": _BODY + b"<w:p>" * 5000 + b"</w:p>" * 5000 + b"</w:body></w:document>",
        "body-wrong-root.docx": b"<html><body>hello</body></html>",
    }
    for name, xml in damaged.items():
        yield Attack("损坏的 Word 文件", name, _docx(name, xml), ("audit", "{file}"), mentions="文件已损坏")
    yield Attack("损坏的 Word 文件", "not-a-zip.docx", _write("not-a-zip.docx", b"PK\x03\x04 not a document"),
                 ("audit", "{file}"))
    yield Attack("损坏的 Word 文件", "old-doc.docx", _write("old-doc.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
                 ("audit", "{file}"))
    yield Attack("损坏的 Word 文件", "zip-without-body.docx",
                 _write("zip-without-body.docx", _zip_with({"[Content_Types].xml": _CONTENT_TYPES})), ("audit", "{file}"))
    yield Attack("压缩炸弹", "docx-bomb.docx", _docx_bomb, ("audit", "{file}"), mentions="压缩", dangerous=True)
    yield Attack("压缩炸弹", "docx-many-parts.docx",
                 _write("docx-many-parts.docx", _zip_with({f"word/media/{i}.xml": b"" for i in range(6000)}
                                                          | {"word/document.xml": _BODY})),
                 ("audit", "{file}"), mentions="内部文件")
    for name, content in (("truncated.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog"),
                          ("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40),
                          ("not-pdf.pdf", b"hello, world"),
                          ("empty.pdf", b"")):
        yield Attack("损坏的 PDF 文件", name, _write(name, content), ("audit", "{file}"))
    # Absurd numbers inside a readable report: the audit reports them and goes on (exit 0 or 1).
    for label, number in (("glued-26", "12345678901234567890123456"), ("digits-5000", "9" * 5000),
                          ("arabic", "٤٧٩٦.11"), ("devanagari", "४७९६.११"), ("e400", "1e400"),
                          ("tiny", "0.000000000000000000000000000001")):
        name = f"report-{label}.md"
        yield Attack("审核中的异常数字", name, _report_with(name, "4,796.11", number), ("audit", "{file}"),
                     expect=(0, 1))
        yield Attack("审核中的异常数字", "json-" + name, _report_with("json-" + name, "4,796.11", number),
                     ("audit", "--json", "{file}"), expect=(0, 1))


def _zip_with(parts: dict[str, bytes]) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)
    return out.getvalue()


# --- special files and sizes --------------------------------------------------------------------------------

def _fifo(name: str) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        os.mkfifo(path)
        return path

    return build


def _link(name: str, target: str) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(target)
        return path

    return build


def _loop(name: str) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(folder / ("other-" + name))
        (folder / ("other-" + name)).symlink_to(path)
        return path

    return build


def _directory(name: str) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        path.mkdir()
        return path

    return build


def _large_yaml(name: str, size: int) -> Build:
    def build(folder: Path) -> Path:
        path = folder / name
        line = "  - {name: 一项很普通的重点工作任务, completed: true}\n"
        text = example_text().replace("key_tasks:\n", "key_tasks:\n" + line * (size // len(line.encode()) + 1), 1)
        path.write_text(text, encoding="utf-8")
        return path

    return build


def _special_attacks() -> Iterator[Attack]:
    commands = {
        "case.yaml": ("score", "{file}"),
        "case.xlsx": ("score", "{file}"),
        "framework.yaml": ("score", str(EXAMPLE), "--framework", "{file}"),
        "report.txt": ("audit", "{file}"),
        "report.pdf": ("audit", "{file}"),
        "report.docx": ("audit", "{file}"),
    }
    for target, command in commands.items():
        yield Attack("特殊文件", "fifo-" + target, _fifo("fifo-" + target), command, mentions="命名管道", dangerous=True)
        yield Attack("特殊文件", "zero-" + target, _link("zero-" + target, "/dev/zero"), command, mentions="设备",
                     dangerous=True)
        yield Attack("特殊文件", "loop-" + target, _loop("loop-" + target), command, mentions="循环")
        yield Attack("特殊文件", "dir-" + target, _directory("dir-" + target), command)
    for target, command in (("case.yaml", ("targets", "{file}")), ("case.yaml", ("report", "{file}", "-o", "{out}/r.md")),
                            ("case.yaml", ("convert", "{file}", "-o", "{out}/r.xlsx")),
                            ("case.xlsx", ("convert", "{file}", "-o", "{out}/r.yaml")),
                            ("framework.yaml", ("framework", "show", "{file}"))):
        name = f"fifo-{command[0]}-{target}"
        yield Attack("特殊文件", name, _fifo(name), command, mentions="命名管道", dangerous=True)
    yield Attack("文件大小", "large-case.yaml", _large_yaml("large-case.yaml", 5 * MIB), ("score", "{file}"),
                 mentions="文件过大")
    yield Attack("文件大小", "large-framework.yaml", _large_yaml("large-framework.yaml", 5 * MIB),
                 ("score", str(EXAMPLE), "--framework", "{file}"), mentions="文件过大")
    yield Attack("文件大小", "large-report.txt", _write("large-report.txt", "年初预算数 4,796.11 万元。\n" * 400_000),
                 ("audit", "{file}"), mentions="文件过大")
    yield Attack("文件大小", "sparse-report.pdf", _sparse("sparse-report.pdf", 60 * MIB, b"%PDF-1.4\n"),
                 ("audit", "{file}"), mentions="文件过大")
    yield Attack("文件大小", "sparse-report.docx", _sparse("sparse-report.docx", 60 * MIB, b"PK\x03\x04"),
                 ("audit", "{file}"), mentions="文件过大")
    yield Attack("文件大小", "sparse-case.xlsx", _sparse("sparse-case.xlsx", 60 * MIB, b"PK\x03\x04"),
                 ("score", "{file}"), mentions="文件过大")


def attacks() -> list[Attack]:
    """The whole battery, in class order."""
    return [*_yaml_attacks(), *_number_attacks(), *_workbook_attacks(), *_report_attacks(), *_special_attacks()]


# --- running ----------------------------------------------------------------------------------------------

MEMORY_CAP = 3 * 1024 * MIB
"""Address space allowed to one run: a safety net for the machine, far above what is measured (peak RSS)."""


# The command line as the console script runs it, noting its own peak memory (VmHWM) when it ends.
_MEASURED = (
    "import atexit, sys\n"
    "status = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(status, 'w').write(open('/proc/self/status').read()))\n"
    "sys.argv[0] = 'jixiao'\n"
    "from jixiao.cli import main\n"
    "main()\n"
)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _digest(path: Path) -> str:
    if path.is_symlink() or not path.is_file():
        return f"special:{path.is_symlink()}:{path.exists() and path.is_dir()}"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(attack: Attack, folder: Path, *, timeout: float = 30) -> Outcome:
    """Make the attack's file in ``folder`` (empty), run the command in a process of its own, and see."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "out"
    out.mkdir()
    path = attack.build(folder)
    before = _digest(path)
    present = {p.name for p in folder.iterdir()}
    args = [a.replace("{file}", str(path)).replace("{out}", str(out)) for a in attack.args]
    stdout, stderr = folder.parent / f".{folder.name}.out", folder.parent / f".{folder.name}.err"
    status = folder.parent / f".{folder.name}.status"
    with stdout.open("wb") as out_handle, stderr.open("wb") as err_handle:
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", _MEASURED, str(status), *args], stdout=out_handle,
                                   stderr=err_handle, stdin=subprocess.DEVNULL, cwd=folder, preexec_fn=_limits)
        code, usage = _wait(process, timeout)
        seconds = time.perf_counter() - started
    peak = re.search(r"VmHWM:\s*(\d+) kB", status.read_text()) if status.exists() else None
    # ru_maxrss also counts the pages this process had when the child was forked; the child's own peak is exact.
    usage = int(peak.group(1)) if peak else usage
    leftovers = sorted([p.name for p in out.iterdir()] + [p.name for p in folder.iterdir() if p.name not in present])
    return Outcome(attack, code, stdout.read_text("utf-8", "replace"), stderr.read_text("utf-8", "replace"), seconds,
                   usage / 1024, path, _digest(path) != before, leftovers)


def _wait(process: subprocess.Popen[bytes], timeout: float) -> tuple[int | None, int]:
    """Exit status (None when killed for taking too long) and peak resident memory in KB, of this child only."""
    deadline = time.perf_counter() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_maxrss
        if time.perf_counter() > deadline:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return None, usage.ru_maxrss
        time.sleep(0.005)
