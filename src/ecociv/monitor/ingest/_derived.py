"""Derived types of national-platform wide exports, reduced to whole-day values for the
cross-check of :mod:`ecociv.monitor._crosscheck` (they never replace computed values).

Rows are hour labels already turned into start-of-hour labels: the last hour of a day is the
row with start label 23 (24:00 in HJ 663—2013 表A.1 terms); the O3 8-hour windows of the
daily maximum end 8:00 … 24:00, start labels 7 … 23.
"""

from __future__ import annotations

import numpy as np

from ecociv.monitor._crosscheck import ITEMS, Derived
from ecociv.monitor.ingest._columns import norm

#: normalised platform type -> daily statistic it gives at the day's last hour
_TYPES = {"pm2524h": "pm25", "pm1024h": "pm10", "so224h": "so2", "no224h": "no2", "co24h": "co", "o324h": "o3_1h", "o38h": "o3_8h"}
_O3_8H = ITEMS.index("o3_8h")
_FIRST_WINDOW = 7  # start label of the last hour of the first window (ending 8:00)


def derived_item(type_text: object) -> int:
    """Index into ITEMS of a platform type (``PM2.5_24h`` …), -1 for any other type."""
    item = _TYPES.get(norm(str(type_text))) if type_text is not None else None
    return -1 if item is None else ITEMS.index(item)


def day_values(items: np.ndarray, labels: np.ndarray, matrix: np.ndarray, co_factor: float) -> Derived:
    """Whole-day platform values from derived rows: ``items`` and start-hour ``labels`` per row,
    ``matrix`` (rows, stations) with NaN where empty; CO values multiplied by ``co_factor``."""
    day = labels // 24
    hod = labels - day * 24
    parts: list[Derived] = []
    last = np.flatnonzero((hod == 23) & (items != _O3_8H))
    if last.size:
        r, s = np.nonzero(~np.isnan(matrix[last]))
        rows = last[r]
        parts.append(Derived(items[rows].astype(np.int8), s.astype(np.int32), day[rows].astype(np.int32), matrix[rows, s].astype(np.float32)))
    o3 = np.flatnonzero((items == _O3_8H) & (hod >= _FIRST_WINDOW))
    if o3.size:
        days, at = np.unique(day[o3], return_inverse=True)
        windows = np.full((days.size, 24 - _FIRST_WINDOW, matrix.shape[1]), np.nan, dtype=np.float32)
        windows[at, hod[o3] - _FIRST_WINDOW] = matrix[o3]
        complete = ~np.isnan(windows).any(axis=1)  # all 17 windows given
        d, s = np.nonzero(complete)
        if d.size:
            best = windows.max(axis=1)
            parts.append(Derived(np.full(d.size, _O3_8H, np.int8), s.astype(np.int32), days[d].astype(np.int32), best[d, s]))
    out = Derived.concat(parts)
    co = out.item == ITEMS.index("co")
    if co_factor != 1.0 and co.any():
        out.value[co] *= co_factor
    return out
