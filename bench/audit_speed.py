"""How long an audit of a report like the seed takes (审核速度): reading, extraction, checks and the engine.

Run: ``PYTHONPATH=src python3 bench/audit_speed.py [REPORT]`` (default: the seed beside the clone).
Prints the first (cold) audit, which includes loading the framework, and the median of warm runs; then the
audit time of texts of 1, 2, 4 and 8 MB made by repeating the report, which should grow in proportion to the
size (it grew with its square until the figure index was built once per report). ``--sizes 1 2 4`` chooses
the sizes; ``--sizes`` alone skips them.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from jixiao.audit import audit_file, audit_text

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "shenzhen-ccpit-2023-department-evaluation.txt"
MIB = 1024 * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--sizes", nargs="*", type=float, default=[1, 2, 4, 8], help="text sizes in MB")
    options = parser.parse_args()
    path: Path = options.report
    start = time.perf_counter()
    result = audit_file(path)
    cold = time.perf_counter() - start
    runs = []
    for _ in range(10):
        start = time.perf_counter()
        audit_file(path)
        runs.append(time.perf_counter() - start)
    lines = len(result.extraction.text.lines)
    print(f"{path.name}: {lines} 行，发现 {result.counts()}，复核通过 {len(result.verified)} 项")
    print(f"首次审核（含加载指标体系）{cold * 1000:.0f} ms；之后每次中位数 {statistics.median(runs) * 1000:.0f} ms")
    text = path.read_text(encoding="utf-8")
    for size in options.sizes:
        # Whole copies of the report, so that its tables and sentences stay whole; the audit itself has no
        # size limit (the command line refuses a report text above 8 MB).
        copies = max(int(size * MIB // len(text.encode("utf-8"))), 1)
        big = "\n".join([text] * copies)
        start = time.perf_counter()
        audit_text(big, f"{size:g}MB.txt")
        elapsed = time.perf_counter() - start
        print(f"{len(big.encode('utf-8')) / MIB:5.1f} MB（{copies} 份）：审核 {elapsed:.2f} s，"
              f"每 MB {elapsed / (len(big.encode('utf-8')) / MIB):.2f} s")


if __name__ == "__main__":
    main()
