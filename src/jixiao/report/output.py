"""Writing the report's files (报告输出): the format from each file's suffix, all or nothing.

Every file is first written beside its target under a temporary name (:func:`jixiao.outputs.staging`) and
the temporary names are renamed into place only once all of them succeeded, so a failure (the PDF converter
missing, a disk full, an interruption) never leaves a half-written report, nor one new file beside a stale one.
Errors name the file the user asked for (:class:`~jixiao.outputs.OutputError`,
:class:`~jixiao.report.pdf.PdfConversionError`), never a temporary one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from ..outputs import OutputError, staging
from .document import Document

FORMATS = {".docx": "Word", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML", ".md": "Markdown"}


def write_report(document: Document, paths: Sequence[Path]) -> None:
    """Write ``document`` to each path, in the format its suffix names."""
    renderers: dict[str, Callable[[Document], bytes]] = {
        ".docx": _docx, ".html": _html, ".htm": _html, ".md": _markdown,
    }
    with staging(paths) as temporaries:
        word: bytes | None = None
        pdfs: list[tuple[Path, Path]] = []
        for path, temporary in zip(paths, temporaries, strict=True):
            suffix = path.suffix.lower()
            if suffix == ".pdf":
                pdfs.append((path, temporary))
                continue
            data = renderers[suffix](document)
            if suffix == ".docx":
                word = data
            try:
                temporary.write_bytes(data)
            except OSError as error:
                raise OutputError(path, error) from error
        if pdfs:
            _pdfs(word if word is not None else _docx(document), pdfs)


def _pdfs(word: bytes, pdfs: list[tuple[Path, Path]]) -> None:
    """Convert the Word file once for each PDF asked for; errors name those PDFs, not their temporary names."""
    from .pdf import PdfConversionError, docx_to_pdf_many

    try:
        docx_to_pdf_many([(word, temporary) for _, temporary in pdfs])
    except OutputError as error:
        output = next(path for path, temporary in pdfs if temporary == error.path)
        raise OutputError(output, error) from error
    except PdfConversionError as error:
        named = [path for path, temporary in pdfs if error.target in (None, temporary)]
        raise PdfConversionError(error.reason, "、".join(map(str, named))) from error


def _docx(document: Document) -> bytes:
    from .docx import docx_bytes

    return docx_bytes(document)


def _html(document: Document) -> bytes:
    from .html import html_text

    return html_text(document).encode("utf-8")


def _markdown(document: Document) -> bytes:
    from .markdown import markdown_text

    return markdown_text(document).encode("utf-8")
