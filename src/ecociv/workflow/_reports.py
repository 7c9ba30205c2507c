"""Reports (报送): a unit's progress on one item in one round, with a history of every change.

States: ``draft`` (草稿, the unit may edit) → ``submitted`` (已报送, locked, awaiting review) →
``approved`` (已通过) or ``returned`` (已退回, back to the unit, which edits and submits again).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from ecociv.errors import InputError, NotFoundError, PermissionDenied
from ecociv.store import Store, write_audit
from ecociv.store.tables import progress, report_events, round_reports, rounds
from ecociv.tracking import DONE, IN_PROGRESS, ProjectRow, QuantityRow, load_register
from ecociv.workflow._access import Actor, plan_region, require_office
from ecociv.workflow._items import Item
from ecociv.workflow._rounds import Round, get_round, round_items, utcnow

__all__ = [
    "STATES",
    "Event",
    "Report",
    "ReportInput",
    "get_report",
    "report_history",
    "review_report",
    "round_reports_of",
    "save_report",
    "submit_report",
]

STATES = {"draft": "草稿", "submitted": "待审核", "returned": "已退回", "approved": "已通过"}
_EDITABLE = ("draft", "returned")
_FIELDS = ("progress_text", "problems", "percent", "done_value", "investment_wan_yuan")


@dataclass
class ReportInput:
    """What a unit fills in: progress, problems, percent (0–100) or quantity done, investment (万元)."""

    progress_text: str | None = None
    problems: str | None = None
    percent: float | None = None
    done_value: float | None = None
    investment_wan_yuan: float | None = None

    def check(self, item: Item) -> None:
        if self.percent is not None and not 0 <= self.percent <= 100:
            raise InputError(f"事项 {item.ref}：完成比例 {self.percent:g} 无效，应在 0 到 100 之间")
        for name, v in (("完成数量", self.done_value), ("完成投资", self.investment_wan_yuan)):
            if v is not None and v < 0:
                raise InputError(f"事项 {item.ref}：{name}不能为负数（{v:g}）")
        if self.investment_wan_yuan is not None and item.kind != "project":
            raise InputError(f"事项 {item.ref} 不是重点工程，不填写完成投资")


@dataclass
class Report:
    id: int
    round_id: int
    item_ref: str
    unit: str
    state: str
    progress_text: str | None
    problems: str | None
    percent: float | None
    done_value: float | None
    investment_wan_yuan: float | None
    updated_by: str | None
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_comment: str | None
    due: dt.date | None = None
    plan_id: int | None = None

    @property
    def state_name(self) -> str:
        return STATES.get(self.state, self.state)

    @property
    def late(self) -> bool:
        """Submitted after the round's due date (the day counts in full, in the server's time zone)."""
        if self.submitted_at is None or self.due is None:
            return False
        return self.submitted_at.replace(tzinfo=dt.UTC).astimezone().date() > self.due

    def snapshot(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _FIELDS}


@dataclass
class Event:
    at: dt.datetime
    username: str | None
    action: str
    state: str
    comment: str | None
    snapshot: dict[str, Any] = field(default_factory=dict)

    @property
    def state_name(self) -> str:
        return STATES.get(self.state, self.state)


def _select() -> Any:
    return select(round_reports, rounds.c.due, rounds.c.plan_id).join(rounds, rounds.c.id == round_reports.c.round_id)


def _report(row: Any) -> Report:
    return Report(row.id, row.round_id, row.item_ref, row.unit_name, row.state, row.progress_text, row.problems,
                  row.percent, row.done_value, row.investment_wan_yuan, row.updated_by, row.updated_at,
                  row.submitted_at, row.reviewed_by, row.reviewed_at, row.review_comment, row.due, row.plan_id)


def load_report(conn: Connection, report_id: int) -> Report:
    row = conn.execute(_select().where(round_reports.c.id == report_id)).first()
    if row is None:
        raise NotFoundError(f"没有编号为 {report_id} 的报送")
    return _report(row)


def may_see(conn: Connection, who: Actor, rep: Report) -> bool:
    """The office of the plan, or an account of the report's unit."""
    if rep.unit in who.units:
        return True
    assert rep.plan_id is not None
    return who.is_office(*plan_region(conn, rep.plan_id))


