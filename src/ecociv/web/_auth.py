"""Server-side sessions, CSRF tokens and named API tokens.

A session cookie holds a random token; the ``sessions`` table keeps its SHA-256 with the user, the
session's CSRF token and when it was created and last used.  A session ends when the user logs out,
changes the password, is disabled or deleted, when an admin signs the user out everywhere, after
``idle`` seconds without a request or ``max_age`` seconds after login — whichever comes first.

Every form posts ``csrf_token``; it must equal the token of the session (or, before login, of the
signed ``ecociv_csrf`` cookie).  API clients may instead send ``Authorization: Bearer <token>``: a
named token from the account page, ``ecociv user tokens add`` or ``POST /api/token``, each listed,
expiring and revocable on its own.  Such requests need no CSRF token (browsers never add that header).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import HTTPException, Request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ecociv.errors import InputError, NotFoundError
from ecociv.store.tables import api_tokens, sessions
from ecociv.web._accounts import Accounts, User, utcnow

SESSION_COOKIE = "ecociv_session"
CSRF_COOKIE = "ecociv_csrf"
CSRF_FIELD = "csrf_token"
#: Absolute lifetime of a login session, in seconds.
DEFAULT_MAX_AGE = 8 * 3600
#: A session unused this long ends, in seconds.
DEFAULT_IDLE = 3600
#: How often the last use of a session is written (seconds); finer is not needed for the idle limit.
_TOUCH_EVERY = 30
#: Longest lifetime of an API token, in days.
MAX_TOKEN_DAYS = 366
TOKEN_PREFIX = "ecv_"


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


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@dataclass
class Session:
    user: User
    csrf: str
    id: str = ""


@dataclass(frozen=True)
class ApiToken:
    id: int
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    def state(self, now: dt.datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "已撤销"
        return "已过期" if self.expires_at <= (now or utcnow()) else "有效"


class Tokens:
    """Named API tokens of the ``api_tokens`` table (shared by the web and ``ecociv user tokens``)."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def create(self, username: str, name: str, days: float = 30, actor: str | None = None) -> tuple[str, ApiToken]:
        """A new token (shown once) and its record."""
        name = " ".join(str(name or "").split())
        if not name or len(name) > 100:
            raise InputError("令牌名称应为 1–100 个字符，如“数据上报脚本”")
        if not (0 < days <= MAX_TOKEN_DAYS):
            raise InputError(f"令牌有效期应在 1–{MAX_TOKEN_DAYS} 天之间")
        user = self.accounts.get(username)
        if user is None:
            raise NotFoundError(f"用户“{username}”不存在")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        now = utcnow()
        with self.accounts.engine.begin() as c:
            pk = c.execute(api_tokens.insert().values(
                user_id=user.id, name=name, token_hash=_digest(token), created_at=now,
                expires_at=now + dt.timedelta(days=days))).inserted_primary_key
            tid = int(pk[0]) if pk else 0
            self.accounts.audit(c, actor or username, "token-create", user.id,
                                {"username": username, "token": name, "id": tid})
        return token, self._one(tid)

    def _one(self, tid: int) -> ApiToken:
        with self.accounts.engine.connect() as c:
            row = c.execute(sa.select(api_tokens).where(api_tokens.c.id == tid)).first()
        assert row is not None
        return _token(row)

    def list(self, username: str) -> list[ApiToken]:
        user = self.accounts.get(username)
        if user is None:
            raise NotFoundError(f"用户“{username}”不存在")
        with self.accounts.engine.connect() as c:
            rows = c.execute(sa.select(api_tokens).where(api_tokens.c.user_id == user.id)
                             .order_by(api_tokens.c.id)).all()
        return [_token(r) for r in rows]

    def revoke(self, username: str, token_id: int, actor: str | None = None) -> ApiToken:
        user = self.accounts.get(username)
        if user is None:
            raise NotFoundError(f"用户“{username}”不存在")
        with self.accounts.engine.begin() as c:
            row = c.execute(sa.select(api_tokens).where(api_tokens.c.id == token_id,
                                                        api_tokens.c.user_id == user.id)).first()
            if row is None:
                raise NotFoundError(f"用户“{username}”没有编号为 {token_id} 的令牌")
            if row.revoked_at is None:
                c.execute(api_tokens.update().where(api_tokens.c.id == token_id).values(revoked_at=utcnow()))
                self.accounts.audit(c, actor or username, "token-revoke", user.id,
                                    {"username": username, "token": row.name, "id": token_id})
        return self._one(token_id)

    def user_of(self, token: str) -> User | None:
        """The user of a valid (not revoked, not expired, account enabled) token, else None."""
        now = utcnow()
        with self.accounts.engine.connect() as c:
            row = c.execute(sa.select(api_tokens.c.id, api_tokens.c.user_id, api_tokens.c.last_used_at)
                            .where(api_tokens.c.token_hash == _digest(token), api_tokens.c.revoked_at.is_(None),
                                   api_tokens.c.expires_at > now)).first()
        if row is None:
            return None
        user = self.accounts.by_id(int(row.user_id))
        if user is None:
            return None
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > _TOUCH_EVERY:
            with self.accounts.engine.begin() as c:
                c.execute(api_tokens.update().where(api_tokens.c.id == row.id).values(last_used_at=now))
        return user


