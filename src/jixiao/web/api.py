"""The JSON API (接口) at ``/api``: the pages' actions for programs, under the same roles and rules.

A program logs in with ``POST /api/session`` and sends the token it gets as ``Authorization: Bearer …``; every
other address answers 401 without it. Every answer that is not a success is ``{"error": {"code", "message",
"problems"}}`` with a stable ``code`` (``unauthenticated``, ``not_found``, ``forbidden``, ``invalid``, ``stale``,
``conflict``, ``too_large``, ``rate_limited``), the message in Chinese. The description is at
``/api/openapi.json`` (for logged-in programs only).
"""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from ..problems import InputError, Problem
from ..store.db import StoreError
from ..store.review import StaleEdit
from ..store.sessions import LoginRefused, Session, log_in, log_out, session_for
from . import data

SESSION = "/api/session"
log = logging.getLogger("jixiao.web")


def error_body(code: str, message: str, problems: tuple[Problem, ...] | list[Problem] = ()) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "problems": [_problem(p) for p in problems]}}


def _problem(problem: Problem) -> dict[str, Any]:
    return {"file": problem.file, "where": problem.where, "field": problem.field, "line": problem.line,
            "message": problem.message, "text": str(problem)}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.problems = status, code, message, problems


# ---------------------------------------------------------------------------------------------- the models


class ProblemOut(BaseModel):
    file: str
    where: str | None = None
    field: str | None = None
    line: int | None = None
    message: str
    text: str


class ErrorDetail(BaseModel):
    code: str = Field(description="unauthenticated、not_found、forbidden、invalid、stale、conflict、too_large、"
                                  "rate_limited、busy")
    message: str
    problems: list[ProblemOut] = []


class ErrorOut(BaseModel):
    error: ErrorDetail


class Credentials(BaseModel):
    username: str = Field(max_length=100)
    password: str = Field(max_length=1000)


class SessionOut(BaseModel):
    token: str
    expires_at: datetime
    name: str
    role: str
    departments: list[str] | None = Field(description="可见的部门编码；null 为全部部门")


class YearRow(BaseModel):
    code: str
    department: str
    tags: list[str]
    year: int
    version: int
    self_total: Decimal | None
    total: Decimal | None
    grade: str | None
    state: str


class MonitoringOut(BaseModel):
    """A year's monitoring of the departments the caller may see (each one's latest report), as ``jixiao monitor
    --json`` prints it: rows with Chinese column names."""

    year: int
    spending: list[dict[str, Any]] = Field(description="资金执行：每个项目一行")
    targets: list[dict[str, Any]] = Field(description="绩效目标：每个目标一行")
    alerts: list[dict[str, Any]] = Field(description="预警清单：黄灯、红灯，红灯在前")


class IndicatorOut(BaseModel):
    id: str
    name: str
    weight: Decimal
    self_score: Decimal | None
    score: Decimal | None


class EventOut(BaseModel):
    seq: int
    kind: str
    actor: str
    at: datetime
    target: str | None
    before: Any = None
    after: Any = None
    reason: str


class YearOut(BaseModel):
    code: str
    department: str
    year: int
    version: int
    framework: str
    state: str
    self_total: Decimal | None
    self_grade: str | None
    total: Decimal | None
    grade: str | None
    last_seq: int = Field(description="最后一条复核记录的序号：修改时作为 after_seq 送回，过期的修改会被拒绝")
    moves: list[str]
    indicators: list[IndicatorOut]
    targets: list[dict[str, Any]]
    events: list[EventOut]
    figures: dict[str, str]


class ChangeIn(BaseModel):
    target: str = Field(min_length=1, max_length=300, description="字段的点分路径，如 budget.adjusted")
    value: str = Field(min_length=1, max_length=2000, description="修改后的值（按 YAML 读取：数值精确）")
    reason: str = Field(max_length=2000)
    after_seq: int = Field(ge=0, le=10**9)


class StateIn(BaseModel):
    state: str = Field(max_length=20)
    reason: str = Field(max_length=2000)
    after_seq: int = Field(ge=0, le=10**9)


class ReplyIn(BaseModel):
    reason: str = Field(max_length=2000)
    after_seq: int = Field(ge=0, le=10**9)


class ImportOut(BaseModel):
    file: str
    status: str = Field(description="imported、replaced 或 refused")
    code: str
    department: str
    year: int | None
    version: int | None
    total: str | None
    grade: str | None
    problems: list[ProblemOut]


