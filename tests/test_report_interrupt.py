"""Stopping ``jixiao report`` while LibreOffice converts (Ctrl-C, SIGTERM, SIGHUP): 已取消, exit status 130, no
temporary file beside the outputs or in the temporary folder, and no LibreOffice process left running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.report.pdf import office_binary

EXAMPLE = Path(__file__).parent.parent / "examples" / "shenzhen-ccpit-2023.yaml"

pytestmark = [
    pytest.mark.skipif(office_binary() is None, reason="LibreOffice is needed (make setup installs it)"),
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds LibreOffice's processes in /proc"),
]


def _processes() -> dict[int, tuple[int, int, str]]:
    """Every process: its parent, its process group and its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":  # a zombie no longer runs
            found[int(entry.name)] = (int(fields[1]), int(fields[2]), command)
    return found


def _descendants(root: int) -> dict[int, tuple[int, int, str]]:
    processes = _processes()
    family, todo = {}, [root]
    while todo:
        parent = todo.pop()
        for pid, info in processes.items():
            if info[0] == parent and pid not in family:
                family[pid] = info
                todo.append(pid)
    return family


def _default_signals() -> None:
    # As in a terminal: whatever the test runner ignores (nohup, a CI's SIGHUP), the command sees them.
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda n: n.name)
def test_an_interrupted_pdf_leaves_nothing_behind(number: signal.Signals, tmp_path: Path) -> None:
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "report", str(EXAMPLE), "-o", str(out / "报告.docx"),
         "-o", str(out / "报告.pdf")],
        env=dict(os.environ, TMPDIR=str(scratch)), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=_default_signals,
    )
    try:
        deadline = time.monotonic() + 120
        office: dict[int, tuple[int, int, str]] = {}
        while time.monotonic() < deadline and process.poll() is None:
            office = {pid: info for pid, info in _descendants(process.pid).items() if "soffice" in info[2]
                      or "oosplash" in info[2]}
            if any("soffice.bin" in info[2] for info in office.values()):
                break
            time.sleep(0.02)
        assert any("soffice.bin" in info[2] for info in office.values()), "LibreOffice did not start"
        # The staged outputs exist now; the signal comes while LibreOffice converts.
        assert any(p.name.startswith(".jixiao-") for p in out.iterdir())
        process.send_signal(number)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert stderr.decode().strip() == "已取消"
    assert list(out.iterdir()) == []
    assert list(scratch.iterdir()) == []  # neither our scratch folders nor LibreOffice's own files
    groups = {info[1] for info in office.values()}
    left = {pid: info for pid, info in _processes().items() if pid in office or info[1] in groups}
    assert left == {}
