"""Users' own alias entries, kept in the store's ``units`` / ``unit_aliases`` tables."""

from __future__ import annotations

import re

from sqlalchemy import delete, insert, select

from ecociv.errors import InputError, NotFoundError
from ecociv.store import Store, write_audit
from ecociv.store.tables import task_units, unit_aliases, units
from ecociv.tracking._units import AliasTable, default_alias_table

__all__ = ["add_alias", "load_alias_table", "remove_alias", "stored_unit_names"]


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", name)


def load_alias_table(store: Store | None = None) -> AliasTable:
    """The shipped defaults plus the user's entries from ``store`` (which win)."""
    table = default_alias_table()
    if store is None:
        return table
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(unit_aliases.c.alias, units.c.name).join(units, units.c.id == unit_aliases.c.unit_id)
        ).all()
        placeholders = conn.execute(select(units.c.name).where(units.c.placeholder.is_(True))).scalars().all()
    table = table.with_entries({str(a): str(n) for a, n in rows})
    table.placeholders.update(str(p) for p in placeholders)
    return table


def add_alias(store: Store, alias: str, canonical: str, *, user: str | None = None) -> None:
    """Record that ``alias`` names the department ``canonical`` (replacing an earlier entry)."""
    a, c = _clean(alias), _clean(canonical)
    if not a or not c:
        raise InputError("别名和标准名称都不能为空（格式：别名=标准名称）")
    if a == c:
        raise InputError(f"别名“{a}”与标准名称相同")
    table = load_alias_table(store)
    if table.canonical(c) == a:
        raise InputError(f"“{c}”已是“{a}”的别名，不能再反向设置（会形成循环）")
    with store.engine.begin() as conn:
        unit_id = conn.execute(select(units.c.id).where(units.c.name == c)).scalar()
        if unit_id is None:
            res = conn.execute(insert(units).values(name=c, placeholder=table.is_placeholder(c)))
            key = res.inserted_primary_key
            assert key is not None
            unit_id = int(key[0])
        old = conn.execute(
            select(units.c.name)
            .join(unit_aliases, units.c.id == unit_aliases.c.unit_id)
            .where(unit_aliases.c.alias == a)
        ).scalar()
        conn.execute(delete(unit_aliases).where(unit_aliases.c.alias == a))
        conn.execute(insert(unit_aliases).values(alias=a, unit_id=unit_id))
        write_audit(
            conn,
            "create" if old is None else "replace",
            "unit_alias",
            int(unit_id),
            old={"alias": a, "unit": old} if old else None,
            new={"alias": a, "unit": c},
            user=user,
        )


def remove_alias(store: Store, alias: str, *, user: str | None = None) -> None:
    """Delete a user's alias entry (the shipped defaults cannot be deleted, only overridden)."""
    a = _clean(alias)
    with store.engine.begin() as conn:
        row = conn.execute(
            select(unit_aliases.c.id, units.c.name)
            .join(units, units.c.id == unit_aliases.c.unit_id)
            .where(unit_aliases.c.alias == a)
        ).first()
        if row is None:
            raise NotFoundError(f"数据库中没有用户设置的别名“{a}”（内置别名只能用 --add 覆盖）")
        conn.execute(delete(unit_aliases).where(unit_aliases.c.id == row.id))
        write_audit(conn, "delete", "unit_alias", None, old={"alias": a, "unit": row.name}, user=user)


def stored_unit_names(store: Store) -> list[str]:
    """Every unit name as written in the stored plans' tasks (one entry per mention)."""
    with store.engine.connect() as conn:
        return [str(n) for n in conn.execute(select(task_units.c.unit_name)).scalars().all()]
