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
) -> None:
    from ..store.db import open_store

    with input_errors_exit(), store_errors():
        engine = open_store(db)
    import uvicorn

    from ..web.app import create_app

    typer.echo(f"网页工作台：http://{host}:{port}/ （按 Ctrl-C 停止）", err=True)
    uvicorn.run(create_app(engine), host=host, port=port, log_level="warning")
