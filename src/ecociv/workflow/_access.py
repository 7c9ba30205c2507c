"""Who may do what in the cycle: the office (admin, or an editor of the plan's region) opens rounds,
reviews, closes and scores; a unit account (a user linked to 责任单位 in ``user_units``) reports on
its own items only.  The links live in the workflow's own table, so accounts stay as they are."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from ecociv.errors import InputError, NotFoundError, PermissionDenied
from ecociv.store import Store, write_audit
from ecociv.store.tables import plans, regions, user_units, users
from ecociv.tracking import load_alias_table

__all__ = ["Actor", "actor", "add_user_unit", "plan_region", "remove_user_unit", "require_office", "units_of"]


@dataclass(frozen=True)
class Actor:
    """The person acting: account name, role (admin / editor / viewer), region, and units."""

    username: str
    role: str
    region: str | None = None
    units: tuple[str, ...] = field(default_factory=tuple)

    def is_office(self, region: str, parent: str | None) -> bool:
        """Admins everywhere; an editor for the plans of its region (or of the regions under it)."""
        if self.role == "admin":
            return True
        if self.role != "editor" or not self.region:
            return False
        return region == self.region or (parent is not None and parent == self.region)


def _user_row(conn: Connection, username: str) -> tuple[int, str, str | None]:
    row = conn.execute(
        select(users.c.id, users.c.role, regions.c.name)
        .select_from(users.outerjoin(regions, regions.c.id == users.c.region_id))
        .where(users.c.username == username)
    ).first()
    if row is None:
        raise NotFoundError(f"用户“{username}”不存在（用 ecociv user add 创建）")
    return int(row[0]), str(row[1]), row[2]


def units_of(store: Store, username: str) -> list[str]:
    """The units an account reports for (standard names)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(user_units.c.unit_name)
            .join(users, users.c.id == user_units.c.user_id)
            .where(users.c.username == username)
            .order_by(user_units.c.unit_name)
        ).scalars()
        return [str(r) for r in rows]


def actor(store: Store, username: str) -> Actor:
    """The :class:`Actor` of a stored account."""
    with store.engine.connect() as conn:
        _, role, region = _user_row(conn, username)
    return Actor(username, role, region, tuple(units_of(store, username)))


def add_user_unit(store: Store, username: str, unit: str, *, user: str | None = None) -> str:
    """Link an account to a unit (the name may be an alias); returns the standard name."""
    name = load_alias_table(store).canonical(re.sub(r"\s+", "", unit))
    if not name:
        raise InputError("单位名称不能为空")
    with store.engine.begin() as conn:
        uid, _, _ = _user_row(conn, username)
        have = conn.execute(
            select(user_units.c.id).where(user_units.c.user_id == uid, user_units.c.unit_name == name)
        ).first()
        if have is None:
            conn.execute(insert(user_units).values(user_id=uid, unit_name=name))
            write_audit(conn, "create", "user_unit", uid, new={"username": username, "unit": name}, user=user)
    return name


def remove_user_unit(store: Store, username: str, unit: str, *, user: str | None = None) -> None:
    name = load_alias_table(store).canonical(re.sub(r"\s+", "", unit))
    with store.engine.begin() as conn:
        uid, _, _ = _user_row(conn, username)
        done = conn.execute(delete(user_units).where(user_units.c.user_id == uid, user_units.c.unit_name == name))
        if not done.rowcount:
            raise NotFoundError(f"用户“{username}”不属于单位“{name}”")
        write_audit(conn, "delete", "user_unit", uid, old={"username": username, "unit": name}, user=user)


def plan_region(conn: Connection, plan_id: int) -> tuple[str, str | None]:
    """The plan's region and that region's parent (for an editor of a city over a county plan)."""
    parent = regions.alias("parent")
    row = conn.execute(
        select(regions.c.name, parent.c.name)
        .select_from(plans.join(regions, regions.c.id == plans.c.region_id)
                     .outerjoin(parent, parent.c.id == regions.c.parent_id))
        .where(plans.c.id == plan_id)
    ).first()
    if row is None:
        raise NotFoundError(f"没有编号为 {plan_id} 的规划")
    return str(row[0]), row[1]


def require_office(conn: Connection, who: Actor, plan_id: int, what: str) -> None:
    """Refuse unless ``who`` is the office of the plan (admin, or editor of its region)."""
    region, parent = plan_region(conn, plan_id)
    if not who.is_office(region, parent):
        raise PermissionDenied(f"账户“{who.username}”不是“{region}”的规划办公室（管理员或该地区的编辑），不能{what}")
