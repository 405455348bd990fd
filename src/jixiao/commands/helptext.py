"""Help pages in Chinese (帮助): the command line's headings, usage line and placeholders.

The command-line parser (typer's own copy of click) writes its help in English: ``Usage:``, ``Options:``,
``[OPTIONS]``, ``[required]``, ``Show this message and exit.``. A finance officer reads Chinese, so the finished
command tree is given a help formatter that says these the Chinese way, and each parameter without a
placeholder of its own gets a Chinese one (``案例``, ``文件``) instead of ``{case}`` or ``<path>``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperGroup

USAGE_PREFIX = "用法："

_HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}

_PHRASES = (
    ("Show this message and exit.", "显示本帮助并退出。"),
    ("[required]", "[必填]"),
    ("[default: ", "[缺省："),
)

# Placeholders by the parameter's name, else by its kind of value.
_BY_NAME = {"case": "案例", "file": "文件", "framework": "指标体系", "output": "文件"}
_BY_TYPE = {"path": "文件", "text": "文字", "integer": "整数", "float": "数值", "choice": "选项值"}


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _say(text: str) -> str:
    for english, chinese in _PHRASES:
        text = text.replace(english, chinese)
    return text


class ChineseHelpFormatter(HelpFormatter):
    """click's help formatter with Chinese headings and phrases."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, USAGE_PREFIX if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        # click pads the first column by characters; a Chinese placeholder takes two columns a character.
        indent = " " * self.current_indent
        width = min(max((display_width(term) for term, _ in rows), default=0), col_max)
        for term, text in rows:
            text = _say(text)
            if not text:
                self.write(f"{indent}{term}\n")
            elif display_width(term) <= width:
                self.write(f"{indent}{term}{' ' * (width - display_width(term) + col_spacing)}{text}\n")
            else:
                self.write(f"{indent}{term}\n{indent}{' ' * (width + col_spacing)}{text}\n")


class ChineseContext(Context):
    formatter_class = ChineseHelpFormatter


def in_chinese(command: Command) -> Command:
    """Give ``command`` and every command under it Chinese help; returns ``command``."""
    command.context_class = ChineseContext
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = "[选项]"
    for parameter in command.params:
        if parameter.metavar is None and not getattr(parameter, "is_flag", False):
            name = _BY_NAME.get(parameter.name or "")
            parameter.metavar = name or _BY_TYPE.get(parameter.type.name, "值")
            if isinstance(parameter, TyperArgument):
                parameter.metavar = name or (parameter.name or "值")
    if isinstance(command, TyperGroup):
        if command.subcommand_metavar == "COMMAND [ARGS]...":
            command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            in_chinese(sub)
    return command
