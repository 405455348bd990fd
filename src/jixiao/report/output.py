"""Writing the report's files (报告输出): the format from each file's suffix, all or nothing.

Every file is first written beside its target under a temporary name and renamed into place only once all
of them succeeded, so a failure (a PDF converter missing, a disk full) never leaves a half-written report
or a stale one that looks new.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from .document import Document

FORMATS = {".docx": "Word", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML", ".md": "Markdown"}


def unknown_formats(paths: Sequence[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.lower() not in FORMATS]


def write_report(document: Document, paths: Sequence[Path]) -> None:
    """Write ``document`` to each path, in the format its suffix names."""
    staged: list[tuple[Path, Path]] = []
    try:
        renderers: dict[str, Callable[[Document], bytes]] = {
            ".docx": _docx, ".html": _html, ".htm": _html, ".md": _markdown,
        }
        word: bytes | None = None
        pdfs: list[tuple[Path, Path]] = []
        for path in paths:
            suffix = path.suffix.lower()
            temporary = _temporary_beside(path)
            staged.append((temporary, path))
            if suffix == ".pdf":
                pdfs.append((temporary, path))
                continue
            data = renderers[suffix](document)
            if suffix == ".docx":
                word = data
            temporary.write_bytes(data)
        if pdfs:
            _pdfs(document, word, pdfs)
        for temporary, path in staged:
            os.replace(temporary, path)
        staged.clear()
    finally:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)


def _temporary_beside(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".tmp{path.suffix}", dir=path.parent)
    # mkstemp makes the file private; the report should get the permissions any new file would.
    os.fchmod(handle, 0o666 & ~_umask())
    os.close(handle)
    return Path(name)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _pdfs(document: Document, word: bytes | None, pdfs: list[tuple[Path, Path]]) -> None:
    from .pdf import docx_to_pdf_many

    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as scratch:
        source = Path(scratch) / "report.docx"
        source.write_bytes(word if word is not None else _docx(document))
        docx_to_pdf_many([(source, temporary) for temporary, _ in pdfs])


def _docx(document: Document) -> bytes:
    from .docx import docx_bytes

    return docx_bytes(document)


def _html(document: Document) -> bytes:
    from .html import html_text

    return html_text(document).encode("utf-8")


def _markdown(document: Document) -> bytes:
    from .markdown import markdown_text

    return markdown_text(document).encode("utf-8")
