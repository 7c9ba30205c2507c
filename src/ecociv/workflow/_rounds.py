"""Rounds (调度): the office opens one for a plan, for all items or a selection, with a due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update

from ecociv.errors import InputError, NotFoundError
from ecociv.store import Store, write_audit
from ecociv.store.tables import plans, rounds
from ecociv.workflow._access import Actor, require_office
from ecociv.workflow._items import KIND_NAMES, KINDS, Item, PlanItems, plan_items

__all__ = ["ROUND_KINDS", "Round", "close_round", "get_round", "list_rounds", "open_round", "round_items"]

ROUND_KINDS = {"monthly": "月度", "quarterly": "季度", "yearly": "年度", "adhoc": "专项"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class Round:
    id: int
    plan_id: int
    title: str
    kind: str
    due: dt.date
    kinds: list[str]
    refs: list[str] = field(default_factory=list)  # empty: every item of ``kinds``
    opened_by: str | None = None
    opened_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None

    @property
    def kind_name(self) -> str:
        return ROUND_KINDS.get(self.kind, self.kind)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def covers(self, item: Item) -> bool:
        return item.kind in self.kinds and (not self.refs or item.ref in self.refs)

    def scope_text(self) -> str:
        text = "、".join(KIND_NAMES[k] for k in self.kinds)
        return f"{text}（选定 {len(self.refs)} 项）" if self.refs else f"全部{text}"


def _round(row: Any) -> Round:
    scope = row.scope or {}
    return Round(row.id, row.plan_id, row.title, row.kind, row.due, list(scope.get("kinds") or KINDS),
                 list(scope.get("refs") or []), row.opened_by, row.opened_at, row.closed_at)


def _kind(text: str) -> str:
    t = text.strip()
    for k, name in ROUND_KINDS.items():
        if t in (k, name, name + "调度"):
            return k
    raise InputError(f"调度类型“{text}”无效，应为 monthly（月度）、quarterly（季度）、yearly（年度）或 adhoc（专项）")


def _kinds(given: list[str] | None) -> list[str]:
    if not given:
        return list(KINDS)
    out = []
    names = {v: k for k, v in KIND_NAMES.items()}
    for g in given:
        k = names.get(g.strip(), g.strip())
        if k not in KINDS:
            raise InputError(f"调度事项类型“{g}”无效，应为 task（任务）、quantity（量化目标）、project（重点工程）或 indicator（指标）")
        if k not in out:
            out.append(k)
    return out


def open_round(
    store: Store,
    who: Actor,
    plan_ref: int | str,
    *,
    kind: str,
    due: dt.date,
    title: str | None = None,
    kinds: list[str] | None = None,
    refs: list[str] | None = None,
) -> Round:
    """Open a round; only the office of the plan may.  ``refs`` narrows ``kinds`` to those items."""
    chosen = [r.strip() for r in refs or [] if r.strip()]
    k, ks = _kind(kind), _kinds(kinds) if kinds or not chosen else []
    items = plan_items(store, plan_ref)
    for r in chosen:
        it = items.get(r)
        if it.kind not in ks:
            ks.append(it.kind)
    covered = [it for it in items.items if it.kind in ks and (not chosen or it.ref in chosen)]
    if not covered:
        raise InputError(f"规划“{items.title}”中没有可调度的{'、'.join(KIND_NAMES[x] for x in ks)}（或这些事项没有责任单位）")
    name = (title or "").strip() or f"{due.year}年{due.month}月{ROUND_KINDS[k]}调度"
    with store.engine.begin() as conn:
        require_office(conn, who, items.plan_id, "发起调度")
        res = conn.execute(
            insert(rounds).values(plan_id=items.plan_id, title=name, kind=k, due=due,
                                  scope={"kinds": ks, "refs": chosen}, opened_by=who.username, opened_at=utcnow())
        )
        key = res.inserted_primary_key
        assert key is not None
        rid = int(key[0])
        write_audit(conn, "open", "round", rid, user=who.username,
                    new={"plan_id": items.plan_id, "title": name, "kind": k, "due": due.isoformat(),
                         "kinds": ks, "refs": chosen, "items": len(covered)})
    return get_round(store, rid)


def get_round(store: Store, round_id: int) -> Round:
    with store.engine.connect() as conn:
        row = conn.execute(select(rounds).where(rounds.c.id == round_id)).first()
    if row is None:
        raise NotFoundError(f"没有编号为 {round_id} 的调度")
    return _round(row)


def list_rounds(store: Store, plan_id: int | None = None) -> list[Round]:
    """Rounds, newest first (of one plan, or of all)."""
    stmt = select(rounds).order_by(rounds.c.id.desc())
    if plan_id is not None:
        stmt = stmt.where(rounds.c.plan_id == plan_id)
    with store.engine.connect() as conn:
        return [_round(r) for r in conn.execute(stmt)]


def close_round(store: Store, who: Actor, round_id: int) -> Round:
    """Close a round: reports can no longer be saved or submitted in it."""
    rnd = get_round(store, round_id)
    with store.engine.begin() as conn:
        require_office(conn, who, rnd.plan_id, "结束调度")
        conn.execute(update(rounds).where(rounds.c.id == round_id).values(closed_at=utcnow()))
        write_audit(conn, "close", "round", round_id, user=who.username, new={"title": rnd.title})
    return get_round(store, round_id)


def round_items(store: Store, rnd: Round) -> tuple[PlanItems, list[Item]]:
    """The plan's items and those the round covers."""
    items = plan_items(store, rnd.plan_id)
    return items, [it for it in items.items if rnd.covers(it)]


def plan_title(store: Store, plan_id: int) -> str:
    with store.engine.connect() as conn:
        return str(conn.execute(select(plans.c.title).where(plans.c.id == plan_id)).scalar() or "")
