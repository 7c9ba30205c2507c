"""Helpers shared by the routers of the dispatch-and-review cycle (``_rounds``, ``_unit``,
``_evidence``, ``_rounds_api``): who is acting, size-limited uploads read while they stream, and
the confinement of unit accounts to their own pages."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterator
from typing import IO, Any, cast
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartParser

from ecociv.web._accounts import User
from ecociv.web._deps import _FIELDS, state, templates
from ecociv.workflow import Actor, Evidence, actor, units_of
from ecociv.workflow._evidence import max_bytes

# the audit log page names the cycle's actions, entities and fields in Chinese
cast(dict[str, str], templates.env.globals["ACTIONS"]).update({
    "open": "发起", "save": "保存", "submit": "报送", "approve": "审核通过", "return": "退回", "close": "销号/结束",
    "reopen": "恢复", "upload": "上传",
})
cast(dict[str, str], templates.env.globals["ENTITIES"]).update({
    "round": "调度", "report": "报送", "evidence": "佐证材料", "item": "调度事项", "scoring_rule": "考评规则",
    "user_unit": "账户所属单位", "unit_alias": "单位别名",
})
_FIELDS.update({
    "round_id": "调度", "item": "事项", "unit": "单位", "state": "状态", "comment": "意见", "progress_text": "进展",
    "problems": "存在问题", "percent": "完成比例", "done_value": "完成数量", "investment_wan_yuan": "完成投资（万元）",
    "report_id": "报送", "filename": "文件名", "sha256": "散列", "size": "字节数", "mime": "类型", "reason": "原因",
    "kind": "类型", "due": "截止日期", "kinds": "事项类型", "refs": "选定事项", "items": "事项数",
    "on_schedule": "按进度推进", "on_time": "按时报送", "closed": "任务销号",
})

#: room for the other fields of an upload form besides the file
_FORM_OVERHEAD = 256 * 1024
_CHUNK = 64 * 1024


def who(request: Request, user: User) -> Actor:
    """The acting account with its units (cached for the request)."""
    cached = request.scope.get("ecociv.actor")
    if isinstance(cached, Actor) and cached.username == user.username:
        return cached
    found = actor(state(request).store, user.username)
    request.scope["ecociv.actor"] = found
    return found


def _too_big() -> HTTPException:
    return HTTPException(413, f"上传内容超过大小上限 {max_bytes() // (1024 * 1024)} MB，未保存")


async def _limited(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_big()
    n = 0
    async for chunk in request.stream():
        n += len(chunk)
        if n > limit:
            raise _too_big()
        yield chunk


async def limited_form(request: Request) -> FormData:
    """A multipart form parsed as it streams in, refused (413) as soon as it passes the limit."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await request.form()
    parser = MultiPartParser(request.headers, _limited(request, max_bytes() + _FORM_OVERHEAD), max_files=5,
                             max_fields=50)
    return await parser.parse()


async def spooled_body(request: Request) -> IO[bytes]:
    """A raw request body (API upload) copied to a temporary file while counting, rewound."""
    out = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115  (the caller closes it)
    try:
        async for chunk in _limited(request, max_bytes()):
            out.write(chunk)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out


def chunks(f: IO[bytes]) -> Iterator[bytes]:
    while True:
        block = f.read(_CHUNK)
        if not block:
            return
        yield block


def upload_of(form: FormData, name: str = "file") -> UploadFile | None:
    f = form.get(name)
    return f if isinstance(f, UploadFile) and f.filename else None


def evidence_response(ev: Evidence, path: Any) -> Response:
    """The file with a safe type: inline for PDF and images, a download otherwise; never sniffed."""
    disposition = "inline" if ev.inline else "attachment"
    ascii_name = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "._-" else "_" for ch in ev.filename)
    headers = {
        "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(ev.filename)}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return FileResponse(path, media_type=ev.mime, headers=headers)


#: where a unit account may go (anything else sends it to its to-do page)
_UNIT_PATHS = ("/unit", "/rounds", "/reports", "/evidence", "/static", "/login", "/logout",
               "/api/rounds", "/api/reports", "/api/evidence", "/api/token", "/api/unit", "/api/me", "/api/docs",
               "/api/openapi.json")


def _unit_only(request: Request) -> bool:
    """A read-only account linked to units: it sees the cycle's pages only."""
    auth = state(request).auth
    try:
        user = auth.bearer_user(request)
    except HTTPException:
        return False
    if user is None:
        sess = auth.session(request)
        user = sess.user if sess else None
    return user is not None and user.role == "viewer" and bool(units_of(state(request).store, user.username))


async def confine_units(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Middleware: a unit account sees only its own items, so the plan-wide pages are closed to it."""
    path = request.url.path
    # the account's session and units are read from the database: in a worker thread, so that the
    # server's event loop goes on serving the other requests meanwhile
    if (path == "/" or not path.startswith(_UNIT_PATHS)) and await run_in_threadpool(_unit_only, request):
        if path.startswith("/api"):
            return JSONResponse({"detail": "单位账户只能访问本单位的调度事项（/api/unit、/api/rounds …）"},
                                status_code=403)
        return RedirectResponse("/unit", status_code=303)
    return await call_next(request)
