"""How a command fails on bad input (输入错误): every problem in Chinese on stderr, exit status 2."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from ..problems import InputError
from ..years import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from typer._click.exceptions import UsageError

YEARS: dict[str, Any] = {"min": FIRST_YEAR, "max": LAST_YEAR}
"""What a year on the command line may be (a year no case can have is refused before any database is asked)."""
EXIT_BAD_INPUT = 2


@contextmanager
def input_errors_exit() -> Iterator[None]:
    """Turn :class:`InputError` into a readable list of problems and exit status 2, with no traceback."""
    try:
        yield
    except InputError as exc:
        problems = exc.problems
        print(f"发现 {len(problems)} 个问题，未生成结果：", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        raise typer.Exit(EXIT_BAD_INPUT) from None


# The command-line parser (typer's own copy of click since typer 0.26, hence the pin in pyproject.toml) words its
# complaints in English; the ones a finance officer meets are said again here in Chinese.
_USAGE = (
    (re.compile(r"No such command '(.+?)'\.(?: Did you mean '(.+?)'\?)?"), "没有“{0}”这个命令"),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)"), "多余的参数：{0}"),
    (re.compile(r"Option '(.+?)' requires an argument\."), "选项 {0} 后面要跟一个值"),
    (re.compile(r"Option '(.+?)' does not take a value\."), "选项 {0} 后面不能跟值"),
    (re.compile(r"No such option: (\S+)"), "没有 {0} 这个选项"),
)


def usage_error_message(error: UsageError) -> str:
    """A usage error of the command line in Chinese, with the usage line and where to find help."""
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption
    if isinstance(error, MissingParameter):
        what = "选项" if error.param_type == "option" or (error.param and error.param.param_type_name == "option") \
            else "参数"
        message = f"缺少{what} {_hint(error)}"
    elif isinstance(error, BadParameter):
        message = f"{_hint(error)} 的值无效：{_chinese_detail(error.message)}"
    else:
        message = error.message
        for pattern, chinese in _USAGE:
            found = pattern.match(error.message)
            if found:
                message = chinese.format(*found.groups())
                suggestion = found.group(2) if found.re.groups >= 2 else None
                if suggestion:
                    message += f"，是否为“{suggestion}”？"
                break
        if isinstance(error, NoSuchOption) and error.possibilities:
            message += f"（相近的选项：{'、'.join(sorted(error.possibilities))}）"
    lines = [f"命令用法有误：{message}"]
    if error.ctx is not None:
        from .helptext import USAGE_PREFIX

        usage = error.ctx.get_usage().removeprefix(USAGE_PREFIX).removeprefix("Usage: ")
        lines.append(f"{USAGE_PREFIX}{usage}")
        lines.append(f"查看帮助：{error.ctx.command_path} --help")
    return "\n".join(lines)


def _hint(error: Any) -> str:
    """The parameter as the user typed it: ``--output / -o`` or ``case``."""
    if error.param is None:
        return ""
    return str(error.param.get_error_hint(error.ctx)).replace("'", "")


def _chinese_detail(detail: str) -> str:
    found = re.fullmatch(r"(?:File|Directory|Path) '(.+?)' is a (directory|file)\.", detail)
    if found:
        return f"“{found.group(1)}”是一个{'目录' if found.group(2) == 'directory' else '文件'}"
    found = re.fullmatch(r"(?:File|Directory|Path) '(.+?)' does not exist\.", detail)
    if found:
        return f"“{found.group(1)}”不存在"
    found = re.fullmatch(r"(?:File|Directory|Path) '(.+?)' is not (readable|writable)\.", detail)
    if found:
        return f"没有{'读取' if found.group(2) == 'readable' else '写入'}“{found.group(1)}”的权限"
    found = re.fullmatch(r"'(.+?)' is not a valid (int|integer|float)(?: range)?\.", detail)
    if found:
        return f"“{found.group(1)}”不是有效的数值"
    found = re.fullmatch(r"(.+?) is not in the range (\S+?)<=x<=(\S+?)\.", detail)
    if found:
        return f"{found.group(1)} 不在 {found.group(2)} 至 {found.group(3)} 之间"
    return detail
