"""销号: the office closes an item only when a report on it was approved with evidence; it may
reopen a closed item with a reason.  Every closure stays in ``closures`` (reopening dates it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, insert, select, update
from sqlalchemy.engine import Connection

from ecociv.errors import InputError
from ecociv.store import Store, write_audit
from ecociv.store.tables import closures, evidence_files, round_reports, rounds
from ecociv.workflow._access import Actor, require_office
from ecociv.workflow._items import plan_items
from ecociv.workflow._rounds import utcnow

__all__ = ["Closure", "close_item", "closed_items", "reopen_item"]


@dataclass
class Closure:
    item_ref: str
    report_id: int | None
    closed_by: str | None
    closed_at: dt.datetime


def closed_items(conn: Connection, plan_id: int) -> dict[str, Closure]:
    """Items of a plan closed now (not reopened), by reference."""
    rows = conn.execute(select(closures).where(closures.c.plan_id == plan_id, closures.c.reopened_at.is_(None))).all()
    return {r.item_ref: Closure(r.item_ref, r.report_id, r.closed_by, r.closed_at) for r in rows}


def close_item(store: Store, who: Actor, plan_id: int, ref: str) -> Closure:
    """Close (销号) an item of the plan: needs an approved report on it that carries evidence."""
    item = plan_items(store, plan_id).get(ref)
    with store.engine.begin() as conn:
        require_office(conn, who, plan_id, "销号")
        if ref in closed_items(conn, plan_id):
            raise InputError(f"事项 {ref} 已销号")
        with_evidence = exists().where(evidence_files.c.report_id == round_reports.c.id)
        report_id = conn.execute(
            select(round_reports.c.id).join(rounds, rounds.c.id == round_reports.c.round_id)
            .where(rounds.c.plan_id == plan_id, round_reports.c.item_ref == ref, round_reports.c.state == "approved",
                   with_evidence)
            .order_by(round_reports.c.reviewed_at.desc())
        ).scalar()
        if report_id is None:
            raise InputError(f"事项 {ref}（{item.title}）还没有附佐证材料且已审核通过的报送，不能销号")
        now = utcnow()
        conn.execute(insert(closures).values(plan_id=plan_id, item_ref=ref, report_id=report_id,
                                             closed_by=who.username, closed_at=now))
        write_audit(conn, "close", "item", report_id, user=who.username,
                    new={"plan_id": plan_id, "item": ref, "title": item.title, "report_id": report_id})
    return Closure(ref, int(report_id), who.username, now)


def reopen_item(store: Store, who: Actor, plan_id: int, ref: str, reason: str) -> None:
    """Reopen a closed item; the reason is required and kept."""
    why = reason.strip()
    if not why:
        raise InputError(f"恢复事项 {ref} 时请说明原因")
    with store.engine.begin() as conn:
        require_office(conn, who, plan_id, "恢复已销号事项")
        if ref not in closed_items(conn, plan_id):
            raise InputError(f"事项 {ref} 未销号，无需恢复")
        conn.execute(update(closures).where(closures.c.plan_id == plan_id, closures.c.item_ref == ref,
                                            closures.c.reopened_at.is_(None))
                     .values(reopened_by=who.username, reopened_at=utcnow(), reopen_reason=why))
        write_audit(conn, "reopen", "item", None, user=who.username,
                    new={"plan_id": plan_id, "item": ref, "reason": why})


def plan_closures(store: Store, plan_id: int) -> dict[str, Closure]:
    with store.engine.connect() as conn:
        return closed_items(conn, plan_id)
