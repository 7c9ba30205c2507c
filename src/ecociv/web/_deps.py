"""Shared dependencies of the web routers: templates, the current user, permission checks, rendering.

Routers import from here, never from :mod:`ecociv.web._app` (which imports the routers).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from ecociv.errors import PermissionDenied
from ecociv.web._accounts import User
from ecociv.web._auth import CSRF_FIELD, Auth
from ecociv.web._nav import nav_for
from ecociv.web._status import STATUS_CLASS

HERE = Path(__file__).resolve().parent


class LoginRequired(Exception):
    pass


#: Time zone of times shown on pages (``ECOCIV_TIMEZONE``; the store keeps UTC).
DEFAULT_TIMEZONE = "Asia/Shanghai"
_CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


@functools.cache
def display_zone(name: str | None = None) -> dt.tzinfo:
    """The configured zone; Asia/Shanghai (UTC+8) when unset, unknown or without zone data."""
    import zoneinfo

    name = name or os.environ.get("ECOCIV_TIMEZONE") or DEFAULT_TIMEZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return _CHINA


def _fmt_time(value: Any) -> str:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(display_zone(os.environ.get("ECOCIV_TIMEZONE"))).strftime("%Y-%m-%d %H:%M:%S")
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
    "password": "修改密码", "import": "导入", "update": "修改", "publish": "发布结果网站",
}
templates.env.globals["ENTITIES"] = {
    "observation": "监测数值", "progress": "任务进展", "plan": "规划", "user": "用户", "task": "任务",
    "project": "工程",
}


def state(request: Request) -> Any:
    return request.app.state


def client_address(request: Request) -> str:
    """The client's address (through trusted proxies only; see :mod:`ecociv.web._security`)."""
    return request.client.host if request.client else "?"


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
    user = ctx["user"]
    ctx.setdefault("nav", nav_for(user.role if user else None, request.url.path) if user else [])
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


#: Stable machine-readable codes of JSON errors, by HTTP status (``{"detail": …, "code": …}``).
ERROR_CODES = {
    400: "invalid-input", 401: "login-required", 403: "forbidden", 404: "not-found",
    405: "method-not-allowed", 409: "conflict", 413: "body-too-large", 415: "unsupported-media-type",
    422: "invalid-request", 429: "too-many-attempts", 500: "server-error", 503: "unavailable",
}


#: A hint in a core message that names a command line (``（用 ecociv plans 查看…）``, ``--replace``):
#: web users have no command line, so such hints are left out of web messages.
_CLI_HINT = re.compile(r"[（(][^（）()]*(?:ecociv [a-z]|--[a-z])[^（）()]*[）)]|[；，]?(?:请)?(?:用|运行) ?ecociv [^；。）]*")


def web_message(message: str) -> str:
    """``message`` without hints to run commands (see :data:`_CLI_HINT`)."""
    return _CLI_HINT.sub("", message).replace("。。", "。").strip() or message


def error_response(request: Request, status: int, message: str, code: str | None = None) -> Response:
    """The error as JSON ``{"detail", "code"}`` under ``/api``, else as the Chinese error page."""
    message = web_message(message)
    if request.url.path.startswith("/api"):
        return JSONResponse({"detail": message, "code": code or ERROR_CODES.get(status, f"http-{status}")},
                            status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)
