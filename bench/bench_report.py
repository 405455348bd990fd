"""How long the report takes (报告生成耗时): one Word file, one PDF, and a batch of 100 of each.

Run from the repository root: ``PYTHONPATH=src python3 bench/bench_report.py [--count 100] [--no-pdf]``.
Times are wall-clock seconds with processor seconds in brackets; the machine may be shared, so the processor
time is the fairer measure of our own cost.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shenzhen-ccpit-2023.yaml"


@contextmanager
def timed(label: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    print(f"{label:<52} {time.perf_counter() - wall:8.3f} s  ({time.process_time() - cpu:.3f} s CPU)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args()

    with timed("import jixiao (facts, frameworks, scoring, report)"):
        from jixiao.facts.load import load_case
        from jixiao.frameworks import load_framework
        from jixiao.report.content import build_document
        from jixiao.report.docx import docx_bytes
        from jixiao.report.pdf import docx_to_pdf_many
        from jixiao.report.scores import sheet_from_evaluation
        from jixiao.scoring.engine import evaluate

    case = load_case(EXAMPLE)
    framework = load_framework(case.framework)

    def one_word() -> bytes:
        sheet = sheet_from_evaluation(evaluate(case, framework))
        return docx_bytes(build_document(case, sheet, charts=True))

    with timed("first Word report in-process (loads docx, matplotlib)"):
        one_word()
    with timed("one Word report, score + content + charts + .docx"):
        word = one_word()
    with timed("one Word report without charts"):
        docx_bytes(build_document(case, sheet_from_evaluation(evaluate(case, framework)), charts=False))

    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as scratch:
        folder = Path(scratch)
        with timed("CLI: jixiao report -o .docx (new process)"):
            _cli(["-o", str(folder / "cli.docx")])

        cases = [case.model_copy(update={"department": replace(case.department, name=f"{case.department.name}{n:03d}")})
                 for n in range(args.count)]
        paths: list[Path] = []
        with timed(f"batch: {args.count} Word reports in-process"):
            for n, variant in enumerate(cases):
                sheet = sheet_from_evaluation(evaluate(variant, framework))
                path = folder / f"report-{n:03d}.docx"
                path.write_bytes(docx_bytes(build_document(variant, sheet, charts=True)))
                paths.append(path)

        if args.no_pdf:
            return
        single = folder / "single.docx"
        single.write_bytes(word)
        with timed("one PDF from .docx (LibreOffice start included)"):
            docx_to_pdf_many([(single, folder / "single.pdf")])
        with timed("CLI: jixiao report -o .docx -o .pdf (new process)"):
            _cli(["-o", str(folder / "cli2.docx"), "-o", str(folder / "cli2.pdf")])
        with timed(f"batch: {args.count} PDFs, one LibreOffice run"):
            docx_to_pdf_many([(p, p.with_suffix(".pdf")) for p in paths])
        pages = _pages(folder / "single.pdf")
        print(f"(the report is {pages} pages)")


def _cli(extra: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "jixiao", "report", str(EXAMPLE), *extra], check=True,
                   capture_output=True, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})


def _pages(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")


if __name__ == "__main__":
    main()
