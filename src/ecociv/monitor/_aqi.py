"""Individual AQI (IAQI), AQI, level and primary pollutant, vectorised (HJ 633).

IAQI_P = (IAQI_Hi - IAQI_Lo) / (BP_Hi - BP_Lo) * (C_P - BP_Lo) + IAQI_Lo, located with
``np.searchsorted`` on the breakpoint array; the result is rounded *up* to an integer (HJ 633:
计算结果进位取整数).  Concentrations are first rounded as HJ 663—2013 6.3 / HJ 633—2026 4.2.2
prescribe (µg/m³ to integers, CO in mg/m³ to one decimal, GB/T 8170: round half to even, on the
decimal value, so 0.95 → 1.0 and 0.85 → 0.8 whatever the binary noise).  Above the top
breakpoint the IAQI is 500; HJ 633—2026 fixes SO2 1-h above 800 at 200 and O3 8-h above 800
at 300 (table 3 notes b and c).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ecociv.monitor._tables import DEFAULT_AQI_VERSION, aqi_table

#: Decimals kept for each pollutant's concentration before IAQI (HJ 663 / GB/T 8170).
DECIMALS = {"so2": 0, "no2": 0, "pm10": 0, "pm25": 0, "o3": 0, "co": 1}

#: The quantities of the daily AQI (HJ 633 5.1 日报) and their breakpoint keys.
DAILY_KEYS = {
    "so2": "so2_24h",
    "no2": "no2_24h",
    "pm10": "pm10_24h",
    "co": "co_24h",
    "o3_1h": "o3_1h",
    "o3_8h": "o3_8h",
    "pm25": "pm25_24h",
}

#: Names shown to users for primary pollutants.
DISPLAY = {
    "so2": "SO2",
    "no2": "NO2",
    "pm10": "PM10",
    "co": "CO",
    "o3_1h": "O3_1h",
    "o3_8h": "O3_8h",
    "pm25": "PM2.5",
}


def round_concentration(values: np.ndarray, pollutant: str) -> np.ndarray:
    """Round as HJ 663 reports concentrations (GB/T 8170); ``pollutant`` is so2/no2/pm10/pm25/o3/co.

    The value is first brought to 9 decimals of the kept unit, which removes binary noise
    (1.15 is 1.149999… in binary), then rounded half to even as GB/T 8170 rounds a decimal.
    """
    base = pollutant.split("_")[0]
    scale = 10.0 ** DECIMALS[base]
    scaled = np.asarray(values, dtype=np.float64) * scale
    out: np.ndarray = np.rint(np.round(scaled, 6)) / scale
    return out


@cache
def _segments(key: str, version: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Breakpoints, and per segment: lower breakpoint, lower IAQI, slope (index j = segment j-1..j)."""
    table = aqi_table(version)
    bp = table.breakpoints[key]
    levels = table.iaqi[: len(bp)]
    lo = np.concatenate(([bp[0]], bp[:-1]))
    ilo = np.concatenate(([levels[0]], levels[:-1]))
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.concatenate(([0.0], np.diff(levels) / np.diff(bp)))
    return bp, lo, ilo, slope


def _formula(key: str, c: np.ndarray, version: str) -> np.ndarray:
    table = aqi_table(version)
    bp, lo, ilo, slope = _segments(key, version)
    # segment j covers (bp[j-1], bp[j]]; a value equal to a breakpoint takes the lower segment's top
    j = np.searchsorted(bp, c, side="left")
    np.clip(j, 1, len(bp) - 1, out=j)
    raw = ilo[j] + slope[j] * (c - lo[j])
    # round up, guarding against binary noise (90.00000000001 must stay 90)
    raw -= 1e-7
    out: np.ndarray = np.ceil(raw, out=raw)
    if key in table.not_computed_above:
        limit, _ = table.not_computed_above[key]
        out[c > limit] = np.nan
    elif key in table.fixed_above:
        limit, fixed = table.fixed_above[key]
        out[c > limit] = fixed
    else:
        out[c > bp[-1]] = table.iaqi[len(bp) - 1]
    out[c < 0] = np.nan
    return out


def _scale(key: str) -> int:
    return int(10 ** DECIMALS[key.split("_")[0]])


@cache
def _lookup(key: str, version: str) -> np.ndarray:
    """IAQI of every concentration step (1 µg/m³, 0.1 mg/m³ for CO) up to the top breakpoint,
    plus one entry for "above the table", computed by the formula itself."""
    top = aqi_table(version).breakpoints[key][-1]
    steps = np.arange(int(top * _scale(key) + 0.5) + 2, dtype=np.float64) / _scale(key)
    return _formula(key, steps, version)


def iaqi(key: str, conc: np.ndarray | float, version: str = DEFAULT_AQI_VERSION, *, rounded: bool = False) -> np.ndarray:
    """IAQI for breakpoint ``key`` (e.g. ``pm25_24h``) of concentrations.

    NaN in, NaN out.  For ``so2_1h`` and ``o3_8h`` above 800 µg/m³ the IAQI is *not computed*
    (NaN): the caller reports the fallback quantity instead (see :func:`iaqi_with_fallback`).
    ``rounded=True`` promises the values are already rounded as HJ 663 reports them (integers,
    CO to 0.1): the IAQI is then one lookup per value in a table built by the same formula.
    """
    c = np.asarray(conc, dtype=np.float64)
    if not rounded:
        return _formula(key, c, version)
    lut = _lookup(key, version)
    scaled = c * _scale(key) if _scale(key) != 1 else c
    with np.errstate(invalid="ignore"):
        idx = np.rint(scaled, out=np.empty_like(scaled)).astype(np.int64) if _scale(key) != 1 else scaled.astype(np.int64)
    out: np.ndarray = lut.take(idx, mode="clip")
    out[~(c >= 0)] = np.nan
    return out


def iaqi_with_fallback(
    key: str, conc: np.ndarray, fallback_conc: np.ndarray, version: str = DEFAULT_AQI_VERSION, *, rounded: bool = False
) -> np.ndarray:
    """IAQI of ``key`` where the "> 800" rule reports the fallback quantity's IAQI instead.

    ``so2_1h`` above 800 → the SO2 24-h IAQI; ``o3_8h`` above 800 → the O3 1-h IAQI.
    """
    table = aqi_table(version)
    own = iaqi(key, conc, version, rounded=rounded)
    if key not in table.not_computed_above:
        return own
    _, fb_key = table.not_computed_above[key]
    fb = iaqi(fb_key, fallback_conc, version, rounded=rounded)
    return np.where(np.isnan(own) & ~np.isnan(np.asarray(conc, dtype=np.float64)), fb, own)


def aqi_of(iaqis: dict[str, np.ndarray]) -> np.ndarray:
    """AQI = max of the available IAQIs (NaN where none is available)."""
    stack = np.stack(list(iaqis.values()))
    have = ~np.isnan(stack)
    filled = np.where(have, stack, -1.0)
    best = filled.max(axis=0)
    return np.where(have.any(axis=0), best, np.nan)


def level_index(aqi: np.ndarray, version: str = DEFAULT_AQI_VERSION) -> np.ndarray:
    """0 for 一级/优 … 5 for 六级/严重污染; -1 where AQI is NaN."""
    table = aqi_table(version)
    edges = np.asarray(table.level_max[:-1])
    idx = np.searchsorted(edges, aqi, side="left")
    return np.where(np.isnan(aqi), -1, idx).astype(np.int8)


