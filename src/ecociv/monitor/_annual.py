"""Yearly air statistics (HJ 663) and the mid-year outlook.

Annual means of SO2, NO2, PM10, PM2.5 are means of the valid (rounded) daily values; CO is the
95th percentile of daily 24-h means and O3 the 90th percentile of daily maximum 8-h means, by the
HJ 663 percentile formula: sort ascending, k = 1 + (n - 1)·p/100, s = ⌊k⌋,
X_p = X(s) + (X(s+1) − X(s))·(k − s).  A statistic is valid for the year with at least 324 valid
days and at least 27 in every month (25 in February).  优良天数比例 = days with AQI ≤ 100 / days
with a valid AQI.  Each year is judged by the grade II limits of the GB 3095 edition in force
(GB 3095—2026 过渡阶段 2026-03-01～2030-12-31, 最终阶段 from 2031) or the pinned one; the row
names the edition and table.  HJ 663—2026's new rules are not supported (a finding says so).
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass, field

import numpy as np

from ecociv.model import Finding
from ecociv.monitor._air import AirDaily, Daily
from ecociv.monitor._aqi import round_concentration
from ecociv.monitor._tables import annual_limits, validity_rules
from ecociv.standards._editions import DEFAULT_STRADDLE

MEAN_ITEMS = ("so2", "no2", "pm10", "pm25")


@dataclass
class AnnualRow:
    kind: str  # 站点 / 城市
    name: str
    year: int
    days_in_data: int  # calendar days of this year covered by the input's date range
    aqi_days: int  # days with a valid AQI
    good_days: int  # AQI <= 100
    good_ratio: float | None  # percent, one decimal
    category_days: list[int]  # 优, 良, 轻度 … 严重
    values: dict[str, float | None] = field(default_factory=dict)  # so2 no2 pm10 pm25 co(p95) o3_8h(p90)
    valid_days: dict[str, int] = field(default_factory=dict)
    year_valid: dict[str, bool] = field(default_factory=dict)
    meets_limit: dict[str, bool | None] = field(default_factory=dict)  # grade II of ``standard``
    standard: str = ""  # GB 3095—2026（过渡阶段）
    limits_table: str = ""  # GB 3095—2026 表1（过渡阶段限值）
    limits: dict[str, float] = field(default_factory=dict)
    evaluation_standard: str = ""  # HJ 663—2013


def hj663_percentile(values: np.ndarray, p: float) -> np.ndarray:
    """Row-wise HJ 663 percentile of a (E, D) array ignoring NaN; NaN for rows without data."""
    v = np.sort(values, axis=1)  # NaN sorts last
    n = np.count_nonzero(~np.isnan(values), axis=1)
    k = 1 + (np.maximum(n, 1) - 1) * p / 100.0
    s = np.floor(k).astype(np.int64)
    rows = np.arange(v.shape[0])
    lo = v[rows, np.clip(s - 1, 0, v.shape[1] - 1)]
    hi = v[rows, np.clip(np.minimum(s, n - 1), 0, v.shape[1] - 1)]
    out = lo + (hi - lo) * (k - s)
    return np.where(n > 0, out, np.nan)


def _year_slices(d: Daily) -> list[tuple[int, int, int]]:
    dates = d.dates()
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    out = []
    for y in np.unique(years).tolist():
        idx = np.nonzero(years == y)[0]
        out.append((int(y), int(idx[0]), int(idx[-1]) + 1))
    return out


def _month_ok(valid: np.ndarray, dates: np.ndarray, year: int) -> np.ndarray:
    """(E,) True where every month of ``year`` has enough valid days (a partial year fails)."""
    rules = validity_rules()
    months = dates.astype("datetime64[M]").astype(int) % 12 + 1
    ok = np.ones(valid.shape[0], dtype=bool)
    for m in range(1, 13):
        need = rules.min_days_february if m == 2 else rules.min_days_month
        cols = months == m
        ok &= valid[:, cols].sum(axis=1) >= need if cols.any() else False
    del year
    return ok


def annual(daily: Daily, standard: str | None = None, straddle: str = DEFAULT_STRADDLE) -> list[AnnualRow]:
    rules = validity_rules()
    rows: list[AnnualRow] = []
    dates_all = daily.dates()
    for year, a, b in _year_slices(daily):
        lim = annual_limits(year, standard, straddle)
        limits = lim.values
        dates = dates_all[a:b]
        aqi = daily.aqi[:, a:b]
        level = daily.level[:, a:b]
        aqi_days = np.count_nonzero(~np.isnan(aqi), axis=1)
        good = np.count_nonzero(aqi <= 100, axis=1)
        cats = np.stack([np.count_nonzero(level == k, axis=1) for k in range(6)], axis=1)
        vals: dict[str, np.ndarray] = {}
        nvalid: dict[str, np.ndarray] = {}
        yvalid: dict[str, np.ndarray] = {}
        for item in (*MEAN_ITEMS, "co", "o3_8h"):
            x = daily.stats[item][:, a:b]
            ok = ~np.isnan(x)
            n = ok.sum(axis=1)
            if item == "co":
                v = np.round(hj663_percentile(x, rules.co_percentile), 1)
            elif item == "o3_8h":
                v = round_concentration(hj663_percentile(x, rules.o3_percentile), "o3")
            else:
                with np.errstate(invalid="ignore", divide="ignore"):
                    v = round_concentration(np.where(ok, x, 0).sum(axis=1) / n, item)
            vals[item], nvalid[item] = v, n
            yvalid[item] = (n >= rules.min_days_year) & _month_ok(ok, dates, year)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.round(good / aqi_days * 100, 1)
        for e, name in enumerate(daily.names):
            values = {k: (None if math.isnan(float(v[e])) else float(v[e])) for k, v in vals.items()}
            rows.append(
                AnnualRow(
                    kind=daily.kind,
                    name=name,
                    year=year,
                    days_in_data=b - a,
                    aqi_days=int(aqi_days[e]),
                    good_days=int(good[e]),
                    good_ratio=None if aqi_days[e] == 0 else float(ratio[e]),
                    category_days=[int(c) for c in cats[e]],
                    values=values,
                    valid_days={k: int(v[e]) for k, v in nvalid.items()},
                    year_valid={k: bool(v[e]) for k, v in yvalid.items()},
                    meets_limit={k: (None if v is None else v <= limits[k]) for k, v in values.items()},
                    standard=lim.standard,
                    limits_table=lim.table,
                    limits=dict(limits),
                    evaluation_standard=rules.standard,
                )
            )
    return rows


def annual_findings(rows: list[AnnualRow]) -> list[Finding]:
    """One finding per entity-year whose statistics miss the HJ 663 day counts."""
    rules = validity_rules()
    out: list[Finding] = []
    ns = rules.not_supported
    late = sorted({r.year for r in rows if ns and r.year >= int(str(ns["date"])[:4])})
    if late:
        out.append(Finding("rule-not-supported", f"{'、'.join(map(str, late))}年：{ns['message']}", "warning", data={"years": late, "edition": ns["edition"], "rules": ns["rules"]}))
    for r in rows:
        bad = [k for k, ok in r.year_valid.items() if not ok]
        if bad:
            days = min(r.valid_days[k] for k in bad)
            out.append(
                Finding(
                    "year-insufficient-days",
                    f"{r.kind}“{r.name}”{r.year}年 {'、'.join(bad)} 有效日数不足（最少 {days} 天；年评价需至少 {rules.min_days_year} 天且每月至少 {rules.min_days_month} 天、2月至少 {rules.min_days_february} 天），年均值仅供参考",
                    "warning",
                    data={"kind": r.kind, "name": r.name, "year": r.year, "items": bad, "min_valid_days": days},
                )
            )
    return out


@dataclass
class Outlook:
    kind: str
    name: str
    year: int
    days_so_far: int  # days with a valid AQI so far
    good_so_far: int
    remaining_days: int  # calendar days after the last day in the data
    target_good_ratio: float | None
    good_days_needed: int | None  # of the remaining days
    good_reachable: bool | None
    pm25_days_so_far: int
    pm25_mean_so_far: float | None
    target_pm25: float | None
    pm25_max_remaining: float | None  # mean the remaining days must stay at or under
    pm25_reachable: bool | None


def outlook(result: AirDaily, target_good_ratio: float | None, target_pm25: float | None) -> list[Outlook]:
    """What the rest of the last year in the data must look like to reach the targets.

    Assumes every remaining calendar day will be a valid day.
    """
    out: list[Outlook] = []
    for d in (result.cities, result.stations):
        if not d.names:
            continue
        year, a, b = _year_slices(d)[-1]
        last = int(d.first_day + b - 1)
        days_in_year = 366 if calendar.isleap(year) else 365
        doy = (np.datetime64(last, "D") - np.datetime64(f"{year}-01-01")).astype(int) + 1
        remaining = int(days_in_year - doy)
        aqi = d.aqi[:, a:b]
        pm = d.stats["pm25"][:, a:b]
        for e, name in enumerate(d.names):
            n = int(np.count_nonzero(~np.isnan(aqi[e])))
            g = int(np.count_nonzero(aqi[e] <= 100))
            need: int | None = None
            reach: bool | None = None
            if target_good_ratio is not None:
                need = max(0, math.ceil(target_good_ratio * (n + remaining) / 100 - g - 1e-9))
                reach = need <= remaining
            m = int(np.count_nonzero(~np.isnan(pm[e])))
            s = float(np.nansum(pm[e])) if m else 0.0
            mean = round(s / m, 1) if m else None
            cap: float | None = None
            preach: bool | None = None
            if target_pm25 is not None:
                if remaining > 0:
                    cap = math.floor((target_pm25 * (m + remaining) - s) / remaining * 10 + 1e-9) / 10
                    preach = cap >= 0
                else:
                    preach = mean is not None and mean <= target_pm25
            out.append(Outlook(d.kind, name, year, n, g, remaining, target_good_ratio, need, reach, m, mean, target_pm25, cap, preach))
    return out
