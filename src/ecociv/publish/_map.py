"""The map section of the public site: for each table-row indicator that some region has an
official figure for, a map of the regions of the plan's area (see :mod:`ecociv.reports._map`)."""

from __future__ import annotations

from functools import partial
from html import escape
from typing import Any

from ecociv.model import Observation
from ecociv.publish._official import select_official
from ecociv.reports._chart_options import embed, fmt
from ecociv.reports._map import MapRegion, build_region_map
from ecociv.store._boundaries import load_boundaries

MAX_MAPS = 12
_CLASS = {"达标": "ok", "未达标": "bad", "待核定": "review", "无数据": "none"}


def _table(regions: list[MapRegion], unit: str | None) -> str:
    rows = "".join(
        f'<tr><td>{escape(r.division.name)}{"" if r.feature else "（边界文件中未找到）"}</td><td>{r.division.code}</td>'
        f'<td class="num">{fmt(r.value) + escape(unit or "") if r.value is not None else ""}</td><td>{r.year or ""}</td>'
        f'<td><span class="status {_CLASS.get(r.status, "none")}">{escape(r.status)}</span></td></tr>' for r in regions)
    return ('<div class="scroll"><table class="grid"><thead><tr><th>地区</th><th>行政区划代码</th><th>数值</th><th>年份</th>'
            f"<th>达标情况</th></tr></thead><tbody>{rows}</tbody></table></div>")


def _link(plan_id: int, page: str, r: MapRegion) -> str | None:
    """Only the published plan's own region has a page on the site."""
    return page if r.plan_id == plan_id else None


def map_for_site(store: Any, plan_id: int, year: int | None = None) -> str | None:
    """HTML of the site's map page body, or None without boundaries or an official division."""
    geo = load_boundaries()
    if geo is None:
        return None
    plan = store.get_plan(plan_id)

    def official(obs: list[Observation]) -> list[Observation]:
        return select_official(obs, year).official

    parts: list[str] = []
    for key, ind in plan.indicators():
        if key.count("/") != 1:
            continue
        data = build_region_map(store, plan_id, key, year=year, boundaries=geo, select=official)
        if data is None:
            return None
        if not data.geojson.get("features") or all(r.value is None for r in data.regions):
            continue
        option = data.option(partial(_link, plan_id, "indicators/" + key.replace("/", "-") + ".html"))
        parts.append(f"<h2>{escape(ind.name)}</h2><div class=\"two\"><figure class=\"chart-box\">"
                     f"{embed(option, f'map-{len(parts)}', f'{data.area.name}各地区{ind.name}', data.geojson)}</figure>"
                     f"{_table(data.regions, ind.unit)}</div>")
        if len(parts) >= MAX_MAPS:
            break
    if not parts:
        return None
    return "".join(parts)
