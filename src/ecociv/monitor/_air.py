"""Daily air statistics and AQI per station and per city (HJ 663 validity, HJ 633 AQI).

Hourly values are held in time-major cubes (days, 24, stations) and reduced along the hour axis.
Time convention: ``time`` labels the *start* of the hour, so a day holds hours 00..23 and the
O3 8-h moving averages of HJ 663 (ending 8:00 … 24:00) are the 17 windows 00–08 … 16–24.
A city's hourly value is the mean of its stations' valid hourly values (its daily 1-hour maxima
come from those); its 24-hour averages and O3 daily maximum 8-hour average are the means of its
stations' daily values, with at least 75 % of the stations valid (HJ 663—2013 表A.2, 6.1.4:
see :mod:`ecociv.monitor._city`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ecociv.model import Finding
from ecociv.monitor._aqi import DAILY_KEYS, aqi_of, iaqi, iaqi_with_fallback, level_index, round_concentration
from ecociv.monitor._city import city_means, few_points_findings
from ecociv.monitor._clean import (
    Buffers,
    Grid,
    co_unit_suspects,
    day_blocks,
    grid_findings,
    group_cube,
    make_grid,
    pollutant_cube,
)
from ecociv.monitor._crosscheck import cross_check
from ecociv.monitor._io import POLLUTANTS, Hourly
from ecociv.monitor._tables import aqi_segments, aqi_table, validity_rules

ALL_STATIONS = "全部站点"
#: the statistics kept per day (rounded as reported) and their source
STATS = ("so2", "no2", "pm10", "co", "pm25", "o3_8h", "o3_1h", "so2_1h", "no2_1h", "co_1h")


@dataclass
class Daily:
    """Daily results for a set of entities (stations or cities): arrays shaped (entities, days)."""

    kind: str  # 站点 / 城市
    names: list[str]
    first_day: int  # days since 1970-01-01
    n_days: int
    stats: dict[str, np.ndarray] = field(default_factory=dict)  # rounded concentrations, NaN = invalid
    hours: dict[str, np.ndarray] = field(default_factory=dict)  # valid hours (O3: valid 8-h windows)
    iaqi: dict[str, np.ndarray] = field(default_factory=dict)
    aqi: np.ndarray = field(default_factory=lambda: np.empty((0, 0)))
    level: np.ndarray = field(default_factory=lambda: np.empty((0, 0), dtype=np.int8))

    def dates(self) -> np.ndarray:
        return np.arange(self.first_day, self.first_day + self.n_days).astype("datetime64[D]")


@dataclass
class AirDaily:
    stations: Daily
    cities: Daily
    findings: list[Finding]
    version: str = "2012"  # the AQI edition of the last day (year, e.g. 2026)
    #: the AQI editions used: [{"standard": "HJ 633—2026", "from": "2026-03-01", "to": "2026-12-31", "table": …}]
    editions: list[dict[str, str]] = field(default_factory=list)

    def edition_text(self) -> str:
        """``HJ 633—2012（2026-01-01～2026-02-28）、HJ 633—2026（2026-03-01～2026-12-31）``."""
        if len(self.editions) == 1:
            return self.editions[0]["standard"]
        return "、".join(f"{e['standard']}（{e['from']}～{e['to']}）" for e in self.editions)


@dataclass
class _Raw:
    """Per (day, entity) sums of one pollutant, filled block by block."""

    n: np.ndarray  # valid hours
    total: np.ndarray  # sum of valid hours
    hi: np.ndarray  # max of valid hours (0 when none)
    m8: np.ndarray | None = None  # O3: max valid 8-h mean (-inf when none)
    nwin: np.ndarray | None = None  # O3: valid 8-h windows

    @classmethod
    def empty(cls, n_days: int, n_entities: int, o3: bool) -> _Raw:
        shape = (n_days, n_entities)
        return cls(
            np.zeros(shape, np.int16),
            np.zeros(shape, np.float64),
            np.zeros(shape, np.float32),
            np.zeros(shape, np.float64) if o3 else None,
            np.zeros(shape, np.int16) if o3 else None,
        )

    def add_block(self, a: int, b: int, filled: np.ndarray, valid: np.ndarray) -> None:
        """Reduce a (days, 24, entities) block: ``filled`` has 0 where not valid, never negative."""
        valid.sum(axis=1, dtype=np.int16, out=self.n[a:b])
        filled.sum(axis=1, dtype=np.float64, out=self.total[a:b])
        filled.max(axis=1, out=self.hi[a:b])
        if self.m8 is None or self.nwin is None:
            return
        # 8-h windows ending 8:00 … 24:00 = hours s..s+7 for s = 0..16: eight shifted adds
        wsum = filled[:, 0:17].astype(np.float64)
        wn = valid[:, 0:17].astype(np.int8)
        for k in range(1, 8):
            wsum += filled[:, k : k + 17]
            wn += valid[:, k : k + 17]
        ok = wn >= validity_rules().min_hours_8h_window
        with np.errstate(invalid="ignore", divide="ignore"):
            wsum /= wn
        wsum[~ok] = -np.inf
        wsum.max(axis=1, out=self.m8[a:b])
        ok.sum(axis=1, dtype=np.int16, out=self.nwin[a:b])


def _finalize(raw: _Raw, pollutant: str, out: Daily) -> None:
    """Daily statistics (entities, days) with HJ 663 validity and rounding from the sums."""
    rules = validity_rules()
    n = raw.n.T
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = raw.total.T / n
    hi = raw.hi.T.astype(np.float64)
    hi[n == 0] = np.nan
    enough = n >= rules.min_hours_daily_mean
    out.hours[pollutant] = np.ascontiguousarray(n)
    if raw.m8 is not None and raw.nwin is not None:
        m8 = round_concentration(raw.m8.T, "o3")
        nwin = raw.nwin.T
        ok8 = (nwin >= rules.min_windows_o3_8h) | ((nwin > 0) & (m8 > rules.o3_8h_exceedance_keeps_valid))
        out.stats["o3_8h"] = np.where(ok8, m8, np.nan)
        out.hours["o3_8h"] = np.ascontiguousarray(nwin)
        out.stats["o3_1h"] = np.where(enough, round_concentration(hi, "o3"), np.nan)
        return
    out.stats[pollutant] = np.where(enough, round_concentration(mean, pollutant), np.nan)
    if pollutant in ("so2", "no2", "co"):
        out.stats[f"{pollutant}_1h"] = round_concentration(hi, pollutant)


def _finish_one(out: Daily, version: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """IAQIs and AQI of every day by one AQI edition (HJ 633 daily report)."""
    s = out.stats
    table = aqi_table(version)
    found: dict[str, np.ndarray] = {}
    for q, key in DAILY_KEYS.items():
        if q == "o3_8h":
            found[q] = iaqi_with_fallback("o3_8h", s["o3_8h"], s["o3_1h"], version, rounded=True)
        elif key in table.daily_items:
            found[q] = iaqi(key, s[q], version, rounded=True)
        else:  # not an item of this edition's daily report (HJ 633—2026 drops the O3 1-h value)
            found[q] = np.full(s[q].shape, np.nan)
    # SO2 1-h IAQI for information (1-h SO2/NO2/CO enter only the real-time report)
    found["so2_1h"] = iaqi_with_fallback("so2_1h", s["so2_1h"], s["so2"], version, rounded=True)
    aqi = aqi_of({q: found[q] for q in DAILY_KEYS})
    return found, aqi


def _finish(out: Daily, segments: list[tuple[str, np.ndarray]]) -> None:
    """IAQI, AQI and level from the statistics, each day by the AQI edition of its segment."""
    s = out.stats
    aqi = np.full(s["pm25"].shape, np.nan)
    level = np.full(s["pm25"].shape, -1, dtype=np.int8)
    for version, days in segments:
        found, seg_aqi = _finish_one(out, version)
        for q, v in found.items():
            out.iaqi[q] = v if q not in out.iaqi else np.where(days[None, :], v, out.iaqi[q])
        complete = np.all([~np.isnan(s[p]) for p in ("so2", "no2", "pm10", "co", "pm25", "o3_8h")], axis=0)
        # a day with missing items still counts when a valid item already exceeds 100 (it is 超标 anyway)
        seg_aqi = np.where(complete | (seg_aqi > 100), seg_aqi, np.nan)
        aqi = np.where(days[None, :], seg_aqi, aqi)
        level = np.where(days[None, :], level_index(seg_aqi, version), level)
    out.aqi = aqi
    out.level = level.astype(np.int8)


def daily(h: Hourly, cities: dict[str, str] | None = None, version: str | None = None, straddle: str = "split") -> AirDaily:
    """Daily statistics and AQI per station and per city from hourly data (cleaned in place).

    ``version`` pins one AQI edition (``2012``, ``HJ 633—2026``); without it every day is
    computed by the edition in force on it (``straddle`` may put a changing year on one edition).
    """
    grid = make_grid(h)
    findings = grid_findings(h, grid)
    order, starts, city_names, extra = _city_groups(h, cities)
    findings.extend(extra)
    st = Daily("站点", list(h.stations), grid.first_day, grid.n_days)
    ct = Daily("城市", city_names, grid.first_day, grid.n_days)
    found: dict[str, list[Finding]] = {p: [] for p in POLLUTANTS}

    def work(pollutants: tuple[str, ...]) -> None:
        buf = Buffers.for_grid(grid)
        for p in pollutants:
            _one_pollutant(h.column(p), h, grid, p, buf, st, ct, order, starts, found[p])

    # two workers (Arrow reading and NumPy release the GIL): O3, the heaviest, shares with light ones
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(work, ("o3", "so2", "no2")), pool.submit(work, ("pm25", "pm10", "co"))]
        for job in jobs:
            job.result()
    for p in POLLUTANTS:
        findings.extend(found[p])
    segments, used = aqi_segments(grid.first_day, grid.n_days, version, straddle)
    _finish(st, segments)
    if h.derived is not None:  # national-platform derived values: compared, never used
        findings.extend(cross_check(h.derived, st.names, st.first_day, st.stats, h.file))
    if order.size:
        points: dict[str, np.ndarray] = {}
        city_means(st.stats, order, starts, ct.stats, points)
        ct.hours.update({f"{k}_points": v for k, v in points.items()})
        findings.extend(few_points_findings(city_names, order, starts, points, h.file))
    else:  # no station makes a city: empty city rows, not missing statistics
        ct.stats = {k: np.empty((0, grid.n_days)) for k in STATS}
    _finish(ct, segments)
    findings.extend(_validity_findings(h, grid, st))
    return AirDaily(st, ct, findings, segments[-1][0], used)


def _one_pollutant(
    col: pa.ChunkedArray, h: Hourly, grid: Grid, p: str, buf: Buffers, st: Daily, ct: Daily, order: np.ndarray, starts: np.ndarray, findings: list[Finding]
) -> None:
    cube, found = pollutant_cube(col, h, grid, p, buf)
    findings.extend(found)
    excluded = np.empty(0, dtype=np.int64)
    if p == "co":
        excluded, found = co_unit_suspects(h, cube)
        findings.extend(found)
    o3 = p == "o3"
    raw_st = _Raw.empty(grid.n_days, grid.n_stations, o3)
    raw_ct = _Raw.empty(grid.n_days, len(ct.names), o3)
    for a, b in day_blocks(cube):  # cache-sized slices: each pass below stays in cache
        blk = cube[a:b]
        valid = blk == blk
        filled = np.fmax(blk, 0, out=blk)  # NaN -> 0; valid values are >= 0 after cleaning
        if excluded.size:
            valid[:, :, excluded] = False
            filled[:, :, excluded] = 0
        raw_st.add_block(a, b, filled, valid)
        if order.size:
            raw_ct.add_block(a, b, *group_cube(filled, valid, order, starts))
    _finalize(raw_st, p, st)
    if order.size:
        _finalize(raw_ct, p, ct)
    else:
        ct.stats[p] = np.empty((0, grid.n_days))


def _city_groups(h: Hourly, cities: dict[str, str] | None) -> tuple[np.ndarray, np.ndarray, list[str], list[Finding]]:
    findings: list[Finding] = []
    if cities is None:
        city_of = [ALL_STATIONS] * len(h.stations)
    else:
        city_of = [cities.get(s, "") for s in h.stations]
        unknown = [s for s, c in zip(h.stations, city_of, strict=True) if not c]
        if unknown:
            shown = "、".join(unknown[:10]) + (" 等" if len(unknown) > 10 else "")
            findings.append(Finding("unknown-station", f"{len(unknown)} 个站点不在站点—城市对照表中，未计入城市统计：{shown}", "warning", file=h.file, column="station", data={"stations": unknown}))
        absent = sorted(set(cities) - set(h.stations))
        if absent:
            findings.append(Finding("station-without-data", f"对照表中有 {len(absent)} 个站点没有任何数据：{'、'.join(absent[:10])}", "info", data={"stations": absent}))
    names = sorted({c for c in city_of if c})
    pos = {c: i for i, c in enumerate(names)}
    code = np.array([pos.get(c, -1) for c in city_of], dtype=np.int64)
    order = np.argsort(code, kind="stable")
    order = order[code[order] >= 0]
    if order.size == 0:
        return order, np.empty(0, dtype=np.int64), [], findings
    starts = np.concatenate(([0], np.nonzero(np.diff(code[order]))[0] + 1))
    return order, starts, names, findings


def _validity_findings(h: Hourly, grid: Grid, st: Daily) -> list[Finding]:
    rules = validity_rules()
    out: list[Finding] = []
    expected = grid.n_stations * grid.n_days * 24
    for p in POLLUTANTS:
        have = int(st.hours[p].sum())
        missing = expected - have
        if missing:
            out.append(Finding("missing-hours", f"{p}：{grid.n_stations} 个站点 {grid.n_days} 天应有 {expected} 个小时值，缺测或无效 {missing} 个", "info", file=h.file, column=p, data={"count": missing, "expected": expected}))
        key = "o3_8h" if p == "o3" else p
        short = int(np.count_nonzero(np.isnan(st.stats[key]) & (st.hours[p] > 0)))
        if short:
            need = f"有效8小时滑动平均少于{rules.min_windows_o3_8h}个" if p == "o3" else f"有效小时数少于{rules.min_hours_daily_mean}"
            out.append(Finding("day-insufficient-hours", f"{p}：{short} 个站点·日的{need}，该日统计无效", "warning", file=h.file, column=p, data={"count": short}))
    return out
