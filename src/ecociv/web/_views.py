"""What the pages show, computed from the store: plan lists with status counts, indicator rows.

Status counts of a plan need its assessment, which is too costly to repeat for thousands of plans
on every request: the home page reads each plan's summary from the ``plan_summaries`` table
(see :mod:`ecociv.assess._summaries`: the write paths store them, the server refreshes stale ones
in the background when it starts), in the page's own query, and keeps it in memory with its
*version*; a summary whose version differs from the database's is recomputed, whoever wrote.
The plan page likewise reads the plan's per-indicator states stored with its summary (the same
version): a plan page runs no assessment unless the stored one is missing or stale, and then
stores what it computed.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa

from ecociv.assess._states import figure_years
from ecociv.assess._summaries import Summary as _Summary
from ecociv.assess._summaries import at_risk as _at_risk  # noqa: F401 (tests take it from here)
from ecociv.assess._summaries import plan_versions, refresh_summaries, store_summaries, summarise
from ecociv.model import Indicator, Plan, same_label
from ecociv.store import tables as T
from ecociv.store._divisions import descendants
from ecociv.web._status import IndicatorState, PlanStates, plan_states

T_ = TypeVar("T_")
PAGE_SIZE = 50
#: Plans whose assessment is kept in memory (least recently used go first).
CACHE_SIZE = 10_000


@dataclass
class _Cached:
    version: str  # see the module's docstring
    plan: Plan  # its indicators (no tasks, projects or import findings)
    states: PlanStates
    view: PlanView


@dataclass
class PlanCard:
    id: int
    title: str
    region: str
    kind: str | None
    base_year: int | None
    period: str
    n_indicators: int
    counts: dict[str, int] = field(default_factory=dict)
    at_risk: list[str] = field(default_factory=list)  # binding (约束性) indicators not met or slipping


@dataclass
class Row:
    key: str
    table: int
    depth: int
    ind: Indicator
    state: IndicatorState
    parent_name: str | None = None
    binding: bool = False  # 约束性, on the row or inherited from its parent


@dataclass
class PlanView:
    id: int
    plan: Plan
    rows: list[Row]
    year: int | None
    counts: dict[str, int] = field(default_factory=dict)
    binding_not_met: list[str] = field(default_factory=list)
    figure_years: list[int] = field(default_factory=list)  # years that have figures, newest first

    def tables(self) -> list[tuple[int, str, list[Row]]]:
        out = []
        for t, table in enumerate(self.plan.indicator_tables):
            out.append((t, table.title, [r for r in self.rows if r.table == t]))
        return out

    def domains(self) -> list[str]:
        return sorted({same_label(r.ind.domain) for r in self.rows if r.ind.domain})  # "生态 空间" = "生态空间"

    def attributes(self) -> list[str]:
        return sorted({r.ind.attribute for r in self.rows if r.ind.attribute})

    def target_years(self) -> list[int]:
        return sorted({y for r in self.rows for y in r.ind.targets})


def _compile_templates() -> None:
    """Compile the templates of the pages asked for first, before anyone asks for them (each is
    compiled once, on first use; concurrent first requests would each compile it)."""
    from ecociv.web._deps import templates

    for name in ("base.html", "login.html", "home.html", "plan.html", "indicator.html", "_status_counts.html",
                 "_chart_scripts.html", "error.html"):
        templates.get_template(name)


#: What the home page reads of a stored summary.
_SUMMARY_FIELDS = ("counts", "at_risk", "n_indicators")


def _plan_view(plan_id: int, plan: Plan, ps: PlanStates, year: int | None, years: list[int]) -> PlanView:
    states = ps.states
    rows: list[Row] = []

    def visit(key: str, ind: Indicator, table: int, depth: int, parent: Indicator | None) -> None:
        binding = is_binding(ind) or (parent is not None and not ind.attribute and is_binding(parent))
        rows.append(Row(key=key, table=table, depth=depth, ind=ind,
                        state=states.get(key) or IndicatorState.empty(),
                        parent_name=parent.name if parent else None, binding=binding))
        for k, sub in enumerate(ind.sub_indicators):
            visit(f"{key}/{k}", sub, table, depth + 1, ind)

    for t, table in enumerate(plan.indicator_tables):
        for i, ind in enumerate(table.rows):
            visit(f"{t}/{i}", ind, t, 0, None)
    return PlanView(id=plan_id, plan=plan, rows=rows, year=year, counts=ps.counts,
                    binding_not_met=ps.binding_not_met, figure_years=years)


def _period(start: int | None, end: int | None) -> str:
    if start and end:
        return f"{start}–{end}年"
    return ""


def is_binding(ind: Indicator) -> bool:
    return bool(ind.attribute and "约束" in ind.attribute)


class Views:
    """Page data over one store; safe to share between request threads."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.engine: sa.Engine = store.engine
        self._lock = threading.Lock()
        self._cache: OrderedDict[int, _Cached] = OrderedDict()
        self._summaries: dict[int, _Summary] = {}
        self._pending: dict[int, _Summary] = {}  # computed, not yet stored
        self._checked: dict[int, tuple[tuple[int, int], str]] = {}  # plan -> (generation, version)
        self._inflight: dict[tuple[str, int], threading.Event] = {}

    # -- versions and cache ------------------------------------------------------------------
    def _generation(self) -> tuple[int, int]:
        """Changes anywhere: every write of the store appends to the audit log or the observations.
        Entries about accounts (every login writes one) change no plan's version: left out, so
        that a login does not make every version be checked again."""
        a = T.audit_log
        q = sa.select(sa.select(a.c.id).where(sa.or_(a.c.entity.is_(None), a.c.entity != "user"))
                      .order_by(a.c.id.desc()).limit(1).scalar_subquery(),
                      sa.select(sa.func.max(T.observations.c.id)).scalar_subquery())
        with self.engine.connect() as c:
            a, o = c.execute(q).one()
        return int(a or 0), int(o or 0)

    def _versions(self, plan_ids: Iterable[int]) -> dict[int, str]:
        """Version of each plan (see the module's docstring); re-queried only for plans not
        checked since the last change anywhere in the database."""
        ids = list(plan_ids)
        if not ids:
            return {}
        gen = self._generation()
        with self._lock:
            out = {i: seen[1] for i in ids if (seen := self._checked.get(i)) is not None and seen[0] == gen}
        rest = [i for i in ids if i not in out]
        if rest:
            found = plan_versions(self.engine, rest)
            with self._lock:
                for i in rest:
                    out[i] = found[i]
                    self._checked[i] = (gen, out[i])
        return out

    def invalidate(self, plan_id: int) -> None:
        with self._lock:
            self._cache.pop(plan_id, None)
            self._summaries.pop(plan_id, None)
            self._checked.pop(plan_id, None)

    def _load_stored(self, plan_ids: list[int] | None, versions: dict[int, str]) -> dict[int, str]:
        """Keep in memory the stored summaries (of every plan with ``None``) that are still current
        (of ``versions``); returns every stored summary's version.  Reads what the home page shows
        of each, not the plan page's states beside it."""
        ps = T.plan_summaries
        q = sa.select(ps.c.plan_id, ps.c.version, *(ps.c.summary[k].label(k) for k in _SUMMARY_FIELDS))
        if plan_ids is not None:
            q = q.where(ps.c.plan_id.in_(plan_ids))
        with self.engine.connect() as c:
            rows = c.execute(q).all()
        with self._lock:
            for x in rows:
                plan_id = int(x.plan_id)
                if versions.get(plan_id) != x.version or any(getattr(x, k) is None for k in _SUMMARY_FIELDS):
                    continue
                known = self._summaries.get(plan_id)
                if known is None or known.version != x.version:
                    self._summaries[plan_id] = _Summary(x.version, dict(x.counts), list(x.at_risk), int(x.n_indicators))
        return {int(x.plan_id): str(x.version) for x in rows}

    def _flush(self) -> None:
        """Store the summaries computed since the last flush, in one transaction."""
        with self._lock:
            pending, self._pending = self._pending, {}
        store_summaries(self.engine, pending)

    def _once(self, key: tuple[str, int], current: Callable[[], T_ | None], compute: Callable[[], T_]) -> T_:
        """``current()`` (under the lock) when it has the answer, else ``compute()`` — by one thread
        at a time per key: another thread asking meanwhile waits and takes its result."""
        for _ in range(2):
            with self._lock:
                hit = current()
                if hit is not None:
                    return hit
                busy = self._inflight.get(key)
                if busy is None:
                    mine = self._inflight[key] = threading.Event()
                    break
            busy.wait(timeout=60)  # another thread is assessing this plan: use its result
        else:
            mine = threading.Event()
        try:
            return compute()
        finally:
            with self._lock:
                if self._inflight.get(key) is mine:
                    del self._inflight[key]
            mine.set()

    def _cached(self, plan_id: int, version: str | None = None) -> _Cached:
        """The plan and its states, recomputed only when its version changed."""
        v = self._versions([plan_id])[plan_id] if version is None else version

        def current() -> _Cached | None:
            hit = self._cache.get(plan_id)
            if hit is None or hit.version != v:
                return None
            self._cache.move_to_end(plan_id)
            return hit

        return self._once(("plan", plan_id), current, lambda: self._compute(plan_id, v))

    def _compute(self, plan_id: int, version: str) -> _Cached:
        """The plan's indicators, and their states stored with its summary when those are of
        ``version``; else assessed from its figures and stored (for the next server too)."""
        plan = self.store.get_plan(plan_id, indicators_only=True)
        ps_c = T.plan_summaries.c
        with self.engine.connect() as c:
            stored = c.execute(sa.select(ps_c.version, ps_c.summary).where(ps_c.plan_id == plan_id)).first()
        data = stored.summary if stored is not None and stored.version == version else {}
        page = PlanStates.from_json(data.get("page"))
        if page is not None:
            ps, years = page
            summary = _Summary.from_states(version, plan, ps)
        else:
            observations = self.store.observations(plan_id)
            ps, years = plan_states(plan, observations), figure_years(observations)
            summary = _Summary.from_states(version, plan, ps, years)
        entry = _Cached(version, plan, ps, _plan_view(plan_id, plan, ps, None, years))
        with self._lock:
            self._cache[plan_id] = entry
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            self._summaries[plan_id] = summary
            if page is None:  # the stored row lacks these states (or is stale): store them
                self._pending[plan_id] = summary
        self._flush()
        return entry

    def _keep_summary(self, plan_id: int, summary: _Summary) -> None:
        with self._lock:
            known = self._summaries.get(plan_id)
            self._summaries[plan_id] = summary
            if known is None or known.version != summary.version:
                self._pending[plan_id] = summary

    def states(self, plan_id: int, version: str | None = None) -> dict[str, IndicatorState]:
        return self._cached(plan_id, version).states.states

    def _summary(self, plan_id: int, version: str) -> _Summary:
        """A plan's summary: kept, stored, taken from its full states, or assessed from its
        indicators and figures alone (no tasks or projects to load)."""

        def current() -> _Summary | None:
            s = self._summaries.get(plan_id)
            if s is not None and s.version == version:
                return s
            e = self._cache.get(plan_id)
            if e is not None and e.version == version:
                s = self._summaries[plan_id] = _Summary.from_states(version, e.plan, e.states)
                return s
            return None

        def compute() -> _Summary:
            s = summarise(self.store, plan_id, version)
            self._keep_summary(plan_id, s)
            return s

        return self._once(("summary", plan_id), current, compute)

    def refresh(self, plan_ids: Iterable[int]) -> None:
        """After this server wrote: store the changed plans' summaries at once (other servers and
        workers read them) and keep them in memory."""
        ids = list(plan_ids)
        for i in ids:
            self.invalidate(i)
        versions = self._versions(ids)
        for i in ids:
            if versions[i]:
                self._summary(i, versions[i])
        self._flush()

    def warm(self, stop: threading.Event | None = None, pause: float = 0.005) -> int:
        """Check every plan's version in one query (pages then need no version query until the
        next write), then compute and store the summary of every plan that has none or a stale
        one (a database written by an older release, or by a path that did not summarise),
        yielding to requests between plans; returns how many were computed.  Meant for a
        background thread at start."""
        gen = self._generation()  # before the versions: a write meanwhile makes them re-checked
        versions = plan_versions(self.engine)
        with self._lock:
            for i, v in versions.items():
                if (seen := self._checked.get(i)) is None or seen[0] < gen:
                    self._checked[i] = (gen, v)
        stored = self._load_stored(None, versions)  # home pages then read no summary until a write
        stale = {i: v for i, v in versions.items() if v and stored.get(i) != v}
        return refresh_summaries(self.store, stop=stop, pause=pause, versions=stale)

    def warm_in_background(self) -> threading.Thread:
        def run() -> None:
            with contextlib.suppress(Exception):  # a cache warmer must never take the server down
                _compile_templates()
                self.warm()

        t = threading.Thread(target=run, name="ecociv-warm", daemon=True)
        t.start()
        return t

    # -- home --------------------------------------------------------------------------------
    def plan_cards(self, page: int = 1, q: str = "", per_page: int = PAGE_SIZE) -> tuple[list[PlanCard], int]:
        """One page of the plan list, paged in SQL, with each plan's summary: kept in memory (read
        at start), else stored, else computed."""
        p, r = T.plans, T.regions
        cond: sa.ColumnElement[bool] = sa.true()
        if q:
            like = f"%{q}%"
            cond = sa.or_(p.c.title.like(like), r.c.name.like(like))
        base = p.join(r, p.c.region_id == r.c.id)
        with self.engine.connect() as c:
            total = int(c.execute(sa.select(sa.func.count()).select_from(base).where(cond)).scalar() or 0)
            rows = c.execute(
                sa.select(p.c.id, p.c.title, r.c.name, p.c.kind, p.c.base_year, p.c.period_start, p.c.period_end)
                .select_from(base).where(cond).order_by(r.c.name, p.c.id)
                .limit(per_page).offset(max(0, page - 1) * per_page)
            ).all()
        versions = self._versions(int(x.id) for x in rows)
        with self._lock:
            missing = [i for i, v in versions.items() if (k := self._summaries.get(i)) is None or k.version != v]
        if missing:
            self._load_stored(missing if len(missing) <= 500 else None, versions)
        cards = []
        for x in rows:
            s = self._summary(int(x.id), versions[int(x.id)])
            cards.append(PlanCard(id=int(x.id), title=x.title, region=x.name, kind=x.kind, base_year=x.base_year,
                                  period=_period(x.period_start, x.period_end),
                                  # 指标数 is what the badges count (judged rows), so the two always agree
                                  n_indicators=sum(s.counts.values()), counts=dict(s.counts),
                                  at_risk=list(s.at_risk)))
        self._flush()
        return cards, total

    # -- plan --------------------------------------------------------------------------------
    def plan_view(self, plan_id: int, year: int | None = None) -> PlanView:
        """The plan's indicator rows with their states (each at its latest year, or all at
        ``year``); the view of the latest states is shared between requests: read it only."""
        if year is None:
            return self._cached(plan_id).view
        plan = self.store.get_plan(plan_id, indicators_only=True)
        observations = self.store.observations(plan_id)
        return _plan_view(plan_id, plan, plan_states(plan, observations, year), year, figure_years(observations))

    def region_of(self, plan_id: int) -> tuple[str, str | None]:
        """The plan's region and that region's parent, for editor permissions."""
        parent = sa.alias(T.regions)
        with self.engine.connect() as c:
            row = c.execute(
                sa.select(T.regions.c.name, parent.c.name.label("parent"))
                .select_from(T.plans.join(T.regions, T.plans.c.region_id == T.regions.c.id)
                             .outerjoin(parent, T.regions.c.parent_id == parent.c.id))
                .where(T.plans.c.id == plan_id)
            ).first()
        if row is None:
            return "", None
        return str(row.name), row.parent

    def all_plans(self) -> list[tuple[int, str, str]]:
        with self.engine.connect() as c:
            rows = c.execute(
                sa.select(T.plans.c.id, T.plans.c.title, T.regions.c.name)
                .select_from(T.plans.join(T.regions, T.plans.c.region_id == T.regions.c.id))
                .order_by(T.regions.c.name, T.plans.c.id)
            ).all()
        return [(int(a), str(b), str(c_)) for a, b, c_ in rows]


