"""Any command's standard output may be a full disk or a closed pipe: a Chinese message or a quiet end, never
a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent.parent / "examples" / "shenzhen-ccpit-2023.yaml"
COMMANDS = [
    ("score", str(EXAMPLE)),
    ("score", str(EXAMPLE), "--json"),
    ("targets", str(EXAMPLE)),
    ("frameworks",),
    ("framework", "show", "shenzhen-department-2023"),
    ("facts", "--framework", "shenzhen-department-2023"),
    ("facts", "--json"),
]
IDS = ["score", "score-json", "targets", "frameworks", "framework-show", "facts", "facts-json"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_a_full_stdout_ends_in_a_chinese_message(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "jixiao", *args], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr == "无法写出结果到标准输出（/dev/full）：磁盘空间不足\n"


@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...]) -> None:
    # The reading end is closed before the command writes anything, as `| head -1` does early enough.
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "-m", "jixiao", *args], stdout=write, stderr=subprocess.PIPE,
                                text=True, timeout=120, check=False)
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == ""


def test_a_pipe_closed_after_the_first_line_ends_quietly() -> None:
    process = subprocess.Popen([sys.executable, "-m", "jixiao", "score", str(EXAMPLE)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert stderr == ""
