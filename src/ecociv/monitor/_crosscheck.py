"""Cross-check of the daily values against the derived values of national-platform exports.

A wide national-platform file carries, beside the hourly types, values the platform derived from
them: 24-hour moving averages (``PM2.5_24h``, ``PM10_24h``, ``SO2_24h``, ``NO2_24h``,
``CO_24h``), the 1-hour O3 maximum of the last 24 hours (``O3_24h``) and O3 8-hour moving
averages (``O3_8h``).  At the last hour of a natural day (start label 23, i.e. 24:00) a 24-hour
moving average is that day's 24-hour average and ``O3_24h`` its maximum 1-hour value; the
largest ``O3_8h`` of the windows ending 8:00 … 24:00 (HJ 663—2013 表A.1) is its maximum 8-hour
average.  Those platform values are compared with the daily values ecociv computes from the
hourly ones; a difference larger than one unit of the reported precision (HJ 663—2013 表3:
1 µg/m³, CO 0.1 mg/m³) is a warning.  The computed values are never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecociv.model import Finding

#: daily statistics that have a platform counterpart, and the platform type each comes from
ITEMS = ("pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h")
PLATFORM_TYPES = {"pm25": "PM2.5_24h", "pm10": "PM10_24h", "so2": "SO2_24h", "no2": "NO2_24h", "co": "CO_24h", "o3_8h": "O3_8h", "o3_1h": "O3_24h"}
#: one unit of the reported precision (HJ 663—2013 表3), the largest difference taken as agreement
TOLERANCE = {"co": 0.1}
_DEFAULT_TOLERANCE = 1.0
_EXAMPLES = 5


@dataclass
class Derived:
    """Platform values of whole days: item (index into ITEMS), station, day (since 1970), value."""

    item: np.ndarray  # int8
    station: np.ndarray  # int32
    day: np.ndarray  # int32
    value: np.ndarray  # float32

    @classmethod
    def empty(cls) -> Derived:
        return cls(np.empty(0, np.int8), np.empty(0, np.int32), np.empty(0, np.int32), np.empty(0, np.float32))

    @classmethod
    def concat(cls, parts: list[Derived]) -> Derived:
        if not parts:
            return cls.empty()
        if len(parts) == 1:
            return parts[0]
        return cls(*(np.concatenate([getattr(p, k) for p in parts]) for k in ("item", "station", "day", "value")))

    def select(self, mask: np.ndarray) -> Derived:
        return Derived(self.item[mask], self.station[mask], self.day[mask], self.value[mask])

    @property
    def size(self) -> int:
        return int(self.item.size)

    @property
    def nbytes(self) -> int:
        return int(self.item.nbytes + self.station.nbytes + self.day.nbytes + self.value.nbytes)


def cross_check(derived: Derived, names: list[str], first_day: int, stats: dict[str, np.ndarray], file: str | None = None) -> list[Finding]:
    """Findings comparing the platform's derived values with the computed daily ``stats``
    (arrays shaped (stations, days), NaN where a day is not valid)."""
    if derived.size == 0:
        return []
    checked = 0
    bad_count: dict[str, int] = {}
    examples: list[dict[str, object]] = []
    for k, item in enumerate(ITEMS):
        sel = np.flatnonzero(derived.item == k)
        if not sel.size or item not in stats:
            continue
        table = stats[item]
        col = derived.day[sel].astype(np.int64) - first_day
        inside = (col >= 0) & (col < table.shape[1]) & (derived.station[sel] >= 0)
        sel, col = sel[inside], col[inside]
        computed = table[derived.station[sel], col]
        platform = derived.value[sel].astype(np.float64)
        both = ~np.isnan(computed) & ~np.isnan(platform)
        checked += int(np.count_nonzero(both))
        tol = TOLERANCE.get(item, _DEFAULT_TOLERANCE) + 1e-6
        wrong = np.flatnonzero(both & (np.abs(computed - platform) > tol))
        if not wrong.size:
            continue
        bad_count[PLATFORM_TYPES[item]] = int(wrong.size)
        for i in wrong[: max(0, _EXAMPLES - len(examples))].tolist():
            examples.append(
                {
                    "station": names[int(derived.station[sel[i]])],
                    "date": str(np.datetime64(int(derived.day[sel[i]]), "D")),
                    "type": PLATFORM_TYPES[item],
                    "platform": round(float(platform[i]), 3),
                    "computed": float(computed[i]),
                }
            )
    if not checked:
        return []
    total = sum(bad_count.values())
    if not total:
        return [Finding("derived-agree", f"国家平台派生值核对：{checked} 个站点·日值与平台派生值（{_types_text()}）一致", "info", file=file, data={"checked": checked})]
    shown = "；".join(f"{e['station']} {e['date']} {e['type']} 平台 {e['platform']:g}、计算 {e['computed']:g}" for e in examples)
    by_type = "、".join(f"{t} {n} 个" for t, n in bad_count.items())
    return [
        Finding(
            "derived-mismatch",
            f"国家平台派生值核对：{total} 个站点·日的平台派生值与由小时值算出的日值相差超过 1 µg/m³（CO 0.1 mg/m³）（{by_type}；共核对 {checked} 个），"
            f"日值仍按小时值计算，请核查原始小时数据：{shown}{' 等' if total > len(examples) else ''}",
            "warning",
            file=file,
            data={"count": total, "checked": checked, "by_type": bad_count, "examples": examples},
        )
    ]


def _types_text() -> str:
    return "、".join(PLATFORM_TYPES.values())
