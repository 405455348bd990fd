"""The report as PDF (PDF 报告): the Word file converted by LibreOffice, so both are the same document.

LibreOffice runs headless with its own throw-away profile (so that conversions never disturb, or wait for,
an office the user has open) and with a fontconfig file that maps the official font names to the free CJK
fonts installed here (:mod:`.fonts`); its PDF export embeds the fonts it used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .fonts import write_fontconfig

START_SECONDS = 120
PER_FILE_SECONDS = 20
"""LibreOffice is given time to start, then this long per file (a report takes 1–2 s on a busy machine)."""


class PdfConversionError(RuntimeError):
    """LibreOffice is missing or did not produce the PDF (message in Chinese)."""


def office_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path) -> None:
    """Convert one Word file; ``pdf`` is written only when the conversion succeeded."""
    docx_to_pdf_many([(docx, pdf)])


def docx_to_pdf_many(pairs: Sequence[tuple[Path, Path]]) -> None:
    """Convert several Word files with one LibreOffice start (its start-up is most of the cost)."""
    if not pairs:
        return
    office = office_binary()
    if office is None:
        raise PdfConversionError(
            "未找到 LibreOffice（soffice），无法生成 PDF。请安装 libreoffice-writer（如 make setup），"
            "或改为输出 .docx 后自行转换。"
        )
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-") as scratch:
        work = Path(scratch)
        sources = work / "in"
        outdir = work / "out"
        sources.mkdir()
        outdir.mkdir()
        # Distinct names inside the scratch folder: two outputs may share a stem in different folders.
        staged = []
        for n, (docx, _) in enumerate(pairs):
            source = sources / f"report-{n}.docx"
            shutil.copyfile(docx, source)
            staged.append(source)
        env = dict(os.environ, FONTCONFIG_FILE=str(write_fontconfig(work)), HOME=str(work))
        command = [
            office, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
            "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", str(outdir), *map(str, staged),
        ]
        timeout = START_SECONDS + PER_FILE_SECONDS * len(pairs)
        try:
            completed = subprocess.run(command, env=env, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"LibreOffice 转换 PDF 超时（{timeout} 秒）") from exc
        for n, (_, pdf) in enumerate(pairs):
            produced = outdir / f"report-{n}.pdf"
            if not produced.exists() or produced.stat().st_size == 0:
                detail = completed.stderr.decode("utf-8", "replace").strip()
                suffix = f"：{detail}" if detail else ""
                raise PdfConversionError(
                    f"LibreOffice 未能生成 {pdf.name}（退出码 {completed.returncode}）{suffix}"
                )
            shutil.move(produced, pdf)
