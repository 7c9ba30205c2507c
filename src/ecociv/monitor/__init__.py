"""Air (HJ 633-2012 / HJ 663-2013) and surface-water (GB 3838-2002) indicators from raw data.

>>> from ecociv.monitor import read_hourly, air_daily, air_annual
>>> result = air_daily(read_hourly(Path("hourly.parquet")))     # per station and per city
>>> rows = air_annual(result)                                  # 优良天数比例, annual means …

Breakpoints, validity rules and limits come from the standard editions
(``ecociv/standards/editions/*.json``): each day is computed by the HJ 633 edition in force on
it and each year judged by the GB 3095 edition in force (``straddle`` decides a year in which an
edition changes); ``version`` / ``standard`` pin an edition instead.
"""

from __future__ import annotations

from pathlib import Path

from ecociv.monitor._air import ALL_STATIONS, AirDaily, Daily
from ecociv.monitor._air import daily as _daily
from ecociv.monitor._annual import AnnualRow, Outlook, annual, annual_findings, hj663_percentile, outlook
from ecociv.monitor._aqi import aqi_of, iaqi, iaqi_with_fallback, level_index, round_concentration
from ecociv.monitor._io import Hourly, output_kind, read_city_map, read_hourly, write_table
from ecociv.monitor._output import annual_table, daily_tables, outlook_table, water_annual_table, water_table
from ecociv.monitor._save import (
    Provenance,
    Saved,
    air_summary,
    check_save,
    insufficient,
    match_indicators,
    region_matches,
    save_annual,
)
from ecociv.monitor._save_water import match_water, save_water
from ecociv.monitor._tables import AQI_VERSIONS, DEFAULT_AQI_VERSION, validity_rules
from ecociv.monitor._water import CLASS_NAMES, Classified, WaterResult, classify, read_samples
from ecociv.monitor._water import items as water_items
from ecociv.standards._editions import DEFAULT_STRADDLE, STRADDLE_RULES


def air_daily(
    source: Path | Hourly,
    cities: dict[str, str] | Path | None = None,
    version: str | None = None,
    straddle: str = DEFAULT_STRADDLE,
) -> AirDaily:
    """Daily statistics, IAQI, AQI, level per station and per city (all stations when no map).

    Each day by the HJ 633 edition in force on it, unless ``version`` pins one."""
    hourly = read_hourly(source) if isinstance(source, Path) else source
    city_map = read_city_map(cities) if isinstance(cities, Path) else cities
    return _daily(hourly, city_map, version, straddle)


def air_annual(result: AirDaily, standard: str | None = None, straddle: str = DEFAULT_STRADDLE) -> list[AnnualRow]:
    """Yearly statistics for every city, then every station, judged by the GB 3095 edition in
    force for the year (or ``standard``); validity findings join ``result``."""
    rows = annual(result.cities, standard, straddle) + annual(result.stations, standard, straddle)
    result.findings.extend(annual_findings([r for r in rows if r.kind == "城市"]))
    return rows


def classify_water(path: Path, lake_tn: bool = False, below: str = "half", min_coverage: float = 0.75, prefer: str = "auto") -> WaterResult:
    """GB 3838—2002 classes per sample, per section-year, and the network indicators; lake TN
    is evaluated apart from the class unless ``lake_tn``; values below the detection limit count
    as half the limit (``below="half"``) or the limit (``"limit"``).  Automatic-station data are
    rolled up to monthly means (a month of an item with fewer valid samples than ``min_coverage``
    of those expected is flagged and not used); a month with manual samples too takes station
    items first (``prefer="auto"``) or manual values first (``"manual"``)."""
    return read_samples(path, lake_tn, below, min_coverage, prefer)


__all__ = [
    "ALL_STATIONS",
    "AQI_VERSIONS",
    "CLASS_NAMES",
    "DEFAULT_AQI_VERSION",
    "DEFAULT_STRADDLE",
    "STRADDLE_RULES",
    "AirDaily",
    "AnnualRow",
    "Classified",
    "Daily",
    "Hourly",
    "Outlook",
    "Provenance",
    "Saved",
    "WaterResult",
    "air_annual",
    "air_daily",
    "air_summary",
    "annual_table",
    "aqi_of",
    "check_save",
    "classify",
    "classify_water",
    "daily_tables",
    "hj663_percentile",
    "iaqi",
    "iaqi_with_fallback",
    "insufficient",
    "level_index",
    "match_indicators",
    "match_water",
    "outlook",
    "outlook_table",
    "output_kind",
    "read_city_map",
    "read_hourly",
    "region_matches",
    "round_concentration",
    "save_annual",
    "save_water",
    "validity_rules",
    "water_annual_table",
    "water_items",
    "water_table",
    "write_table",
]
