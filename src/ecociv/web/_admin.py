"""Account administration in the browser (admins only): list, add, reset a password, disable,
enable, delete, sign a user out everywhere."""

from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ecociv.errors import NotFoundError, PermissionDenied
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
    return _done(f"已创建用户 {new.username}")


@router.post("/users/{username}/password")
async def reset_password(request: Request, user: CurrentUser, username: str) -> Response:
    form = await checked_form(request)
    _require_admin(user)
    state(request).accounts.set_password(username, str(form.get("password") or ""), actor=user.username)
    return _done(f"已修改用户 {username} 的密码，其登录和接口令牌已失效")


def _done(message: str) -> Response:
    return RedirectResponse("/users?done=" + quote(message), status_code=303)


#: What each admin action on an account does, and what the page says afterwards.
_ACTIONS = {
    "disable": "已停用用户 {}，其登录和接口令牌已失效",
    "enable": "已启用用户 {}",
    "delete": "已删除用户 {}",
    "logout-all": "用户 {} 已在所有设备下线，接口令牌已撤销",
}


@router.post("/users/{username}/{action}")
async def account_action(request: Request, user: CurrentUser, username: str, action: str) -> Response:
    await checked_form(request)
    _require_admin(user)
    accounts = state(request).accounts
    if action == "disable":
        accounts.set_disabled(username, True, actor=user.username)
    elif action == "enable":
        accounts.set_disabled(username, False, actor=user.username)
    elif action == "delete":
        accounts.delete(username, actor=user.username)
    elif action == "logout-all":
        accounts.sign_out_everywhere(username, actor=user.username)
    else:
        raise NotFoundError(f"没有账户操作“{action}”")
    return _done(_ACTIONS[action].format(username))
