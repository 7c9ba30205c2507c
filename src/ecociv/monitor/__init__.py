"""Air (HJ 633-2012 / HJ 663-2013) and surface-water (GB 3838-2002) indicators from raw data.

>>> from ecociv.monitor import read_hourly, air_daily, air_annual
>>> result = air_daily(read_hourly(Path("hourly.parquet")))     # per station and per city
>>> rows = air_annual(result)                                  # 优良天数比例, annual means …

Breakpoint, validity and limit tables are versioned data files in ``monitor/data``; only the
2012 AQI standard ships (``version="2012"``), the version is a parameter.
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
from ecociv.monitor._tables import AQI_VERSIONS, DEFAULT_AQI_VERSION, validity_rules
from ecociv.monitor._water import CLASS_NAMES, Classified, WaterResult, classify, read_samples
from ecociv.monitor._water import items as water_items


def air_daily(
    source: Path | Hourly, cities: dict[str, str] | Path | None = None, version: str = DEFAULT_AQI_VERSION
) -> AirDaily:
    """Daily statistics, IAQI, AQI, level per station and per city (all stations when no map)."""
    hourly = read_hourly(source) if isinstance(source, Path) else source
    city_map = read_city_map(cities) if isinstance(cities, Path) else cities
    return _daily(hourly, city_map, version)


def air_annual(result: AirDaily) -> list[AnnualRow]:
    """Yearly statistics for every city, then every station; validity findings join ``result``."""
    rows = annual(result.cities) + annual(result.stations)
    result.findings.extend(annual_findings([r for r in rows if r.kind == "城市"]))
    return rows


def classify_water(path: Path, lake_tn: bool = True) -> WaterResult:
    """GB 3838-2002 classes per sample, per section-year, and the network indicators."""
    return read_samples(path, lake_tn)


__all__ = [
    "ALL_STATIONS",
    "AQI_VERSIONS",
    "CLASS_NAMES",
    "DEFAULT_AQI_VERSION",
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
    "outlook",
    "outlook_table",
    "output_kind",
    "read_city_map",
    "read_hourly",
    "region_matches",
    "round_concentration",
    "save_annual",
    "validity_rules",
    "water_annual_table",
    "water_items",
    "water_table",
    "write_table",
]
