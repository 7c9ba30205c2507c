"""ECharts options (plain dicts, serialisable as JSON) built from the same data the tables show.

One module for every chart of the dashboard, the published site and the html report: a line of an
indicator's yearly values with its standard and stage targets as labelled lines (markLine), bars of
one indicator across regions coloured by 达标/未达标, status counts per domain, and a map of regions.
The browser only draws what is here (``static/charts.js``); nothing is computed in JavaScript.

Reference numbers are read from the standard's and targets' cell texts only for drawing; the
judgement (达标/未达标) is the assessment's.  A text with several numbers contributes its first;
a text without a number draws nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from ecociv.model import Indicator
from ecociv.standards import parse

#: status colours, shared with the web stylesheet (``--ok`` …) and the tables
STATUS_COLOURS = {"达标": "#2e7d32", "未达标": "#c62828", "待核定": "#ef8f00", "无数据": "#8a8f98"}
STATUS_ORDER = ("达标", "未达标", "待核定", "无数据")
SERIES_COLOUR = "#37474f"
STANDARD_COLOUR = "#1565c0"
TARGET_COLOURS = ("#6a1b9a", "#00838f", "#ad1457", "#558b2f")
FONT = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"

_NUM = re.compile(r"[-−]?\d+(?:\.\d+)?")


@dataclass
class Line:
    """A reference line: the standard value (``year`` None) or a stage target (its year)."""

    label: str
    value: float
    year: int | None = None
    colour: str = STANDARD_COLOUR


def threshold(text: str | None) -> float | None:
    """The number a standard or target text is judged against (the standards parser's threshold),
    else the text's first number (a range, a compound requirement); None without a number."""
    if not text:
        return None
    try:
        found = parse(text).numeric_threshold
    except ValueError:
        found = None
    return found if found is not None else first_number(text)


def first_number(text: str | None) -> float | None:
    if not text:
        return None
    m = _NUM.search(text.replace(",", "").replace("，", ""))
    if not m:
        return None
    return float(m.group(0).replace("−", "-"))


def reference_lines(ind: Indicator) -> list[Line]:
    """The standard's number and each stage target's number, as lines to draw."""
    lines: list[Line] = []
    std = threshold(ind.standard)
    if std is not None:
        lines.append(Line(label="指标值", value=std))
    for i, (year, text) in enumerate(sorted(ind.targets.items())):
        v = threshold(text)
        if v is not None:
            lines.append(Line(label=f"{year}年目标", value=v, year=year, colour=TARGET_COLOURS[i % len(TARGET_COLOURS)]))
    return lines


def fmt(v: float) -> str:
    if v == int(v) and abs(v) < 1e12:
        return str(int(v))
    return f"{v:.6g}"


def _nice_range(values: Sequence[float]) -> tuple[float, float]:
    lo, hi = min([*values, 0.0]), max(values)
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / 5
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _base(title: str, *, legend: bool = True) -> dict[str, Any]:
    opt: dict[str, Any] = {
        "animation": False,
        "textStyle": {"fontFamily": FONT, "fontSize": 13},
        "title": {"text": title, "left": 0, "top": 0, "textStyle": {"fontSize": 14, "fontWeight": "bold"}},
        "toolbox": {"right": 0, "top": 0, "feature": {"saveAsImage": {"title": "保存为图片", "name": title or "chart",
                                                                       "pixelRatio": 2}}},
        "tooltip": {"confine": True},
    }
    if legend:
        opt["legend"] = {"bottom": 0, "type": "scroll", "textStyle": {"fontSize": 12}}
    return opt


#: label places of successive reference lines, so that lines at one value keep readable labels
_LABEL_PLACES = ("insideEndTop", "insideStartTop", "insideEndBottom", "insideStartBottom", "insideMiddleTop",
                 "insideMiddleBottom")


def _mark_line(line: Line, unit: str | None, *, axis: str = "yAxis", place: int = 0) -> dict[str, Any]:
    return {
        "symbol": "none", "silent": False,
        "lineStyle": {"color": line.colour, "type": "dashed", "width": 2},
        "label": {"formatter": f"{line.label} {fmt(line.value)}{unit or ''}",
                  "position": _LABEL_PLACES[place % len(_LABEL_PLACES)], "color": line.colour, "fontSize": 12},
        "data": [{"name": line.label, axis: line.value}],
    }


def time_series(points: Sequence[tuple[int, float]], lines: Sequence[Line] = (), *, title: str = "",
                unit: str | None = None, span: Sequence[int] = (),
                statuses: Mapping[int, str] | None = None) -> dict[str, Any]:
    """Yearly values as a line; the standard and each stage target as a labelled dashed line.

    ``span``: years the axis must include (base year, last stage year); ``statuses``: the
    judgement of a year's value, which colours its point as the tables colour it."""
    years = [y for y, _ in points] + [ln.year for ln in lines if ln.year is not None] + list(span)
    first, last = (min(years), max(years)) if years else (0, -1)
    cats = [str(y) for y in range(first, last + 1)] if last - first <= 60 else sorted({str(y) for y in years})
    by_year = dict(points)
    data: list[Any] = []
    for c in cats:
        v = by_year.get(int(c))
        if v is None:
            data.append(None)
            continue
        status = (statuses or {}).get(int(c))
        item: dict[str, Any] = {"value": v}
        if status in STATUS_COLOURS:
            item["itemStyle"] = {"color": STATUS_COLOURS[status]}
            item["status"] = status
        data.append(item)
    values = [v for _, v in points] + [ln.value for ln in lines]
    opt = _base(title)
    lo, hi = _nice_range(values) if values else (0.0, 1.0)
    opt.update({
        "grid": {"left": 8, "right": 16, "top": 64, "bottom": 40, "containLabel": True},
        "xAxis": {"type": "category", "data": cats, "boundaryGap": True},
        "yAxis": {"type": "value", "name": unit or "", "min": lo, "max": hi,
                  "nameTextStyle": {"align": "left"}, "nameGap": 12},
        "tooltip": {"trigger": "axis", "confine": True},
    })
    series: list[dict[str, Any]] = [{
        "name": "实际值", "type": "line", "data": data, "connectNulls": True, "symbol": "circle", "symbolSize": 10,
        "lineStyle": {"color": SERIES_COLOUR, "width": 2}, "itemStyle": {"color": SERIES_COLOUR},
    }]
    for k, ln in enumerate(lines):
        # one series per reference line, so that the legend can hide it
        series.append({"name": ln.label, "type": "line", "data": [], "itemStyle": {"color": ln.colour},
                       "lineStyle": {"color": ln.colour, "type": "dashed"}, "markLine": _mark_line(ln, unit, place=k)})
    opt["series"] = series
    if not points:
        opt["title"]["subtext"] = "暂无数值"
    return opt


def bars(items: Sequence[tuple[str, float | None, str]], *, title: str = "", unit: str | None = None,
         reference: Line | None = None, links: Sequence[str | None] = (), plain: str = "数值") -> dict[str, Any]:
    """One bar per (label, value, status), coloured by status, one legend entry per status;
    values without a judgement (any other status, e.g. ``""``) are one plain series named
    ``plain``; ``reference`` (the standard) as a labelled line; ``links``: the page each bar opens."""
    labels = [label for label, _, _ in items]
    opt = _base(title)
    series = []
    for status in (*STATUS_ORDER, None):
        data: list[Any] = []
        for k, (_, value, st) in enumerate(items):
            if (st == status or (status is None and st not in STATUS_ORDER)) and value is not None:
                item: dict[str, Any] = {"value": value}
                if k < len(links) and links[k]:
                    item["link"] = links[k]
                data.append(item)
            else:
                data.append(None)
        if any(d is not None for d in data):
            series.append({"name": status or plain, "type": "bar", "stack": "all", "data": data, "barMaxWidth": 28,
                           "itemStyle": {"color": STATUS_COLOURS[status] if status else SERIES_COLOUR},
                           "label": {"show": True, "position": "right", "fontSize": 12}})
    if reference is not None:
        series.append({"name": reference.label, "type": "bar", "stack": "ref", "data": [],
                       "itemStyle": {"color": reference.colour},
                       "markLine": _mark_line(reference, unit, axis="xAxis")})
    values = [v for _, v, _ in items if v is not None] + ([reference.value] if reference else [])
    lo, hi = _nice_range(values) if values else (0.0, 1.0)
    opt.update({
        "grid": {"left": 8, "right": 40, "top": 44, "bottom": 40, "containLabel": True},
        "yAxis": {"type": "category", "data": labels, "inverse": True, "axisLabel": {"width": 110, "overflow": "truncate"}},
        "xAxis": {"type": "value", "name": unit or "", "min": lo, "max": hi},
        "tooltip": {"trigger": "item", "confine": True},
        "series": series,
        "height_hint": 80 + 30 * max(1, len(items)),
    })
    missing = [label for label, v, _ in items if v is None]
    if missing:
        opt["title"]["subtext"] = "无数据：" + "、".join(missing[:12]) + ("等" if len(missing) > 12 else "")
    return opt


def status_counts(groups: Sequence[tuple[str, Mapping[str, int]]], *, title: str = "") -> dict[str, Any]:
    """Stacked bars: per group (domain), how many indicators are 达标/未达标/待核定/无数据."""
    labels = [g for g, _ in groups]
    opt = _base(title)
    opt.update({
        "grid": {"left": 8, "right": 16, "top": 44, "bottom": 40, "containLabel": True},
        "yAxis": {"type": "category", "data": labels, "inverse": True, "axisLabel": {"width": 110, "overflow": "truncate"}},
        "xAxis": {"type": "value", "minInterval": 1, "name": "项"},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        "series": [{"name": s, "type": "bar", "stack": "n", "itemStyle": {"color": STATUS_COLOURS[s]},
                    "data": [counts.get(s, 0) or None for _, counts in groups],
                    "label": {"show": True, "fontSize": 12, "color": "#fff"}} for s in STATUS_ORDER],
        "height_hint": 90 + 30 * max(1, len(groups)),
    })
    return opt


def region_map(map_name: str, regions: Sequence[Mapping[str, Any]], *, title: str = "") -> dict[str, Any]:
    """A map of regions coloured by status: ``regions`` are dicts with ``name`` (the feature's
    name in the registered map), ``status``, ``value`` (or None), ``label`` and ``link``."""
    data = []
    for r in regions:
        status = str(r.get("status") or "无数据")
        data.append({"name": r["name"], "value": r.get("value"), "status": status, "label": r.get("label") or r["name"],
                     "link": r.get("link"), "itemStyle": {"areaColor": STATUS_COLOURS.get(status, STATUS_COLOURS["无数据"])}})
    opt = _base(title, legend=False)
    opt.update({
        "tooltip": {"trigger": "item", "confine": True},
        "series": [{"name": title or "地图", "type": "map", "map": map_name, "roam": True, "data": data,
                    "label": {"show": True, "fontSize": 11, "color": "#1f2933", "textBorderColor": "#fff",
                              "textBorderWidth": 2},
                    "emphasis": {"label": {"show": True}, "itemStyle": {"areaColor": "#ffd54f"}},
                    "itemStyle": {"areaColor": "#eceff1", "borderColor": "#fff"}}],
        "height_hint": 480,
    })
    return opt


def to_json(option: Mapping[str, Any]) -> str:
    """JSON for a ``<script type="application/json">`` element: '<', '>' and '&' escaped so that
    no text in the data can close the element."""
    text = json.dumps(option, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def embed(option: Mapping[str, Any], chart_id: str, label: str, geo: Mapping[str, Any] | None = None) -> str:
    """HTML of one chart: a box that ``charts.js`` fills, and its option as inert JSON data;
    ``geo``: the GeoJSON of a map chart, registered under the series' map name.

    No inline script code runs (the page's CSP allows only ``script-src 'self'``); the table
    beside the chart carries the same figures for readers without JavaScript."""
    safe_id = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    geo_attr = f' data-geo="{safe_id}-geo"' if geo is not None else ""
    out = (f'<div class="echart" data-option="{safe_id}"{geo_attr} role="img" aria-label="{escape(label)}"></div>'
           f'<script type="application/json" id="{safe_id}">{to_json(option)}</script>')
    if geo is not None:
        out += f'<script type="application/json" id="{safe_id}-geo">{to_json(geo)}</script>'
    return out
