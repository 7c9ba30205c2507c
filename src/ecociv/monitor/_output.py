"""Result tables (pyarrow) with Chinese headers, for CSV/Parquet output."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from ecociv.monitor._air import AirDaily, Daily
from ecociv.monitor._annual import AnnualRow, Outlook
from ecociv.monitor._aqi import DAILY_KEYS, DISPLAY
from ecociv.monitor._tables import aqi_table
from ecociv.monitor._water import CLASS_NAMES, Classified, WaterResult, items

DAILY_COLUMNS = {
    "so2": "SO2_24h(µg/m³)",
    "no2": "NO2_24h(µg/m³)",
    "pm10": "PM10_24h(µg/m³)",
    "co": "CO_24h(mg/m³)",
    "pm25": "PM2.5_24h(µg/m³)",
    "o3_8h": "O3_8h最大(µg/m³)",
    "o3_1h": "O3_1h最大(µg/m³)",
    "so2_1h": "SO2_1h最大(µg/m³)",
    "no2_1h": "NO2_1h最大(µg/m³)",
    "co_1h": "CO_1h最大(mg/m³)",
}
ANNUAL_NAMES = {
    "so2": "SO2年均(µg/m³)",
    "no2": "NO2年均(µg/m³)",
    "pm10": "PM10年均(µg/m³)",
    "pm25": "PM2.5年均(µg/m³)",
    "co": "CO日均第95百分位(mg/m³)",
    "o3_8h": "O3日最大8h第90百分位(µg/m³)",
}


def primary_codes(d: Daily, over_100: bool = False) -> np.ndarray:
    """Primary pollutant(s) per (entity, day) as strings, vectorised through a bit mask.

    With ``over_100`` the 超标污染物 instead: every pollutant whose IAQI exceeds 100.
    """
    names = list(DAILY_KEYS)
    mask = np.zeros(d.aqi.shape, dtype=np.int64)
    for bit, q in enumerate(names):
        hit = (d.iaqi[q] > 100) if over_100 else (d.iaqi[q] == d.aqi) & (d.aqi > 50)
        mask |= hit.astype(np.int64) << bit
    i8, i1 = names.index("o3_8h"), names.index("o3_1h")
    both = ((mask >> i8) & 1).astype(bool) & ((mask >> i1) & 1).astype(bool)
    mask[both] &= ~(1 << i1)
    lookup = np.array([",".join(DISPLAY[names[b]] for b in range(len(names)) if m >> b & 1) for m in range(1 << len(names))], dtype=object)
    out: np.ndarray = lookup[mask]
    return out


def _col(a: np.ndarray) -> pa.Array:
    return pa.array(a.ravel(), mask=np.isnan(a.ravel()), type=pa.float64())


def daily_table(d: Daily, version: str) -> pa.Table:
    table = aqi_table(version)
    e, n = len(d.names), d.n_days
    if e == 0:
        return pa.table({"类型": pa.array([], pa.string())})
    cols: dict[str, Any] = {
        "类型": pa.array([d.kind] * (e * n)),
        "名称": pa.DictionaryArray.from_arrays(np.repeat(np.arange(e, dtype=np.int32), n), pa.array(d.names)),
        "日期": pa.array(np.tile(d.dates(), e)),
    }
    for k, label in DAILY_COLUMNS.items():
        cols[label] = _col(d.stats[k])
    cols["O3有效8h滑动平均个数"] = pa.array(d.hours["o3_8h"].ravel().astype(np.int16))
    cols["PM2.5有效小时数"] = pa.array(d.hours["pm25"].ravel().astype(np.int16))
    for q in DAILY_KEYS:
        cols[f"IAQI_{DISPLAY[q]}"] = _col(d.iaqi[q])
    cols["AQI"] = _col(d.aqi)
    lv = d.level.ravel().astype(np.int64)
    levels = np.array(["", *table.levels], dtype=object)
    cats = np.array(["无效", *table.categories], dtype=object)
    cols["级别"] = pa.array(levels[lv + 1])
    cols["类别"] = pa.array(cats[lv + 1])
    cols["首要污染物"] = pa.array(primary_codes(d).ravel())
    cols["超标污染物"] = pa.array(primary_codes(d, over_100=True).ravel())
    return pa.table(cols)


def daily_tables(r: AirDaily) -> pa.Table:
    parts = [daily_table(d, r.version) for d in (r.cities, r.stations) if d.names]
    parts = [p.cast(parts[0].schema) if i else p for i, p in enumerate(parts)]
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


def annual_table(rows: list[AnnualRow]) -> pa.Table:
    table = aqi_table()
    cols: dict[str, list[Any]] = {"类型": [], "名称": [], "年份": [], "有效天数": [], "优良天数": [], "优良天数比例(%)": []}
    for c in table.categories:
        cols[f"{c}天数"] = []
    for k, label in ANNUAL_NAMES.items():
        cols[label] = []
        cols[f"{k}有效日数"] = []
        cols[f"{k}年评价有效"] = []
        cols[f"{k}达二级标准"] = []
    for r in rows:
        cols["类型"].append(r.kind)
        cols["名称"].append(r.name)
        cols["年份"].append(r.year)
        cols["有效天数"].append(r.aqi_days)
        cols["优良天数"].append(r.good_days)
        cols["优良天数比例(%)"].append(r.good_ratio)
        for c, n in zip(table.categories, r.category_days, strict=True):
            cols[f"{c}天数"].append(n)
        for k, label in ANNUAL_NAMES.items():
            cols[label].append(r.values[k])
            cols[f"{k}有效日数"].append(r.valid_days[k])
            cols[f"{k}年评价有效"].append("是" if r.year_valid[k] else "否")
            ok = r.meets_limit[k]
            cols[f"{k}达二级标准"].append(None if ok is None else ("是" if ok else "否"))
    return pa.table(cols)


def outlook_table(rows: list[Outlook]) -> pa.Table:
    return pa.table(
        {
            "类型": [o.kind for o in rows],
            "名称": [o.name for o in rows],
            "年份": [o.year for o in rows],
            "已有有效天数": [o.days_so_far for o in rows],
            "已有优良天数": [o.good_so_far for o in rows],
            "剩余天数": [o.remaining_days for o in rows],
            "剩余天中需优良天数": [o.good_days_needed for o in rows],
            "优良比例目标可达": [None if o.good_reachable is None else ("是" if o.good_reachable else "否") for o in rows],
            "PM2.5至今均值": [o.pm25_mean_so_far for o in rows],
            "剩余天PM2.5均值上限": [o.pm25_max_remaining for o in rows],
            "PM2.5目标可达": [None if o.pm25_reachable is None else ("是" if o.pm25_reachable else "否") for o in rows],
        }
    )


def water_table(cl: list[Classified]) -> pa.Table:
    table = items()
    keys = [k for k in table if any(k in c.values for c in cl)]
    cols: dict[str, list[Any]] = {"断面": [c.section for c in cl], "日期": [c.date for c in cl], "水体类型": ["湖库" if c.lake else "河流" for c in cl]}
    for k in keys:
        cols[table[k].name] = [c.values.get(k) for c in cl]
        cols[f"{table[k].name}类别"] = [_item_class(c, k) for c in cl]
    cols["水质类别"] = [c.overall_name() for c in cl]
    cols["超Ⅲ类项目"] = ["、".join(c.above_iii) for c in cl]
    return pa.table(cols)


def _item_class(c: Classified, key: str) -> str | None:
    if key in c.classes:
        return CLASS_NAMES[c.classes[key] - 1]
    if key in c.separate:
        return f"{CLASS_NAMES[c.separate[key] - 1]}（单独评价，不计入水质类别）"
    return None


def water_annual_table(r: WaterResult) -> pa.Table:
    return water_table([c for year in sorted(r.annual) for c in r.annual[year]])
