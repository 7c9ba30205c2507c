"""Chasing (催报): where every (item, unit) of a round stands — 待审核 / 已通过 / 已退回 / 未报送 —
per unit with the overdue first, and each unit's own to-do list with what it reported last time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ecociv.errors import NotFoundError
from ecociv.store import Store
from ecociv.workflow._access import Actor, plan_region
from ecociv.workflow._closing import plan_closures
from ecociv.workflow._evidence import Evidence, evidence_of
from ecociv.workflow._items import Item
from ecociv.workflow._reports import STATES, Report, round_reports_of
from ecociv.workflow._rounds import Round, get_round, list_rounds, plan_title, round_items

__all__ = ["SHOWN", "Assignment", "RoundStatus", "UnitStatus", "round_status", "unit_todo"]

#: the states a round page counts, in display order (a draft counts as 未报送)
SHOWN = {"missing": "未报送", "returned": "已退回", "submitted": "待审核", "approved": "已通过"}


@dataclass
class Assignment:
    """One item one unit must report on in a round, with its report (if any) and evidence."""

    round: Round
    item: Item
    unit: str
    report: Report | None = None
    evidence: list[Evidence] = field(default_factory=list)
    previous: Report | None = None  # the unit's latest report on the item in an earlier round
    closed: bool = False
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def state(self) -> str:
        if self.report is None or self.report.state == "draft":
            return "missing"
        return self.report.state

    @property
    def state_name(self) -> str:
        if self.report is not None and self.report.state == "draft":
            return "未报送（草稿）"
        return SHOWN[self.state]

    @property
    def overdue(self) -> bool:
        """Still owed by the unit (not submitted, or returned) after the due date."""
        return self.state in ("missing", "returned") and self.today > self.round.due

    @property
    def late(self) -> bool:
        return self.overdue or (self.report is not None and self.report.late)


@dataclass
class UnitStatus:
    unit: str
    assignments: list[Assignment]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SHOWN, 0)
        for a in self.assignments:
            out[a.state] += 1
        return out

    @property
    def overdue(self) -> int:
        return sum(a.overdue for a in self.assignments)

    @property
    def late(self) -> int:
        """Reports owed past due or submitted after it."""
        return sum(a.late for a in self.assignments)

    @property
    def late_submitted(self) -> int:
        """Reports submitted after the due date (迟报), whatever happened to them since."""
        return sum(1 for a in self.assignments if a.report is not None and a.report.late)


@dataclass
class RoundStatus:
    round: Round
    plan_title: str
    office: bool
    assignments: list[Assignment]
    units: list[UnitStatus]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(SHOWN, 0)
        for a in self.assignments:
            out[a.state] += 1
        return out

    def missing_units(self) -> list[UnitStatus]:
        """Units that still owe a report (never submitted, or returned and not yet resubmitted)."""
        return [u for u in self.units if u.counts["missing"] or u.counts["returned"]]

    def late_units(self) -> list[UnitStatus]:
        """Units that reported after the due date or are overdue."""
        return [u for u in self.units if u.late]


def _order(a: Assignment, position: dict[str, int]) -> tuple[int, int, str, int]:
    rank = {"returned": 0, "missing": 1, "submitted": 2, "approved": 3}[a.state]
    return (0 if a.overdue else 1, rank, a.unit, position.get(a.item.ref, 0))


def round_status(store: Store, who: Actor, round_id: int, *, today: dt.date | None = None) -> RoundStatus:
    """The round as ``who`` may see it: the office sees every unit, a unit account its own units."""
    rnd = get_round(store, round_id)
    day = today or dt.date.today()
    with store.engine.connect() as conn:
        office = who.is_office(*plan_region(conn, rnd.plan_id))
    if not office and not who.units:
        raise NotFoundError(f"没有编号为 {round_id} 的调度（或您无权查看）")
    _, covered = round_items(store, rnd)
    visible = None if office else list(who.units)
    reports = {(r.item_ref, r.unit): r for r in round_reports_of(store, round_id, visible)}
    previous = _previous(store, rnd, visible)
    evidence = evidence_of(store, [r.id for r in reports.values()])
    closed = plan_closures(store, rnd.plan_id)
    out: list[Assignment] = []
    for it in covered:
        for u in it.units:
            if visible is not None and u not in visible:
                continue
            rep = reports.get((it.ref, u))
            out.append(Assignment(rnd, it, u, rep, evidence.get(rep.id, []) if rep else [],
                                  previous.get((it.ref, u)), it.ref in closed, day))
    position = {it.ref: k for k, it in enumerate(covered)}
    out.sort(key=lambda a: _order(a, position))
    by_unit: dict[str, list[Assignment]] = {}
    for a in out:
        by_unit.setdefault(a.unit, []).append(a)
    units = [UnitStatus(u, lst) for u, lst in by_unit.items()]
    units.sort(key=lambda s: (-s.overdue, -s.counts["returned"], -s.counts["missing"], s.unit))
    return RoundStatus(rnd, plan_title(store, rnd.plan_id), office, out, units)


def _previous(store: Store, rnd: Round, units: list[str] | None) -> dict[tuple[str, str], Report]:
    """Each (item, unit)'s latest non-draft report in the plan's earlier rounds."""
    out: dict[tuple[str, str], Report] = {}
    for earlier in sorted((r for r in list_rounds(store, rnd.plan_id) if r.id < rnd.id), key=lambda r: r.id):
        for rep in round_reports_of(store, earlier.id, units):
            if rep.state != "draft":
                out[(rep.item_ref, rep.unit)] = rep
    return out


def unit_todo(store: Store, who: Actor, *, today: dt.date | None = None) -> list[Assignment]:
    """A unit account's items in every open round still to report (overdue first), then the rest."""
    if not who.units:
        return []
    out: list[Assignment] = []
    for rnd in list_rounds(store):
        if rnd.is_open:
            st = round_status(store, Actor(who.username, "viewer", None, who.units), rnd.id, today=today)
            out += st.assignments
    out.sort(key=lambda a: (a.state not in ("missing", "returned"), not a.overdue, a.round.due))
    return out


__all__ += ["STATES"]
