"""The ``jixiao`` command line (命令行). Start-up stays light: heavy libraries load inside each command."""

from __future__ import annotations

import contextlib
import gc
import sys

import typer

from .commands import (
    accounts,
    audit,
    db,
    export,
    facts,
    frameworks,
    monitor,
    report,
    review,
    score,
    serve,
    store_import,
    store_reports,
    targets,
    views,
    workbook,
)

app = typer.Typer(
    name="jixiao",
    help="绩效：部门整体支出绩效评价——按指标体系计分、生成报告、审核已发布报告。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

for command_module in (score, targets, report, workbook, audit, frameworks, facts, db, store_import, review, views,
                       export, store_reports, monitor, serve, accounts):
    command_module.register(app)


def main() -> None:
    try:
        _run()
    finally:
        # The process ends next, and its last act would be the collector walking every object the command
        # loaded (numpy and matplotlib's for a Word report: about 0.1 s of wall time). They are all reclaimed
        # with the process; frozen, the collector skips them. Nothing is written after this point.
        gc.freeze()


def _run() -> None:
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

    from .commands import interruption, stdout
    from .commands.failures import EXIT_BAD_INPUT, usage_error_message
    from .commands.helptext import in_chinese

    interruption.install()
    stdout.guard()
    command = in_chinese(typer.main.get_command(app))
    try:
        code = command.main(prog_name="jixiao", standalone_mode=False)
        stdout.flush()
    except NoArgsIsHelpError as error:  # `jixiao` or `jixiao workbook` alone: its help, which is what was asked
        print(error.ctx.get_help())
        stdout.flush()
        sys.exit(0)
    except UsageError as error:
        print(usage_error_message(error), file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    except ClickException as error:  # not a usage error: the parser could not do what was asked
        print(f"出错：{error.format_message()}", file=sys.stderr)
        sys.exit(error.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        code = interruption.EXIT_INTERRUPTED
    except stdout.StdoutError as error:
        stdout.fail(error)
    if interruption.requested() or code == interruption.EXIT_INTERRUPTED:
        # The parser turns Ctrl-C into exit status 130 on its own, silently.
        with contextlib.suppress(OSError):  # the terminal may be gone (SIGHUP)
            print("已取消", file=sys.stderr)
        sys.exit(interruption.EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
