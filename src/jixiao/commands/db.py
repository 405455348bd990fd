"""``jixiao db init|upgrade``: create the bureau's store, or bring an older one up to this jixiao's tables."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from .failures import input_errors_exit

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="数据库：SQLite 文件路径或 postgresql:// 地址（缺省取环境变量 JIXIAO_DB，否则为 jixiao.db）",
                 show_default=False, metavar="数据库"),
]


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="评价数据库：建立或升级。", no_args_is_help=True)
    group.command("init", help="建立评价数据库（已存在且为最新结构时不做任何改动）。")(init)
    group.command("upgrade", help="把旧版本的评价数据库升级到本版本 jixiao 的结构（请先备份）。")(upgrade)
    group.command("backup", help="把评价数据库备份为一个文件（SQLite 与 PostgreSQL 通用）。")(backup)
    group.command("restore", help="把备份文件恢复到一个新建的空数据库（全部恢复或全不恢复）。")(restore)
    app.add_typer(group, name="db")


def init(db: DbOption = None) -> None:
    from ..store.db import StoreError, engine_for, locate, open_store
    from ..store.migrate import current_revision
    from ..store.migrate import upgrade as run_upgrade

    with input_errors_exit(), store_errors():
        location = locate(db)
        engine = engine_for(location)
        if current_revision(engine) is None:
            from sqlalchemy import inspect

            if inspect(engine).get_table_names():
                raise StoreError(f"数据库 {location.shown} 中已有其他数据表，不是 jixiao 的数据库：请换一个数据库")
            run_upgrade(engine)
            typer.echo(f"已建立评价数据库：{location.shown}")
            return
        open_store(db)  # says to upgrade an older one rather than touching it here
        typer.echo(f"评价数据库已存在且为最新结构：{location.shown}")


def upgrade(db: DbOption = None) -> None:
    from ..store.db import StoreError, engine_for, locate
    from ..store.migrate import current_revision, head_revision, is_known
    from ..store.migrate import upgrade as run_upgrade

    with input_errors_exit(), store_errors():
        location = locate(db)
        if location.file is not None and not location.file.exists():
            raise StoreError(f"数据库 {location.shown} 不存在：请运行 jixiao db init {location.option}")
        engine = engine_for(location)
        current = current_revision(engine)
        if current is None:
            raise StoreError(f"数据库 {location.shown} 尚未建立：请运行 jixiao db init {location.option}")
        if not is_known(current):
            raise StoreError(f"数据库 {location.shown} 的结构版本 {current} 无法识别：请升级 jixiao")
        if current == head_revision():
            typer.echo(f"评价数据库已是最新结构：{location.shown}")
            return
        run_upgrade(engine)
        typer.echo(f"已升级评价数据库：{location.shown}（{current} → {head_revision()}）")


@contextmanager
def store_errors() -> Iterator[None]:
    """A store that cannot be used is the user's input problem: said in Chinese, exit status 2."""
    from sqlalchemy.exc import OperationalError

    from ..problems import InputError, Problem
    from ..store.db import StoreError

    try:
        yield
    except StoreError as error:
        raise InputError([Problem("数据库", str(error))]) from None
    except OperationalError as error:  # the database itself refuses: say which way, in Chinese; nothing was stored
        raise InputError([Problem("数据库", _refusal(str(error.orig)))]) from None


def _refusal(message: str) -> str:
    lowered = message.lower()
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return "数据库为只读（文件或文件夹没有写权限）：本次未保存任何内容"
    if "locked" in lowered or "busy" in lowered:
        return "数据库正被其他程序占用，等待超时：本次未保存任何内容，请稍后再试"
    if ("disk" in lowered and "full" in lowered) or "no space" in lowered:
        return "磁盘已满：本次未保存任何内容"
    if "unable to open" in lowered:
        return "无法打开数据库文件（路径不存在或没有权限）"
    if "connection" in lowered or "could not connect" in lowered:
        return f"无法连接数据库服务器：{message.strip().splitlines()[0] if message.strip() else ''}"
    return f"数据库拒绝了本次操作（{message.strip().splitlines()[0] if message.strip() else '未知原因'}）：本次未保存任何内容"


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="备份文件（.zip）", dir_okay=False, metavar="文件")],
    db: DbOption = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="备份文件已存在时覆盖它")] = False,
) -> None:
    from ..problems import InputError, Problem
    from ..store.backup import backup as run_backup
    from ..store.db import open_store

    with input_errors_exit(), store_errors():
        if output.exists() and not overwrite:
            raise InputError([Problem(str(output), "文件已存在：如要覆盖请加 --overwrite")])
        counts = run_backup(open_store(db), output)
    typer.echo(f"已备份到 {output}：" + "，".join(f"{table} {n} 行" for table, n in counts.items()))


def restore(
    source: Annotated[Path, typer.Argument(help="备份文件", show_default=False, metavar="文件")],
    db: DbOption = None,
) -> None:
    from ..problems import InputError, Problem
    from ..store.backup import restore as run_restore
    from ..store.db import open_store

    with input_errors_exit(), store_errors():
        if not source.is_file():
            raise InputError([Problem(str(source), "文件不存在")])
        counts = run_restore(open_store(db), source)
    typer.echo(f"已从 {source} 恢复：" + "，".join(f"{table} {n} 行" for table, n in counts.items()))
