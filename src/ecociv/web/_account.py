"""The user's own account page: change the password, API tokens (create, list, revoke), and
"sign out everywhere" for one's own sessions."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ecociv.errors import InputError
from ecociv.web._auth import MAX_TOKEN_DAYS, SESSION_COOKIE
from ecociv.web._deps import CurrentUser, checked_form, client_address, render, state
from ecociv.web._security import is_https

router = APIRouter(include_in_schema=False)


def _page(request: Request, username: str, status_code: int = 200, **ctx: object) -> Response:
    tokens = state(request).auth.tokens.list(username)
    return render(request, "account.html", status_code=status_code, tokens=tokens, max_days=MAX_TOKEN_DAYS, **ctx)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, user: CurrentUser, done: str = "") -> Response:
    return _page(request, user.username, done=done)


@router.post("/account/password")
async def change_password(request: Request, user: CurrentUser) -> Response:
    form = await checked_form(request)
    new, again = str(form.get("new") or ""), str(form.get("again") or "")
    if new != again:
        raise InputError("两次输入的新密码不一致")
    st = state(request)
    st.accounts.change_own_password(user.username, str(form.get("current") or ""), new)
    # every session ended with the change; this browser gets a fresh one
    cookie, _ = st.auth.new_session(user, client_address(request))
    done = RedirectResponse("/account?done=" + quote("密码已修改，其他设备上的登录和全部接口令牌已失效"), status_code=303)
    done.set_cookie(SESSION_COOKIE, cookie, max_age=st.auth.max_age, httponly=True, samesite="lax",
                    secure=is_https(request))
    return done


@router.post("/account/tokens", response_class=HTMLResponse)
async def new_token(request: Request, user: CurrentUser) -> Response:
    form = await checked_form(request)
    try:
        days = float(str(form.get("days") or "30"))
    except ValueError:
        raise InputError(f"有效期应为 1–{MAX_TOKEN_DAYS} 之间的天数") from None
    token, record = state(request).auth.tokens.create(user.username, str(form.get("name") or ""), days)
    return _page(request, user.username, new_token=token, new_name=record.name)


@router.post("/account/tokens/{token_id}/revoke")
async def revoke_token(request: Request, user: CurrentUser, token_id: int) -> Response:
    await checked_form(request)
    t = state(request).auth.tokens.revoke(user.username, token_id)
    return RedirectResponse("/account?done=" + quote(f"已撤销令牌“{t.name}”"), status_code=303)


@router.post("/account/logout-all")
async def logout_all(request: Request, user: CurrentUser) -> Response:
    await checked_form(request)
    state(request).accounts.sign_out_everywhere(user.username, actor=user.username)
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp
