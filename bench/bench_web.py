"""Benchmark: the web workspace under load (网页工作台负载基准), on loopback, bounded.

    python bench/bench_web.py [--stored 10000] [--requests 200] [--reviewers 20] [--seconds 60]
                              [--workers 1] [--postgresql postgresql://…]

A store of ``--stored`` department-years (synthetic, scored and stored through the import's write path; kept in
the system's temporary folder, or a PostgreSQL database named after the count, and reused by the next run) is
served by ``jixiao serve`` in its own process. It prints:

1. the dashboard's and a department-year page's latency (p50, p95, worst over ``--requests`` requests, one
   logged-in reviewer, sequential);
2. ``--reviewers`` reviewers, each logged in with an account of their own, each editing a different
   department-year for ``--seconds`` seconds through the review form (read the page, send a change with its
   reason): edits a second, the edit's p95, errors; then, from the store, that every edit answered as saved is
   an event (none lost), and that each year's standing is what its events re-score to.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storefill import engine_at, store_scored, stored

PASSWORD = "bench-password-2023"
ROOT = Path(__file__).resolve().parents[1]


def prepared(url: str, count: int) -> None:
    from sqlalchemy import select

    from jixiao.store.accounts import add_account
    from jixiao.store.schema import Account

    engine = engine_at(url)
    have = stored(engine)
    if have < count:
        print(f"  storing {count - have} department-years …", flush=True)
        spent = store_scored(engine, count - have, seed=have + 1, first=have)
        print(f"  stored in {spent:.0f} s")
    with engine.connect() as connection:
        known = set(connection.scalars(select(Account.name)))
    for n in range(64):
        if f"评价{n:02d}" not in known:
            add_account(engine, f"评价{n:02d}", "财政局评价人员", PASSWORD, actor="基准")
    engine.dispose()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def log_in(client: object, name: str) -> None:
    page = client.get("/login")  # type: ignore[attr-defined]
    token = re.search(r'name="login_token" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    answer = client.post("/login", data={"username": name, "password": PASSWORD,  # type: ignore[attr-defined]
                                         "login_token": token})
    assert answer.status_code == 303, answer.text


def latency(client: object, paths: list[str]) -> tuple[float, float, float]:
    seconds = []
    for path in paths:
        start = time.perf_counter()
        answer = client.get(path)  # type: ignore[attr-defined]
        seconds.append((time.perf_counter() - start) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return statistics.median(seconds), percentile(seconds, 0.95), max(seconds)


def reviewer(base: str, name: str, code: str, until: float, out: dict[str, object]) -> None:

    errors: list[str] = []
    seconds: list[float] = []
    out.update(saved=0, errors=errors, seconds=seconds)
    try:
        _review(base, name, code, until, out)
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")


def _review(base: str, name: str, code: str, until: float, out: dict[str, object]) -> None:
    import httpx

    saved = 0
    errors: list[str] = out["errors"]  # type: ignore[assignment]
    seconds: list[float] = out["seconds"]  # type: ignore[assignment]
    with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
        log_in(client, name)
        path = f"/d/{code}/2023"
        page = client.get(path).text
        client.post(f"{path}/state", data={"csrf": _field(page, "csrf"), "after_seq": _field(page, "after_seq"),
                                           "state": "复核中", "reason": "开始复核"})
        k = 0
        while time.perf_counter() < until:
            start = time.perf_counter()
            page = client.get(path).text
            answer = client.post(f"{path}/change", data={
                "csrf": _field(page, "csrf"), "after_seq": _field(page, "after_seq"),
                "target": "satisfaction.rate", "value": f"{80 + k % 20}%", "reason": f"复核第 {k + 1} 次修改"})
            seconds.append((time.perf_counter() - start) * 1000)
            if answer.status_code == 303:
                saved += 1
                out["saved"] = saved
            else:
                errors.append(f"{answer.status_code}")
            k += 1


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, name
    return found[1]


def bench(url: str, name: str, arguments: argparse.Namespace) -> None:
    import httpx

    print(f"{name}:", flush=True)
    prepared(url, arguments.stored)
    port = 18000 + (hash(name) % 1000)
    log = Path(tempfile.gettempdir()) / f"jixiao-bench-web-{name}.log"
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "jixiao"), "serve", "--db", url, "--port", str(port),
                               "--workers", str(arguments.workers)], stderr=log.open("w"))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        engine = engine_at(url)
        from sqlalchemy import select

        from jixiao.store.schema import Department

        with engine.connect() as connection:
            codes = list(connection.scalars(select(Department.code).order_by(Department.code)))
        print(f"  {stored(engine)} department-years stored, {arguments.workers} server process(es)")
        with httpx.Client(base_url=base, follow_redirects=False, timeout=60) as client:
            log_in(client, "评价63")
            client.get("/")  # warm
            p50, p95, worst = latency(client, ["/"] * arguments.requests)
            print(f"  dashboard (10,000 ranked, 200 shown): p50 {p50:.0f} ms, p95 {p95:.0f} ms, worst {worst:.0f} ms")
            step = max(1, len(codes) // arguments.requests)
            pages = [f"/d/{code}/2023" for code in codes[::step][:arguments.requests]]
            p50, p95, worst = latency(client, pages)
            print(f"  department-year page: p50 {p50:.0f} ms, p95 {p95:.0f} ms, worst {worst:.0f} ms")
        before = events_of(engine, codes[:arguments.reviewers])
        results: list[dict[str, object]] = [{} for _ in range(arguments.reviewers)]
        until = time.perf_counter() + arguments.seconds
        threads = [threading.Thread(target=reviewer, args=(base, f"评价{n:02d}", codes[n], until, results[n]))
                   for n in range(arguments.reviewers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        saved = sum(int(r["saved"]) for r in results)  # type: ignore[call-overload]
        errors = [e for r in results for e in r["errors"]]  # type: ignore[attr-defined]
        seconds = [s for r in results for s in r["seconds"]]  # type: ignore[attr-defined]
        print(f"  {arguments.reviewers} reviewers × {arguments.seconds} s: {saved} edits saved "
              f"({saved / arguments.seconds:.1f} a second), {len(errors)} errors; read-and-edit p50 "
              f"{statistics.median(seconds):.0f} ms, p95 {percentile(seconds, 0.95):.0f} ms")
        if errors:
            print("  errors:", sorted(set(errors))[:5], "— server log:", log)
        lost = check(engine, codes[:arguments.reviewers], results, before)
        print(f"  from the store: {lost} edits lost; every standing equals its events re-scored: "
              f"{'yes' if lost == 0 else 'no'}")
        engine.dispose()
    finally:
        server.terminate()
        server.wait(30)


def events_of(engine: object, codes: list[str]) -> dict[str, int]:
    """How many change events each department-year has."""
    from sqlalchemy import func, select

    from jixiao.store.schema import Department, ReviewEvent, Submission

    with engine.connect() as connection:  # type: ignore[attr-defined]
        return {code: int(connection.scalar(select(func.count()).select_from(ReviewEvent).join(
            Submission, Submission.id == ReviewEvent.submission_id).join(
            Department, Department.id == Submission.department_id).where(
            Department.code == code, ReviewEvent.kind == "change")) or 0) for code in codes}


def check(engine: object, codes: list[str], results: list[dict[str, object]], before: dict[str, int]) -> int:
    """Edits answered as saved but not stored as events (a negative count: events no one was told were saved),
    and standings that differ from the events re-scored from the history."""
    from sqlalchemy import select

    from jixiao.store.review import _events, _scored, _submission, score_sheet
    from jixiao.store.schema import Department, YearStanding

    lost = 0
    after = events_of(engine, codes)
    with engine.connect() as connection:  # type: ignore[attr-defined]
        for code, result in zip(codes, results, strict=True):
            lost += int(result["saved"]) - (after[code] - before[code])  # type: ignore[call-overload]
            standing = connection.scalar(select(YearStanding.total).join(
                Department, Department.id == YearStanding.department_id).where(Department.code == code))
            submission, _ = _submission(connection, code, 2023)
            rescored = score_sheet(*_scored(connection, submission, _events(connection, submission.id)))
            assert standing == rescored["total"], (code, standing, rescored["total"])
    return lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--postgresql", help="a PostgreSQL server's URL (a database named after --stored is made)")
    arguments = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"jixiao-bench-web-{arguments.stored}.db"
    bench(str(path), "SQLite", arguments)
    if arguments.postgresql:
        bench(_database(arguments.postgresql, f"bench_web_{arguments.stored}"), "PostgreSQL", arguments)


def _database(url: str, name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine("postgresql+psycopg://" + url.split("://", 1)[1], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    head, query = url.split("?", 1) if "?" in url else (url, "")
    return head.rsplit("/", 1)[0] + f"/{name}" + (f"?{query}" if query else "")


if __name__ == "__main__":
    main()
