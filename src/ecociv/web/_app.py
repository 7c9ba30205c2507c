"""The FastAPI application: factory, error handlers, login and logout."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ecociv.errors import EcocivError, NotFoundError, PermissionDenied
from ecociv.web._accounts import Accounts, LoginRefused
from ecociv.web._auth import (
    CSRF_COOKIE,
    CSRF_FIELD,
    DEFAULT_IDLE,
    DEFAULT_MAX_AGE,
    SESSION_COOKIE,
    Auth,
    load_secret,
)
from ecociv.web._deps import HERE, LoginRequired, checked_form, client_address, error_response, render, state
from ecociv.web._security import Guard, is_https, max_body_from_env, parse_proxies
from ecociv.web._views import Views

#: Starlette's own English reasons, as users see them.
_REASONS = {404: "页面或接口不存在", 405: "不支持此请求方法", 400: "请求无效", 415: "不支持的内容类型"}


#: Pydantic's error types, in Chinese ({ctx} fields filled in).
_PYDANTIC = {
    "missing": "缺少此项", "int_parsing": "应为整数", "int_type": "应为整数", "int_from_float": "应为整数",
    "float_parsing": "应为数字", "float_type": "应为数字", "finite_number": "不能是无穷大或 NaN",
    "greater_than_equal": "不能小于 {ge}", "less_than_equal": "不能大于 {le}", "greater_than": "应大于 {gt}",
    "less_than": "应小于 {lt}", "string_type": "应为文字", "string_too_long": "过长（最多 {max_length} 个字符）",
    "too_long": "条目过多（最多 {max_length} 项）", "list_type": "应为列表", "dict_type": "应为对象",
    "model_attributes_type": "应为对象", "json_invalid": "不是有效的 JSON", "date_from_datetime_parsing": "应为日期",
    "date_parsing": "应为日期 YYYY-MM-DD", "bool_parsing": "应为 true 或 false", "string_unicode": "含有无效字符",
    "model_type": "应为对象",
}
_LOC = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头"}


def _invalid_parts(errors: Sequence[Any]) -> list[str]:
    out = []
    for e in list(errors)[:20]:
        where = "/".join(_LOC.get(str(x), str(x)) for x in e.get("loc", ()))
        ctx = {k: v for k, v in (e.get("ctx") or {}).items() if isinstance(v, int | float | str)}
        try:
            what = _PYDANTIC.get(str(e.get("type")), "取值无效").format(**ctx)
        except (KeyError, IndexError):
            what = "取值无效"
        out.append(f"{where}：{what}")
    return out


def create_app(store: Any, *, secret: str | None = None, session_max_age: int = DEFAULT_MAX_AGE,
               session_idle: int = DEFAULT_IDLE, trusted_proxies: Sequence[str] | None = None,
               max_body: int | None = None) -> FastAPI:
    """The dashboard over ``store`` (an :class:`ecociv.store.Store`).

    ``trusted_proxies`` (default ``$ECOCIV_TRUSTED_PROXIES``, comma separated): the only peers whose
    X-Forwarded-For/-Proto are believed.  ``max_body``: largest request body in bytes (default
    ``$ECOCIV_MAX_UPLOAD_MB`` MiB, else 20 MiB), refused with 413 while it streams in.
    """
    from ecociv.web import _account, _admin, _api, _entry, _monitoring, _pages, _plan_import

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
    app.state.auth = Auth(app.state.accounts, secret or load_secret(), session_max_age, session_idle)
    app.state.views = Views(store)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    proxies = parse_proxies(trusted_proxies if trusted_proxies is not None
                            else [os.environ.get("ECOCIV_TRUSTED_PROXIES", "")])
    app.add_middleware(Guard, max_body=max_body or max_body_from_env(), proxies=proxies)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, _exc: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = str(exc.detail)
        if exc.status_code in _REASONS and detail.isascii():
            detail = _REASONS[exc.status_code]
        resp = error_response(request, exc.status_code, detail)
        for k, v in (exc.headers or {}).items():
            resp.headers[k] = v
        return resp

    @app.exception_handler(PermissionDenied)
    async def _denied(request: Request, exc: PermissionDenied) -> Response:
        return error_response(request, 403, exc.message)

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> Response:
        return error_response(request, 404, exc.message)

    @app.exception_handler(EcocivError)
    async def _bad(request: Request, exc: EcocivError) -> Response:
        msg = exc.message + "".join(f"\n{f}" for f in exc.findings[:50])
        return error_response(request, 400, msg)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, "请求参数无效：" + "；".join(_invalid_parts(exc.errors())))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        logging.getLogger("ecociv.web").error("unexpected error on %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "服务器内部错误，本次操作未完成；请稍后重试，若仍出错请联系管理员")

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_form(request: Request, next: str = "/") -> Response:
        token, cookie = state(request).auth.anonymous_csrf(request)
        resp = render(request, "login.html", user=None, next=next, error=None, csrf_token=token)
        if cookie:
            resp.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="lax", secure=is_https(request))
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
        address = client_address(request)
        accounts: Accounts = state(request).accounts
        try:
            await asyncio.sleep(await run_in_threadpool(accounts.account_delay, username))
            user = await run_in_threadpool(accounts.authenticate, username, password, address)
        except LoginRefused as exc:
            code = 429 if exc.retry_after else 401
            resp = render(request, "login.html", status_code=code, user=None, next=nxt, error=exc.message,
                          csrf_token=token, username=username)
            if exc.retry_after:
                resp.headers["Retry-After"] = str(exc.retry_after)
            return resp
        cookie, _csrf = auth.new_session(user, address)
        done = RedirectResponse(nxt, status_code=303)
        done.set_cookie(SESSION_COOKIE, cookie, max_age=auth.max_age, httponly=True, samesite="lax",
                        secure=is_https(request))
        return done

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        await checked_form(request)
        state(request).auth.end_session(request)
        resp = RedirectResponse("/login", status_code=303)
        resp.delete_cookie(SESSION_COOKIE)
        return resp

    app.include_router(_plan_import.router)  # before _pages: /plans/import is not a plan id
    app.include_router(_pages.router)
    app.include_router(_entry.router)
    app.include_router(_admin.router)
    app.include_router(_account.router)
    app.include_router(_api.router)
    app.include_router(_monitoring.router)
    from ecociv.web import _cycle, _evidence, _rounds, _rounds_api, _unit  # the 调度/销号/考评 cycle

    app.include_router(_rounds.router)
    app.include_router(_unit.router)
    app.include_router(_evidence.router)
    app.include_router(_evidence.api)
    app.include_router(_rounds_api.router)
    app.middleware("http")(_cycle.confine_units)
    return app
