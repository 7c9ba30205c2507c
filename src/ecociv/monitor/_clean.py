"""Bad hourly values: found, counted, reported as Findings and kept out of every mean.

Sentinels (-99, -999, -9999, 9999, 99999 …), negative values, duplicate timestamps with
conflicting values, CO apparently given in µg/m³ and stations missing from the city table are
turned into missing hours (NaN) — never silently averaged in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecociv.model import Finding
from ecociv.monitor._io import POLLUTANTS, Hourly

SENTINELS = np.array([-99.0, -999.0, -9999.0, -99999.0, 999.0, 9999.0, 99999.0])
#: a station whose mean CO exceeds this (mg/m³) is taken to report µg/m³
CO_UG_THRESHOLD = 20.0
#: the real-world ceiling of µg/m³ pollutants, to tell sentinel 999 from a real value: only
#: values of exactly a sentinel are dropped; 999 is a sentinel only for CO (mg/m³)
SENTINELS_UG = np.array([-99.0, -999.0, -9999.0, -99999.0, 9999.0, 99999.0])


@dataclass
class Grid:
    """Where each input row lands in the (station, day, hour) cube."""

    n_stations: int
    first_day: int  # days since 1970-01-01
    n_days: int
    lin: np.ndarray  # int64 flat index per row
    dup_rows: np.ndarray  # row numbers (0-based) involved in duplicate timestamps, sorted by lin


def make_grid(h: Hourly) -> Grid:
    day = h.hour // 24
    first, last = int(day.min()), int(day.max())
    n_days = last - first + 1
    lin = h.station_idx.astype(np.int64) * (n_days * 24) + (h.hour - first * 24)
    counts = np.bincount(lin, minlength=len(h.stations) * n_days * 24)
    if counts.max(initial=0) > 1:
        dup = np.nonzero(counts[lin] > 1)[0]
        dup = dup[np.argsort(lin[dup], kind="stable")]
    else:
        dup = np.empty(0, dtype=np.int64)
    return Grid(len(h.stations), first, n_days, lin, dup)


def clean_values(h: Hourly, grid: Grid) -> list[Finding]:
    """Set bad values to NaN in place; one Finding per kind of problem and column."""
    out: list[Finding] = []
    if h.off_hour_rows:
        out.append(Finding("time-not-on-hour", f"有 {h.off_hour_rows} 行的时间不在整点，已按所在小时计", "warning", file=h.file, column="time", data={"count": h.off_hour_rows}))
    if grid.dup_rows.size:
        out.append(Finding("duplicate-timestamp", f"同一站点同一时刻有重复记录 {grid.dup_rows.size} 行；取值一致的保留一条，取值不一致的该小时按缺测处理", "warning", file=h.file, row=int(grid.dup_rows.min()) + 2, data={"count": int(grid.dup_rows.size)}))
    for p in POLLUTANTS:
        x = h.values[p]
        odd = np.nonzero((x < 0) | (x >= 999))[0]  # few rows: judge only those
        is_sentinel = np.isin(x[odd], SENTINELS if p == "co" else SENTINELS_UG)
        is_negative = (x[odd] < 0) & ~is_sentinel
        for slug, rows, what in (("sentinel-value", odd[is_sentinel], "哨兵值（-99、9999 等）"), ("negative-value", odd[is_negative], "负值")):
            if rows.size:
                out.append(Finding(slug, f"{p} 列有 {rows.size} 个{what}，已按缺测处理，未参与平均", "warning", file=h.file, row=int(rows[0]) + 2, column=p, data={"count": int(rows.size)}))
                x[rows] = np.nan
    out.extend(_co_units(h))
    if grid.dup_rows.size:
        out.extend(_duplicates(h, grid))
    return out


def _co_units(h: Hourly) -> list[Finding]:
    x = h.values["co"]
    ok = ~np.isnan(x)
    n = np.bincount(h.station_idx, weights=ok, minlength=len(h.stations))
    s = np.bincount(h.station_idx, weights=np.where(ok, x, 0.0), minlength=len(h.stations))
    mean = np.divide(s, n, out=np.zeros_like(s), where=n > 0)
    bad = np.nonzero(mean > CO_UG_THRESHOLD)[0]
    if bad.size == 0:
        return []
    names = [h.stations[i] for i in bad.tolist()]
    rows = np.isin(h.station_idx, bad)
    x[rows] = np.nan
    shown = "、".join(names[:10]) + (" 等" if len(names) > 10 else "")
    return [
        Finding(
            "co-unit-suspect",
            f"{len(names)} 个站点的 CO 平均值超过 {CO_UG_THRESHOLD:g} mg/m³，疑似以 µg/m³ 填报（应为 mg/m³）：{shown}；这些站点的 CO 未参与计算",
            "error",
            file=h.file,
            column="co",
            data={"stations": names, "count": int(np.count_nonzero(rows))},
        )
    ]


def _duplicates(h: Hourly, grid: Grid) -> list[Finding]:
    rows = grid.dup_rows
    keys = grid.lin[rows]
    starts = np.concatenate(([0], np.nonzero(np.diff(keys))[0] + 1))
    conflicts = 0
    for p in POLLUTANTS:
        v = h.values[p][rows]
        filled_hi = np.where(np.isnan(v), -np.inf, v)
        filled_lo = np.where(np.isnan(v), np.inf, v)
        hi = np.maximum.reduceat(filled_hi, starts)
        lo = np.minimum.reduceat(filled_lo, starts)
        differ = (hi != lo) & np.isfinite(hi)
        conflicts += int(np.count_nonzero(differ))
        group = np.repeat(np.arange(starts.size), np.diff(np.append(starts, rows.size)))
        # the surviving row of each group is the last one written; give it NaN or the common value
        keep = np.where(differ[group], np.nan, np.where(np.isfinite(hi[group]), hi[group], np.nan))
        h.values[p][rows] = keep
    if not conflicts:
        return []
    return [Finding("duplicate-conflict", f"重复记录中有 {conflicts} 个小时·项目取值不一致，已按缺测处理", "warning", file=h.file, data={"count": conflicts})]


def station_cube(h: Hourly, grid: Grid, pollutant: str) -> tuple[np.ndarray, np.ndarray]:
    """(stations, days, 24) float32 cube of one pollutant (0 where missing) and its valid mask."""
    cube = np.full(grid.n_stations * grid.n_days * 24, np.nan, dtype=np.float32)
    cube[grid.lin] = h.values[pollutant]
    valid = cube == cube
    np.nan_to_num(cube, copy=False, nan=0.0)
    shape = (grid.n_stations, grid.n_days, 24)
    return cube.reshape(shape), valid.reshape(shape)


def group_cube(filled: np.ndarray, valid: np.ndarray, order: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hourly means over groups of stations (cities): stations ``order`` grouped at ``starts``."""
    if starts.size == 1 and order.size == filled.shape[0]:
        s = filled.sum(axis=0, dtype=np.float64)[None]
        n = valid.sum(axis=0, dtype=np.int32)[None]
    else:
        same = order.size == filled.shape[0] and bool(np.all(order == np.arange(order.size)))
        sub_f, sub_v = (filled, valid) if same else (filled[order], valid[order])
        s = np.add.reduceat(sub_f, starts, axis=0, dtype=np.float64)
        n = np.add.reduceat(sub_v, starts, axis=0, dtype=np.int32)
    ok = n > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, s / n, 0).astype(np.float32)
    return mean, ok
