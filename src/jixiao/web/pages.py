"""The pages of the workspace (网页): server-rendered Chinese pages over :mod:`jixiao.web.data`.

Every page reads through ``data`` with the visitor's :class:`~jixiao.store.sessions.Viewer`, so a page cannot show
what its role may not see; every form carries the session's form token (CSRF) and, where it edits a review, the
number of the last event the visitor saw, so that a stale edit is refused with who changed what. A problem is
told on the page itself, in Chinese; nothing is ever answered with a stack trace.
"""

from __future__ import annotations

import logging
import secrets
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from ..decimals import percent
from ..problems import InputError
from ..store.db import StoreError
from ..store.review import StaleEdit
from ..store.sessions import SESSION_HOURS, LoginRefused, Session, log_in, log_out
from . import charts, data

HERE = Path(__file__).parent
COOKIE = "jixiao_session"
LOGIN_COOKIE = "jixiao_login"  # the login form's own token: a page elsewhere cannot post a login here
UPLOAD_LIMIT = data.UPLOAD_LIMIT
MAX_FILES = 50
BUSY = "数据库正忙或暂时无法连接，本次操作没有保存任何内容：请稍后重试"
PAGE_ROWS = 200  # rows of the dashboard's tables (filters narrow the rest down)
log = logging.getLogger("jixiao.web")

templates = Jinja2Templates(directory=HERE / "templates")  # .html escaped
templates.env.filters["amount"] = lambda v: "" if v is None else f"{v:f}" if isinstance(v, Decimal) else str(v)
templates.env.filters["percent"] = lambda v: "" if v is None else f"{percent(v)}%"  # a fraction, as 48.21%
templates.env.globals["charts"] = charts
router = APIRouter()


