"""考评: a scoring rule per plan (a weight per part) and the scores it gives each unit and, for a
city plan, each county (region under it), every score explained by its parts.

Parts (each a share n/m of what applies to the unit; a part with nothing to count is left out and
its weight goes to the others, as the explanation says):

* ``on_schedule`` 按进度推进 — items the unit reports on that are closed, reported complete, or
  reported and not past their deadline;
* ``on_time`` 按时报送 — reports owed in rounds past due (or already submitted) that were
  submitted by the due date;
* ``closed`` 任务销号 — tasks the unit leads that the office has closed;
* ``indicators`` 指标达标 — indicators in the unit's charge judged 达标 (among those judged).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy import select

from ecociv.assess import assess_plan
from ecociv.errors import InputError, NotFoundError
from ecociv.store import Store, write_audit
from ecociv.store.tables import plans, regions, scoring_rules
from ecociv.workflow._access import Actor, require_office
from ecociv.workflow._closing import closed_items
from ecociv.workflow._items import Item, plan_items
from ecociv.workflow._reports import Report, plan_reports
from ecociv.workflow._rounds import list_rounds, utcnow

__all__ = ["PARTS", "Part", "Score", "get_rule", "score_plan", "score_regions", "set_rule"]

PARTS = {"on_schedule": "按进度推进", "on_time": "按时报送", "closed": "任务销号", "indicators": "指标达标"}


@dataclass
class Part:
    key: str
    weight: float
    done: int
    total: int

    @property
    def name(self) -> str:
        return PARTS[self.key]

    @property
    def share(self) -> float | None:
        return self.done / self.total if self.total else None


@dataclass
class Score:
    name: str  # unit or region
    parts: list[Part] = field(default_factory=list)
    rank: int = 0

    @property
    def score(self) -> float | None:
        used = [p for p in self.parts if p.share is not None and p.weight > 0]
        total = sum(p.weight for p in used)
        if not total:
            return None
        return round(100 * sum(p.weight * (p.share or 0.0) for p in used) / total, 1)

    def explain(self) -> str:
        """按进度推进 3/4（权重 40）；按时报送 1/2（权重 30）；任务销号 不适用 …"""
        bits = []
        for p in self.parts:
            if p.weight <= 0:
                continue
            if p.share is None:
                bits.append(f"{p.name} 不适用（权重 {p.weight:g} 分摊到其他项）")
            else:
                bits.append(f"{p.name} {p.done}/{p.total}（{100 * p.share:.0f}%，权重 {p.weight:g}）")
        return "；".join(bits)


def get_rule(store: Store, plan_id: int) -> dict[str, float] | None:
    with store.engine.connect() as conn:
        w = conn.execute(select(scoring_rules.c.weights).where(scoring_rules.c.plan_id == plan_id)).scalar()
    return {k: float(v) for k, v in (w or {}).items() if k in PARTS} if w is not None else None


def set_rule(store: Store, who: Actor, plan_id: int, weights: dict[str, float]) -> dict[str, float]:
    """Store the plan's rule (weights ≥ 0, at least one > 0); audited with the old rule."""
    bad = sorted(set(weights) - set(PARTS))
    if bad:
        raise InputError(f"考评规则中没有这些项：{'、'.join(bad)}；可用：" + "、".join(f"{k}（{v}）" for k, v in PARTS.items()))
    odd = [f"{k}={v}" for k, v in weights.items() if not math.isfinite(v)]
    if odd:
        raise InputError(f"考评权重应为有限的数字（如 on_time=30），却是：{'、'.join(odd)}")
    if any(v < 0 for v in weights.values()) or not any(v > 0 for v in weights.values()):
        raise InputError("考评权重不能为负数，且至少一项大于 0")
    rule = {k: float(weights.get(k, 0.0)) for k in PARTS}
    old = get_rule(store, plan_id)
    with store.engine.begin() as conn:
        require_office(conn, who, plan_id, "设置考评规则")
        if old is None:
            conn.execute(scoring_rules.insert().values(plan_id=plan_id, weights=rule, updated_by=who.username,
                                                       updated_at=utcnow()))
        else:
            conn.execute(scoring_rules.update().where(scoring_rules.c.plan_id == plan_id)
                         .values(weights=rule, updated_by=who.username, updated_at=utcnow()))
        write_audit(conn, "update" if old else "create", "scoring_rule", plan_id, old=old, new=rule, user=who.username)
    return rule


