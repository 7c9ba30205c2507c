"""What the pages show, computed from the store: plan lists with status counts, indicator rows.

Status counts of a plan need its assessment, which is too costly to repeat for thousands of plans
on every request: the home page is paginated and each plan's counts are cached together with a
version of its observations (count and newest id), so a new value anywhere invalidates them.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ecociv.model import Indicator, Plan
from ecociv.store import tables as T
from ecociv.store._divisions import descendants
from ecociv.web._status import IndicatorState, PlanStates, plan_states

PAGE_SIZE = 50
#: Plans whose assessment is kept in memory (least recently used go first).
CACHE_SIZE = 10_000


@dataclass
class _Cached:
    version: tuple[int, int]  # (number of observations, newest observation id) of the plan
    plan: Plan
    states: PlanStates
    at_risk: list[str] = field(default_factory=list)  # binding indicators not met or slipping, with why
    checked: tuple[int, int] = (-1, -1)  # database generation at which the version was last confirmed
    n_indicators: int = 0


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

    def tables(self) -> list[tuple[int, str, list[Row]]]:
        out = []
        for t, table in enumerate(self.plan.indicator_tables):
            out.append((t, table.title, [r for r in self.rows if r.table == t]))
        return out

    def domains(self) -> list[str]:
        return sorted({r.ind.domain for r in self.rows if r.ind.domain})

    def attributes(self) -> list[str]:
        return sorted({r.ind.attribute for r in self.rows if r.ind.attribute})

    def target_years(self) -> list[int]:
        return sorted({y for r in self.rows for y in r.ind.targets})


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
        self._seen_gen: tuple[int, int] = (-1, -1)
        self._inflight: dict[int, threading.Event] = {}

    # -- versions and cache ------------------------------------------------------------------
    def _generation(self) -> tuple[int, int]:
        """Changes anywhere: every write of the store appends to the audit log or the observations."""
        q = sa.select(sa.select(sa.func.max(T.audit_log.c.id)).scalar_subquery(),
                      sa.select(sa.func.max(T.observations.c.id)).scalar_subquery())
        with self.engine.connect() as c:
            a, o = c.execute(q).one()
        return int(a or 0), int(o or 0)

    def _versions(self, plan_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """Version of each plan's observations (count, newest id); re-queried only for plans not
        checked since the last change anywhere in the database."""
        ids = list(plan_ids)
        if not ids:
            return {}
        gen = self._generation()
        with self._lock:
            out = {i: e.version for i in ids if (e := self._cache.get(i)) is not None and e.checked == gen}
        rest = [i for i in ids if i not in out]
        if rest:
            q = (
                sa.select(T.indicator_tables.c.plan_id, sa.func.count(T.observations.c.id),
                          sa.func.coalesce(sa.func.max(T.observations.c.id), 0))
                .select_from(T.observations.join(T.indicators, T.observations.c.indicator_id == T.indicators.c.id)
                             .join(T.indicator_tables, T.indicators.c.table_id == T.indicator_tables.c.id))
                .where(T.indicator_tables.c.plan_id.in_(rest))
                .group_by(T.indicator_tables.c.plan_id)
            )
            with self.engine.connect() as c:
                found = {int(p): (int(n), int(m)) for p, n, m in c.execute(q)}
            with self._lock:
                for i in rest:
                    out[i] = found.get(i, (0, 0))
                    e = self._cache.get(i)
                    if e is not None and e.version == out[i]:
                        e.checked = gen
                self._seen_gen = gen
        return out

    def invalidate(self, plan_id: int) -> None:
        with self._lock:
            self._cache.pop(plan_id, None)

    def _cached(self, plan_id: int, version: tuple[int, int] | None = None) -> _Cached:
        """The plan and its states, recomputed only when its observations changed."""
        if version is None:
            version = self._versions([plan_id])[plan_id]
        for _ in range(2):
            with self._lock:
                hit = self._cache.get(plan_id)
                if hit is not None and hit.version == version:
                    self._cache.move_to_end(plan_id)
                    return hit
                gen = self._seen_gen
                busy = self._inflight.get(plan_id)
                if busy is None:
                    mine = self._inflight[plan_id] = threading.Event()
                    break
            busy.wait(timeout=60)  # another thread is assessing this plan: use its result
        else:
            mine = threading.Event()
        try:
            return self._compute(plan_id, version, gen)
        finally:
            with self._lock:
                if self._inflight.get(plan_id) is mine:
                    del self._inflight[plan_id]
            mine.set()

    def _compute(self, plan_id: int, version: tuple[int, int], gen: tuple[int, int]) -> _Cached:
        plan = self.store.get_plan(plan_id)
        ps = plan_states(plan, self.store.observations(plan_id))
        names = dict(plan.indicators())
        entry = _Cached(version, plan, ps,
                        [f"{names[k].name if k in names else k}（{why}）" for k, why in ps.binding_at_risk],
                        checked=gen, n_indicators=len(names))
        with self._lock:
            self._cache[plan_id] = entry
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return entry

    def states(self, plan_id: int, version: tuple[int, int] | None = None) -> dict[str, IndicatorState]:
        return self._cached(plan_id, version).states.states

    def _summary(self, plan_id: int, version: tuple[int, int]) -> tuple[dict[str, int], list[str], int]:
        e = self._cached(plan_id, version)
        return dict(e.states.counts), list(e.at_risk), e.n_indicators

    def warm(self, stop: threading.Event | None = None) -> int:
        """Assess every plan once, in the home page's order, so that first visits are fast.

        Meant for a background thread when the server starts; returns the number of plans cached.
        """
        with self.engine.connect() as c:
            ids = [int(i) for i in c.execute(
                sa.select(T.plans.c.id).select_from(T.plans.join(T.regions, T.plans.c.region_id == T.regions.c.id))
                .order_by(T.regions.c.name, T.plans.c.id)).scalars()]
        done = 0
        for start in range(0, len(ids), PAGE_SIZE):
            if stop is not None and stop.is_set():
                break
            chunk = ids[start:start + PAGE_SIZE]
            versions = self._versions(chunk)
            for i in chunk:
                self._cached(i, versions[i])
                done += 1
                time.sleep(0)  # let request threads run between plans
        return done

    def warm_in_background(self) -> threading.Thread:
        def run() -> None:
            with contextlib.suppress(Exception):  # a cache warmer must never take the server down
                self.warm()

        t = threading.Thread(target=run, name="ecociv-warm", daemon=True)
        t.start()
        return t

    # -- home --------------------------------------------------------------------------------
    def plan_cards(self, page: int = 1, q: str = "", per_page: int = PAGE_SIZE) -> tuple[list[PlanCard], int]:
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
        ids = [int(x.id) for x in rows]
        versions = self._versions(ids)
        cards = []
        for x in rows:
            counts, at_risk, n_ind = self._summary(int(x.id), versions[int(x.id)])
            cards.append(PlanCard(id=int(x.id), title=x.title, region=x.name, kind=x.kind, base_year=x.base_year,
                                  period=_period(x.period_start, x.period_end),
                                  n_indicators=n_ind, counts=counts, at_risk=at_risk))
        return cards, total

    # -- plan --------------------------------------------------------------------------------
    def plan_view(self, plan_id: int, year: int | None = None) -> PlanView:
        if year is None:
            e = self._cached(plan_id)
            plan, ps = e.plan, e.states
        else:
            plan = self.store.get_plan(plan_id)
            ps = plan_states(plan, self.store.observations(plan_id), year)
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
                        binding_not_met=ps.binding_not_met)

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
