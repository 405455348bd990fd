"""The mutation run's score per module, and its survivors (``make mutation``; see docs/mutation.md).

Reads the verdicts mutmut leaves beside each mutated file (``mutants/src/**/*.py.meta``). Mutants that
docs/mutation.md lists as equivalent (a line starting with ``| `name` |``) are counted apart: they cannot change
any result, so they are neither a kill nor a miss.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTANTS = ROOT / "mutants" / "src"
NOTE = ROOT / "docs" / "mutation.md"
KILLED = {1, 3, 36, 37, -24}  # a failing test, a pytest error, a timeout, a type-check rejection, SIGXCPU
SURVIVED = 0
LISTED = re.compile(r"^\| `([^`]+)` \|")


def equivalent_mutants() -> set[str]:
    if not NOTE.exists():
        return set()
    return {m.group(1) for line in NOTE.read_text("utf-8").splitlines() if (m := LISTED.match(line))}


def main() -> int:
    equivalent = equivalent_mutants()
    counts: dict[str, Counter[str]] = {}
    survivors: list[str] = []
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        module = meta.relative_to(MUTANTS).as_posix().removesuffix(".py.meta")
        verdicts = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        tally = counts.setdefault(module, Counter())
        for name, code in sorted(verdicts.items()):
            if code is None:
                continue  # not run in this (sampled) run
            tally["mutants"] += 1
            if code in KILLED:
                tally["killed"] += 1
            elif name in equivalent:
                tally["equivalent"] += 1
            elif code == SURVIVED:
                tally["survived"] += 1
                survivors.append(name)
            else:
                tally["other"] += 1  # no tests reach it, or suspicious
                survivors.append(f"{name}  (exit {code})")
    header = ("module", "mutants", "killed", "equivalent", "survived", "other", "killed %")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    total: Counter[str] = Counter()
    for module, tally in counts.items():
        if tally["mutants"]:
            total.update(tally)
            print(row(module, tally))
    print(row("**total**", total))
    if survivors:
        print(f"\nsurvivors ({len(survivors)}): `mutmut show NAME` prints the change")
        for name in survivors:
            print("  " + name)
    return 1 if "--strict" in sys.argv[1:] and survivors else 0


def row(module: str, tally: Counter[str]) -> str:
    live = tally["mutants"] - tally["equivalent"]
    rate = f"{100 * tally['killed'] / live:.1f}" if live else "—"
    cells = (module, *(str(tally[key]) for key in ("mutants", "killed", "equivalent", "survived", "other")), rate)
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    raise SystemExit(main())
