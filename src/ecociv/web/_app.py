"""The FastAPI application: factory, shared helpers for routes, login and logout."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ecociv.errors import EcocivError, NotFoundError, PermissionDenied
from ecociv.web._accounts import Accounts, LoginRefused, User
from ecociv.web._auth import CSRF_COOKIE, CSRF_FIELD, DEFAULT_MAX_AGE, SESSION_COOKIE, Auth, load_secret
from ecociv.web._status import STATUS_CLASS
from ecociv.web._views import Views

HERE = Path(__file__).resolve().parent


class LoginRequired(Exception):
    pass


def _fmt_time(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _fmt_num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value == int(value) and abs(value) < 1e15 else f"{value:,.6g}"
    return str(value)


_FIELDS = {
    "indicator": "指标", "year": "年份", "value": "数值", "text": "文字", "source": "来源", "note": "说明",
    "status": "状态", "evidence": "佐证", "as_of": "日期", "target": "对象", "plan_id": "规划", "region": "地区",
    "role": "角色", "username": "用户名", "password": "密码", "title": "标题", "indicators": "指标数",
    "tasks": "任务数", "projects": "工程数", "tables": "指标表数", "rows": "行数", "source_file": "来源文件",
    "entity_type": "类型", "entity_id": "编号",
}


def _readable(value: Any) -> str:
    """An audit value as 字段：值 pairs instead of JSON."""
    if value is None:
        return ""
    if isinstance(value, dict):
        parts = [f"{_FIELDS.get(str(k), str(k))}：{_readable(v)}" for k, v in value.items() if v not in (None, "", [])]
        return "；".join(parts)
    if isinstance(value, list):
        return "、".join(_readable(v) for v in value)
    return _fmt_num(value)


templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["readable"] = _readable
templates.env.filters["t"] = _fmt_time
templates.env.filters["num"] = _fmt_num
templates.env.globals["STATUS_CLASS"] = STATUS_CLASS
templates.env.globals["ACTIONS"] = {
    "create": "新建", "replace": "替换", "delete": "删除", "record": "录入", "bulk-insert": "批量导入",
    "password": "修改密码", "import": "导入", "update": "修改",
}
templates.env.globals["ENTITIES"] = {
    "observation": "监测数值", "progress": "任务进展", "plan": "规划", "user": "用户", "task": "任务",
    "project": "工程",
}


def state(request: Request) -> Any:
    return request.app.state


def current_user(request: Request) -> User:
    """The logged-in user (session cookie or bearer token); pages redirect to the login form."""
    auth: Auth = state(request).auth
    user = auth.bearer_user(request)
    if user is not None:
        request.scope["ecociv.bearer"] = True
        return user
    sess = auth.session(request)
    if sess is None:
        if request.url.path.startswith("/api"):
            raise HTTPException(401, "未登录：请先登录或使用令牌（POST /api/token）")
        raise LoginRequired()
    return sess.user


CurrentUser = Annotated[User, Depends(current_user)]


def require_writer(user: User) -> None:
    if user.role not in ("admin", "editor"):
        raise PermissionDenied("只读账户不能修改数据")


def require_region(request: Request, user: User, plan_id: int) -> None:
    require_writer(user)
    region, parent = state(request).views.region_of(plan_id)
    if not user.can_write_region(region, parent):
        raise PermissionDenied(f"账户“{user.username}”只能修改“{user.region or '—'}”的数据，不能修改“{region}”的数据")


async def checked_form(request: Request) -> Any:
    """The posted form, refused (403) unless its CSRF token matches the session's."""
    form = await request.form()
    state(request).auth.check_csrf(request, form.get(CSRF_FIELD))
    return form


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    auth: Auth = state(request).auth
    sess = auth.session(request)
    ctx.setdefault("user", sess.user if sess else None)
    if "csrf_token" not in ctx:
        ctx["csrf_token"] = auth.csrf_token(request)
    ctx["path"] = request.url.path
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


def _error(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)


def create_app(store: Any, *, secret: str | None = None, session_max_age: int = DEFAULT_MAX_AGE) -> FastAPI:
    """The dashboard over ``store`` (an :class:`ecociv.store.Store`)."""
    from ecociv.web import _admin, _api, _entry, _pages

    app = FastAPI(
        title="ecociv 生态文明建设规划管理 API",
        description="规划、指标、监测数据、任务与工程的 JSON 接口。读取需登录；写入需要编辑或管理员角色。",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    app.state.accounts = Accounts(store.engine)
    app.state.auth = Auth(app.state.accounts, secret or load_secret(), session_max_age)
    app.state.views = Views(store)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        resp = _error(request, exc.status_code, str(exc.detail))
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(PermissionDenied)
    async def _denied(request: Request, exc: PermissionDenied) -> Response:
        return _error(request, 403, exc.message)

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> Response:
        return _error(request, 404, exc.message)

    @app.exception_handler(EcocivError)
    async def _bad(request: Request, exc: EcocivError) -> Response:
        msg = exc.message + "".join(f"\n{f}" for f in exc.findings[:50])
        return _error(request, 400, msg)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = ["/".join(str(x) for x in e.get("loc", ())) + "：" + str(e.get("msg", "")) for e in exc.errors()]
        return _error(request, 422, "请求参数无效：" + "；".join(parts))

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_form(request: Request, next: str = "/") -> Response:
        token, cookie = state(request).auth.anonymous_csrf(request)
        resp = render(request, "login.html", user=None, next=next, error=None, csrf_token=token)
        if cookie:
            resp.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="lax")
        return resp

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        auth: Auth = state(request).auth
        form = await request.form()
        token, _ = auth.anonymous_csrf(request)
        submitted = form.get(CSRF_FIELD)
        if (not isinstance(submitted, str) or request.cookies.get(CSRF_COOKIE) is None
                or not secrets.compare_digest(submitted, token)):
            raise HTTPException(403, "表单校验失败（缺少或无效的 CSRF 令牌），请刷新页面后重试")
        username = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        nxt = str(form.get("next") or "/")
        if not nxt.startswith("/") or nxt.startswith("//"):
            nxt = "/"
        address = request.client.host if request.client else "?"
        try:
            user = state(request).accounts.authenticate(username, password, address)
        except LoginRefused as exc:
            code = 429 if exc.retry_after else 401
            resp = render(request, "login.html", status_code=code, user=None, next=nxt, error=exc.message,
                          csrf_token=token, username=username)
            if exc.retry_after:
                resp.headers["Retry-After"] = str(exc.retry_after)
            return resp
        cookie, _csrf = auth.new_session(user)
        done = RedirectResponse(nxt, status_code=303)
        done.set_cookie(SESSION_COOKIE, cookie, max_age=auth.max_age, httponly=True, samesite="lax")
        return done

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        await checked_form(request)
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE)
        return resp

    app.include_router(_pages.router)
    app.include_router(_entry.router)
    app.include_router(_admin.router)
    app.include_router(_api.router)
    return app
