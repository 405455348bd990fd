"""The report as PDF (PDF 报告): the Word file converted by LibreOffice, so both are the same document.

LibreOffice runs headless with its own throw-away profile (so that conversions never disturb, or wait for,
an office the user has open) and with a fontconfig file that maps the official font names to the free CJK
fonts installed here (:mod:`.fonts`); its PDF export embeds the fonts it used.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..outputs import OutputError, failure_reason
from .fonts import write_fontconfig

START_SECONDS = 120
PER_FILE_SECONDS = 20
"""LibreOffice is given time to start, then this long per file (a report takes 1–2 s on a busy machine)."""
END_SECONDS = 5.0
"""How long to wait for LibreOffice's processes to be gone after they were killed."""
DETAIL_CHARS = 400


class PdfConversionError(RuntimeError):
    """LibreOffice is missing or did not produce the PDF: ``reason`` in Chinese, ``target`` the PDF not made
    (``None`` when none could be)."""

    def __init__(self, reason: str, target: Path | str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.target = target

    def __str__(self) -> str:
        return f"无法生成 {self.target}：{self.reason}" if self.target is not None else self.reason


def office_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path) -> None:
    """Convert one Word file; ``pdf`` is written only when the conversion succeeded."""
    docx_to_pdf_many([(docx, pdf)])


def docx_to_pdf_many(pairs: Sequence[tuple[Path | bytes, Path]]) -> None:
    """Convert several Word files (each a path or the file's bytes) with one LibreOffice start (its start-up
    is most of the cost). A PDF that cannot be written raises :class:`~jixiao.outputs.OutputError` naming it."""
    if not pairs:
        return
    office = office_binary()
    if office is None:
        raise PdfConversionError(
            "未找到 LibreOffice（soffice），无法生成 PDF。请安装 libreoffice-writer（如 make setup），"
            "或改为输出 .docx 后自行转换。"
        )
    try:
        scratch = tempfile.TemporaryDirectory(prefix="jixiao-pdf-", ignore_cleanup_errors=True)
    except OSError as error:
        raise _scratch_error(error) from error
    with scratch:
        work = Path(scratch.name)
        try:
            command, env = _prepare(office, work, [source for source, _ in pairs])
        except OSError as error:
            raise _scratch_error(error) from error
        timeout = START_SECONDS + PER_FILE_SECONDS * len(pairs)
        returncode, detail = _run_office(command, env, timeout)
        for n, (_, pdf) in enumerate(pairs):
            produced = work / "out" / f"report-{n}.pdf"
            if not produced.exists() or produced.stat().st_size == 0:
                suffix = f"：{detail}" if detail else ""
                raise PdfConversionError(f"LibreOffice 未能完成转换（退出码 {returncode}）{suffix}", pdf)
            try:
                shutil.move(produced, pdf)
            except OSError as error:
                raise OutputError(pdf, error) from error


def _prepare(office: str, work: Path, sources: Sequence[Path | bytes]) -> tuple[list[str], dict[str, str]]:
    """The scratch folder's contents (the Word files, a font configuration) and the command to convert them."""
    inbox = work / "in"
    for folder in (inbox, work / "out", work / "tmp"):
        folder.mkdir()
    # Distinct names inside the scratch folder: two outputs may share a stem in different folders.
    staged = []
    for n, source in enumerate(sources):
        target = inbox / f"report-{n}.docx"
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)
        staged.append(target)
    # LibreOffice's own temporary files go into the scratch folder too, so they go with it.
    env = dict(os.environ, FONTCONFIG_FILE=str(write_fontconfig(work)), HOME=str(work), TMPDIR=str(work / "tmp"))
    command = [
        office, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
        "--nologo", "--nodefault", "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export",
        "--outdir", str(work / "out"), *map(str, staged),
    ]
    return command, env


def _scratch_error(error: OSError) -> PdfConversionError:
    return PdfConversionError(f"无法在临时目录 {tempfile.gettempdir()} 中准备转换：{failure_reason(error)}")


def _run_office(command: list[str], env: dict[str, str], timeout: float) -> tuple[int, str]:
    """Run LibreOffice in a process group of its own and return its exit status and the end of its stderr.

    The launcher (``soffice``) starts the office itself (``soffice.bin``) as a child: killing the launcher
    alone would leave the office running. Whatever ends the run (success, a timeout, Ctrl-C or SIGTERM
    raised in this process), the whole group is killed and waited for before the scratch folder goes.
    """
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PdfConversionError(f"LibreOffice 转换 PDF 超时（{timeout:g} 秒）") from None
    finally:
        _end_group(process)
    detail = stderr.decode("utf-8", "replace").strip()
    return process.returncode, detail[-DETAIL_CHARS:]


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """Kill every process left in LibreOffice's group and wait (briefly) until they are gone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group may have ended already
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if process.stderr is not None:
        process.stderr.close()
    deadline = time.monotonic() + END_SECONDS
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.02)


def _group_alive(group: int) -> bool:
    """Whether a process of ``group`` still runs (a zombie waiting for its parent to reap it does not)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(group, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
        fields = stat[stat.rindex(")") + 2:].split()
        if len(fields) > 2 and int(fields[2]) == group and fields[0] != "Z":
            return True
    return False