def _current(request: Request) -> Session:
    """The session of the request's bearer token; else a 401."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    token = token.strip()
    engine = request.app.state.engine
    found = session_for(engine, token) if scheme.lower() == "bearer" and token else None
    if found is None:
        raise ApiError(401, "unauthenticated", "请先登录（POST /api/session 取得令牌），或令牌已过期")
    request.state.token = token
    return found


Current = Annotated[Session, Depends(_current)]


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorOut} for status in (400, 401, 503, *statuses)}


# ---------------------------------------------------------------------------------------------- the app


def application(engine: Engine) -> FastAPI:
    """The API over ``engine``, to mount at ``/api``."""
    api = FastAPI(title="绩效评价工作台接口", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", description=__doc__)
    api.state.engine = engine

    @api.middleware("http")
    async def guard_description(request: Request, call_next):  # type: ignore[no-untyped-def]
        # the description too is for logged-in programs only
        if request.url.path.endswith("/openapi.json"):
            from starlette.concurrency import run_in_threadpool

            try:
                await run_in_threadpool(_current, request)
            except ApiError as exc:
                return JSONResponse(error_body(exc.code, exc.message), status_code=exc.status)
        return await call_next(request)

    @api.post("/session", response_model=SessionOut, responses=_errors(429), summary="登录，取得令牌")
    def open_session(request: Request, credentials: Credentials) -> SessionOut:
        address = request.client.host if request.client else "未知"
        try:
            token, opened = log_in(engine, credentials.username, credentials.password, address)
        except LoginRefused as refusal:
            limited = "次数过多" in str(refusal)
            raise ApiError(429 if limited else 401, "rate_limited" if limited else "unauthenticated",
                           str(refusal)) from None
        viewer = opened.viewer
        return SessionOut(token=token, expires_at=opened.expires_at, name=viewer.name, role=viewer.role,
                          departments=None if viewer.departments is None else sorted(viewer.departments))

    @api.delete("/session", status_code=204, responses=_errors(), summary="退出，令牌作废")
    def close_session(request: Request, current: Current) -> Response:
        log_out(engine, request.state.token)
        return Response(status_code=204)

    @api.get("/departments", response_model=list[YearRow], responses=_errors(), summary="可见的部门年度")
    def departments(current: Current, year: int | None = None, type: str | None = None,
                    state: str | None = None) -> list[YearRow]:
        if state is not None and state not in data.STATES:
            raise ApiError(400, "invalid", f"复核状态“{state[:20]}”不存在，应为：{'、'.join(data.STATES)}")
        return [YearRow(code=r.code, department=r.department, tags=list(r.tags), year=r.year, version=r.version,
                        self_total=r.self_total, total=r.total, grade=r.grade, state=r.state)
                for r in data.rows(engine, current.viewer, year=year, tag=type, state=state)]

    @api.get("/monitoring/{year}", response_model=MonitoringOut, summary="一个年度的运行监控：资金执行、绩效目标、预警清单")
    def monitoring(current: Current, year: int) -> MonitoringOut:
        from ..monitoring.tables import as_dict

        tables = as_dict(data.monitoring(engine, current.viewer, year).monitored)
        return MonitoringOut(year=year, spending=tables["资金执行"], targets=tables["绩效目标"], alerts=tables["预警清单"])

    @api.get("/departments/{code}/years/{year}", response_model=YearOut, responses=_errors(404),
             summary="一个部门年度：得分、绩效目标、复核记录、数据")
    def department_year(current: Current, code: str, year: int) -> YearOut:
        return _year(engine, current, code, year)

    @api.post("/departments/{code}/years/{year}/changes", response_model=YearOut, responses=_errors(403, 404, 409),
              summary="复核：修改一项数据或判断（须说明理由）")
    def change(current: Current, code: str, year: int, body: ChangeIn) -> YearOut:
        _do(lambda: data.change(engine, current.viewer, code, year, target=body.target, value=body.value,
                                reason=body.reason, after_seq=body.after_seq))
        return _year(engine, current, code, year)

    @api.post("/departments/{code}/years/{year}/state", response_model=YearOut, responses=_errors(403, 404, 409),
              summary="复核：改变复核状态（退回须说明理由）")
    def move(current: Current, code: str, year: int, body: StateIn) -> YearOut:
        _do(lambda: data.move(engine, current.viewer, code, year, state=body.state, reason=body.reason,
                              after_seq=body.after_seq))
        return _year(engine, current, code, year)

    @api.post("/departments/{code}/years/{year}/reply", response_model=YearOut, responses=_errors(403, 404, 409),
              summary="部门答复退回意见")
    def reply(current: Current, code: str, year: int, body: ReplyIn) -> YearOut:
        _do(lambda: data.reply(engine, current.viewer, code, year, reason=body.reason, after_seq=body.after_seq))
        return _year(engine, current, code, year)

    @api.post("/submissions", response_model=list[ImportOut], responses=_errors(403, 413),
              summary="报送：上传工作簿或案例文件，检查、计分并保存")
    async def submit(current: Current, file: list[UploadFile]) -> list[ImportOut]:
        from starlette.concurrency import run_in_threadpool

        if not data.may_upload(current.viewer):
            raise ApiError(403, "forbidden", "管理员不报送评价材料")
        try:
            files = await data.read_uploads(file)
        except data.TooLarge as exc:
            raise ApiError(413, "too_large", str(exc)) from None
        results = await run_in_threadpool(data.upload, engine, current.viewer, files)
        return [ImportOut(file=name, status=r.status, code=r.code, department=r.department, year=r.year,
                          version=r.version, total=r.total, grade=r.grade,
                          problems=[ProblemOut(**_problem(p)) for p in r.problems])
                for (name, _), r in zip(files, results, strict=True)]

    @api.exception_handler(ApiError)
    def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return JSONResponse(error_body(exc.code, exc.message, exc.problems), status_code=exc.status)

    @api.exception_handler(data.NotFound)
    def not_found(request: Request, exc: Exception) -> Response:
        return JSONResponse(error_body("not_found", "未找到，或你无权查看"), status_code=404)

    @api.exception_handler(data.Forbidden)
    def forbidden(request: Request, exc: Exception) -> Response:
        return JSONResponse(error_body("forbidden", str(exc)), status_code=403)

    @api.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [Problem("请求", str(e.get("msg", "")), field=".".join(str(p) for p in e.get("loc", ())))
                    for e in exc.errors()[:20]]
        return JSONResponse(error_body("invalid", "请求的内容不对：" + "；".join(
            f"{p.field}：{p.message}" for p in problems), problems), status_code=400)

    @api.exception_handler(HTTPException)
    def http_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        message = {404: "未找到，或你无权查看", 405: "此地址不接受这种请求"}.get(exc.status_code, "请求无法处理")
        return JSONResponse(error_body(code, message), status_code=exc.status_code)

    from sqlalchemy.exc import OperationalError

    @api.exception_handler(OperationalError)
    def busy(request: Request, exc: Exception) -> Response:
        from .pages import BUSY

        log.warning("数据库操作失败：%s %s：%s", request.method, request.url.path, exc)
        return JSONResponse(error_body("busy", BUSY), status_code=503)

    @api.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> Response:
        log.error("未预料的错误：%s %s", request.method, request.url.path, exc_info=exc)
        return JSONResponse(error_body("internal", "服务器内部错误，已记入日志"), status_code=500)

    return api


def _do(action: Any) -> None:
    try:
        action()
    except StaleEdit as stale:
        raise ApiError(409, "stale", str(stale)) from None
    except InputError as exc:
        raise ApiError(400, "invalid", "；".join(p.message for p in exc.problems), tuple(exc.problems)) from None
    except StoreError as exc:
        raise ApiError(409, "conflict", str(exc)) from None


def _year(engine: Engine, current: Session, code: str, year: int) -> YearOut:
    page = data.year_page(engine, current.viewer, code, year)
    r = page.reviewed
    own = data.self_scores(page)
    return YearOut(
        code=page.code, department=page.name, year=page.year, version=r.version, framework=page.framework,
        state=r.state, self_total=_decimal(r.self_total), self_grade=r.self_grade, total=_decimal(r.reviewed_total),
        grade=r.reviewed_grade, last_seq=data.last_seq(page), moves=list(page.moves),
        indicators=[IndicatorOut(id=key, name=name, weight=weight, self_score=_decimal(own.get(key)), score=score)
                    for key, name, weight, score in r.indicators],
        targets=list((page.sheet.get("targets") or {}).get("targets", [])),
        events=[EventOut(seq=e.seq, kind=e.kind, actor=e.actor, at=e.at, target=e.target, before=e.before,
                         after=e.after, reason=e.reason) for e in r.events],
        figures=dict(page.figures))


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