def get_report(store: Store, who: Actor, report_id: int) -> Report:
    """One report, if ``who`` may see it (other units' reports are "not found" to a unit)."""
    with store.engine.connect() as conn:
        rep = load_report(conn, report_id)
        if not may_see(conn, who, rep):
            raise NotFoundError(f"没有编号为 {report_id} 的报送（或您无权查看）")
    return rep


def _event(conn: Connection, rep: Report, who: str, action: str, comment: str | None = None) -> None:
    conn.execute(insert(report_events).values(report_id=rep.id, at=utcnow(), username=who, action=action,
                                              state=rep.state, comment=comment, snapshot=rep.snapshot()))
    write_audit(conn, action, "report", rep.id, user=who,
                new={"round_id": rep.round_id, "item": rep.item_ref, "unit": rep.unit, "state": rep.state,
                     **({"comment": comment} if comment else {}), **rep.snapshot()})


def _unit_item(store: Store, who: Actor, rnd: Round, ref: str, unit: str | None) -> tuple[Item, str]:
    """The item and the unit ``who`` reports it for; refused for items of other units."""
    _, covered = round_items(store, rnd)
    item = next((it for it in covered if it.ref == ref), None)
    if item is None:
        raise NotFoundError(f"调度“{rnd.title}”不包含事项“{ref}”")
    mine = [u for u in item.units if u in who.units]
    if unit is not None:
        mine = [u for u in mine if u == unit]
    if not mine:
        raise PermissionDenied(f"账户“{who.username}”不是事项 {ref} 的责任单位，不能报送")
    return item, mine[0]


def save_report(
    store: Store, who: Actor, round_id: int, ref: str, data: ReportInput, *,
    unit: str | None = None, submit: bool = False,
) -> Report:
    """Save the unit's draft for one item (creating it), and submit it when ``submit``."""
    rnd = get_round(store, round_id)
    if not rnd.is_open:
        raise InputError(f"调度“{rnd.title}”已结束，不能再报送")
    item, name = _unit_item(store, who, rnd, ref, unit)
    data.check(item)
    if data.percent is None and data.done_value is not None and item.target_value:
        data.percent = round(min(100.0, 100 * data.done_value / item.target_value), 1)  # 完成 3 of 5 → 60 %
    now = utcnow()
    values = {k: getattr(data, k) for k in _FIELDS}
    with store.engine.begin() as conn:
        row = conn.execute(select(round_reports.c.id, round_reports.c.state).where(
            round_reports.c.round_id == round_id, round_reports.c.item_ref == ref, round_reports.c.unit_name == name
        )).first()
        if row is None:
            res = conn.execute(insert(round_reports).values(round_id=round_id, item_ref=ref, unit_name=name,
                                                            state="draft", updated_by=who.username, updated_at=now,
                                                            **values))
            key = res.inserted_primary_key
            assert key is not None
            rid = int(key[0])
        else:
            rid = int(row.id)
            if row.state not in _EDITABLE:
                raise InputError(f"事项 {ref} 的报送已{STATES[row.state]}，已锁定，不能修改")
            conn.execute(update(round_reports).where(round_reports.c.id == rid)
                         .values(updated_by=who.username, updated_at=now, **values))
        _event(conn, load_report(conn, rid), who.username, "save")
        if submit:
            _submit(conn, who, load_report(conn, rid))
        return load_report(conn, rid)


def _submit(conn: Connection, who: Actor, rep: Report) -> None:
    if rep.unit not in who.units:
        raise PermissionDenied(f"账户“{who.username}”不是“{rep.unit}”的账户，不能报送")
    if rep.state not in _EDITABLE:
        raise InputError(f"事项 {rep.item_ref} 的报送已{rep.state_name}，不能再次报送")
    if not (rep.progress_text or "").strip() and rep.percent is None and rep.done_value is None:
        raise InputError(f"事项 {rep.item_ref}：请先填写进展情况或完成比例/数量，再报送")
    closed = conn.execute(select(rounds.c.closed_at).where(rounds.c.id == rep.round_id)).scalar()
    if closed is not None:
        raise InputError("该调度已结束，不能再报送")
    conn.execute(update(round_reports).where(round_reports.c.id == rep.id)
                 .values(state="submitted", submitted_at=utcnow()))
    _event(conn, load_report(conn, rep.id), who.username, "submit")


