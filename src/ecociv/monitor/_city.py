"""City daily values from the city points' daily values (HJ 663—2013 表A.2 and 6.1.4).

表A.2: a city's SO2, NO2, CO, PM10 and PM2.5 24-hour average is the arithmetic mean of its points'
24-hour averages, and its O3 daily maximum 8-hour average the mean of its points' daily maximum
8-hour averages; the city 1-hour values (and so their daily maxima) are means of the points' 1-hour
values.  6.1.4: every valid point takes part, and the valid points must be at least 75 % of the
city's points (at least 50 % when a city has fewer than 4 points); otherwise the city value of
that day is invalid.  A city's points are its stations that report in the data.
"""

from __future__ import annotations

import numpy as np

from ecociv.model import Finding
from ecociv.monitor._aqi import round_concentration

#: the daily statistics that are means of the points' daily values (表A.2)
POINT_MEAN_STATS = ("so2", "no2", "pm10", "co", "pm25", "o3_8h")
#: 6.1.4: share of a city's points that must be valid, and below how many points the lower share applies
MIN_SHARE, MIN_SHARE_FEW, FEW_POINTS = 0.75, 0.5, 4


def points_needed(total: np.ndarray) -> np.ndarray:
    """Valid points a city of ``total`` points needs on a day (6.1.4), never fewer than one."""
    share = np.where(total < FEW_POINTS, MIN_SHARE_FEW, MIN_SHARE)
    return np.maximum(np.ceil(total * share - 1e-9), 1).astype(np.int64)


def city_means(station_stats: dict[str, np.ndarray], order: np.ndarray, starts: np.ndarray, city_stats: dict[str, np.ndarray], city_points: dict[str, np.ndarray]) -> None:
    """Replace the city rows of :data:`POINT_MEAN_STATS` by the means of their points' values.

    ``station_stats`` are (stations, days) with NaN where a point's day is invalid; the stations of
    city *k* are ``order[starts[k]:starts[k+1]]``.  ``city_points`` receives the valid points per
    (city, day) of each statistic.
    """
    total = np.diff(np.append(starts, order.size))
    need = points_needed(total)[:, None]
    for key in POINT_MEAN_STATS:
        vals = station_stats[key][order]
        valid = ~np.isnan(vals)
        sums = np.add.reduceat(np.where(valid, vals, 0.0), starts, axis=0)
        n = np.add.reduceat(valid.astype(np.int64), starts, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = round_concentration(sums / n, key)
        city_stats[key] = np.where(n >= need, mean, np.nan)
        city_points[key] = n.astype(np.int16)


def few_points_findings(names: list[str], order: np.ndarray, starts: np.ndarray, city_points: dict[str, np.ndarray], file: str) -> list[Finding]:
    """A finding per city with days made invalid because too few of its points were valid."""
    total = np.diff(np.append(starts, order.size))
    need = points_needed(total)
    out: list[Finding] = []
    for k, name in enumerate(names):
        short = {key: int(np.count_nonzero((n[k] > 0) & (n[k] < need[k]))) for key, n in city_points.items()}
        short = {key: c for key, c in short.items() if c}
        if short:
            shown = "、".join(f"{key} {c} 天" for key, c in short.items())
            out.append(
                Finding(
                    "city-too-few-points",
                    f"城市“{name}”有效点位不足（共 {int(total[k])} 个点位，每天至少需 {int(need[k])} 个有效，HJ 663—2013 6.1.4），以下日期的城市值无效：{shown}",
                    "warning",
                    file=file,
                    data={"city": name, "points": int(total[k]), "needed": int(need[k]), "days": short},
                )
            )
    return out
