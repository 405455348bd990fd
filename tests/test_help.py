"""Help in Chinese: every command's help page, and a bare group, say their piece in Chinese and exit 0."""

from __future__ import annotations

import re
import sys

import pytest
import typer

from jixiao.cli import app, main

# What the command-line parser writes in English when left to itself.
ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Show this message", "[required]", "[OPTIONS]",
           "COMMAND", "[ARGS]", "default:", "<str>", "<path>", "{case}", "{file}")


def _command_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = [()]
    root = typer.main.get_command(app)

    def walk(command: object, path: tuple[str, ...]) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            paths.append((*path, name))
            walk(sub, (*path, name))

    walk(root, ())
    return paths


def _run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["jixiao", *args])
    with pytest.raises(SystemExit) as exit_:
        main()
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out, captured.err


def test_every_command_has_a_help_page_in_chinese(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _command_paths()
    assert ("workbook", "new") in paths and ("framework", "show") in paths and ("facts",) in paths
    for path in paths:
        code, out, err = _run(capsys, monkeypatch, *path, "--help")
        assert code == 0 and err == "", (path, err)
        assert out.startswith(f"用法：jixiao {' '.join(path)}".rstrip()), (path, out)
        assert "选项：" in out and "显示本帮助并退出" in out, (path, out)
        leftovers = [word for word in ENGLISH if word in out]
        assert not leftovers, (path, leftovers, out)


@pytest.mark.parametrize("group", [(), ("workbook",), ("framework",)])
def test_a_bare_group_prints_its_help_and_succeeds(group: tuple[str, ...], capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _run(capsys, monkeypatch, *group)
    assert code == 0 and err == ""
    assert "命令：" in out and out.startswith(f"用法：jixiao {' '.join(group)}".rstrip())


def test_placeholders_line_up_under_chinese_names(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.commands.helptext import display_width

    _, out, _ = _run(capsys, monkeypatch, "report", "--help")
    options = out.split("选项：\n", 1)[1].splitlines()
    starts = set()
    for line in options:
        found = re.match(r"(\s*\S.*?)\s{2,}\S", line)
        if found:
            starts.add(display_width(found.group(0)) - 1)
    assert len(starts) == 1, options  # every help text starts in the same column
