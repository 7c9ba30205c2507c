"""Observations with their history (append-only) and the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, bindparam, insert, select, update
from sqlalchemy.engine import Connection

from ecociv.errors import InputError
from ecociv.model import Observation, number_problem, year_problem
from ecociv.store._plan_rows import indicator_ids, row_id, utcnow
from ecociv.store.tables import audit_log, indicator_tables, indicators, observations

_OBSERVATION_COLUMNS = (
    "indicator_id",
    "year",
    "value",
    "text",
    "source",
    "note",
    "recorded_by",
    "recorded_at",
)


@dataclass
class AuditEntry:
    """One line of the audit log: who did what to which entity, and the values before and after."""

    id: int
    at: dt.datetime
    username: str | None
    action: str  # create / replace / delete / record …
    entity: str  # plan / observation / user / progress …
    entity_id: int | None
    old: Any
    new: Any


def write_audit(
    conn: Connection,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    old: Any = None,
    new: Any = None,
    user: str | None = None,
) -> None:
    """Append an audit entry inside the caller's transaction (JSON-serialisable ``old``/``new``)."""
    conn.execute(insert(audit_log), {"at": utcnow(), "username": user, "action": action, "entity": entity,
                                     "entity_id": entity_id, "old": old, "new": new})


def read_audit(conn: Connection, limit: int = 100, entity: str | None = None) -> list[AuditEntry]:
    stmt = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
    if entity is not None:
        stmt = stmt.where(audit_log.c.entity == entity)
    return [
        AuditEntry(
            id=r.id,
            at=r.at,
            username=r.username,
            action=r.action,
            entity=r.entity,
            entity_id=r.entity_id,
            old=r.old,
            new=r.new,
        )
        for r in conn.execute(stmt)
    ]


def _brief(row: Row[Any] | Observation) -> dict[str, Any]:
    return {"year": row.year, "value": row.value, "text": row.text, "source": row.source, "note": row.note}


def add_observations(conn: Connection, plan_id: int, items: list[Observation], user: str | None) -> int:
    ids = indicator_ids(conn, plan_id)
    unknown = sorted({o.indicator_key for o in items if o.indicator_key not in ids})
    if unknown:
        raise InputError(
            f"规划（编号 {plan_id}）中没有这些指标：{'、'.join(unknown[:10])}（指标键应为“表/行[/子行]”，如 0/3）"
        )
    bad = [f"{o.indicator_key} {o.year}年：{p}" for o in items if (p := o.problem())]
    if bad:
        raise InputError(f"有 {len(bad)} 个数值不能录入，未写入任何数据：" + "；".join(bad[:10]))
    now = utcnow()
    for o in items:
        ind_id = ids[o.indicator_key]
        current = conn.execute(
            select(observations).where(
                observations.c.indicator_id == ind_id,
                observations.c.year == o.year,
                observations.c.superseded_at.is_(None),
            )
        ).all()
        if current:
            conn.execute(
                update(observations)
                .where(observations.c.id.in_([c.id for c in current]))
                .values(superseded_at=now)
            )
        new_id = row_id(
            conn.execute(
                insert(observations).values(
                    indicator_id=ind_id,
                    year=o.year,
                    value=o.value,
                    text=o.text,
                    source=o.source,
                    note=o.note,
                    recorded_by=user or o.recorded_by,
                    recorded_at=o.recorded_at or now,
                )
            )
        )
        write_audit(
            conn,
            "record",
            "observation",
            int(new_id),
            old=_brief(current[-1]) if current else None,
            new={"indicator": o.indicator_key, **_brief(o)},
            user=user,
        )
    return len(items)


_BULK_COLUMNS = (*_OBSERVATION_COLUMNS, "superseded_at")