def _token(row: Any) -> ApiToken:
    return ApiToken(id=int(row.id), name=row.name, created_at=row.created_at, expires_at=row.expires_at,
                    last_used_at=row.last_used_at, revoked_at=row.revoked_at)


class Auth:
    def __init__(self, accounts: Accounts, secret: str, max_age: int = DEFAULT_MAX_AGE,
                 idle: int = DEFAULT_IDLE) -> None:
        self.accounts = accounts
        self.tokens = Tokens(accounts)
        self.max_age = max_age
        self.idle = min(idle, max_age)
        self._csrf = URLSafeTimedSerializer(secret, salt="ecociv-csrf")

    # -- sessions ----------------------------------------------------------------------------
    def new_session(self, user: User, address: str | None = None) -> tuple[str, str]:
        """Cookie value and CSRF token of a fresh session."""
        token, csrf, now = secrets.token_urlsafe(32), secrets.token_urlsafe(24), utcnow()
        with self.accounts.engine.begin() as c:
            # sessions of this user that ended by time go now (keeps the table small)
            c.execute(sessions.delete().where(
                sessions.c.user_id == user.id,
                sa.or_(sessions.c.created_at < now - dt.timedelta(seconds=self.max_age),
                       sessions.c.last_seen_at < now - dt.timedelta(seconds=self.idle))))
            c.execute(sessions.insert().values(id=_digest(token), user_id=user.id, csrf=csrf, created_at=now,
                                               last_seen_at=now, address=(address or "")[:64] or None))
        return token, csrf

    def session(self, request: Request) -> Session | None:
        cached = request.scope.get("ecociv.session", False)
        if cached is not False:
            return cached  # type: ignore[no-any-return]
        request.scope["ecociv.session"] = sess = self._lookup(request.cookies.get(SESSION_COOKIE))
        return sess

    def _lookup(self, cookie: str | None) -> Session | None:
        if not cookie or len(cookie) > 200:
            return None
        sid, now = _digest(cookie), utcnow()
        with self.accounts.engine.connect() as c:
            row = c.execute(sa.select(sessions).where(sessions.c.id == sid)).first()
        if row is None:
            return None
        expired = (now - row.created_at).total_seconds() > self.max_age or \
            (now - row.last_seen_at).total_seconds() > self.idle
        user = None if expired else self.accounts.by_id(int(row.user_id))
        if user is None:
            with self.accounts.engine.begin() as c:
                c.execute(sessions.delete().where(sessions.c.id == sid))
            return None
        if (now - row.last_seen_at).total_seconds() > _TOUCH_EVERY:
            with self.accounts.engine.begin() as c:
                c.execute(sessions.update().where(sessions.c.id == sid).values(last_seen_at=now))
        return Session(user=user, csrf=row.csrf, id=sid)

    def end_session(self, request: Request) -> None:
        """Logout: the session of this request ends at once."""
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            with self.accounts.engine.begin() as c:
                c.execute(sessions.delete().where(sessions.c.id == _digest(cookie)))
        request.scope["ecociv.session"] = None

    def session_count(self, username: str) -> int:
        user = self.accounts.get(username)
        if user is None:
            return 0
        with self.accounts.engine.connect() as c:
            return int(c.execute(sa.select(sa.func.count()).select_from(sessions)
                                 .where(sessions.c.user_id == user.id)).scalar() or 0)

    # -- API tokens --------------------------------------------------------------------------
    def new_token(self, user: User, name: str | None = None, days: float | None = None) -> str:
        label = name or f"接口令牌 {utcnow():%Y-%m-%d %H:%M}"
        token, _ = self.tokens.create(user.username, label, days if days is not None else self.max_age / 86400)
        return token

    def bearer_user(self, request: Request) -> User | None:
        header = request.headers.get("authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        user = self.tokens.user_of(header[7:].strip())
        if user is None:
            raise HTTPException(401, "令牌无效、已过期或已撤销，请重新获取")
        return user

    # -- CSRF --------------------------------------------------------------------------------
    def _load_csrf(self, value: str | None) -> Any:
        if not value:
            return None
        try:
            return self._csrf.loads(value, max_age=self.max_age)
        except (SignatureExpired, BadSignature):
            return None

    def anonymous_csrf(self, request: Request) -> tuple[str, str | None]:
        """Token for forms shown before login, and a cookie value to set when there was none."""
        token = self._load_csrf(request.cookies.get(CSRF_COOKIE))
        if isinstance(token, str):
            return token, None
        token = secrets.token_urlsafe(24)
        return token, self._csrf.dumps(token)

    def csrf_token(self, request: Request) -> str:
        sess = self.session(request)
        if sess is not None:
            return sess.csrf
        token = self._load_csrf(request.cookies.get(CSRF_COOKIE))
        return token if isinstance(token, str) else ""

    def check_csrf(self, request: Request, submitted: Any) -> None:
        expected = self.csrf_token(request)
        if not expected or not isinstance(submitted, str) or not secrets.compare_digest(expected, submitted):
            raise HTTPException(403, "表单校验失败（缺少或无效的 CSRF 令牌），请刷新页面后重试")
