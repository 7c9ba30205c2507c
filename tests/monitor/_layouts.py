"""Builders of monitoring files in the layouts they arrive in (national wide exports, the public
Beijing multi-site layout, vendor long tables), with values chosen so results are hand-computed."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

WIDE_TYPES = ("AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h", "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h")
#: hourly type -> pollutant key of the value function
HOURLY = {"PM2.5": "pm25", "PM10": "pm10", "SO2": "so2", "NO2": "no2", "O3": "o3", "CO": "co"}

Values = Callable[[str, dt.date, int], dict[str, float | None]]  # station, day, hour -> pollutant values


def national_day(folder: Path, day: dt.date, stations: list[str], values: Values, prefix: str = "china_sites") -> Path:
    """One national-platform daily wide file ``china_sites_YYYYMMDD.csv`` (hours 0–23)."""
    path = folder / f"{prefix}_{day:%Y%m%d}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "hour", "type", *stations])
        for h in range(24):
            vals = {s: values(s, day, h) for s in stations}
            for t in WIDE_TYPES:
                key = HOURLY.get(t)
                cells = []
                for s in stations:
                    v = vals[s].get(key) if key else 999  # derived types: not used, a loud value
                    cells.append("" if v is None else v)
                w.writerow([f"{day:%Y%m%d}", h, t, *cells])
    return path


BEIJING_HEADER = ["No", "year", "month", "day", "hour", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "TEMP", "PRES", "DEWP", "RAIN", "wd", "WSPM", "station"]


def beijing_station(folder: Path, station: str, start: dt.date, days: int, values: Values) -> Path:
    """The public Beijing multi-site layout: year,month,day,hour columns, NA, CO in µg/m³."""
    path = folder / f"PRSA_Data_{station}_{start:%Y%m%d}.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(BEIJING_HEADER)
        n = 1
        for k in range(days):
            d = start + dt.timedelta(days=k)
            for h in range(24):
                v = values(station, d, h)

                def cell(key: str, scale: float = 1.0, v: dict[str, float | None] = v) -> object:
                    x = v.get(key)
                    return "NA" if x is None else round(x * scale, 3)

                w.writerow([n, d.year, d.month, d.day, h, cell("pm25"), cell("pm10"), cell("so2"), cell("no2"), cell("co", 1000), cell("o3"), 1.5, 1020, -10, 0, "NW", 2.0, station])
                n += 1
    return path
