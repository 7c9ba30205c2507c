"""A small monitoring network written like a national hourly Parquet export, for checking that
the way a file is read (whole, in batches, rows in any order) never changes a figure.

Values come from integer formulas (no random generator, whose streams may change between NumPy
releases), so the same file is written on every machine: 16 stations in three cities (one
station not in the city table) from 2023-01-01 00:00 to 2024-01-02 23:00, with empty cells,
sentinels (-99), negative values, rows of zeros from an offline station, a station short of
hours for ten days, and µg/m³ never mixed in (CO in mg/m³).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

STATIONS = [f"{1001 + i}A" for i in range(16)]
CITIES = {s: ("甲市" if i < 6 else "乙市" if i < 12 else "丙市") for i, s in enumerate(STATIONS[:15])}
DAYS = 367
POLLUTANTS = ("so2", "no2", "pm10", "co", "o3", "pm25")


def _values(k: np.ndarray, s: np.ndarray) -> dict[str, np.ndarray]:
    """Hourly values of hour ``k`` (since 2023-01-01 00:00) at station ``s`` (float64, NaN empty)."""
    d, hod = k // 24, k % 24
    season = np.abs((d + 15) % 365 - 182)  # 0 in July, 182 in mid-January
    sun = np.clip(hod - 8, 0, 8) * np.clip(18 - hod, 0, 8)  # O3 afternoon bulge, 0 at night
    out = {
        "so2": 3 + s + season // 20 + (k * 7 + s * 13) % 11,
        "no2": 10 + 2 * s + season // 8 + (k * 11 + s * 5) % 23,
        "pm10": 30 + 3 * s + season // 2 + (k * 7919 + s * 104729) % 67,
        "co": (4 + season // 12 + (k * 31 + s * 17) % 13) / 10,
        "o3": 20 + s + (182 - season) // 3 + sun * 3 + (k * 13 + s * 7) % 29,
        "pm25": 12 + 2 * s + season // 3 + (k * 7919 + s * 104729) % 61,
    }
    vals = {p: v.astype(np.float64) for p, v in out.items()}
    for j, p in enumerate(POLLUTANTS):
        v = vals[p]
        v[(k * 13 + s * 7 + j * 5) % 97 == 0] = np.nan  # empty cells
        v[(k * 29 + s + j) % 1009 == 0] = -99.0  # sentinel
        v[(k * 17 + s * 3 + j) % 2003 == 0] = -3.0  # negative: invalid
        v[(s == 15) & (d >= 100) & (d < 110) & (hod < 6)] = np.nan  # too few hours those days
    offline = (k + s * 5) % 4001 == 0
    for v in vals.values():
        v[offline] = 0.0
    return vals


def write_network(path: Path, *, drop: bool = False, row_group: int = 7000) -> Path:
    """The network year as Parquet (time-major rows; ``drop`` removes some station-hours and
    writes each hour's stations in reverse order)."""
    n_s = len(STATIONS)
    k = np.repeat(np.arange(DAYS * 24, dtype=np.int64), n_s)
    s = np.tile(np.arange(n_s, dtype=np.int64), DAYS * 24)
    if drop:
        s = np.tile(np.arange(n_s - 1, -1, -1, dtype=np.int64), DAYS * 24)
        keep = (k * 3 + s) % 53 != 0
        k, s = k[keep], s[keep]
    start = (dt.date(2023, 1, 1) - dt.date(1970, 1, 1)).days * 86_400_000
    cols: dict[str, pa.Array] = {
        "station": pa.DictionaryArray.from_arrays(pa.array(s.astype(np.int32)), pa.array(STATIONS)),
        "time": pa.array(start + k * 3_600_000, type=pa.timestamp("ms")),
    }
    for p, v in _values(k, s).items():
        cols[p] = pa.array(v, mask=np.isnan(v))
    pq.write_table(pa.table(cols), path, row_group_size=row_group)
    return path


def write_cities(path: Path) -> Path:
    path.write_text("station,city\n" + "".join(f"{s},{c}\n" for s, c in CITIES.items()), encoding="utf-8")
    return path