class PageProblem(Exception):
    """A request the page answers with a message (and the status to answer it with)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _session(request: Request) -> Session:
    session = request.state.session
    assert session is not None  # the middleware sends the anonymous to the login page
    return session  # type: ignore[no-any-return]


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    session = request.state.session
    context = {"session": session, "viewer": session.viewer if session else None,
               "csrf": session.csrf if session else "", **context}
    response: Response = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def _check_csrf(request: Request, token: str) -> None:
    if not token or not secrets.compare_digest(token, _session(request).csrf):
        raise PageProblem(403, "表单已失效或不是从本工作台提交的（表单校验失败）：请刷新页面后重新提交")


def _int(value: str, what: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise PageProblem(400, f"{what}应为整数：{value[:20]}")
    return int(value)


# ---------------------------------------------------------------------------------------------- logging in


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    if request.state.session is not None:
        return RedirectResponse("/", status_code=303)
    return _login_form(request, "", 200)


def _login_form(request: Request, message: str, status: int, name: str = "") -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = _render(request, "login.html", {"title": "登录", "message": message, "login_token": token,
                                               "name": name}, status)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies, max_age=3600)
    return response


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          login_token: Annotated[str, Form()] = "") -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not login_token or not secrets.compare_digest(expected, login_token):
        return _login_form(request, "登录页面已过期，请重新输入用户名和密码", 400, username)
    if not username.strip() or not password:
        return _login_form(request, "请输入用户名和密码", 400, username)
    address = request.client.host if request.client else "未知"
    try:
        token, _ = log_in(request.app.state.engine, username, password, address)
    except LoginRefused as refusal:
        status = 429 if "次数过多" in str(refusal) else 401
        return _login_form(request, str(refusal), status, username)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(COOKIE, request.app.state.signer.sign(token).decode(), httponly=True, samesite="lax",
                        secure=request.app.state.secure_cookies, max_age=SESSION_HOURS * 3600)
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    log_out(request.app.state.engine, request.state.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


# ---------------------------------------------------------------------------------------------- reading


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, year: str = "", type: str = "", state: str = "") -> Response:
    engine, viewer = request.app.state.engine, _session(request).viewer
    years, tags = data.years_and_tags(engine, viewer)
    chosen = _int(year, "年度")
    if chosen is None and years:
        chosen = years[0]
    if state and state not in data.STATES:
        raise PageProblem(400, f"复核状态“{state[:20]}”不存在，应为：{'、'.join(data.STATES)}")
    board = data.dashboard(engine, viewer, year=chosen, tag=type or None, state=state or None, limit=PAGE_ROWS) \
        if chosen is not None else None
    return _render(request, "dashboard.html", {
        "title": "总览", "years": years, "tags": tags, "year": chosen, "type": type, "state": state,
        "states": data.STATES, "board": board, "may_upload": data.may_upload(viewer),
        "heats": data.heat_maps(engine, board) if board else []})


@router.get("/monitoring", response_class=HTMLResponse)
def monitoring_page(request: Request, year: str = "") -> Response:
    engine, viewer = request.app.state.engine, _session(request).viewer
    page = data.monitoring(engine, viewer, _int(year, "年度"))
    return _render(request, "monitoring.html", {"title": "运行监控", "page": page})


@router.get("/monitoring/{year}/alerts.xlsx")
def monitoring_workbook(request: Request, year: int) -> Response:
    content = data.monitoring_workbook(request.app.state.engine, _session(request).viewer, year)
    return _attachment(content, f"{year}-绩效运行监控表.xlsx")


@router.get("/d/{code}", response_class=HTMLResponse)
def department_page(request: Request, code: str) -> Response:
    engine, viewer = request.app.state.engine, _session(request).viewer
    code, name, tags = data.department(engine, viewer, code)
    columns, table = data.compare(engine, viewer, code)
    return _render(request, "department.html", {"title": name, "code": code, "name": name, "tags": tags,
                                                "columns": columns, "table": table})


@router.get("/d/{code}/{year}", response_class=HTMLResponse)
def year_page(request: Request, code: str, year: int, framework: str = "") -> Response:
    return _year(request, code, year, framework=framework)


def _year(request: Request, code: str, year: int, *, message: str = "", problems: tuple[Any, ...] = (),
          status: int = 200, framework: str = "", form: dict[str, str] | None = None) -> Response:
    engine, viewer = request.app.state.engine, _session(request).viewer
    page = data.year_page(engine, viewer, code, year)
    whatif = data.what_if(engine, viewer, code, year, framework) if framework else None
    return _render(request, "year.html", {
        "title": f"{page.name} {year} 年度", "page": page, "seq": data.last_seq(page),
        "may_review": data.may_review(viewer, code), "may_reply": data.may_reply(viewer, code),
        "message": message, "problems": problems, "frameworks": data.frameworks(engine),
        "framework": framework, "whatif": whatif, "form": form or {},
        "changeable": data.changeable(page), "own": data.self_scores(page), "bars": data.rate_rows(page)},
        status)


@router.get("/d/{code}/{year}/source")
def source(request: Request, code: str, year: int) -> Response:
    name, content = data.download(request.app.state.engine, _session(request).viewer, code, year)
    return _attachment(content, name)


@router.get("/d/{code}/{year}/report.docx")
def report_docx(request: Request, code: str, year: int) -> Response:
    content = data.report_docx(request.app.state.engine, _session(request).viewer, code, year)
    return _attachment(content, f"{code}-{year}-绩效自评报告.docx")


@router.get("/d/{code}/{year}/report.pdf")
def report_pdf(request: Request, code: str, year: int) -> Response:
    content = data.report_pdf(request.app.state.engine, _session(request).viewer, code, year)
    return _attachment(content, f"{code}-{year}-绩效自评报告.pdf")


def _attachment(content: bytes, name: str) -> Response:
    suffix = Path(name).suffix.lower()
    kinds = {".pdf": "application/pdf", ".yaml": "text/yaml; charset=utf-8", ".yml": "text/yaml; charset=utf-8",
             ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in name)
    return Response(content, media_type=kinds.get(suffix, "application/octet-stream"), headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"})


# ---------------------------------------------------------------------------------------------- review


@router.post("/d/{code}/{year}/change", response_class=HTMLResponse)
def change(request: Request, code: str, year: int, csrf: Annotated[str, Form()] = "",
           target: Annotated[str, Form()] = "", value: Annotated[str, Form()] = "",
           reason: Annotated[str, Form()] = "", after_seq: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    form = {"target": target, "value": value, "reason": reason}
    return _act(request, code, year, form, lambda engine, viewer, seq: data.change(
        engine, viewer, code, year, target=target, value=value, reason=reason, after_seq=seq), after_seq,
        f"已修改 {target}")


@router.post("/d/{code}/{year}/state", response_class=HTMLResponse)
def move(request: Request, code: str, year: int, csrf: Annotated[str, Form()] = "",
         state: Annotated[str, Form()] = "", reason: Annotated[str, Form()] = "",
         after_seq: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    return _act(request, code, year, {"state_reason": reason}, lambda engine, viewer, seq: data.move(
        engine, viewer, code, year, state=state, reason=reason, after_seq=seq), after_seq, f"复核状态已改为“{state}”")


@router.post("/d/{code}/{year}/reply", response_class=HTMLResponse)
def reply(request: Request, code: str, year: int, csrf: Annotated[str, Form()] = "",
          reason: Annotated[str, Form()] = "", after_seq: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    return _act(request, code, year, {"reply": reason}, lambda engine, viewer, seq: data.reply(
        engine, viewer, code, year, reason=reason, after_seq=seq), after_seq, "已答复，等待重新复核")


def _act(request: Request, code: str, year: int, form: dict[str, str], action: Any, after_seq: str,
         done: str) -> Response:
    engine, viewer = request.app.state.engine, _session(request).viewer
    seq = _int(after_seq, "记录序号")
    if seq is None:
        raise PageProblem(400, "表单缺少记录序号：请刷新页面后重新提交")
    try:
        action(engine, viewer, seq)
    except StaleEdit as stale:
        return _year(request, code, year, message=str(stale), status=409, form=form)
    except InputError as exc:
        return _year(request, code, year, problems=tuple(exc.problems), status=400, form=form)
    except StoreError as exc:
        return _year(request, code, year, message=str(exc), status=400, form=form)
    return RedirectResponse(f"/d/{quote(code)}/{year}?done={quote(done)}", status_code=303)


# ---------------------------------------------------------------------------------------------- upload


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request) -> Response:
    viewer = _session(request).viewer
    if not data.may_upload(viewer):
        raise data.Forbidden("管理员不报送评价材料：请用财政局评价人员或部门填报人员的账户上传")
    return _render(request, "upload.html", {"title": "报送", "results": None})


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool
    from starlette.formparsers import MultiPartException

    viewer = _session(request).viewer
    if not data.may_upload(viewer):
        raise data.Forbidden("管理员不报送评价材料：请用财政局评价人员或部门填报人员的账户上传")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > UPLOAD_LIMIT + 65536:
        return _upload_message(request, f"上传的文件太大（{int(declared) / 1048576:.1f} MB）：一次最多 "
                                        f"{UPLOAD_LIMIT // 1048576} MB", 413)
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=10, max_part_size=1024 * 1024)
    except MultiPartException as exc:
        return _upload_message(request, f"上传的内容无法读取：{exc.message}", 400)
    _check_csrf(request, str(form.get("csrf", "")))
    try:
        files = await data.read_uploads(form.getlist("file"))
    except data.TooLarge as exc:
        return _upload_message(request, str(exc), 413)
    finally:
        await form.close()
    if not files:
        return _upload_message(request, "请选择要报送的评价工作簿（.xlsx）或案例文件（.yaml）", 400)
    results = await run_in_threadpool(data.upload, request.app.state.engine, viewer, files)
    status = 200 if all(r.status != "refused" for r in results) else 400
    return _render(request, "upload.html", {"title": "报送", "results": results}, status)


def _upload_message(request: Request, message: str, status: int) -> Response:
    return _render(request, "upload.html", {"title": "报送", "results": None, "message": message}, status)


# ---------------------------------------------------------------------------------------------- accounts


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(request: Request) -> Response:
    return _accounts(request)


def _accounts(request: Request, message: str = "", status: int = 200, form: dict[str, str] | None = None
              ) -> Response:
    from ..store.accounts import ROLES

    engine, viewer = request.app.state.engine, _session(request).viewer
    found = data.accounts(engine, viewer)
    return _render(request, "accounts.html", {"title": "账户", "accounts": found, "roles": ROLES,
                                              "message": message, "form": form or {}}, status)


@router.post("/accounts", response_class=HTMLResponse)
def add_account(request: Request, csrf: Annotated[str, Form()] = "", name: Annotated[str, Form()] = "",
                role: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
                departments: Annotated[str, Form()] = "") -> Response:
    from ..store.accounts import add_account as add

    _check_csrf(request, csrf)
    viewer = _session(request).viewer
    data.accounts(request.app.state.engine, viewer)  # only the administrator gets past this
    codes = [c for c in (part.strip() for part in departments.replace("，", ",").split(",")) if c]
    try:
        add(request.app.state.engine, name, role, password, codes, actor=viewer.name)
    except StoreError as exc:
        return _accounts(request, str(exc), 400, {"name": name, "role": role, "departments": departments})
    return RedirectResponse("/accounts", status_code=303)


@router.post("/accounts/{account_id}/disabled", response_class=HTMLResponse)
def disable(request: Request, account_id: int, csrf: Annotated[str, Form()] = "",
            disabled: Annotated[str, Form()] = "") -> Response:
    _check_csrf(request, csrf)
    data.set_disabled(request.app.state.engine, _session(request).viewer, account_id, disabled == "是")
    return RedirectResponse("/accounts", status_code=303)


# ---------------------------------------------------------------------------------------------- frameworks


@router.get("/frameworks", response_class=HTMLResponse)
def frameworks_page(request: Request) -> Response:
    return _frameworks(request)


def _frameworks(request: Request, message: str = "", problems: tuple[Any, ...] = (), status: int = 200,
                added: Any = None) -> Response:
    viewer = _session(request).viewer
    return _render(request, "frameworks.html", {
        "title": "指标体系", "rows": data.framework_rows(request.app.state.engine), "message": message,
        "problems": problems, "added": added, "may_add": data.may_manage_accounts(viewer)}, status)


@router.post("/frameworks", response_class=HTMLResponse)
async def add_framework(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile as StarletteUpload
    from starlette.formparsers import MultiPartException

    viewer = _session(request).viewer
    if not data.may_manage_accounts(viewer):
        raise data.Forbidden("只有管理员可以添加指标体系")
    try:
        form = await request.form(max_files=1, max_fields=5, max_part_size=1024 * 1024)
    except MultiPartException as exc:
        return _frameworks(request, f"上传的内容无法读取：{exc.message}", status=400)
    _check_csrf(request, str(form.get("csrf", "")))
    item = form.get("file")
    if not isinstance(item, StarletteUpload) or not item.filename:
        return _frameworks(request, "请选择指标体系文件（.yaml）", status=400)
    content = await item.read(2 * 1024 * 1024 + 1)
    name = Path(item.filename).name
    try:
        added = await run_in_threadpool(data.add_framework, request.app.state.engine, viewer, name, content)
    except InputError as exc:
        return _frameworks(request, f"{name} 未添加：", tuple(exc.problems), 400)
    return _frameworks(request, added=added)


# ---------------------------------------------------------------------------------------------- problems


def handlers(app: FastAPI) -> None:
    """The pages' answers to what went wrong: a page in Chinese, never a stack trace."""

    def page(request: Request, status: int, message: str) -> Response:
        return _render(request, "problem.html", {"title": "出错了", "message": message, "status": status}, status)

    @app.exception_handler(data.NotFound)
    def not_found(request: Request, exc: Exception) -> Response:
        return page(request, 404, "未找到，或你无权查看")

    @app.exception_handler(data.Forbidden)
    def forbidden(request: Request, exc: Exception) -> Response:
        return page(request, 403, str(exc))

    @app.exception_handler(PageProblem)
    def problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageProblem)
        return page(request, exc.status, exc.message)

    @app.exception_handler(HTTPException)
    def http_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return page(request, 404, "未找到，或你无权查看")
        if exc.status_code == 405:
            return page(request, 405, "此地址不接受这种请求")
        return page(request, exc.status_code, "请求无法处理")

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        where = "、".join(str(e.get("loc", ["?"])[-1]) for e in exc.errors()[:5])
        return page(request, 400, f"请求的内容不对（{where}）：请从页面上的链接和表单进入")

    @app.exception_handler(StoreError)
    def store_problem(request: Request, exc: Exception) -> Response:
        return page(request, 503, str(exc))

    from sqlalchemy.exc import OperationalError

    @app.exception_handler(OperationalError)
    def busy(request: Request, exc: Exception) -> Response:
        log.warning("数据库操作失败：%s %s：%s", request.method, request.url.path, exc)
        return page(request, 503, BUSY)

    @app.exception_handler(Exception)
    def unexpected(request: Request, exc: Exception) -> Response:
        log.error("未预料的错误：%s %s", request.method, request.url.path, exc_info=exc)
        return page(request, 500, "服务器内部错误，已记入日志；请稍后再试，或告诉管理员出错的时间和页面")
