"""Accounts: users with roles, argon2 password hashes, a password policy and login slowing.

The ``users`` table belongs to the store (see its migrations); it is reflected here so that this
module depends only on its columns: ``username, password_hash, role, region_id, created_at,
failed_logins, locked_until, disabled_at``.  Every change, login, failed login and lock-out is
written to the store's ``audit_log``.

Login slowing never locks the real user out: wrong passwords for an *account* only make its next
logins wait a few seconds (``account_delay``), after which the right password works from any client;
wrong passwords from an *address* make that address wait longer and longer (``LoginRefused``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ecociv.errors import InputError, NotFoundError

ROLES = ("admin", "editor", "viewer")
ROLE_NAMES = {"admin": "管理员", "editor": "编辑", "viewer": "只读"}

#: Consecutive wrong passwords allowed before slowing starts (per account and per address).
FREE_FAILURES = 3
#: Longest wait before an account's next login is checked, in seconds (kept short on purpose:
#: it slows guessing without locking the real user out).
MAX_ACCOUNT_DELAY = 3.0
#: Longest lock of an address after repeated failures, in seconds.
MAX_LOCK_SECONDS = 900
#: Shortest password accepted.
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,64}$")

_hasher = PasswordHasher()


def utcnow() -> dt.datetime:
    """Naive UTC, as the store keeps times."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _common_passwords() -> frozenset[str]:
    text = (resources.files("ecociv.web") / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


COMMON_PASSWORDS = _common_passwords()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    region_id: int | None = None
    region: str | None = None  # name of the region an editor may write
    disabled: bool = False

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role, self.role)

    def can_write_region(self, region: str | None, parent: str | None = None) -> bool:
        """Admins write everywhere; an editor writes the plans of its own region (or its children)."""
        if self.role == "admin":
            return True
        if self.role != "editor" or not self.region:
            return False
        return region == self.region or (parent is not None and parent == self.region)


class LoginRefused(Exception):
    """Login failed; ``retry_after`` > 0 means the address must wait that long."""

    def __init__(self, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _account_delay(failures: int) -> float:
    """Seconds an account's next login waits: 0 for the first FREE_FAILURES failures, then 1, 2, 3."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(float(failures - FREE_FAILURES + 1), MAX_ACCOUNT_DELAY)


def check_password_policy(password: str, username: str = "") -> None:
    """Refuse short, common or name-like passwords (message in Chinese)."""
    if len(password) < MIN_PASSWORD:
        raise InputError(f"密码至少需要 {MIN_PASSWORD} 个字符")
    if len(password) > 256:
        raise InputError("密码不能超过 256 个字符")
    low = password.lower()
    if low in COMMON_PASSWORDS or len(set(low)) <= 2:
        raise InputError("密码过于常见或简单，容易被猜中，请换一个")
    if username and username.lower() in low:
        raise InputError("密码不能包含用户名")


def check_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.fullmatch(name):
        raise InputError(f"用户名“{name[:80]}”无效：应为 1–64 个字母、数字、汉字或 _ . -，不含空白和其他符号")
    return name


class _AddressThrottle:
    """Per-address failure counter kept in memory (a restart forgives)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, tuple[int, float]] = {}  # address -> (failures, locked until)

    def retry_after(self, address: str) -> int:
        with self._lock:
            _, until = self._state.get(address, (0, 0.0))
        return max(0, int(until - time.monotonic() + 0.999))

    def failed(self, address: str) -> int:
        """Count a failure; the seconds the address is now locked for."""
        with self._lock:
            n, _ = self._state.get(address, (0, 0.0))
            n += 1
            # an address may try several accounts: allow twice the per-account budget
            extra = n - 2 * FREE_FAILURES
            lock = min(2**extra, MAX_LOCK_SECONDS) if extra > 0 else 0
            self._state[address] = (n, time.monotonic() + lock)
            if len(self._state) > 100_000:  # bounded memory under a spray of addresses
                self._state.pop(next(iter(self._state)))
            return lock

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._state.pop(address, None)


