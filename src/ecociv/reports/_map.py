"""A map of the regions under a plan's area, coloured by one indicator's status.

The area is the plan's own region when it has divisions under it (a city or province plan),
else its parent (a county plan shows its city).  Each division under the area takes the stored
plan of that region (matched by 行政区划代码, names as fallback) and, in it, the same indicator
(same catalog id, else same name) judged at the chosen year.  Boundaries are the user's GeoJSON
(:mod:`ecociv.store._boundaries`); divisions without a boundary are listed, not dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ecociv.model import Indicator, Observation
from ecociv.reports._chart_options import region_map
from ecociv.reports._indicator import yearly
from ecociv.store import tables as T
from ecociv.store._boundaries import feature_code, feature_name
from ecociv.store._divisions import Division, by_code, children, find, short


@dataclass
class MapRegion:
    division: Division
    plan_id: int | None = None
    title: str | None = None
    key: str | None = None
    status: str = "无数据"
    value: float | None = None
    year: int | None = None
    feature: bool = False  # a boundary was found


@dataclass
class RegionMap:
    area: Division
    name: str  # the indicator's name
    unit: str | None
    regions: list[MapRegion]
    geojson: dict[str, Any] = field(default_factory=dict)

    @property
    def unmatched(self) -> list[MapRegion]:
        return [r for r in self.regions if not r.feature]

    def option(self, link: Callable[[MapRegion], str | None]) -> dict[str, Any]:
        data = [{"name": r.division.name, "status": r.status, "value": r.value, "link": link(r),
                 "label": r.division.name + (f"（{r.year}年）" if r.year else "")} for r in self.regions if r.feature]
        opt = region_map(self.map_name, data, title=f"{self.area.name} · {self.name}")
        for d in opt["series"][0]["data"]:
            d["unit"] = self.unit or ""
        return opt

    @property
    def map_name(self) -> str:
        return f"area-{self.area.code}"


def division_of(store: Any, plan_id: int) -> Division | None:
    """The plan's region as an official division: its stored code, else its (unique) name."""
    parent = sa.alias(T.regions)
    with store.engine.connect() as c:
        row = c.execute(sa.select(T.regions.c.name, T.regions.c.code, parent.c.name.label("parent"))
                        .select_from(T.plans.join(T.regions, T.plans.c.region_id == T.regions.c.id)
                                     .outerjoin(parent, T.regions.c.parent_id == parent.c.id))
                        .where(T.plans.c.id == plan_id)).first()
    if row is None:
        return None
    return _resolve(row.name, row.code, row.parent)


def _resolve(name: str, code: str | None, parent: str | None) -> Division | None:
    d = by_code(code)
    if d is not None:
        return d
    hits = find(name, parent)
    return hits[0] if len(hits) == 1 else None


def _same(a: Indicator, b: Indicator) -> bool:
    return (a.catalog_id is not None and a.catalog_id == b.catalog_id) or a.name.strip() == b.name.strip()


def _features(geo: dict[str, Any] | None, regions: Sequence[MapRegion]) -> dict[str, Any]:
    """The boundary features of ``regions`` (by code, else by name), named as the divisions."""
    if not geo:
        return {}
    by_code_: dict[str, dict[str, Any]] = {}
    by_name: dict[str, dict[str, Any]] = {}
    for f in geo.get("features", []):
        if (c := feature_code(f)) is not None:
            by_code_[c] = f
        if (n := feature_name(f)) is not None:
            by_name.setdefault(n, f)
            by_name.setdefault(short(n), f)
    picked = []
    for r in regions:
        f = by_code_.get(r.division.code) or by_name.get(r.division.name) or by_name.get(short(r.division.name))
        if f is None:
            continue
        r.feature = True
        picked.append({"type": "Feature", "properties": {"name": r.division.name, "adcode": r.division.code},
                       "geometry": f["geometry"]})
    return {"type": "FeatureCollection", "features": picked}


def build_region_map(store: Any, plan_id: int, key: str, *, year: int | None = None,
                     boundaries: dict[str, Any] | None = None,
                     select: Callable[[list[Observation]], list[Observation]] | None = None) -> RegionMap | None:
    """The map data, or None when the plan's region is not an official division.

    ``select``: keeps only some observations (the public site passes its official-figures rule)."""
    own = division_of(store, plan_id)
    if own is None:
        return None
    area = own if children(own.code) else by_code(own.parent)
    if area is None:
        return None
    plan = store.get_plan(plan_id)
    ref = dict(plan.indicators()).get(key)
    if ref is None:
        return None
    parent = sa.alias(T.regions)
    with store.engine.connect() as c:
        rows = c.execute(sa.select(T.plans.c.id, T.plans.c.title, T.regions.c.name, T.regions.c.code,
                                   parent.c.name.label("parent"))
                         .select_from(T.plans.join(T.regions, T.plans.c.region_id == T.regions.c.id)
                                      .outerjoin(parent, T.regions.c.parent_id == parent.c.id))
                         .order_by(T.plans.c.id)).all()
    wanted = {d.code: MapRegion(d) for d in children(area.code)}
    for r in rows:
        d = _resolve(r.name, r.code, r.parent)
        if d is None or d.code not in wanted or wanted[d.code].plan_id is not None:
            continue
        other = plan if int(r.id) == plan_id else store.get_plan(int(r.id))
        k = key if int(r.id) == plan_id else next((k for k, i in other.indicators() if _same(i, ref)), None)
        if k is None:
            continue
        obs = store.observations(int(r.id))
        points = [p for p in yearly(other, select(obs) if select else obs, k) if year is None or p.year <= year]
        m = wanted[d.code]
        m.plan_id, m.title, m.key = int(r.id), str(r.title), k
        if points:
            m.status, m.value, m.year = points[-1].status, points[-1].value, points[-1].year
    regions = list(wanted.values())
    geo = _features(boundaries, regions)
    return RegionMap(area=area, name=ref.name, unit=ref.unit, regions=regions, geojson=geo)
