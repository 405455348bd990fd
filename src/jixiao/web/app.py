"""The application factory (网页应用): templates, our own static files, and who may see what.

This first slice serves only the login page and its style sheet; every other address sends the visitor there,
so nothing of the store is shown before accounts and roles exist.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

HERE = Path(__file__).parent
LOGIN = "/login"
PUBLIC = (LOGIN, "/static/")


def create_app(engine: Engine) -> FastAPI:
    """The workspace over the store ``engine`` (already created and at the current revision)."""
    app = FastAPI(title="绩效评价工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    templates = Jinja2Templates(directory=HERE / "templates")
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def anonymous_to_login(request: Request, call_next):  # type: ignore[no-untyped-def]
        if not request.url.path.startswith(PUBLIC):
            return RedirectResponse(LOGIN, status_code=303)
        return await call_next(request)

    @app.get(LOGIN, response_class=HTMLResponse)
    def login_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "login.html", {"title": "登录"})

    return app
