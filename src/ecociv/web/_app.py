"""The FastAPI application: factory, error handlers, login and logout."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ecociv.errors import EcocivError, NotFoundError, PermissionDenied
from ecociv.web._accounts import Accounts, LoginRefused
from ecociv.web._auth import CSRF_COOKIE, CSRF_FIELD, DEFAULT_MAX_AGE, SESSION_COOKIE, Auth, load_secret
from ecociv.web._deps import HERE, LoginRequired, checked_form, error_response, render, state
from ecociv.web._views import Views


def create_app(store: Any, *, secret: str | None = None, session_max_age: int = DEFAULT_MAX_AGE) -> FastAPI:
    """The dashboard over ``store`` (an :class:`ecociv.store.Store`)."""
    from ecociv.web import _admin, _api, _entry, _monitoring, _pages, _plan_import

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
        resp = error_response(request, exc.status_code, str(exc.detail))
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
        parts = ["/".join(str(x) for x in e.get("loc", ())) + "：" + str(e.get("msg", "")) for e in exc.errors()]
        return error_response(request, 422, "请求参数无效：" + "；".join(parts))

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

    app.include_router(_plan_import.router)  # before _pages: /plans/import is not a plan id
    app.include_router(_pages.router)
    app.include_router(_entry.router)
    app.include_router(_admin.router)
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
