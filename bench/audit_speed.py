"""How long an audit of a report like the seed takes (审核速度): reading, extraction, checks and the engine.

Run: ``PYTHONPATH=src python3 bench/audit_speed.py [REPORT]`` (default: the seed beside the clone).
Prints the first (cold) audit, which includes loading the framework, and the median of warm runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from jixiao.audit import audit_file

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "shenzhen-ccpit-2023-department-evaluation.txt"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
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


if __name__ == "__main__":
    main()