def _insert_batch(conn: Connection, batch: list[tuple[Any, ...]]) -> None:
    """One batch through the driver: COPY on PostgreSQL, executemany elsewhere."""
    cols = ", ".join(_BULK_COLUMNS)
    if conn.dialect.name == "postgresql":
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY observations ({cols}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
        return
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" for _ in _BULK_COLUMNS)
        conn.exec_driver_sql(f"INSERT INTO observations ({cols}) VALUES ({marks})", batch)
        return
    conn.execute(insert(observations), [dict(zip(_BULK_COLUMNS, row, strict=True)) for row in batch])


def bulk_insert(conn: Connection, rows: Iterable[Mapping[str, Any]], *, supersede: bool, chunk: int) -> int:
    """Insert observation rows in batches through the driver (COPY on PostgreSQL).

    With ``supersede`` the newest row of each (indicator, year) is its current value: the older
    rows of the batch are written already superseded, and the stored current values of the same
    (indicator, year) are marked superseded.  The rows are held in memory for that.
    """
    now = utcnow()
    sqlite = conn.dialect.name == "sqlite"

    def stored(at: Any) -> Any:  # SQLite gets the text SQLAlchemy would write
        return (
            at.isoformat(sep=" ", timespec="microseconds") if sqlite and isinstance(at, dt.datetime) else at
        )

    stamp = stored(now)
    data: list[list[Any]] = []
    for r in rows:
        problem = year_problem(r.get("year")) or number_problem(r.get("value"))
        if problem:
            raise InputError(f"第 {len(data) + 1} 条数据不能写入（{problem}），未写入任何数据")
        values = [r.get(c) for c in _OBSERVATION_COLUMNS]
        values[-1] = stamp if values[-1] is None else stored(values[-1])
        values.append(None)
        data.append(values)
    if supersede and data:
        newest: dict[tuple[Any, Any], int] = {}
        for k, values in enumerate(data):
            newest[(values[0], values[1])] = k
        for k, values in enumerate(data):
            if newest[(values[0], values[1])] != k:
                values[-1] = stamp
        conn.execute(
            update(observations)
            .where(
                observations.c.indicator_id == bindparam("b_indicator"),
                observations.c.year == bindparam("b_year"),
                observations.c.superseded_at.is_(None),
            )
            .values(superseded_at=now),
            [{"b_indicator": i, "b_year": y} for i, y in newest],
        )
    for start in range(0, len(data), chunk):
        _insert_batch(conn, [tuple(v) for v in data[start : start + chunk]])
    return len(data)


def _observation(key: str, r: Mapping[Any, Any]) -> Observation:
    """The stored row; a value or year that is not usable (written by older versions or by hand)
    comes back with ``invalid`` set and no value, so that nothing computes with it."""
    year, value = r["year"], r["value"]
    bad = year_problem(year) or number_problem(value)
    return Observation(
        indicator_key=key,
        year=year if isinstance(year, int) and not isinstance(year, bool) else 0,
        value=None if bad else value,
        invalid=bad,
        text=r["text"],
        source=r["source"],
        note=r.get("note"),
        recorded_by=r["recorded_by"],
        recorded_at=r["recorded_at"],
    )


def current_observations(conn: Connection, plan_id: int, year: int | None) -> list[Observation]:
    stmt = (
        select(indicators.c.key, observations)
        .join(indicators, indicators.c.id == observations.c.indicator_id)
        .join(indicator_tables, indicator_tables.c.id == indicators.c.table_id)
        .where(indicator_tables.c.plan_id == plan_id, observations.c.superseded_at.is_(None))
        .order_by(observations.c.id)
    )
    if year is not None:
        stmt = stmt.where(observations.c.year == year)
    return current_of((r.key, r._mapping) for r in conn.execute(stmt))


def current_of(rows: Iterable[tuple[str, Mapping[Any, Any]]]) -> list[Observation]:
    """The current observations among rows (indicator key, observation row) in the order written:
    the newest of each (indicator, year), usable ones only, ordered by key and year."""
    latest: dict[tuple[str, int], Observation] = {}
    for key, r in rows:
        o = _observation(key, r)
        if o.invalid is None:  # an unusable stored figure is shown in the history, never judged
            latest[(key, r["year"])] = o
    return sorted(latest.values(), key=lambda o: (_key_order(o.indicator_key), o.year))


def _key_order(key: str) -> tuple[int, ...]:
    return tuple(int(p) for p in key.split("/") if p.isdigit())


def history(conn: Connection, plan_id: int, key: str) -> list[Observation]:
    ids = indicator_ids(conn, plan_id)
    if key not in ids:
        raise InputError(f"规划（编号 {plan_id}）中没有指标 {key}")
    stmt = select(observations).where(observations.c.indicator_id == ids[key]).order_by(observations.c.id)
    return [_observation(key, r._mapping) for r in conn.execute(stmt)]
