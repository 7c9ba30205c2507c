"""Account administration in the browser (admins only): list, add, reset a password."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ecociv.errors import PermissionDenied
from ecociv.store import tables as T
from ecociv.web._accounts import ROLE_NAMES, User
from ecociv.web._deps import CurrentUser, checked_form, render, state

router = APIRouter(include_in_schema=False)


def _require_admin(user: User) -> None:
    if user.role != "admin":
        raise PermissionDenied("只有管理员可以管理账户")


def _regions(request: Request) -> list[str]:
    with state(request).store.engine.connect() as c:
        return [str(n) for n in c.execute(sa.select(T.regions.c.name).order_by(T.regions.c.name)).scalars()]


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, user: CurrentUser, done: str = "") -> Response:
    _require_admin(user)
    return render(request, "users.html", users=state(request).accounts.list(), roles=ROLE_NAMES,
                  regions=_regions(request), done=done)


@router.post("/users")
async def add_user(request: Request, user: CurrentUser) -> Response:
    form = await checked_form(request)
    _require_admin(user)
    region = str(form.get("region") or "").strip() or None
    role = str(form.get("role") or "")
    new = state(request).accounts.add(str(form.get("username") or ""), str(form.get("password") or ""), role,
                                      region if role == "editor" else None, actor=user.username)
    return RedirectResponse(f"/users?done=已创建用户 {new.username}", status_code=303)


@router.post("/users/{username}/password")
async def reset_password(request: Request, user: CurrentUser, username: str) -> Response:
    form = await checked_form(request)
    _require_admin(user)
    state(request).accounts.set_password(username, str(form.get("password") or ""), actor=user.username)
    return RedirectResponse(f"/users?done=已修改用户 {username} 的密码", status_code=303)
