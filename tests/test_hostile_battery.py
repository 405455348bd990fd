"""The battery of hostile inputs (bench/hostile_inputs.py) against the real command line.

Every attack must end as a finance officer can act on: exit status 2, a message in Chinese naming the file, no
traceback, nothing left behind and the file unchanged. Attacks that would hang or fill memory if a bound were
missing run in a process of their own, bounded in time and address space, and their peak memory is measured;
the others run in this process, through the same entry point as the ``jixiao`` command.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from hostile_inputs import Attack, Outcome, attacks, run

ALL = attacks()
DANGEROUS = [a for a in ALL if a.dangerous]
OTHERS = [a for a in ALL if not a.dangerous]
PEAK_MIB = 300
"""Peak resident memory allowed to one run; a refusal takes about 40-100 MiB, mostly the interpreter."""


def test_the_battery_covers_every_class_and_entry_point() -> None:
    kinds = {a.kind for a in ALL}
    assert len(kinds) >= 12 and len(ALL) >= 200
    commands = {a.args[0] if a.args[0] not in ("workbook", "framework") else " ".join(a.args[:2]) for a in ALL}
    assert commands >= {"score", "targets", "report", "workbook fill", "convert", "audit", "framework show"}


@pytest.mark.parametrize("attack", DANGEROUS, ids=lambda a: a.name)
def test_inputs_that_could_hang_or_fill_memory_are_refused_within_bounds(attack: Attack, tmp_path: Path) -> None:
    outcome = run(attack, tmp_path / "run", timeout=30)
    assert not outcome.failures(), (outcome.failures(), outcome.stderr[-600:])
    assert outcome.mib < PEAK_MIB, outcome.mib


def _in_process(attack: Attack, folder: Path, capsys: pytest.CaptureFixture[str]) -> Outcome:
    """Run the attack through ``jixiao.cli.main`` here, as the console script would."""
    from jixiao.cli import main

    folder.mkdir()
    out = folder / "out"
    out.mkdir()
    path = attack.build(folder)
    before = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    present = {p.name for p in folder.iterdir()}
    args = [a.replace("{file}", str(path)).replace("{out}", str(out)) for a in attack.args]
    capsys.readouterr()
    saved = sys.argv
    sys.argv = ["jixiao", *args]
    try:
        main()
        code: int | None = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        sys.argv = saved
    captured = capsys.readouterr()
    after = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    leftovers = sorted([p.name for p in out.iterdir()] + [p.name for p in folder.iterdir() if p.name not in present])
    return Outcome(attack, code, captured.out, captured.err, 0.0, 0.0, path, before != after, leftovers)


@pytest.mark.parametrize("attack", OTHERS, ids=lambda a: a.name)
def test_bad_and_hostile_files_are_refused_in_chinese(attack: Attack, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    outcome = _in_process(attack, tmp_path / "run", capsys)
    assert not outcome.failures(), (outcome.failures(), outcome.stderr[-600:] or outcome.stdout[-600:])
