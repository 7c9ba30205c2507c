"""Accounts: users with roles, argon2 password hashes, login backoff.

The ``users`` table belongs to the store (see its migrations); it is reflected here so that this
module depends only on its columns: ``username, password_hash, role, region_id, created_at,
failed_logins, locked_until``.  Every change is written to the store's ``audit_log``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ecociv.errors import InputError, NotFoundError

ROLES = ("admin", "editor", "viewer")
ROLE_NAMES = {"admin": "管理员", "editor": "编辑", "viewer": "只读"}

#: Consecutive wrong passwords allowed before backoff starts (per user and per address).
FREE_FAILURES = 3
#: Longest lock after repeated failures, in seconds.
MAX_LOCK_SECONDS = 900

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    region_id: int | None = None
    region: str | None = None  # name of the region an editor may write

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
    """Login failed; ``retry_after`` > 0 means the account or address is locked for that long."""

    def __init__(self, message: str, retry_after: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _lock_seconds(failures: int) -> int:
    """Exponential backoff: 0 for the first FREE_FAILURES failures, then 2, 4, 8 … seconds."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(2 ** (failures - FREE_FAILURES + 1), MAX_LOCK_SECONDS))


class _AddressThrottle:
    """Per-address failure counter kept in memory (a restart forgives, the per-user lock stays)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: dict[str, tuple[int, float]] = {}  # address -> (failures, locked until)

    def retry_after(self, address: str) -> int:
        with self._lock:
            _, until = self._state.get(address, (0, 0.0))
        return max(0, int(until - time.monotonic() + 0.999))

    def failed(self, address: str) -> None:
        with self._lock:
            n, _ = self._state.get(address, (0, 0.0))
            n += 1
            # an address may try several accounts: allow three times the per-user budget
            extra = n - 2 * FREE_FAILURES
            until = time.monotonic() + (min(2**extra, MAX_LOCK_SECONDS) if extra > 0 else 0)
            self._state[address] = (n, until)

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
        self.audit = sa.Table("audit_log", md, autoload_with=engine)
        self.addresses = _AddressThrottle()

    # -- reading -----------------------------------------------------------------------------
    def _select(self) -> sa.Select[Any]:
        u, r = self.users, self.regions
        return sa.select(u.c.id, u.c.username, u.c.role, u.c.region_id, r.c.name.label("region")).select_from(
            u.outerjoin(r, u.c.region_id == r.c.id)
        )

    @staticmethod
    def _user(row: Any) -> User:
        return User(id=row.id, username=row.username, role=row.role, region_id=row.region_id, region=row.region)

    def get(self, username: str) -> User | None:
        with self.engine.connect() as c:
            row = c.execute(self._select().where(self.users.c.username == username)).first()
        return self._user(row) if row else None

    def get_with_stamp(self, username: str) -> tuple[User | None, str | None]:
        """The user and :meth:`password_stamp` in one query (every request checks both)."""
        q = self._select().add_columns(self.users.c.password_hash).where(self.users.c.username == username)
        with self.engine.connect() as c:
            row = c.execute(q).first()
        if row is None:
            return None, None
        return self._user(row), row.password_hash[-12:]

    def list(self) -> list[User]:
        with self.engine.connect() as c:
            rows = c.execute(self._select().order_by(self.users.c.username)).all()
        return [self._user(r) for r in rows]

    def password_stamp(self, username: str) -> str | None:
        """A short fingerprint of the stored hash: sessions die when the password changes."""
        with self.engine.connect() as c:
            h = c.execute(sa.select(self.users.c.password_hash).where(self.users.c.username == username)).scalar()
        return h[-12:] if h else None

    # -- writing -----------------------------------------------------------------------------
    def _audit(self, c: sa.Connection, actor: str | None, action: str, entity_id: int | None,
               old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        values: dict[str, Any] = {
            "at": _now(), "username": actor, "action": action, "entity": "user", "entity_id": entity_id,
            "old": old, "new": new,
        }
        c.execute(self.audit.insert().values(**{k: v for k, v in values.items() if k in self.audit.c}))

    def _region_id(self, c: sa.Connection, region: str) -> int:
        rid = c.execute(sa.select(self.regions.c.id).where(self.regions.c.name == region)).scalar()
        if rid is None:
            known = c.execute(sa.select(self.regions.c.name).order_by(self.regions.c.name)).scalars().all()
            hint = "、".join(known[:20]) if known else "（尚无地区，请先导入规划）"
            raise InputError(f"地区“{region}”不存在；已有地区：{hint}")
        return int(rid)

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < 8:
            raise InputError("密码至少需要 8 个字符")

    def add(self, username: str, password: str, role: str, region: str | None = None,
            actor: str | None = None) -> User:
        username = username.strip()
        if not username or len(username) > 64 or any(ch.isspace() for ch in username):
            raise InputError(f"用户名“{username}”无效：应为 1–64 个字符且不含空白")
        if role not in ROLES:
            raise InputError(f"角色“{role}”无效，应为 admin（管理员）、editor（编辑）或 viewer（只读）之一")
        if role == "editor" and not region:
            raise InputError("编辑角色需要指定所负责的地区（--region）")
        self._check_password(password)
        with self.engine.begin() as c:
            if c.execute(sa.select(self.users.c.id).where(self.users.c.username == username)).first():
                raise InputError(f"用户“{username}”已存在")
            rid = self._region_id(c, region) if region else None
            values: dict[str, Any] = {
                "username": username, "password_hash": _hasher.hash(password), "role": role,
                "region_id": rid, "created_at": _now(), "failed_logins": 0, "locked_until": None,
            }
            pk = c.execute(
                self.users.insert().values(**{k: v for k, v in values.items() if k in self.users.c})
            ).inserted_primary_key
            uid = int(pk[0]) if pk else None
            self._audit(c, actor, "create", uid, None, {"username": username, "role": role, "region": region})
        user = self.get(username)
        assert user is not None
        return user

    def set_password(self, username: str, password: str, actor: str | None = None) -> None:
        self._check_password(password)
        with self.engine.begin() as c:
            uid = c.execute(sa.select(self.users.c.id).where(self.users.c.username == username)).scalar()
            if uid is None:
                raise NotFoundError(f"用户“{username}”不存在")
            c.execute(
                self.users.update().where(self.users.c.id == uid)
                .values(password_hash=_hasher.hash(password), failed_logins=0, locked_until=None)
            )
            self._audit(c, actor, "password", uid, None, {"username": username, "password": "（已更改）"})

    def ensure(self, username: str, password: str, role: str) -> bool:
        """Create the account if it does not exist; True when created."""
        if self.get(username) is not None:
            return False
        self.add(username, password, role, actor="system")
        return True

    # -- authentication ----------------------------------------------------------------------
    def authenticate(self, username: str, password: str, address: str) -> User:
        """Check a password, with per-user and per-address backoff after repeated failures."""
        wait = self.addresses.retry_after(address)
        now = _now()
        with self.engine.connect() as c:
            row = c.execute(
                sa.select(self.users.c.password_hash, self.users.c.failed_logins, self.users.c.locked_until)
                .where(self.users.c.username == username)
            ).first()
        if row is not None and row.locked_until is not None and row.locked_until > now:
            wait = max(wait, int((row.locked_until - now).total_seconds() + 0.999))
        if wait > 0:
            raise LoginRefused(f"登录失败次数过多，请 {wait} 秒后再试", retry_after=wait)
        ok = False
        if row is not None:
            try:
                ok = _hasher.verify(row.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                ok = False
        else:
            # spend the same time as a real check so that names cannot be probed by timing
            with contextlib.suppress(VerificationError):
                _hasher.verify(_DUMMY_HASH, password)
        if not ok:
            self.addresses.failed(address)
            if row is not None:
                failures = int(row.failed_logins or 0) + 1
                lock = _lock_seconds(failures)
                with self.engine.begin() as c:
                    c.execute(
                        self.users.update().where(self.users.c.username == username).values(
                            failed_logins=failures,
                            locked_until=now + dt.timedelta(seconds=lock) if lock else None,
                        )
                    )
            raise LoginRefused("用户名或密码错误")
        self.addresses.succeeded(address)
        with self.engine.begin() as c:
            c.execute(self.users.update().where(self.users.c.username == username)
                      .values(failed_logins=0, locked_until=None))
            if _hasher.check_needs_rehash(row.password_hash):  # type: ignore[union-attr]
                c.execute(self.users.update().where(self.users.c.username == username)
                          .values(password_hash=_hasher.hash(password)))
        user = self.get(username)
        assert user is not None
        return user


_DUMMY_HASH = _hasher.hash("ecociv-no-such-user")
