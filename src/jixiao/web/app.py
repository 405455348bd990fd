"""The application factory (网页应用): templates, our own static files, and who may see what.

Every request is first matched to its session: a signed cookie for the pages, ``Authorization: Bearer`` for the
API (checked by the API itself, :mod:`jixiao.web.api`); both carry a random token whose hash the store keeps
(:mod:`jixiao.store.sessions`), so any server process can answer any request. Without a session a visitor sees
the login page and nothing else: every other page sends them there, and the API answers 401 with a JSON error.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

HERE = Path(__file__).parent
LOGIN = "/login"
PUBLIC = (LOGIN, "/static/")


def _hardened(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                                "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'")
    return response


def create_app(engine: Engine, *, secure_cookies: bool = False) -> FastAPI:
    """The workspace over the store ``engine`` (already created and at the current revision).
    ``secure_cookies`` marks the cookies HTTPS-only (behind an HTTPS proxy)."""
    from itsdangerous import BadSignature, TimestampSigner

    from ..store.sessions import SESSION_HOURS, session_for, signing_key
    from . import api, pages
    from .pages import COOKIE

    app = FastAPI(title="绩效评价工作台", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.engine = engine
    app.state.signer = TimestampSigner(signing_key(engine), salt="jixiao-session")
    app.state.secure_cookies = secure_cookies
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def who_is_asking(request: Request, call_next):  # type: ignore[no-untyped-def]
        path = request.url.path
        request.state.session = None
        request.state.token = None
        if path == "/api" or path.startswith("/api/"):
            response: Response = await call_next(request)  # the API checks its own bearer tokens
            return _hardened(response)
        cookie = request.cookies.get(COOKIE)
        if cookie:
            try:
                token = app.state.signer.unsign(cookie, max_age=SESSION_HOURS * 3600).decode()
            except (BadSignature, UnicodeDecodeError):
                token = None
            if token is not None:
                from starlette.concurrency import run_in_threadpool

                request.state.session = await run_in_threadpool(session_for, engine, token)
                request.state.token = token if request.state.session is not None else None
        if request.state.session is None and not path.startswith(PUBLIC):
            return _hardened(RedirectResponse(LOGIN, status_code=303))
        return _hardened(await call_next(request))

    app.include_router(pages.router)
    app.mount("/api", api.application(engine))
    pages.handlers(app)
    return app


def from_environment() -> FastAPI:
    """The workspace over the store named by ``JIXIAO_DB`` (what ``jixiao serve`` starts in each worker)."""
    import os

    from ..store.db import open_store

    return create_app(open_store(None), secure_cookies=bool(os.environ.get("JIXIAO_SECURE_COOKIES")))
