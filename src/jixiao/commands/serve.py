"""``jixiao serve``: the web workspace (网页工作台) over the bureau's store."""

from __future__ import annotations

from typing import Annotated

import typer

from .db import DbOption, store_errors
from .failures import input_errors_exit


def register(app: typer.Typer) -> None:
    app.command("serve", help="启动网页工作台（浏览器访问；数据为评价数据库中的内容）。")(serve)


def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="监听地址", metavar="地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口", metavar="端口", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(
        "--workers", help="服务进程数（会话、登录限制都存于数据库，各进程共用；多进程请用 PostgreSQL）",
        metavar="个数", min=1, max=64)] = 1,
    secure_cookies: Annotated[bool, typer.Option(
        "--secure-cookies", help="Cookie 只经 HTTPS 发送（在 HTTPS 反向代理之后运行时）")] = False,
) -> None:
    import os

    from ..store.db import locate, open_store

    with input_errors_exit(), store_errors():
        open_store(db).dispose()  # refused here, in Chinese, if it is missing or of another revision
        location = locate(db)
    import uvicorn

    typer.echo(f"网页工作台：http://{host}:{port}/ （{workers} 个服务进程，按 Ctrl-C 停止）", err=True)
    # each worker process opens the store itself, from the environment (an application object cannot be
    # handed to other processes)
    os.environ["JIXIAO_DB"] = str(location.file.resolve()) if location.file is not None else str(db or
                                                                                                  os.environ["JIXIAO_DB"])
    os.environ["JIXIAO_SECURE_COOKIES"] = "1" if secure_cookies else ""
    uvicorn.run("jixiao.web.app:from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning", timeout_keep_alive=30)