def _counts(store: Store, plan_id: int, today: dt.date) -> dict[str, dict[str, list[int]]]:
    """unit -> part -> [done, total] for one plan."""
    items = plan_items(store, plan_id, as_of=today)
    due = {r.id: r.due for r in list_rounds(store, plan_id)}
    with store.engine.connect() as conn:
        reports = plan_reports(conn, plan_id)
        closed = closed_items(conn, plan_id)
    latest: dict[tuple[str, str], Report] = {}
    for rep in reports:
        if rep.state != "draft":
            latest[(rep.item_ref, rep.unit)] = rep
    out: dict[str, dict[str, list[int]]] = {}

    def add(unit: str, part: str, ok: bool) -> None:
        c = out.setdefault(unit, {k: [0, 0] for k in PARTS})[part]
        c[0] += int(ok)
        c[1] += 1

    by_key = {(r.round_id, r.item_ref, r.unit): r for r in reports}
    judged = _indicator_verdicts(store, plan_id, [it for it in items.items if it.kind == "indicator"])
    owed = _round_owed(store, plan_id, items.items)
    # items count for 按进度推进 once reported, closed, or owed in a round past due
    asked = {(ref, unit) for rid, ref, unit in owed | set(by_key) if today > due[rid]}
    asked |= {(ref, unit) for ref, unit in latest}
    for key in owed | set(by_key):
        owed_rep = by_key.get(key)
        round_id, _, unit = key
        submitted = owed_rep is not None and owed_rep.submitted_at is not None
        if not submitted and today <= due[round_id]:
            continue  # not yet due
        add(unit, "on_time", submitted and owed_rep is not None and not owed_rep.late)
    for it in items.items:
        for unit in it.units:
            last = latest.get((it.ref, unit))
            if (it.ref, unit) in asked or it.ref in closed:
                done = last is not None and ((last.percent or 0) >= 100 or it.deadline is None or it.deadline >= today)
                add(unit, "on_schedule", it.ref in closed or done)
        if it.kind == "task" and it.lead:
            add(it.lead, "closed", it.ref in closed)
        if it.kind == "indicator" and judged.get(it.ref) is not None:
            for unit in it.units:
                add(unit, "indicators", bool(judged[it.ref]))
    return out


def _round_owed(store: Store, plan_id: int, items: list[Item]) -> set[tuple[int, str, str]]:
    """(round, item, unit) of every report the plan's rounds asked for."""
    out = set()
    for rnd in list_rounds(store, plan_id):
        for it in items:
            if rnd.covers(it):
                out |= {(rnd.id, it.ref, u) for u in it.units}
    return out


def _indicator_verdicts(store: Store, plan_id: int, items: list[Item]) -> dict[str, bool | None]:
    if not items:
        return {}
    plan = store.get_plan(plan_id)
    a = assess_plan(plan, store.observations(plan_id))
    by_key = {i.key: i.standard.status for i in a.indicators}
    out: dict[str, bool | None] = {}
    for it in items:
        s = by_key.get(it.ref[1:])
        out[it.ref] = None if s in (None, "no_data", "needs_review") else s == "met"
    return out


def _ranked(scores: list[Score]) -> list[Score]:
    scores.sort(key=lambda s: (s.score is None, -(s.score or 0.0), s.name))
    for k, s in enumerate(scores, start=1):
        s.rank = k if s.score is not None else 0
    return scores


def _rule_or_error(store: Store, plan_id: int) -> dict[str, float]:
    rule = get_rule(store, plan_id)
    if rule is None:
        raise NotFoundError("该规划尚未设置考评规则：请先设置各项权重（网页“考评”页，或 ecociv score rule）")
    return rule


def score_plan(store: Store, plan_id: int, *, today: dt.date | None = None) -> list[Score]:
    """Every unit's score under the plan's rule, best first."""
    rule = _rule_or_error(store, plan_id)
    counts = _counts(store, plan_id, today or dt.date.today())
    return _ranked([Score(unit, [Part(k, rule[k], *c[k]) for k in PARTS]) for unit, c in counts.items()])


def score_regions(store: Store, plan_id: int, *, today: dt.date | None = None) -> list[Score]:
    """For a city plan: each region under the plan's region, scored on all units of its own plans
    (counted together) under the city plan's rule.  Empty when the region has none under it."""
    rule = _rule_or_error(store, plan_id)
    day = today or dt.date.today()
    with store.engine.connect() as conn:
        region_id = conn.execute(select(plans.c.region_id).where(plans.c.id == plan_id)).scalar()
        children = conn.execute(select(regions.c.id, regions.c.name).where(regions.c.parent_id == region_id)
                                .order_by(regions.c.name)).all()
        child_plans = {
            int(cid): [int(p) for p in conn.execute(select(plans.c.id).where(plans.c.region_id == cid)).scalars()]
            for cid, _ in children
        }
    out = []
    for cid, name in children:
        total = {k: [0, 0] for k in PARTS}
        for pid in child_plans[int(cid)]:
            for c in _counts(store, pid, day).values():
                for k in PARTS:
                    total[k][0] += c[k][0]
                    total[k][1] += c[k][1]
        out.append(Score(str(name), [Part(k, rule[k], *total[k]) for k in PARTS]))
    return _ranked(out)