def submit_report(store: Store, who: Actor, report_id: int) -> Report:
    with store.engine.begin() as conn:
        rep = load_report(conn, report_id)
        if not may_see(conn, who, rep):
            raise NotFoundError(f"没有编号为 {report_id} 的报送（或您无权查看）")
        _submit(conn, who, rep)
        return load_report(conn, report_id)


def _register_row(store: Store, report_id: int) -> tuple[str, int] | None:
    """(entity type, id) of the task, quantified target or project a report is on, in the register."""
    with store.engine.connect() as conn:
        rep = load_report(conn, report_id)
    if rep.plan_id is None or not rep.item_ref.startswith(("T", "P")):
        return None
    row = load_register(store, rep.plan_id).find(rep.item_ref)
    kind = "project" if isinstance(row, ProjectRow) else "quantity" if isinstance(row, QuantityRow) else "task"
    return kind, row.id


def _feed_register(conn: Connection, rep: Report, target: tuple[str, int], user: str) -> None:
    """An approved report becomes a progress entry of the register (任务进展), as if typed there."""
    status = DONE if (rep.percent or 0) >= 100 else IN_PROGRESS
    note = f"{rep.unit}：{rep.progress_text or ''}".rstrip("：")
    day = dt.date.today()
    values: dict[str, Any] = {"entity_type": target[0], "entity_id": target[1], "status": status, "note": note,
                              "evidence": f"调度报送 #{rep.id}", "recorded_by": user}
    res = conn.execute(insert(progress).values(**values, as_of=day, recorded_at=utcnow()))
    key = res.inserted_primary_key
    write_audit(conn, "record", "progress", int(key[0]) if key else None, user=user,
                new={**values, "as_of": day.isoformat(), "target": rep.item_ref})


def review_report(store: Store, who: Actor, report_id: int, *, approve: bool, comment: str | None = None) -> Report:
    """The office approves a submitted report, or returns it to the unit with a comment.

    An approved report on a task, quantified target or project is also recorded as its progress
    (已完成 at 100 %, else 推进中), so the task register and dashboard show it.
    """
    note = (comment or "").strip() or None
    target = _register_row(store, report_id) if approve else None
    with store.engine.begin() as conn:
        rep = load_report(conn, report_id)
        assert rep.plan_id is not None
        require_office(conn, who, rep.plan_id, "审核报送")
        if rep.state != "submitted":
            raise InputError(f"报送 {report_id}（{rep.item_ref} · {rep.unit}）当前为“{rep.state_name}”，只有待审核的报送可以审核")
        if not approve and not note:
            raise InputError("退回报送时请填写退回意见，说明需要补充或修改的内容")
        state = "approved" if approve else "returned"
        conn.execute(update(round_reports).where(round_reports.c.id == report_id).values(
            state=state, reviewed_by=who.username, reviewed_at=utcnow(), review_comment=note))
        rep = load_report(conn, report_id)
        _event(conn, rep, who.username, "approve" if approve else "return", note)
        if target is not None:
            _feed_register(conn, rep, target, who.username)
        return rep


def report_history(store: Store, who: Actor, report_id: int) -> list[Event]:
    """Every saved version and decision of a report, oldest first."""
    get_report(store, who, report_id)
    with store.engine.connect() as conn:
        rows = conn.execute(select(report_events).where(report_events.c.report_id == report_id)
                            .order_by(report_events.c.id)).all()
    return [Event(r.at, r.username, r.action, r.state, r.comment, dict(r.snapshot or {})) for r in rows]


def round_reports_of(store: Store, round_id: int, units: list[str] | None = None) -> list[Report]:
    """The reports of a round (of some units only), in item order of storage."""
    stmt = _select().where(round_reports.c.round_id == round_id).order_by(round_reports.c.id)
    if units is not None:
        stmt = stmt.where(round_reports.c.unit_name.in_(units))
    with store.engine.connect() as conn:
        return [_report(r) for r in conn.execute(stmt)]


def plan_reports(conn: Connection, plan_id: int) -> list[Report]:
    """Every report of every round of a plan."""
    return [_report(r) for r in conn.execute(_select().where(rounds.c.plan_id == plan_id).order_by(round_reports.c.id))]
