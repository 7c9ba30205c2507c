"""The monitoring computations' tables, read from the standard editions (``ecociv.standards``).

Breakpoints (HJ 633), validity rules (HJ 663) and limits (GB 3095, GB 3838) are edition data
files with their source; which edition applies is chosen by date (see
:mod:`ecociv.standards._editions`) or pinned by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import numpy as np

from ecociv.errors import InputError
from ecociv.standards._editions import Edition, editions, find_edition, for_year


def aqi_versions() -> dict[str, str]:
    """AQI editions by year (``{"2012": "HJ 633—2012", "2026": "HJ 633—2026"}``)."""
    return {e.id[-4:]: e.id for e in editions() if e.kind == "aqi"}


#: AQI editions shipped, by year (user editions are found through :func:`aqi_versions`).
AQI_VERSIONS = {"2012": "HJ 633—2012", "2026": "HJ 633—2026"}
DEFAULT_AQI_VERSION = "2012"


@dataclass(frozen=True)
class AqiTable:
    """Breakpoints of one AQI edition, as NumPy arrays."""

    version: str
    standard: str
    table: str
    iaqi: np.ndarray
    breakpoints: dict[str, np.ndarray]
    #: the items of the daily report (HJ 633—2026 drops the O3 1-h value)
    daily_items: tuple[str, ...]
    #: key -> (concentration above which no IAQI is computed, key whose IAQI is reported instead)
    not_computed_above: dict[str, tuple[float, str]]
    #: key -> (concentration above which the IAQI is a fixed value, that value)
    fixed_above: dict[str, tuple[float, float]]
    level_max: list[float]
    levels: list[str]
    categories: list[str]


def aqi_edition(version: str) -> Edition:
    """The AQI edition named by year (``2026``) or number (``HJ 633—2026``)."""
    try:
        return find_edition(version, kind="aqi")
    except InputError:
        known = "、".join(aqi_versions().values())
        raise InputError(f"不支持的 AQI 标准版本“{version}”；已提供的版本：{known}") from None


@cache
def aqi_table(version: str = DEFAULT_AQI_VERSION) -> AqiTable:
    e = aqi_edition(version)
    d = e.data
    return AqiTable(
        version=e.id[-4:],
        standard=e.id,
        table=str(d.get("table", "")),
        iaqi=np.asarray(d["iaqi"], dtype=np.float64),
        breakpoints={k: np.asarray(v, dtype=np.float64) for k, v in d["breakpoints"].items()},
        daily_items=tuple(d.get("daily_items") or d["breakpoints"]),
        not_computed_above={k: (float(v["limit"]), str(v["fallback"])) for k, v in d.get("not_computed_above", {}).items()},
        fixed_above={k: (float(v["limit"]), float(v["iaqi"])) for k, v in d.get("fixed_iaqi_above", {}).items()},
        level_max=[float("inf") if lv["max"] is None else float(lv["max"]) for lv in d["levels"]],
        levels=[lv["level"] for lv in d["levels"]],
        categories=[lv["category"] for lv in d["levels"]],
    )


@dataclass(frozen=True)
class ValidityRules:
    standard: str
    min_hours_daily_mean: int
    min_hours_8h_window: int
    min_windows_o3_8h: int
    o3_8h_exceedance_keeps_valid: float
    min_days_year: int
    min_days_month: int
    min_days_february: int
    co_percentile: float
    o3_percentile: float
    not_supported: dict[str, Any]


@cache
def validity_rules() -> ValidityRules:
    e = find_edition("HJ 663—2013", kind="air_evaluation")
    d = e.data
    return ValidityRules(
        standard=e.id,
        min_hours_daily_mean=int(d["min_hours_daily_mean"]),
        min_hours_8h_window=int(d["min_hours_8h_window"]),
        min_windows_o3_8h=int(d["min_windows_o3_8h"]),
        o3_8h_exceedance_keeps_valid=float(d["o3_8h_exceedance_keeps_valid"]),
        min_days_year=int(d["min_days_year"]),
        min_days_month=int(d["min_days_month"]),
        min_days_february=int(d["min_days_february"]),
        co_percentile=float(d["percentiles"]["co"]),
        o3_percentile=float(d["percentiles"]["o3_8h"]),
        not_supported=dict(d.get("not_supported_after") or {}),
    )


@dataclass(frozen=True)
class Limits:
    """Grade II limits a year is judged by, and where they come from."""

    standard: str  # GB 3095—2026（过渡阶段）
    table: str
    values: dict[str, float]


def annual_limits(year: int = 2016, standard: str | None = None, straddle: str = "split") -> Limits:
    """GB 3095 grade II limits for the yearly statistics of ``year``: the edition in force
    (by ``straddle`` for a year in which a new edition comes into force) or the pinned one."""
    e = find_edition(standard, kind="air_limits") if standard else for_year("air_limits", year, straddle)
    if e is None:  # pragma: no cover - the shipped editions always exist
        raise InputError("没有可用的 GB 3095 版本")
    day = date(year, 1, 1) if straddle == "start" else date(year, 12, 31)
    phase = e.phase_on(day)
    assert phase is not None
    g2 = phase.data["grade2"]
    lim = {k: float(v) for k, v in g2["annual"].items()}
    lim["co"] = float(g2["daily"]["co"])
    lim["o3_8h"] = float(g2["daily"]["o3_8h"])
    return Limits(e.label(day), phase.table, lim)


@cache
def water_standard() -> Edition:
    return find_edition("GB 3838—2002", kind="water")


def aqi_segments(first_day: int, n_days: int, version: str | None, straddle: str = "split") -> tuple[list[tuple[str, np.ndarray]], list[dict[str, str]]]:
    """Which AQI edition computes each day: ``[(version, day mask)]`` and, for output, the
    editions used with their date ranges.  ``version`` pins one edition for all days."""
    dates = np.arange(first_day, first_day + max(n_days, 1)).astype("datetime64[D]")
    if version is not None:
        names = [aqi_edition(version).id] * len(dates)
    else:
        eds = sorted((x for x in editions() if x.kind == "aqi"), key=lambda x: x.in_force)
        starts = np.array([np.datetime64(x.in_force.isoformat(), "D") for x in eds])
        when = dates
        if straddle != "split":
            years = dates.astype("datetime64[Y]").astype(int) + 1970
            by_year = {y: for_year("aqi", y, straddle) for y in np.unique(years).tolist()}
            names = [(by_year[y] or eds[0]).id for y in years.tolist()]
        else:
            idx = np.maximum(np.searchsorted(starts, when, side="right") - 1, 0)
            names = [eds[i].id for i in idx.tolist()]
    arr = np.asarray(names, dtype=object)
    segments: list[tuple[str, np.ndarray]] = []
    used: list[dict[str, str]] = []
    for name in dict.fromkeys(names):
        mask = arr == name
        idx = np.nonzero(mask)[0]
        segments.append((name, mask[:n_days] if n_days else mask[:0]))
        used.append({"standard": name, "from": str(dates[idx[0]]), "to": str(dates[idx[-1]]), "table": aqi_table(name).table})
    return segments, used