@dataclass
class CompareCell:
    plan_id: int
    key: str
    region: str
    title: str
    state: IndicatorState

    @property
    def value(self) -> float | None:
        return self.state.latest_value

    @property
    def status(self) -> str:
        return self.state.status


@dataclass
class Comparison:
    name: str
    unit: str | None
    catalog_id: str | None
    standard: str | None
    lines: list[Any]
    cells: list[CompareCell]
    matched_by: str


def compare(views: Views, plan_id: int, key: str, parent: str | None = None, limit: int = 200) -> Comparison:
    """One indicator across regions: the same catalog id, else the same name, in every stored plan."""
    from ecociv.errors import NotFoundError
    from ecociv.web._numbers import reference_lines

    plan = views.store.get_plan(plan_id)
    ref = dict(plan.indicators()).get(key)
    if ref is None:
        raise NotFoundError(f"规划中没有编号为 {key} 的指标")
    i, t, p, r = T.indicators, T.indicator_tables, T.plans, T.regions
    par = sa.alias(T.regions)
    cond = i.c.catalog_id == ref.catalog_id if ref.catalog_id else i.c.name == ref.name
    q = (
        sa.select(p.c.id, p.c.title, r.c.name.label("region"), i.c.key)
        .select_from(i.join(t, i.c.table_id == t.c.id).join(p, t.c.plan_id == p.c.id)
                     .join(r, p.c.region_id == r.c.id).outerjoin(par, r.c.parent_id == par.c.id))
        .where(cond).order_by(r.c.name, p.c.id, i.c.key).limit(limit)
    )
    if parent:
        # the stored hierarchy, and the official one (regions under the parent in the division list)
        under = descendants(parent)
        q = q.where(sa.or_(par.c.name == parent, r.c.name == parent, r.c.code.in_([d.code for d in under]),
                           r.c.name.in_([d.name for d in under])))
    with views.engine.connect() as c:
        found = c.execute(q).all()
    seen: set[int] = set()
    cells: list[CompareCell] = []
    versions = views._versions({int(x.id) for x in found})
    for x in found:
        if int(x.id) in seen:  # one row per plan: the first matching indicator (table order)
            continue
        seen.add(int(x.id))
        st = views.states(int(x.id), versions[int(x.id)]).get(x.key) or IndicatorState.empty()
        cells.append(CompareCell(plan_id=int(x.id), key=x.key, region=x.region, title=x.title, state=st))
    return Comparison(name=ref.name, unit=ref.unit, catalog_id=ref.catalog_id, standard=ref.standard,
                      lines=reference_lines(ref), cells=cells,
                      matched_by="指标库编号" if ref.catalog_id else "指标名称")
