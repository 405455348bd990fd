"""Writing the report's files (报告输出): the format from each file's suffix, all or nothing.

Every file is first written beside its target under a temporary name (:func:`jixiao.outputs.replacing`) and
the temporary names are renamed into place only once all of them succeeded, so a failure (the PDF converter
missing, a disk full) never leaves a half-written report, nor one new file beside a stale one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from ..outputs import replacing
from .document import Document

FORMATS = {".docx": "Word", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML", ".md": "Markdown"}


def unknown_formats(paths: Sequence[Path]) -> list[Path]:
    return [p for p in paths if p.suffix.lower() not in FORMATS]


def write_report(document: Document, paths: Sequence[Path]) -> None:
    """Write ``document`` to each path, in the format its suffix names."""
    renderers: dict[str, Callable[[Document], bytes]] = {
        ".docx": _docx, ".html": _html, ".htm": _html, ".md": _markdown,
    }
    with ExitStack() as stack:
        # Each context renames its file on a clean exit and removes it on an error: all of them, or none.
        staged = [(path, stack.enter_context(replacing(path))) for path in paths]
        word: bytes | None = None
        pdfs: list[Path] = []
        for path, temporary in staged:
            suffix = path.suffix.lower()
            if suffix == ".pdf":
                pdfs.append(temporary)
                continue
            data = renderers[suffix](document)
            if suffix == ".docx":
                word = data
            temporary.write_bytes(data)
        if pdfs:
            _pdfs(document, word, pdfs)


def _pdfs(document: Document, word: bytes | None, pdfs: list[Path]) -> None:
    from .pdf import docx_to_pdf_many

    with tempfile.TemporaryDirectory(prefix="jixiao-report-") as scratch:
        source = Path(scratch) / "report.docx"
        source.write_bytes(word if word is not None else _docx(document))
        docx_to_pdf_many([(source, temporary) for temporary in pdfs])


def _docx(document: Document) -> bytes:
    from .docx import docx_bytes

    return docx_bytes(document)


def _html(document: Document) -> bytes:
    from .html import html_text

    return html_text(document).encode("utf-8")


def _markdown(document: Document) -> bytes:
    from .markdown import markdown_text

    return markdown_text(document).encode("utf-8")
