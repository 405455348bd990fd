"""Benchmark: the bureau's store (评价数据库基准) on SQLite and, with --postgresql URL, on PostgreSQL.

    python bench/bench_store.py [--imports 10000] [--stored 100000] [--postgresql postgresql://…]

1. ``jixiao import`` of ``--imports`` generated files, half YAML cases and half workbooks, each scored and stored
   in its own transaction, through the command's own code (store.imports.import_all): time and files a second.
2. A store of ``--stored`` department-years (10,000 a year, scored and stored, then copied to earlier years):
   the ranking of a year and the summary of a year, each timed over 20 runs (median and worst).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storefill import copy_years, engine_at, store_scored, stored


def generated_files(folder: Path, count: int) -> list[Path]:
    """Half YAML cases, half workbooks, of synthetic department-years."""
    import random

    from jixiao.facts.dump import dump_case
    from jixiao.facts.model import DepartmentYear
    from jixiao.workbook.write import write_workbook
    from synthetic import department_data

    rng = random.Random(7)
    files = []
    for index in range(count):
        case = DepartmentYear.model_validate(department_data(rng, index))
        if index % 2:
            path = folder / f"{index:06d}.xlsx"
            write_workbook(path, case)
        else:
            path = folder / f"{index:06d}.yaml"
            path.write_text(dump_case(case, source=path.name), encoding="utf-8")
        files.append(path)
    return files


def timed(label: str, run: object, times: int = 20) -> None:
    seconds = []
    for _ in range(times):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        seconds.append((time.perf_counter() - start) * 1000)
    print(f"  {label}: median {statistics.median(seconds):.1f} ms, worst {max(seconds):.1f} ms ({times} runs)")


def bench(url: str, name: str, imports: int, stored_count: int, scratch: Path) -> None:
    from jixiao.store.imports import import_all
    from jixiao.store.views import ranking, summary

    print(f"{name}:")
    if imports:
        engine = engine_at(url + "-imports" if name == "SQLite" else _database(url, "imports"))
        folder = scratch / "files"
        folder.mkdir(exist_ok=True)
        start = time.perf_counter()
        files = generated_files(folder, imports)
        print(f"  {imports} files generated ({imports // 2} YAML, {imports - imports // 2} workbooks) in "
              f"{time.perf_counter() - start:.1f} s (not part of the import)")
        start = time.perf_counter()
        results = list(import_all(engine, files))
        spent = time.perf_counter() - start
        refused = sum(1 for r in results if r.status == "refused")
        print(f"  import: {len(results)} files in {spent:.1f} s ({len(results) / spent:.1f} a second), "
              f"{refused} refused")
        engine.dispose()
    if not stored_count:
        return
    engine = engine_at(url if name == "SQLite" else _database(url, "stored"))
    per_year = min(stored_count, 10_000)
    spent = store_scored(engine, per_year)
    years = [2023 - n for n in range(1, -(-stored_count // per_year))]
    copied = copy_years(engine, 2023, years)
    print(f"  stored: {stored(engine)} department-years ({per_year} a year × {1 + len(years)} years; scored and "
          f"stored in {spent:.1f} s, copied in {copied:.1f} s)")
    timed("ranking --year 2023", lambda: ranking(engine, 2023))
    timed("summary --year 2023", lambda: summary(engine, 2023))
    engine.dispose()


def _database(url: str, suffix: str) -> str:
    from sqlalchemy import create_engine, text

    name = f"bench_{suffix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine("postgresql+psycopg://" + url.split("://", 1)[1], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    head, query = url.split("?", 1) if "?" in url else (url, "")
    return head.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--imports", type=int, default=10_000)
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--postgresql", help="a PostgreSQL server's URL (a database is created on it)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as scratch:
        bench(str(Path(scratch) / "bench.db"), "SQLite", arguments.imports, arguments.stored, Path(scratch))
        if arguments.postgresql:
            bench(arguments.postgresql, "PostgreSQL", arguments.imports, arguments.stored, Path(scratch))


if __name__ == "__main__":
    main()
