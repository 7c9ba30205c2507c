"""Sessions (signed, expiring cookies), CSRF tokens and API bearer tokens.

A session cookie carries the user name, a CSRF token and a fingerprint of the password hash, signed
with itsdangerous and refused after ``max_age`` seconds (or after a password change).  Every form
posts ``csrf_token``; it must equal the token of the session (or, before login, of the signed
``ecociv_csrf`` cookie).  API clients may instead send ``Authorization: Bearer <token>`` obtained
from ``POST /api/token``; such requests need no CSRF token, since browsers never add that header.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ecociv.web._accounts import Accounts, User

SESSION_COOKIE = "ecociv_session"
CSRF_COOKIE = "ecociv_csrf"
CSRF_FIELD = "csrf_token"
DEFAULT_MAX_AGE = 8 * 3600


def load_secret(home: Path | None = None) -> str:
    """``$ECOCIV_SECRET_KEY``, else a key kept in ``$ECOCIV_HOME/web-secret`` (created once)."""
    env = os.environ.get("ECOCIV_SECRET_KEY")
    if env:
        return env
    home = home or Path(os.environ.get("ECOCIV_HOME") or Path.home() / ".local" / "share" / "ecociv")
    path = home / "web-secret"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


@dataclass
class Session:
    user: User
    csrf: str


class Auth:
    def __init__(self, accounts: Accounts, secret: str, max_age: int = DEFAULT_MAX_AGE) -> None:
        self.accounts = accounts
        self.max_age = max_age
        self._session = URLSafeTimedSerializer(secret, salt="ecociv-session")
        self._csrf = URLSafeTimedSerializer(secret, salt="ecociv-csrf")
        self._token = URLSafeTimedSerializer(secret, salt="ecociv-api-token")

    # -- sessions ----------------------------------------------------------------------------
    def new_session(self, user: User) -> tuple[str, str]:
        """Cookie value and CSRF token of a fresh session."""
        csrf = secrets.token_urlsafe(24)
        stamp = self.accounts.password_stamp(user.username)
        return self._session.dumps({"u": user.username, "c": csrf, "p": stamp}), csrf

    def _load(self, serializer: URLSafeTimedSerializer, value: str | None) -> Any:
        if not value:
            return None
        try:
            return serializer.loads(value, max_age=self.max_age)
        except (SignatureExpired, BadSignature):
            return None

    def session(self, request: Request) -> Session | None:
        cached = request.scope.get("ecociv.session", False)
        if cached is not False:
            return cached  # type: ignore[no-any-return]
        sess: Session | None = None
        data = self._load(self._session, request.cookies.get(SESSION_COOKIE))
        if isinstance(data, dict):
            user, stamp = self.accounts.get_with_stamp(str(data.get("u")))
            if user is not None and stamp == data.get("p"):
                sess = Session(user=user, csrf=str(data.get("c")))
        request.scope["ecociv.session"] = sess
        return sess

    # -- API tokens --------------------------------------------------------------------------
    def new_token(self, user: User) -> str:
        return self._token.dumps({"u": user.username, "p": self.accounts.password_stamp(user.username)})

    def bearer_user(self, request: Request) -> User | None:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        data = self._load(self._token, header[7:].strip())
        if not isinstance(data, dict):
            raise HTTPException(401, "令牌无效或已过期，请重新获取")
        user, stamp = self.accounts.get_with_stamp(str(data.get("u")))
        if user is None or stamp != data.get("p"):
            raise HTTPException(401, "令牌无效或已过期，请重新获取")
        return user

    # -- CSRF --------------------------------------------------------------------------------
    def anonymous_csrf(self, request: Request) -> tuple[str, str | None]:
        """Token for forms shown before login, and a cookie value to set when there was none."""
        token = self._load(self._csrf, request.cookies.get(CSRF_COOKIE))
        if isinstance(token, str):
            return token, None
        token = secrets.token_urlsafe(24)
        return token, self._csrf.dumps(token)

    def csrf_token(self, request: Request) -> str:
        sess = self.session(request)
        if sess is not None:
            return sess.csrf
        token = self._load(self._csrf, request.cookies.get(CSRF_COOKIE))
        return token if isinstance(token, str) else ""

    def check_csrf(self, request: Request, submitted: Any) -> None:
        expected = self.csrf_token(request)
        if not expected or not isinstance(submitted, str) or not secrets.compare_digest(expected, submitted):
            raise HTTPException(403, "表单校验失败（缺少或无效的 CSRF 令牌），请刷新页面后重试")
