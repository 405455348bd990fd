"""``jixiao user add``: accounts of the web workspace (网页工作台账户)."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from .db import DbOption, store_errors
from .failures import input_errors_exit


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="网页工作台的账户。", no_args_is_help=True)
    group.command("add", help="建立账户：管理员、财政局评价人员、第三方评价机构或部门填报人员（密码从终端输入）。")(add)
    app.add_typer(group, name="user")


def add(
    name: Annotated[str, typer.Argument(help="用户名", show_default=False, metavar="用户名")],
    role: Annotated[str, typer.Option("--role", help="角色：管理员、财政局评价人员、第三方评价机构、部门填报人员",
                                      metavar="角色")],
    department: Annotated[list[str] | None, typer.Option(
        "--department", help="部门编码：部门填报人员的本部门；第三方评价机构受托的部门（可重复）",
        show_default=False, metavar="部门编码")] = None,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="从标准输入读一行作为密码，不提示（供脚本使用）")] = False,
    db: DbOption = None,
) -> None:
    from ..store.accounts import add_account
    from ..store.db import open_store

    with input_errors_exit(), store_errors():
        engine = open_store(db)
        if password_stdin:
            import sys

            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("密码", hide_input=True, prompt_suffix="：")
        if not password_stdin and typer.prompt("再次输入密码", hide_input=True, prompt_suffix="：") != password:
            typer.echo("出错：两次输入的密码不一致", err=True)
            raise typer.Exit(2)
        add_account(engine, name, role, password, department or (), actor=getpass.getuser())
    typer.echo(f"已建立账户：{name}（{role}）")
