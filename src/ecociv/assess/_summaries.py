"""Plan summaries: what the dashboard's home page shows of a plan (status counts, binding indicators
at risk), stored in ``plan_summaries`` so that nobody waits for a plan's assessment to see its card.

A summary is kept with the *version* of what it was computed from: the plan's observations (count
and newest id), its indicator rows (newest id: a replaced plan gets new rows), its import time,
period, base and stage years, its region and that region's terrain and level, the newest audit
entry of the plan row (``plan set`` …), and the ecociv release.  Every write path changes one of
these, so a stored summary whose version differs from the database's is never shown: it is
recomputed, whoever wrote.  The write paths call :func:`refresh_summaries` for the plans they
changed, and the server refreshes every stale one in the background when it starts, so that the
summaries exist before anyone asks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ecociv import __version__
from ecociv.errors import NotFoundError
from ecociv.model import Observation, Plan, Region
from ecociv.store import tables as T

if TYPE_CHECKING:  # the assessment loads only when a summary is computed, not to read stored ones
    from ecociv.assess._states import PlanStates

#: Plans summarised and stored per transaction by :func:`refresh_summaries`.
CHUNK = 50
#: Plans whose versions are read in one query (bound parameters stay well under SQLite's limit).
VERSIONS_CHUNK = 1000


@dataclass
class Summary:
    """What the home page shows of a plan."""

    version: str
    counts: dict[str, int]
    at_risk: list[str]  # binding indicators not met or slipping, with why
    n_indicators: int
    #: what ``ecociv assess PLAN`` counts (total/met/not_met/needs_review/no_data of the table
    #: rows) for the year it judges by default, and that year
    assessed_year: int | None = None
    assessed_counts: dict[str, int] | None = None
    #: the plan page's states and figure years (:meth:`PlanStates.to_json`), stored with the summary
    #: so that a plan page needs no assessment either; None: not kept
    page: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"counts": self.counts, "at_risk": self.at_risk, "n_indicators": self.n_indicators,
               "assessed": {"year": self.assessed_year, "counts": self.assessed_counts}}
        return out if self.page is None else {**out, "page": self.page}

    @classmethod
    def from_json(cls, version: str, data: dict[str, Any]) -> Summary | None:
        """A stored summary; ``None`` for one stored before it held the assessed counts."""
        assessed = data.get("assessed")
        if not isinstance(assessed, dict) or not isinstance(assessed.get("counts"), dict):
            return None
        return cls(version, dict(data["counts"]), list(data["at_risk"]), int(data["n_indicators"]),
                   assessed["year"], dict(assessed["counts"]))

    @classmethod
    def from_states(cls, version: str, plan: Plan, ps: PlanStates, years: list[int] | None = None) -> Summary:
        """The summary of ``ps``; with ``years`` (see :func:`figure_years`) the page's states too."""
        year, counts = ps.assessed if ps.assessed is not None else (None, None)
        return cls(version, dict(ps.counts), at_risk(plan, ps), len(plan.indicators()), year, counts,
                   None if years is None else ps.to_json(years))


def at_risk(plan: Plan, ps: PlanStates) -> list[str]:
    """Binding indicators not met or slipping, by name, with why."""
    names = dict(plan.indicators())
    return [f"{names[k].name if k in names else k}（{why}）" for k, why in ps.binding_at_risk]


