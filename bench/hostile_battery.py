"""Run the battery of hostile inputs (恶意输入测试) and print, by class, how many were met as expected.

Run: ``.venv/bin/python bench/hostile_battery.py [--failures] [CLASS …]``. Every attack (see
``bench/hostile_inputs.py``) runs the real command line in a process of its own, bounded in time, and is met
when it exits as expected (2 for a refusal) with a message in Chinese naming the file, no traceback, no output
left and the file unchanged. Prints count, met, the slowest run and the largest peak resident memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import unicodedata
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hostile_inputs import Outcome, attacks, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("classes", nargs="*", help="only these classes (e.g. 极端数值)")
    parser.add_argument("--failures", action="store_true", help="print each attack that was not met, and why")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a run is stopped (counts as failed)")
    options = parser.parse_args()
    chosen = [a for a in attacks() if not options.classes or a.kind in options.classes]
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="jixiao-hostile-") as scratch:
        for number, attack in enumerate(chosen):
            outcome = run(attack, Path(scratch) / f"{number:03d}", timeout=options.timeout)
            by_class[attack.kind].append(outcome)
            if options.failures and outcome.failures():
                print(f"未通过 {attack.kind} {attack.name} {' '.join(attack.args)}: {'; '.join(outcome.failures())}")
                print("    " + (outcome.stderr.strip() or outcome.stdout.strip())[-400:].replace("\n", "\n    "))
    print(f"{_pad('类别', 18)}{'数量':>4}{'通过':>4}{'最长秒数':>8}{'最大内存 MiB':>10}")
    total = met = 0
    for kind, outcomes in by_class.items():
        passed = sum(1 for o in outcomes if not o.failures())
        total, met = total + len(outcomes), met + passed
        print(f"{_pad(kind, 18)}{len(outcomes):>6}{passed:>6}{max(o.seconds for o in outcomes):>12.2f}"
              f"{max(o.mib for o in outcomes):>14.0f}")
    print(f"{_pad('合计', 18)}{total:>6}{met:>6}")


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` columns of a terminal, where a Chinese character takes two."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - columns, 0)


if __name__ == "__main__":
    main()
