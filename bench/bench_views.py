"""Benchmark: the ranking and the summary of a year over a store already filled (排名与汇总计时).

    python bench/bench_views.py URL_OR_FILE [URL_OR_FILE …] [--year 2023] [--runs 20]

For a store bench_store.py filled (or any other): each query timed over ``--runs`` runs, median and worst, and the
number of department-years stored. Filling 100,000 takes a quarter of an hour; timing them again takes seconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storefill import engine_at, stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+", help="SQLite files or postgresql:// URLs")
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--runs", type=int, default=20)
    arguments = parser.parse_args()
    from jixiao.store.views import ranking, summary

    for url in arguments.stores:
        engine = engine_at(url)
        print(f"{url.split('?')[0]}: {stored(engine)} department-years stored")
        for label, run in (("ranking", ranking), ("summary", summary)):
            seconds = []
            for _ in range(arguments.runs):
                start = time.perf_counter()
                run(engine, arguments.year)
                seconds.append((time.perf_counter() - start) * 1000)
            print(f"  {label} --year {arguments.year}: median {statistics.median(seconds):.1f} ms, "
                  f"worst {max(seconds):.1f} ms ({arguments.runs} runs)")
        engine.dispose()


if __name__ == "__main__":
    main()
