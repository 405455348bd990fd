"""How long each command takes from a cold process (启动耗时): score, targets, audit of the seed, and reports.

Run from the repository root after ``make setup``: ``python3 bench/bench_startup.py [--runs 7] [--python PY]``.
Each command runs ``--runs`` times in a fresh interpreter, through ``.venv/bin/python -m jixiao`` and through the
installed ``.venv/bin/jixiao``; the median and the best wall-clock seconds are printed. ``python -c pass`` is timed
the same way first and last: the machine may be shared, and when that reference is slow too the machine is busy,
not the change. Each command runs once untimed first, so that the files it reads are in the page cache.

Where ``PYTHONDONTWRITEBYTECODE`` is set (as in some sandboxes), Python compiles jixiao's own modules from source
on every run; ``--cached-bytecode`` times the commands as an installed copy runs, with the bytecode written once
into a temporary ``PYTHONPYCACHEPREFIX``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "shenzhen-ccpit-2023.yaml"
_SEED_NAME = "shared/seeds/shenzhen-ccpit-2023-department-evaluation.txt"
# Beside the clone (../shared) or beside the folder of worktrees it is one of (../../shared).
SEED = next((up / _SEED_NAME for up in ROOT.parents if (up / _SEED_NAME).is_file()), ROOT.parent / _SEED_NAME)

# (label, arguments after the launcher, goal in seconds or None)
COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("--help", ["--help"], None),
    ("score", ["score", str(EXAMPLE)], 0.4),
    ("score --json", ["score", str(EXAMPLE), "--json"], 0.4),
    ("targets", ["targets", str(EXAMPLE)], None),
    ("audit SEED", ["audit", str(SEED)], 0.5),
    ("report -o x.md", ["report", str(EXAMPLE), "--overwrite", "-o", "{out}/x.md"], None),
    ("report -o x.docx", ["report", str(EXAMPLE), "--overwrite", "-o", "{out}/x.docx"], 1.0),
]


def timings(argv: list[str], runs: int, env: dict[str, str]) -> list[float]:
    """Wall-clock seconds of ``runs`` fresh processes after one untimed; the output is thrown away, a failure
    is not."""
    seconds = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        completed = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=env)
        seconds.append(time.perf_counter() - start)
        if completed.returncode not in (0, 1):  # audit exits 1 when it finds errors, as it does on the seed
            sys.exit(f"{' '.join(argv)} failed ({completed.returncode}):\n{completed.stderr.decode()}")
    return seconds[1:]


def line(label: str, seconds: list[float], goal: float | None) -> str:
    median = statistics.median(seconds)
    verdict = "" if goal is None else f"  goal < {goal:.1f} s: {'met' if median < goal else 'NOT met'}"
    return f"{label:<44} median {median:6.3f} s  best {min(seconds):6.3f} s{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--cached-bytecode", action="store_true",
                        help="write bytecode once to a temporary PYTHONPYCACHEPREFIX, as an installed copy has it")
    args = parser.parse_args()
    python = Path(args.python)
    script = python.parent / "jixiao"
    if not SEED.exists():
        sys.exit(f"seed report not found: {SEED}")

    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as pycache:
        env = dict(os.environ)
        if args.cached_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = pycache
            print("bytecode: cached in a temporary PYTHONPYCACHEPREFIX")
        else:
            compiled = "compiled from source on every run" if env.get("PYTHONDONTWRITEBYTECODE") else "as Python finds it"
            print(f"bytecode: {compiled}")
        reference = [str(python), "-c", "pass"]
        print(line("python -c pass (reference)", timings(reference, args.runs, env), None))
        for label, rest, goal in COMMANDS:
            rest = [part.replace("{out}", out) for part in rest]
            for launcher, prefix in (("python -m jixiao", [str(python), "-m", "jixiao"]), ("jixiao", [str(script)])):
                print(line(f"{launcher} {label}", timings(prefix + rest, args.runs, env), goal))
        print(line("python -c pass (reference, again)", timings(reference, args.runs, env), None))


if __name__ == "__main__":
    main()
