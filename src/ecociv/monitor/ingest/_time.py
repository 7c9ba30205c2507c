"""Timestamps as they are written, to whole hours of Beijing time (UTC+8).

Accepted: ``2023-01-01 13:00[:00[.000]]``, ``2023/1/1 0:00``, ``2023-01-01T13:00:00+08:00`` and
``…Z`` (converted to Beijing time), ``2023年1月1日 1时``, ``20230101``/``2023010113``, Excel serial
dates, Arrow timestamps and dates; separate date + hour or year + month + day + hour columns.
Hours are returned *as labelled*: whether a label is the start or the end of its hour is decided
by the caller (a label ``24:00`` or an hour ``24`` can only be an end).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from ecociv.monitor._arrow import null_mask, numpy_of

_EPOCH = dt.datetime(1970, 1, 1)
_EXCEL_EPOCH_DAYS = 25569  # 1970-01-01 as an Excel serial date
_TEXT = re.compile(
    r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*(?:[:：时点]\s*(\d{1,2})?\s*分?(?:[:：]\s*(\d{1,2})(?:[.,]\d+)?\s*秒?)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT|CST|北京时间)?\s*$",
    re.IGNORECASE,
)
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(\d{2})?(\d{2})?(\d{2})?\s*$")
_HOUR_TEXT = re.compile(r"^\s*(\d{1,2})\s*(?:[:：时点]\s*(\d{1,2})?.*)?$")


def _np(a: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """NumPy values of an Arrow array, without importing pandas (see :mod:`ecociv.monitor._arrow`)."""
    return numpy_of(a)


class TimeError(ValueError):
    """A cell that is not a time: ``index`` (row in the column) and the text."""

    def __init__(self, index: int, text: str) -> None:
        super().__init__(text)
        self.index = index
        self.text = text


@dataclass
class Times:
    hours: np.ndarray  # int64 hour labels since 1970-01-01 00:00 Beijing time
    off_hour: int = 0  # values with minutes or seconds (floored to the hour)
    saw_24: bool = False  # a label 24:00 / hour 24 (end-of-hour convention)
    min_hour: int = 0  # smallest hour-of-day label written
    tz_converted: bool = False  # some values carried a zone other than UTC+8


def _parse_text(s: str) -> tuple[int, bool, bool, bool] | None:
    """(hour label, off the hour, was 24, tz converted) or None."""
    m = _TEXT.match(s)
    groups: tuple[str | None, ...]
    if m:
        groups = m.groups()
    else:
        c = _COMPACT.match(s)
        if not c:
            return None
        groups = (*c.groups(), None)
    y, mo, d, h, mi, sec, tz = groups
    try:
        day = dt.date(int(y or 0), int(mo or 0), int(d or 0))
    except ValueError:
        return None
    hour = int(h) if h else 0
    minute = int(mi) if mi else 0
    second = int(sec) if sec else 0
    if hour > 24 or minute > 59 or second > 60 or (hour == 24 and (minute or second)):
        return None
    label = (day - _EPOCH.date()).days * 24 + hour
    shift = False
    if tz and tz.upper() not in ("CST", "北京时间"):
        t = tz.upper()
        if t in ("Z", "UTC", "GMT"):
            offset_min = 0
        else:
            sign = -1 if t[0] == "-" else 1
            digits = t[1:].replace(":", "")
            offset_min = sign * (int(digits[:2]) * 60 + int(digits[2:]))
        if offset_min != 480:
            shift = True
            total = label * 60 + minute - offset_min + 480
            label, minute = divmod(total, 60)
    return label, bool(minute or second), hour == 24, shift


def _dictionary(col: pa.ChunkedArray | pa.Array) -> tuple[list[object], np.ndarray, np.ndarray]:
    """(distinct values, index per row, null mask) of a column."""
    import pyarrow.compute as pc
    arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr)
    nulls = _np(arr.is_null())
    idx = _np(arr.indices.fill_null(0)).astype(np.int64)
    return arr.dictionary.to_pylist(), idx, nulls


def _first_null(nulls: np.ndarray) -> int:
    return int(np.argmax(nulls))


def _min_hour_of_day(hours: np.ndarray) -> int:
    """Smallest hour of the day among ``hours``; a 0 among the first rows settles it at once."""
    if hours.size == 0:
        return 0
    head = hours[:4096]
    if bool(np.any(head - head // 24 * 24 == 0)):
        return 0
    return int((hours - hours // 24 * 24).min())


def _floor_hours(raw: np.ndarray, per_hour: int) -> tuple[np.ndarray, int]:
    """``raw // per_hour`` and how many values are off the hour.  A time-major export repeats
    each time for every station: then each run of equal values is worked out once."""
    if raw.size > 1:
        starts = np.flatnonzero(raw[1:] != raw[:-1])
        if starts.size < raw.size // 8:
            starts = np.concatenate(([0], starts + 1))
            first = raw[starts]
            lengths = np.diff(starts, append=raw.size)
            run_hours = first // per_hour
            off = int(lengths[run_hours * per_hour != first].sum())
            return np.repeat(run_hours, lengths), off
    hours = raw // per_hour  # floor division and products: np.divmod and % are several times slower
    return hours, int(np.count_nonzero(hours * per_hour != raw))


def parse_times(col: pa.ChunkedArray | pa.Array) -> Times:
    """One datetime column (text, Arrow timestamp/date, Excel serial number)."""
    if isinstance(col, pa.ChunkedArray):
        col = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
    typ = col.type
    if pa.types.is_timestamp(typ):
        if col.null_count:
            raise TimeError(_first_null(null_mask(col)), "（空）")
        per_hour = 3600 * {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[typ.unit]
        raw = _np(col)  # the int64 counts themselves (a cast would copy them)
        hours, off_hour = _floor_hours(raw, per_hour)
        shift = typ.tz is not None
        if shift:  # stored as UTC: Beijing is 8 h ahead
            hours += 8
        min_hour = _min_hour_of_day(hours)
        return Times(hours, off_hour, False, min_hour, shift and typ.tz not in ("Asia/Shanghai", "+08:00", "Asia/Chongqing"))
    import pyarrow.compute as pc  # not for timestamps: a first use costs a tenth of a second

    if pa.types.is_date(typ):
        days = _np(pc.cast(col, pa.date32()).cast(pa.int32()))
        return Times(days.astype(np.int64) * 24)
    if pa.types.is_integer(typ) or pa.types.is_floating(typ):
        vals = _np(pc.cast(col, pa.float64()))
        bad = np.isnan(vals) | (vals < 20000) | (vals > 80000)
        if bad.any():  # not an Excel serial date: perhaps 20230101 or 2023010113 written as a number
            return parse_times(pc.cast(pc.cast(col, pa.int64()), pa.string()))
        minutes = np.rint((vals - _EXCEL_EPOCH_DAYS) * 1440).astype(np.int64)
        hours = minutes // 60
        return Times(hours, int(np.count_nonzero(minutes % 60)), False, int((hours % 24).min()) if hours.size else 0)
    values, idx, nulls = _dictionary(col.cast(pa.string()) if not (pa.types.is_string(typ) or pa.types.is_dictionary(typ)) else col)
    if nulls.any():
        raise TimeError(_first_null(nulls), "（空）")
    parsed = np.empty(len(values), dtype=np.int64)
    off = np.zeros(len(values), dtype=bool)
    w24 = np.zeros(len(values), dtype=bool)
    tz = False
    for i, v in enumerate(values):
        p = _parse_text(str(v))
        if p is None:
            raise TimeError(int(np.argmax(idx == i)), str(v))
        parsed[i], off[i], w24[i], shifted = p
        tz = tz or shifted
    hours = parsed[idx]
    tod = parsed % 24
    return Times(hours, int(np.count_nonzero(off[idx])), bool(w24.any()), int(tod.min()) if tod.size else 0, tz)


def parse_hours_of_day(col: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """Hour-of-day column: 0..24 as numbers, or text like ``13``, ``13:00``, ``13时``."""
    import pyarrow.compute as pc
    typ = col.type
    if pa.types.is_integer(typ) or pa.types.is_floating(typ):
        if col.null_count:
            raise TimeError(_first_null(_np(pc.is_null(col))), "（空）")
        vals = _np(col).astype(np.float64)
        bad = (vals < 0) | (vals > 24) | (vals != np.floor(vals))
        if bad.any():
            i = int(np.argmax(bad))
            raise TimeError(i, f"{vals[i]:g}")
        out: np.ndarray = vals.astype(np.int64)
        return out
    values, idx, nulls = _dictionary(col.cast(pa.string()) if not (pa.types.is_string(typ) or pa.types.is_dictionary(typ)) else col)
    if nulls.any():
        raise TimeError(_first_null(nulls), "（空）")
    parsed = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        m = _HOUR_TEXT.match(str(v))
        if not m or int(m.group(1)) > 24:
            raise TimeError(int(np.argmax(idx == i)), str(v))
        parsed[i] = int(m.group(1))
    picked: np.ndarray = parsed[idx]
    return picked


def combine(days: Times, hour_of_day: np.ndarray) -> Times:
    """Date column (whole days) plus an hour-of-day column."""
    hours = days.hours + hour_of_day
    return Times(hours, days.off_hour, bool((hour_of_day == 24).any()), int(hour_of_day.min()) if hour_of_day.size else 0, days.tz_converted)


def from_parts(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 from year, month, day arrays; ValueError naming the first bad row."""
    bad = (month < 1) | (month > 12) | (day < 1) | (day > 31) | (year < 1900) | (year > 2200)
    if bad.any():
        i = int(np.argmax(bad))
        raise TimeError(i, f"{year[i]}-{month[i]}-{day[i]}")
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    days = months.astype("datetime64[D]").astype(np.int64) + day - 1
    # day 31 of a 30-day month rolls into the next month: refuse it
    check = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    wrong = check != months.astype(np.int64)
    if wrong.any():
        i = int(np.argmax(wrong))
        raise TimeError(i, f"{year[i]}-{month[i]}-{day[i]}")
    result: np.ndarray = days
    return result
