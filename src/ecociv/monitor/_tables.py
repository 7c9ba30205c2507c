"""Versioned standard tables (breakpoints, validity rules, limits) shipped as JSON in ``data/``.

Only the texts we could verify are shipped: HJ 633-2012, HJ 663-2013, GB 3095-2012 and
GB 3838-2002.  The AQI standard version is a parameter so a later revision (HJ 633 revised
2026) can be added as another data file without code changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from ecociv.errors import InputError

#: AQI standard versions shipped, newest last.
AQI_VERSIONS = {"2012": "hj633-2012.json"}
DEFAULT_AQI_VERSION = "2012"


@cache
def load_json(name: str) -> dict[str, Any]:
    text = resources.files("ecociv.monitor").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@dataclass(frozen=True)
class AqiTable:
    """Breakpoints of one AQI standard version, as NumPy arrays."""

    version: str
    standard: str
    iaqi: np.ndarray
    breakpoints: dict[str, np.ndarray]
    #: key -> (concentration above which no IAQI is computed, key whose IAQI is reported instead)
    not_computed_above: dict[str, tuple[float, str]]
    level_max: list[float]
    levels: list[str]
    categories: list[str]


@cache
def aqi_table(version: str = DEFAULT_AQI_VERSION) -> AqiTable:
    if version not in AQI_VERSIONS:
        known = "、".join(AQI_VERSIONS)
        raise InputError(f"不支持的 AQI 标准版本“{version}”；已提供的版本：{known}（HJ 633-{known}）")
    d = load_json(AQI_VERSIONS[version])
    return AqiTable(
        version=version,
        standard=d["id"],
        iaqi=np.asarray(d["iaqi"], dtype=np.float64),
        breakpoints={k: np.asarray(v, dtype=np.float64) for k, v in d["breakpoints"].items()},
        not_computed_above={
            k: (float(v["limit"]), str(v["fallback"])) for k, v in d["not_computed_above"].items()
        },
        level_max=[float("inf") if lv["max"] is None else float(lv["max"]) for lv in d["levels"]],
        levels=[lv["level"] for lv in d["levels"]],
        categories=[lv["category"] for lv in d["levels"]],
    )


@dataclass(frozen=True)
class ValidityRules:
    min_hours_daily_mean: int
    min_hours_8h_window: int
    min_windows_o3_8h: int
    o3_8h_exceedance_keeps_valid: float
    min_days_year: int
    min_days_month: int
    min_days_february: int
    co_percentile: float
    o3_percentile: float


@cache
def validity_rules() -> ValidityRules:
    d = load_json("hj663-2013.json")
    return ValidityRules(
        min_hours_daily_mean=int(d["min_hours_daily_mean"]),
        min_hours_8h_window=int(d["min_hours_8h_window"]),
        min_windows_o3_8h=int(d["min_windows_o3_8h"]),
        o3_8h_exceedance_keeps_valid=float(d["o3_8h_exceedance_keeps_valid"]),
        min_days_year=int(d["min_days_year"]),
        min_days_month=int(d["min_days_month"]),
        min_days_february=int(d["min_days_february"]),
        co_percentile=float(d["percentiles"]["co"]),
        o3_percentile=float(d["percentiles"]["o3_8h"]),
    )


def annual_limits() -> dict[str, float]:
    """GB 3095-2012 grade II limits used for the yearly statistics."""
    d = load_json("gb3095-2012.json")
    lim = {k: float(v) for k, v in d["annual_limits"].items()}
    lim["co"] = float(d["daily_limits"]["co"])
    lim["o3_8h"] = float(d["daily_limits"]["o3_8h"])
    return lim