class Accounts:
    """User administration and authentication over the store's tables."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        md = sa.MetaData()
        self.users = sa.Table("users", md, autoload_with=engine)
        self.regions = sa.Table("regions", md, autoload_with=engine)
        self.audit_log = sa.Table("audit_log", md, autoload_with=engine)
        self.addresses = _AddressThrottle()

    # -- reading -----------------------------------------------------------------------------
    def _select(self) -> sa.Select[Any]:
        u, r = self.users, self.regions
        return sa.select(u.c.id, u.c.username, u.c.role, u.c.region_id, u.c.disabled_at,
                         r.c.name.label("region")).select_from(u.outerjoin(r, u.c.region_id == r.c.id))

    @staticmethod
    def _user(row: Any) -> User:
        return User(id=row.id, username=row.username, role=row.role, region_id=row.region_id, region=row.region,
                    disabled=row.disabled_at is not None)

    def get(self, username: str) -> User | None:
        with self.engine.connect() as c:
            row = c.execute(self._select().where(self.users.c.username == username)).first()
        return self._user(row) if row else None

    def by_id(self, user_id: int) -> User | None:
        """An enabled account by id (None when deleted or disabled)."""
        with self.engine.connect() as c:
            row = c.execute(self._select().where(self.users.c.id == user_id)).first()
        user = self._user(row) if row else None
        return user if user is not None and not user.disabled else None

    def list(self) -> list[User]:
        with self.engine.connect() as c:
            rows = c.execute(self._select().order_by(self.users.c.username)).all()
        return [self._user(r) for r in rows]

    def _require(self, c: sa.Connection, username: str) -> int:
        uid = c.execute(sa.select(self.users.c.id).where(self.users.c.username == username)).scalar()
        if uid is None:
            raise NotFoundError(f"用户“{username}”不存在")
        return int(uid)

    # -- writing -----------------------------------------------------------------------------
    def audit(self, c: sa.Connection, actor: str | None, action: str, entity_id: int | None,
              new: dict[str, Any] | None, old: dict[str, Any] | None = None) -> None:
        values: dict[str, Any] = {
            "at": utcnow(), "username": actor, "action": action, "entity": "user", "entity_id": entity_id,
            "old": old, "new": new,
        }
        c.execute(self.audit_log.insert().values(**{k: v for k, v in values.items() if k in self.audit_log.c}))

    def _region_id(self, c: sa.Connection, region: str) -> int:
        rid = c.execute(sa.select(self.regions.c.id).where(self.regions.c.name == region)).scalar()
        if rid is None:
            known = c.execute(sa.select(self.regions.c.name).order_by(self.regions.c.name)).scalars().all()
            hint = "、".join(known[:20]) if known else "（尚无地区，请先导入规划）"
            raise InputError(f"地区“{region}”不存在；已有地区：{hint}")
        return int(rid)

    def add(self, username: str, password: str, role: str, region: str | None = None,
            actor: str | None = None) -> User:
        username = check_username(username)
        if role not in ROLES:
            raise InputError(f"角色“{role}”无效，应为 admin（管理员）、editor（编辑）或 viewer（只读）之一")
        if role == "editor" and not region:
            raise InputError("编辑角色需要指定所负责的地区（--region）")
        check_password_policy(password, username)
        with self.engine.begin() as c:
            if c.execute(sa.select(self.users.c.id).where(self.users.c.username == username)).first():
                raise InputError(f"用户“{username}”已存在")
            rid = self._region_id(c, region) if region else None
            values: dict[str, Any] = {
                "username": username, "password_hash": _hasher.hash(password), "role": role,
                "region_id": rid, "created_at": utcnow(), "failed_logins": 0, "locked_until": None,
            }
            pk = c.execute(
                self.users.insert().values(**{k: v for k, v in values.items() if k in self.users.c})
            ).inserted_primary_key
            uid = int(pk[0]) if pk else None
            self.audit(c, actor, "create", uid, {"username": username, "role": role, "region": region})
        user = self.get(username)
        assert user is not None
        return user

    def _end_access(self, c: sa.Connection, uid: int) -> None:
        """Every session of the account ends and every API token is revoked."""
        from ecociv.store.tables import api_tokens, sessions

        c.execute(sessions.delete().where(sessions.c.user_id == uid))
        c.execute(api_tokens.update().where(api_tokens.c.user_id == uid, api_tokens.c.revoked_at.is_(None))
                  .values(revoked_at=utcnow()))

    def set_password(self, username: str, password: str, actor: str | None = None) -> None:
        """New password; the account's sessions end and its API tokens are revoked."""
        check_password_policy(password, username)
        with self.engine.begin() as c:
            uid = self._require(c, username)
            c.execute(
                self.users.update().where(self.users.c.id == uid)
                .values(password_hash=_hasher.hash(password), failed_logins=0, locked_until=None)
            )
            self._end_access(c, uid)
            self.audit(c, actor, "password", uid, {"username": username, "password": "（已更改）"})

    def change_own_password(self, username: str, current: str, new: str) -> None:
        """A user changing the password: the current one must be right."""
        with self.engine.connect() as c:
            h = c.execute(sa.select(self.users.c.password_hash).where(self.users.c.username == username)).scalar()
        if h is None or not _verify(h, current):
            raise InputError("当前密码不正确")
        if new == current:
            raise InputError("新密码不能与当前密码相同")
        self.set_password(username, new, actor=username)

    def set_disabled(self, username: str, disabled: bool, actor: str | None = None) -> None:
        """Disable (sessions end, tokens revoked, no login) or enable an account."""
        with self.engine.begin() as c:
            uid = self._require(c, username)
            if disabled and actor == username:
                raise InputError("不能停用自己的账户")
            c.execute(self.users.update().where(self.users.c.id == uid)
                      .values(disabled_at=utcnow() if disabled else None, failed_logins=0, locked_until=None))
            if disabled:
                self._end_access(c, uid)
            self.audit(c, actor, "disable" if disabled else "enable", uid, {"username": username})

    def sign_out_everywhere(self, username: str, actor: str | None = None) -> None:
        with self.engine.begin() as c:
            uid = self._require(c, username)
            self._end_access(c, uid)
            self.audit(c, actor, "logout-all", uid, {"username": username})

    def delete(self, username: str, actor: str | None = None) -> None:
        """Delete an account (its sessions and tokens go with it); the audit log keeps its name."""
        with self.engine.begin() as c:
            uid = self._require(c, username)
            if actor == username:
                raise InputError("不能删除自己的账户")
            role = c.execute(sa.select(self.users.c.role).where(self.users.c.id == uid)).scalar()
            if role == "admin":
                admins = c.execute(sa.select(sa.func.count()).select_from(self.users).where(
                    self.users.c.role == "admin", self.users.c.disabled_at.is_(None))).scalar()
                if int(admins or 0) <= 1:
                    raise InputError("不能删除最后一个管理员账户")
            self._end_access(c, uid)
            c.execute(self.users.delete().where(self.users.c.id == uid))
            self.audit(c, actor, "delete", uid, None, {"username": username})

    def ensure(self, username: str, password: str, role: str) -> bool:
        """Create the account if it does not exist; True when created."""
        if self.get(username) is not None:
            return False
        self.add(username, password, role, actor="system")
        return True

    # -- authentication ----------------------------------------------------------------------
    def account_delay(self, username: str) -> float:
        """Seconds to wait before checking a login for ``username`` (0 unless recent failures)."""
        with self.engine.connect() as c:
            until = c.execute(sa.select(self.users.c.locked_until)
                              .where(self.users.c.username == username)).scalar()
        if until is None:
            return 0.0
        return float(max(0.0, min((until - utcnow()).total_seconds(), MAX_ACCOUNT_DELAY)))

    def authenticate(self, username: str, password: str, address: str) -> User:
        """Check a password; refused while the *address* is locked, never because of the account.

        Callers wait :meth:`account_delay` first (the web does, without holding a thread).
        """
        wait = self.addresses.retry_after(address)
        if wait > 0:
            raise LoginRefused(f"此地址登录失败次数过多，请 {wait} 秒后再试", retry_after=wait)
        with self.engine.connect() as c:
            row = c.execute(
                sa.select(self.users.c.id, self.users.c.password_hash, self.users.c.failed_logins,
                          self.users.c.disabled_at).where(self.users.c.username == username)
            ).first()
        if row is not None:
            ok = _verify(row.password_hash, password)
        else:
            # spend the same time as a real check so that names cannot be probed by timing
            with contextlib.suppress(VerificationError):
                _hasher.verify(_DUMMY_HASH, password)
            ok = False
        if ok and row is not None and row.disabled_at is not None:
            self._record(username, row.id, "login-failed", address, "账户已停用")
            raise LoginRefused("该账户已停用，请联系管理员")
        if not ok:
            self._failed(username, row, address)
            raise LoginRefused("用户名或密码错误")
        assert row is not None
        self.addresses.succeeded(address)
        with self.engine.begin() as c:
            c.execute(self.users.update().where(self.users.c.id == row.id).values(failed_logins=0, locked_until=None))
            if _hasher.check_needs_rehash(row.password_hash):
                c.execute(self.users.update().where(self.users.c.id == row.id)
                          .values(password_hash=_hasher.hash(password)))
            self.audit(c, username, "login", row.id, {"username": username, "address": address})
        user = self.get(username)
        assert user is not None
        return user

    def _record(self, username: str, uid: int | None, action: str, address: str, reason: str) -> None:
        with self.engine.begin() as c:
            self.audit(c, username[:100] or None, action, uid,
                       {"username": username[:100], "address": address, "reason": reason})

    def _failed(self, username: str, row: Any, address: str) -> None:
        locked = self.addresses.failed(address)
        reason = "用户名或密码错误"
        if row is None:
            self._record(username, None, "login-failed", address, "用户不存在")
        else:
            failures = int(row.failed_logins or 0) + 1
            delay = _account_delay(failures)
            with self.engine.begin() as c:
                c.execute(self.users.update().where(self.users.c.id == row.id).values(
                    failed_logins=failures,
                    locked_until=utcnow() + dt.timedelta(seconds=delay) if delay else None))
            self._record(username, row.id, "login-failed", address, reason)
            if failures == FREE_FAILURES:
                self._record(username, row.id, "lockout", address, f"账户连续 {failures} 次密码错误，此后登录放慢")
        if locked:
            self._record(username, row.id if row is not None else None, "lockout", address,
                         f"地址 {address} 登录失败过多，锁定 {locked} 秒")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = _hasher.hash("ecociv-no-such-user")
