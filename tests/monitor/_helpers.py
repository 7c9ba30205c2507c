"""Helpers for monitor tests: writing hourly series whose statistics are known by construction."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from ecociv.monitor import AirDaily, air_daily

DATA = Path(__file__).resolve().parent / "data"
HEADER = ["station", "time", "so2", "no2", "pm10", "co", "o3", "pm25"]

Row = list[object]


def write_hours(path: Path, start: dt.date, days: int, make: Callable[[str, dt.date, int], Row | None], stations: tuple[str, ...] = ("S1",)) -> Path:
    """One row per station-hour from ``make(station, day, hour)`` (None: no row)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for s in stations:
            for k in range(days):
                day = start + dt.timedelta(days=k)
                for h in range(24):
                    vals = make(s, day, h)
                    if vals is not None:
                        w.writerow([s, f"{day.isoformat()} {h:02d}:00", *vals])
    return path


def run(path: Path, cities: dict[str, str] | None = None) -> AirDaily:
    return air_daily(path, cities)
