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


def national_day(
    folder: Path,
    day: dt.date,
    stations: list[str],
    values: Values,
    prefix: str = "china_sites",
    override: dict[tuple[str, int, str], float] | None = None,
    first_hour: int = 0,
) -> Path:
    """One natural day of a national-platform wide export ``china_sites_YYYYMMDD.csv``, labelled
    as the platform labels hours, by their end (its data of 16:00 are the mean of 15:00–16:00, as
    HJ 663—2013 表A.1 labels 1:00 … 24:00): the day's hours 00:00–01:00 … 22:00–23:00 are rows
    1–23 of the day, and 23:00–24:00 is row 0 of the next day (which the platform writes in the
    next day's file; here it closes this file).  ``values(station, day, h)`` gives the hour that
    starts at ``h``.

    Derived types are written as the platform derives them from the hours of the file: ``X_24h``
    the mean of the hours so far (24-h moving average; the whole day at hour 23), ``O3_24h`` their
    maximum, ``O3_8h`` the mean of the last eight hours, ``O3_8h_24h`` the maximum of those; AQI
    999 (a loud value: never used).  ``override`` sets (type, hour, station) cells, for a
    deliberately wrong derived value (``h``: the hour's start).  ``first_hour=1`` labels the
    hours 1–24 of the day itself (the "24:00" style of some exports)."""
    path = folder / f"{prefix}_{day:%Y%m%d}.csv"
    hours = {s: [values(s, day, h) for h in range(24)] for s in stations}
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "hour", "type", *stations])
        for h in range(24):
            for t in WIDE_TYPES:
                cells: list[object] = []
                for s in stations:
                    v = _platform_value(t, hours[s][: h + 1])
                    if override and (t, h, s) in override:
                        v = override[(t, h, s)]
                    cells.append("" if v is None else v)
                label_day, label = (day + dt.timedelta(days=1), 0) if (h == 23 and not first_hour) else (day, h + 1)
                w.writerow([f"{label_day:%Y%m%d}", label, t, *cells])
    return path


def _platform_value(t: str, upto: list[dict[str, float | None]]) -> float | None:
    """The value of type ``t`` at the last of the hours ``upto`` (hours 0..h of the day)."""
    if t == "AQI":
        return 999
    key = HOURLY.get(t.split("_")[0])
    assert key is not None
    series = [x.get(key) for x in upto]
    if t in HOURLY:
        return series[-1]

    def mean(xs: list[float | None]) -> float | None:
        got = [x for x in xs if x is not None]
        return None if not got else round(sum(got) / len(got), 3 if key == "co" else 0)

    if t.endswith("_8h") or t == "O3_8h_24h":
        windows = [mean(series[max(0, k - 7) : k + 1]) for k in range(len(series))]
        if t == "O3_8h":
            return windows[-1]
        got = [x for x in windows if x is not None]
        return max(got) if got else None
    if t == "O3_24h":
        got = [x for x in series if x is not None]
        return max(got) if got else None
    return mean(series)


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
