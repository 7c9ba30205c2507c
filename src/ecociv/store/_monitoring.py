"""Monitoring summaries: what a computed yearly figure was computed from (monthly means, days by
AQI class, files, standard), kept with history like observations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ecociv.store.tables import monitoring_summaries as ms


@dataclass
class MonitoringSummary:
    kind: str  # air / water
    entity: str  # the city (or section network) the figures describe
    year: int
    data: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    standard: str = ""
    computed_at: dt.datetime | None = None
    recorded_by: str | None = None
    id: int | None = None
    plan_id: int | None = None


def add(conn: Connection, plan_id: int, s: MonitoringSummary, now: dt.datetime) -> int:
    """Store ``s``; the current summary of the same (plan, kind, entity, year) is superseded."""
    conn.execute(
        update(ms)
        .where(ms.c.plan_id == plan_id, ms.c.kind == s.kind, ms.c.entity == s.entity, ms.c.year == s.year, ms.c.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    res = conn.execute(
        insert(ms).values(
            plan_id=plan_id, kind=s.kind, entity=s.entity, year=s.year, data=s.data, files=s.files,
            standard=s.standard, computed_at=s.computed_at or now, recorded_by=s.recorded_by,
        )
    )
    key = res.inserted_primary_key
    return int(key[0]) if key else 0


def _row(r: Any) -> MonitoringSummary:
    return MonitoringSummary(r.kind, r.entity, r.year, dict(r.data or {}), list(r.files or []), r.standard, r.computed_at, r.recorded_by, r.id, r.plan_id)


def current(conn: Connection, plan_id: int) -> list[MonitoringSummary]:
    rows = conn.execute(select(ms).where(ms.c.plan_id == plan_id, ms.c.superseded_at.is_(None)).order_by(ms.c.year.desc(), ms.c.kind, ms.c.entity)).all()
    return [_row(r) for r in rows]


def one(conn: Connection, plan_id: int, summary_id: int) -> MonitoringSummary | None:
    r = conn.execute(select(ms).where(ms.c.plan_id == plan_id, ms.c.id == summary_id)).first()
    return None if r is None else _row(r)
