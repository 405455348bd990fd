"""Benchmark: score many synthetic department-years under the Shenzhen 2023 framework (批量评分基准).

    python bench/bench_scoring.py [--count 200000] [--workers 2] [--seed 2023] [--check 2000]

Prints the time to generate the cases (not part of scoring), the batch's wall time and throughput, peak memory,
and checks a sample of the batch results against one-at-a-time scoring (``--check`` cases, evenly spaced).
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jixiao.frameworks import load_framework
from jixiao.scoring.batch import score_many
from jixiao.scoring.engine import evaluate
from synthetic import departments


def peak_memory_mib() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def machine_reference() -> float:
    """Seconds for a fixed piece of pure-Python work (best of three): the speed of this machine right now.

    Shared machines run faster and slower from one minute to the next; this figure, printed beside the batch
    time, tells a slow run on a busy machine from a slow change."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(2_000_000):
            total += i % 7
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--check", type=int, default=2000)
    args = parser.parse_args()

    print(f"机器速度参考（固定的纯 Python 运算，越小越快）：{machine_reference():.3f} 秒")
    framework = load_framework("shenzhen-department-2023")
    gc.disable()  # the generated cases make no cycles; collecting would dominate the generation time
    start = time.perf_counter()
    cases = list(departments(args.count, seed=args.seed))
    generated = time.perf_counter() - start
    print(f"生成 {args.count:,} 个模拟部门年度：{generated:.1f} 秒（不计入评分时间）")

    start = time.perf_counter()
    results = score_many(cases, framework, workers=args.workers)
    elapsed = time.perf_counter() - start
    own, children = peak_memory_mib()
    print(f"批量评分：{len(results):,} 个，用时 {elapsed:.2f} 秒，{len(results) / elapsed:,.0f} 个/秒")
    print(f"机器速度参考（评分后）：{machine_reference():.3f} 秒")
    print(f"峰值内存：主进程 {own:,.0f} MiB，工作进程 {children:,.0f} MiB")
    grades: dict[str, int] = {}
    for r in results:
        grades[str(r.grade)] = grades.get(str(r.grade), 0) + 1
    print("等级分布：" + "，".join(f"{g} {n:,}" for g, n in sorted(grades.items())))

    step = max(1, len(cases) // max(1, args.check))
    sample = range(0, len(cases), step)
    mismatches = 0
    for i in sample:
        single = evaluate(cases[i], framework)
        batch = results[i]
        if (batch.total, batch.grade, batch.scores) != (single.total, single.grade, tuple(r.score for r in single.results)):
            mismatches += 1
    print(f"与逐个评分对照：抽查 {len(sample):,} 个，不一致 {mismatches} 个")

    start = time.perf_counter()
    example = Path(__file__).resolve().parents[1] / "examples" / "shenzhen-ccpit-2023.yaml"
    subprocess.run([sys.executable, "-m", "jixiao", "score", str(example)], check=True, capture_output=True)
    print(f"单个案例 jixiao score（含 Python 启动）：{time.perf_counter() - start:.2f} 秒")
    if mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