def plan_versions(engine: sa.Engine, plan_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The version of each plan (of every plan with ``None``), in a few set-based queries."""
    with engine.connect() as c:
        return _versions(c, None if plan_ids is None else list(plan_ids))


def _versions(c: sa.Connection, ids: list[int] | None) -> dict[int, str]:
    if ids is not None and not ids:
        return {}
    p, r, a = T.plans, T.regions, T.audit_log
    own = (p.c.imported_at, p.c.base_year, p.c.period_start, p.c.period_end, sa.cast(p.c.stage_years, sa.Text),
           p.c.region_id, r.c.terrain, r.c.level)
    # any audited change of the plan row itself (plan set: period, base year, region …)
    edits = sa.select(a.c.entity_id, sa.func.max(a.c.id)).where(a.c.entity == "plan").group_by(a.c.entity_id)
    if ids is not None:
        edits = edits.where(a.c.entity_id.in_(ids))
        q = _versions_of(ids, own)
    else:
        q = _versions_of_all(own)
    edited = {int(i): int(n) for i, n in c.execute(edits) if i is not None}
    found = {int(row[0]): ":".join([__version__, *(str(x) for x in row[1:]), str(edited.get(int(row[0]), 0))])
             for row in c.execute(q)}
    if ids is None:
        return found
    return {i: found.get(i, "") for i in ids}


def _versions_of(ids: list[int], own: tuple[Any, ...]) -> sa.Select[Any]:
    """A few plans: one join from the plans down to their figures (through the indexes)."""
    p, r, t, ind, o = T.plans, T.regions, T.indicator_tables, T.indicators, T.observations
    return (
        sa.select(p.c.id, sa.func.count(o.c.id), sa.func.max(o.c.id), sa.func.max(ind.c.id),
                  *(sa.func.max(col) for col in own))
        .select_from(p.join(r, p.c.region_id == r.c.id).outerjoin(t, t.c.plan_id == p.c.id)
                     .outerjoin(ind, ind.c.table_id == t.c.id).outerjoin(o, o.c.indicator_id == ind.c.id))
        .where(p.c.id.in_(ids))
        .group_by(p.c.id)
    )


def _versions_of_all(own: tuple[Any, ...]) -> sa.Select[Any]:
    """Every plan: the figures counted per indicator first, then per plan, and the plan's own
    columns joined to that (not aggregated over every figure): the same values as
    :func:`_versions_of`, in a third of the time on 1.2 million figures."""
    p, r, t, ind, o = T.plans, T.regions, T.indicator_tables, T.indicators, T.observations
    per_indicator = (sa.select(o.c.indicator_id, sa.func.count(o.c.id).label("n"), sa.func.max(o.c.id).label("m"))
                     .group_by(o.c.indicator_id).subquery())
    figures = (sa.select(t.c.plan_id, sa.func.sum(per_indicator.c.n).label("n"),
                         sa.func.max(per_indicator.c.m).label("m"))
               .select_from(per_indicator.join(ind, per_indicator.c.indicator_id == ind.c.id)
                            .join(t, ind.c.table_id == t.c.id))
               .group_by(t.c.plan_id).subquery())
    rows = (sa.select(t.c.plan_id, sa.func.max(ind.c.id).label("m"))
            .select_from(ind.join(t, ind.c.table_id == t.c.id)).group_by(t.c.plan_id).subquery())
    return (
        sa.select(p.c.id, sa.func.coalesce(figures.c.n, 0), figures.c.m, rows.c.m, *own)
        .select_from(p.join(r, p.c.region_id == r.c.id).outerjoin(figures, figures.c.plan_id == p.c.id)
                     .outerjoin(rows, rows.c.plan_id == p.c.id))
    )


def summarise(store: Any, plan_id: int, version: str) -> Summary:
    """Assess a plan's indicators and current figures (no tasks or projects to load)."""
    plan = store.get_plan(plan_id, indicators_only=True)
    from ecociv.assess._states import figure_years, plan_states

    observations = store.observations(plan_id)
    return Summary.from_states(version, plan, plan_states(plan, observations), figure_years(observations))


def summary_of(plan: Plan, observations: list[Observation], version: str = "") -> Summary:
    """The summary of a plan with these current figures."""
    from ecociv.assess._states import plan_states

    return Summary.from_states(version, plan, plan_states(plan, observations, summary=True))


class SummariesOnSave:
    """Summaries of the plans :meth:`~ecociv.store.Store.save_plans` writes, from the rows it has
    just written (nothing read back), versioned inside its transaction; :meth:`store` keeps them
    once it has committed.  Pass it as the ``listener``.

    A later plan of the same region may complete the region's row (terrain, level …): the plans
    of that region summarised before it are then summarised again, read back, after the commit."""

    def __init__(self) -> None:
        self.computed: dict[int, Summary] = {}
        self.again: list[int] = []
        self._regions: dict[str, tuple[Region, list[int]]] = {}  # as the summaries so far saw it

    def saved(self, plan_id: int, plan: Plan, observations: list[Observation]) -> None:
        info = plan.region_info
        if info is not None:
            seen, ids = self._regions.get(plan.region, (info, []))
            if seen != info:
                for i in ids:
                    del self.computed[i]
                self.again += ids
                ids = []
            self._regions[plan.region] = (info, [*ids, plan_id])
        self.computed[plan_id] = summary_of(plan, observations)

    def finishing(self, conn: sa.Connection, plan_ids: list[int]) -> None:
        for start in range(0, len(plan_ids), VERSIONS_CHUNK):
            versions = _versions(conn, plan_ids[start:start + VERSIONS_CHUNK])
            for i, version in versions.items():
                if i in self.computed:
                    self.computed[i].version = version

    def store(self, store: Any) -> None:
        """Store the summaries (after the plans are committed)."""
        store_summaries(store.engine, {i: s for i, s in self.computed.items() if s.version})
        if self.again:
            refresh_summaries(store, self.again)


def stored_summaries(engine: sa.Engine, versions: dict[int, str]) -> dict[int, Summary]:
    """The stored summaries that are still current (one query)."""
    if not versions:
        return {}
    ps = T.plan_summaries
    q = sa.select(ps.c.plan_id, ps.c.version, ps.c.summary)
    if len(versions) <= 1000:
        q = q.where(ps.c.plan_id.in_(list(versions)))
    out: dict[int, Summary] = {}
    with engine.connect() as c:
        for plan_id, version, data in c.execute(q):
            if versions.get(int(plan_id)) == version:
                summary = Summary.from_json(version, data)
                if summary is not None:
                    out[int(plan_id)] = summary
    return out


def store_summaries(engine: sa.Engine, summaries: dict[int, Summary]) -> None:
    """Store summaries, in one transaction.  A summary is a cache: failing to store it (another
    process storing the same plan, a read-only database) only means it is computed again."""
    if not summaries:
        return
    ps = T.plan_summaries
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = [{"plan_id": i, "version": s.version, "summary": s.to_json(), "computed_at": now}
            for i, s in summaries.items()]
    with contextlib.suppress(sa.exc.SQLAlchemyError), engine.begin() as c:
        c.execute(sa.delete(ps).where(ps.c.plan_id.in_(list(summaries))))
        c.execute(sa.insert(ps), rows)


def refresh_summaries(store: Any, plan_ids: Iterable[int] | None = None, *, stop: threading.Event | None = None,
                      pause: float = 0.0, versions: dict[int, str] | None = None) -> int:
    """Compute and store the summary of each plan (of every plan with ``None``) whose stored one is
    missing or stale; returns how many were computed.  Write paths call it for the plans they
    changed; ``pause`` (seconds between plans) lets a server's request threads go first;
    ``versions`` are the plans' versions when the caller has just read them."""
    engine: sa.Engine = store.engine
    if versions is None:
        versions = plan_versions(engine, plan_ids)
    current = stored_summaries(engine, versions)
    return len(_compute_stale(store, versions, current, stop=stop, pause=pause))


def current_summaries(store: Any) -> dict[int, Summary]:
    """The summary of every plan: the stored ones that are current, the others computed now
    (and stored, as a cache: a read-only database only means they are computed again)."""
    versions = plan_versions(store.engine)
    current = stored_summaries(store.engine, versions)
    current.update(_compute_stale(store, versions, current))
    return current


def _compute_stale(store: Any, versions: dict[int, str], current: dict[int, Summary], *,
                   stop: threading.Event | None = None, pause: float = 0.0) -> dict[int, Summary]:
    stale = [i for i in sorted(versions) if versions[i] and i not in current]
    done: dict[int, Summary] = {}
    for start in range(0, len(stale), CHUNK):
        computed: dict[int, Summary] = {}
        for i in stale[start:start + CHUNK]:
            if stop is not None and stop.is_set():
                break
            with contextlib.suppress(NotFoundError):  # deleted meanwhile
                computed[i] = summarise(store, i, versions[i])
            if pause:
                time.sleep(pause)
        store_summaries(store.engine, computed)
        done.update(computed)
        if stop is not None and stop.is_set():
            break
    return done


def plans_of_region(engine: sa.Engine, region: str) -> list[int]:
    """The plans of a region (whose summaries depend on its terrain and level)."""
    with engine.connect() as c:
        return [int(i) for i in c.execute(
            sa.select(T.plans.c.id).select_from(T.plans.join(T.regions, T.plans.c.region_id == T.regions.c.id))
            .where(T.regions.c.name == region)).scalars()]
