"""Air tables in their layouts, normalised to station-hour rows.

* long: one row per station-hour (``station,time,PM2.5,…`` or ``year,month,day,hour,…,station``
  like the public Beijing multi-site data, or one file per station without a station column);
* wide: national-platform exports ``date,hour,type,<one column per station or city>``; only the
  hourly types (PM2.5, PM10, SO2, NO2, CO, O3) are used; derived ones (``_24h``, ``_8h``) are kept
  as whole-day values to cross-check the computed days (:mod:`ecociv.monitor._crosscheck`).

Conventions are decided per table and reported: the hour label (start or end of the hour), the CO
unit (mg/m³; µg/m³ stated in the header or detected from values 2–3 orders too large and
converted), sentinels (-99 …) and rows of zeros from an offline station become missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

from ecociv.errors import InputError
from ecociv.monitor._arrow import null_positions
from ecociv.monitor._crosscheck import Derived
from ecociv.monitor.ingest._columns import Header, norm, recognise
from ecociv.monitor.ingest._derived import day_values, derived_item
from ecociv.monitor.ingest._sources import RawTable
from ecociv.monitor.ingest._stations import FIELDS as STATION_FIELDS
from ecociv.monitor.ingest._time import (
    TimeError,
    Times,
    _np,
    combine,
    from_parts,
    parse_hours_of_day,
    parse_times,
)

POLLUTANTS = ("so2", "no2", "pm10", "co", "o3", "pm25")
#: values meaning "not measured" in numeric cells
SENTINELS = np.array([-99.0, -999.0, -9999.0, -99999.0, 9999.0, 99999.0, -1.0], dtype=np.float64)
#: median CO above this (mg/m³) means the values are µg/m³ (urban CO is 0.2–5 mg/m³)
CO_UG_MEDIAN = 20.0
_BITS_9999 = int(np.array(9999.0, dtype=np.float32).view(np.uint32))
_HOURLY_TYPES = {"pm25": "pm25", "pm10": "pm10", "so2": "so2", "no2": "no2", "co": "co", "o3": "o3"}
_STATION_CODE = r"^\d{4}[A-Za-z]$"


@dataclass
class Options:
    hour_label: str | None = None  # "start" / "end" set by the user
    co_unit: str | None = None  # "mg" / "ug" set by the user


@dataclass
class Piece:
    """Normalised rows of one table: start-of-hour labels in Beijing time, float32 with NaN."""

    name: str
    layout: str  # 长表 / 宽表（国家平台）
    stations: list[str]
    station_idx: np.ndarray  # int32 into ``stations``
    hours: np.ndarray  # int32 start of hour (hours since 1970-01-01 00:00 Beijing time)
    values: dict[str, np.ndarray]
    entities_are_cities: bool = False  # a wide table of cities (china_cities_*.csv)
    city_of: dict[str, str] = field(default_factory=dict)  # from a city column
    hour_label: str = "start"
    hour_label_source: str = "默认"
    co_unit: str = "mg"
    co_unit_source: str = "默认"
    tz_converted: bool = False
    off_hour: int = 0
    sentinels: int = 0
    offline_rows: int = 0
    unparsed: int = 0  # text cells that are not numbers (made missing)
    derived: Derived | None = None  # whole-day values of a wide table's derived types (cross-check)


def looks_like_header(cells: list[str]) -> bool:
    found = recognise(cells)
    pollutants = sum(1 for p in POLLUTANTS if p in found)
    timeish = any(k in found for k in ("time", "date", "year"))
    return (pollutants >= 1 and timeish) or ("type" in found and timeish)


class StationListFile(InputError):
    """A station list found among the data files: said, not counted as a bad data file."""


def layout_of(t: RawTable) -> str | None:
    found = recognise(t.headers)
    if any(p in found for p in POLLUTANTS) and any(k in found for k in ("time", "date", "year")):
        return "long"
    if "type" in found and ("date" in found or "time" in found):
        return "wide"
    return None


def read_table(t: RawTable, opts: Options) -> list[Piece]:
    kind = layout_of(t)
    if kind is None:
        listed = recognise(t.headers, STATION_FIELDS)
        if ("code" in listed or "name" in listed) and "city" in listed:
            raise StationListFile(f"{t.name}：是站点表，不是监测数据，未作数据读取；要用它对照站点与城市，请用 --stations {t.name} 指定")
        found = recognise(t.headers)
        what = "没有可识别的污染物列（如 PM2.5、PM10、SO2、NO2、CO、O3）" if not any(p in found for p in POLLUTANTS) else "没有时间列（时间/日期+小时/年月日时）"
        raise InputError(f"{t.name}：不是可识别的空气监测数据：{what}；表头：{'、'.join(h for h in t.headers if h)[:200]}")
    return _long(t, opts) if kind == "long" else _wide(t, opts)


# --- helpers ------------------------------------------------------------------------------------


def _row(t: RawTable, i: int) -> int:
    """Line/row number in the file of data row ``i`` (0-based)."""
    return t.header_line + 1 + i


def _times(t: RawTable, batch: pa.Table, found: dict[str, Header], offset: int) -> Times:
    try:
        if "time" in found:
            return parse_times(batch.column(found["time"].original))
        if "date" in found:
            days = parse_times(batch.column(found["date"].original))
            if "hour" in found:
                return combine(Times(days.hours - days.hours % 24, days.off_hour, False, 0, days.tz_converted), parse_hours_of_day(batch.column(found["hour"].original)))
            return days
        import pyarrow.compute as pc  # only here: a first use costs a tenth of a second

        parts = [_np(pc.cast(batch.column(found[k].original), pa.int64())) for k in ("year", "month", "day")]
        days_arr = from_parts(*parts)
        hod = parse_hours_of_day(batch.column(found["hour"].original)) if "hour" in found else np.zeros(len(days_arr), np.int64)
        return combine(Times(days_arr * 24), hod)
    except TimeError as exc:
        col = next(found[k].original for k in ("time", "date", "year", "hour") if k in found)
        raise InputError(f"{t.name} 第{_row(t, offset + exc.index)}行 “{col}”列：无法识别的时间“{exc.text}”（应为 2023-01-01 13:00、2023/1/1 0:00、2023年1月1日 1时 等）") from None
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise InputError(f"{t.name}：年、月、日列应为整数（{type(exc).__name__}）") from None


def _label(times: Times, opts: Options, piece: Piece, platform: bool = False) -> np.ndarray:
    """Start-of-hour labels; records the convention and where it came from.

    ``platform``: a national-platform export, whose hours are labelled by their end (its data of
    16:00 are the mean of 15:00–16:00, as HJ 663—2013 表A.1 labels hours 1:00 … 24:00), so its hour
    0 is 23:00–24:00 of the day before."""
    if times.saw_24 or (times.min_hour >= 1 and times.hours.size > 24 and not opts.hour_label):
        piece.hour_label, piece.hour_label_source = "end", "数据中有 24 时或没有 0 时"
    elif opts.hour_label:
        piece.hour_label, piece.hour_label_source = opts.hour_label, "--hour-label"
    elif platform:
        piece.hour_label, piece.hour_label_source = "end", "国家平台数据按结束时刻标记（16 时为 15:00–16:00 的均值，0 时属前一日，同 HJ 663—2013 表A.1）"
    else:
        piece.hour_label, piece.hour_label_source = "start", "小时为 0–23，按起始时刻（默认）"
    piece.tz_converted = times.tz_converted
    piece.off_hour += times.off_hour
    return times.hours - 1 if piece.hour_label == "end" else times.hours


def _numbers(col: pa.ChunkedArray | pa.Array, piece: Piece) -> np.ndarray:
    """float32 values with NaN; text that is not a number (<2, 无效 …) becomes NaN and is counted."""
    typ = col.type
    if not (pa.types.is_floating(typ) or pa.types.is_integer(typ) or pa.types.is_null(typ) or pa.types.is_decimal(typ)):
        import pyarrow.compute as pc

        s = pc.utf8_trim_whitespace(col.cast(pa.string()))
        ok = pc.match_substring_regex(s, r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
        bad = int(pc.sum(pc.and_(pc.invert(ok), pc.is_valid(s))).as_py() or 0)
        piece.unparsed += bad
        col = pc.if_else(ok, s, pa.scalar(None, pa.string())).cast(pa.float64())
    chunks = col.chunks if isinstance(col, pa.ChunkedArray) else [col]
    out = np.empty(sum(len(c) for c in chunks), dtype=np.float32)
    pos = 0
    for c in chunks:  # chunk by chunk, converted straight into ``out``; nulls become NaN
        part = out[pos : pos + len(c)]
        buf = c.buffers()[1] if pa.types.is_float64(c.type) or pa.types.is_float32(c.type) else None
        if buf is not None and len(c):  # float64 -> float32 rounds as Arrow's cast does (IEEE nearest)
            width = c.type.bit_width // 8
            part[:] = np.frombuffer(buf, dtype=f"f{width}", count=len(c), offset=c.offset * width)
            if c.null_count:
                part[null_positions(c)] = np.nan
        else:
            part[:] = _np(c.cast(pa.float32()))
        pos += len(c)
    # sentinels are negative or huge: as unsigned integers the bits of every such float32 (and of
    # NaN, sorted out by the lookup) are at least those of 9999.0 — one comparison, usually few
    odd = np.flatnonzero(out.view(np.uint32) >= _BITS_9999)
    if odd.size:
        sent = odd[np.isin(out[odd], SENTINELS.astype(np.float32))]
        piece.sentinels += int(sent.size)
        out[sent] = np.nan
    return out


def _refuse_mg(name: str, found: dict[str, Header], present: Iterable[str]) -> None:
    """Only CO is given in mg/m³: any other pollutant so headed would be read 1000 times too low."""
    for p in present:
        if p != "co" and found[p].unit == "mg":
            raise InputError(f"{name}：“{found[p].original}”列注明单位为 mg/m³，但该污染物应为 µg/m³（只有 CO 用 mg/m³）；"
                             "请把该列乘以 1000 换算为 µg/m³ 并改正表头后再导入")


def _co_unit(co: np.ndarray, declared: str | None, opts: Options, piece: Piece) -> np.ndarray:
    if opts.co_unit:
        piece.co_unit, piece.co_unit_source = opts.co_unit, "--co-unit"
    elif declared:
        piece.co_unit, piece.co_unit_source = declared, "表头注明"
    else:
        if _median_above(co, CO_UG_MEDIAN):
            piece.co_unit, piece.co_unit_source = "ug", "数值检测（比 mg/m³ 合理范围大 2–3 个数量级）"
        else:
            piece.co_unit, piece.co_unit_source = "mg", "数值检测" if bool(np.any((co > 0) & np.isfinite(co))) else "默认"
    if piece.co_unit == "ug":
        co /= 1000
    return co


def _median_above(values: np.ndarray, limit: float) -> bool:
    """Median of the positive finite ``values`` > ``limit`` (> 0): decided by counting unless the
    two middle values straddle it, when ``np.median`` of those values decides."""
    above = int(np.count_nonzero(values > limit))  # NaN compares False; limit > 0
    if above:
        inf = int(np.count_nonzero(np.isposinf(values)))
        above -= inf
    if not above:
        return False
    n = int(np.count_nonzero(values > 0)) - inf
    if n % 2 or above != n // 2:  # the middle value(s) lie on one side of the limit
        return above > n // 2
    return float(np.median(values[np.isfinite(values) & (values > 0)])) > limit


def _offline(values: dict[str, np.ndarray], piece: Piece) -> None:
    """A row whose every pollutant is 0 (or empty, at least one 0) is a station offline: missing."""
    stack = [v for v in values.values()]
    if len(stack) < 3:
        return
    first = stack[0]
    rows = np.flatnonzero((first == 0) | np.isnan(first))  # candidates: usually few
    for v in stack[1:]:
        if not rows.size:
            return
        sub = v[rows]
        rows = rows[(sub == 0) | np.isnan(sub)]
    rows = rows[np.any(np.stack([v[rows] == 0 for v in stack]), axis=0)] if rows.size else rows
    if rows.size:
        piece.offline_rows += int(rows.size)
        for v in stack:
            v[rows] = np.nan


# --- long -----------------------------------------------------------------------------------------


def _stream(t: RawTable, types: dict[str, pa.DataType], numeric: list[str]) -> Iterator[pa.Table]:
    """The batches of ``t`` one at a time (a national year is never held whole as Arrow).

    Text in a numeric column (<2, 无效 …) fails the first batch: the table is read again with
    those columns as text, to be cleaned by :func:`_numbers`."""
    it = t.read(types)
    try:
        first = next(it, None)
    except pa.ArrowInvalid:
        it = t.read({**types, **dict.fromkeys(numeric, pa.string())})
        first = next(it, None)
    if first is None:
        return
    yield first
    del first
    yield from it


def _long(t: RawTable, opts: Options) -> list[Piece]:
    found = recognise(t.headers)
    text = pa.dictionary(pa.int32(), pa.string())
    types: dict[str, pa.DataType] = {}
    for k in ("station", "code", "city", "time", "date"):
        if k in found:
            types[found[k].original] = text
    for k in ("hour", "year", "month", "day"):
        if k in found and "time" not in found:
            types[found[k].original] = pa.string() if k == "hour" else pa.int64()
    present = [p for p in POLLUTANTS if p in found]
    for p in present:
        types[found[p].original] = pa.float64()
    pieces: list[Piece] = []
    offset = 0
    last: tuple[pa.Array, list[str]] | None = None  # the station dictionary and its names
    for batch in _stream(t, types, [found[p].original for p in present]):
        if batch.num_rows == 0:
            continue
        station_key = "station" if "station" in found else ("code" if "code" in found else None)
        if station_key is None:  # one file per station: the file name names it
            stem = Path(t.name.split(":")[0]).stem
            names, idx = [stem], np.zeros(batch.num_rows, dtype=np.int32)
        else:
            col = batch.column(found[station_key].original)
            if not pa.types.is_dictionary(col.type):
                import pyarrow.compute as pc

                col = pc.dictionary_encode(col.cast(pa.string()))
            arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
            if arr.null_count:
                i = int(np.argmax(_np(arr.is_null())))
                raise InputError(f"{t.name} 第{_row(t, offset + i)}行 “{found[station_key].original}”列：站点为空")
            if last is None or not arr.dictionary.equals(last[0]):  # batches of a file share it
                last = (arr.dictionary, [str(x).strip() for x in arr.dictionary.to_pylist()])
            names = last[1]
            idx = _np(arr.indices).astype(np.int32)
        piece = Piece(t.name, "长表", names, idx, np.empty(0, np.int64), {})
        piece.hours = _label(_times(t, batch, found, offset), opts, piece).astype(np.int32)
        _refuse_mg(t.name, found, present)
        vals = {p: _numbers(batch.column(found[p].original), piece) for p in present}
        if "co" in vals:
            vals["co"] = _co_unit(vals["co"], found["co"].unit, opts, piece)
        _offline(vals, piece)
        n = batch.num_rows
        piece.values = {p: vals[p] if p in vals else np.full(n, np.nan, dtype=np.float32) for p in POLLUTANTS}
        if "city" in found and station_key is not None:
            cities = batch.column(found["city"].original).cast(pa.string()).to_pylist()
            first: dict[int, str] = {}
            for i, c in zip(idx.tolist(), cities, strict=True):
                if c and i not in first:
                    first[i] = str(c).strip()
            piece.city_of = {names[i]: c for i, c in first.items()}
        pieces.append(piece)
        offset += n
        del batch, vals  # before the next batch is read
    return pieces


# --- wide (national platform) --------------------------------------------------------------------


def _wide(t: RawTable, opts: Options) -> list[Piece]:
    found = recognise(t.headers)
    key_cols = {found[k].original for k in ("date", "hour", "type", "time") if k in found}
    station_cols = [h for h in t.headers if h and h not in key_cols and not h.lower().startswith("unnamed")]
    text = pa.dictionary(pa.int32(), pa.string())
    types: dict[str, pa.DataType] = {found["type"].original: text}
    for k in ("date", "time"):
        if k in found:
            types[found[k].original] = text
    if "hour" in found:
        types[found["hour"].original] = pa.string()
    try:
        batches = list(t.read({**types, **dict.fromkeys(station_cols, pa.float64())}))
    except pa.ArrowInvalid:
        batches = list(t.read({**types, **dict.fromkeys(station_cols, pa.string())}))
    table = pa.concat_tables(batches) if len(batches) > 1 else batches[0]
    if table.num_rows == 0 or not station_cols:
        return []
    type_texts = table.column(found["type"].original).to_pylist()
    kinds = [None if v is None else _HOURLY_TYPES.get(norm(str(v))) for v in type_texts]
    keep = np.array([k is not None for k in kinds])
    if not keep.any():
        raise InputError(f"{t.name}：宽表“{found['type'].original}”列中没有小时污染物类型（PM2.5、PM10、SO2、NO2、CO、O3）")
    piece = Piece(t.name, "宽表（国家平台）", station_cols, np.empty(0, np.int32), np.empty(0, np.int64), {})
    import re

    piece.entities_are_cities = not all(re.match(_STATION_CODE, s) for s in station_cols)
    rows = np.flatnonzero(keep)
    keys = table.select([c for c in types if c in table.column_names])
    sub = keys.take(pa.array(rows))
    labels = _label(_times(t, sub, found, 0), opts, piece, platform=True)
    uniq, pos = np.unique(labels, return_inverse=True)
    n_t, n_s = uniq.size, len(station_cols)
    values = {p: np.full((n_t, n_s), np.nan, dtype=np.float32) for p in POLLUTANTS}
    kind_of_row = np.array([kinds[i] for i in rows.tolist()], dtype=object)
    derived = np.array([derived_item(v) for v in type_texts], dtype=np.int8)
    drows = np.flatnonzero(derived >= 0)
    # one pass over the station columns (a national file has ~2,000), then rows per pollutant
    full = np.empty((table.num_rows, n_s), dtype=np.float32)
    text_cols: list[int] = []
    for j, s in enumerate(station_cols):
        col = table.column(s)
        if pa.types.is_floating(col.type) or pa.types.is_integer(col.type):
            full[:, j] = _np(col)
        else:
            text_cols.append(j)
    matrix = full[rows]
    for j in text_cols:  # text cells counted on the hourly rows only
        col = table.column(station_cols[j])
        matrix[:, j] = _numbers(col.take(pa.array(rows)), piece)
        full[drows, j] = _numbers(col.take(pa.array(drows)), Piece(t.name, "", [], np.empty(0, np.int32), np.empty(0, np.int32), {}))
    odd = (matrix < 0) | (matrix >= 9999)
    if odd.any():
        sent = odd & np.isin(matrix, SENTINELS.astype(np.float32))
        piece.sentinels += int(np.count_nonzero(sent))
        matrix[sent] = np.nan
    for p in POLLUTANTS:
        sel = np.flatnonzero(kind_of_row == p)
        if sel.size:
            values[p][pos[sel]] = matrix[sel]
    co_flat = values["co"].ravel()
    values["co"] = _co_unit(co_flat, None, opts, piece).reshape(n_t, n_s)
    if drows.size:  # platform-derived values: cross-checked against the computed days, never used
        dmatrix = full[drows]
        dmatrix[np.isin(dmatrix, SENTINELS.astype(np.float32)) | (dmatrix < 0)] = np.nan
        dlabels = _times(t, keys.take(pa.array(drows)), found, 0).hours - (1 if piece.hour_label == "end" else 0)
        piece.derived = day_values(derived[drows], dlabels, dmatrix, 0.001 if piece.co_unit == "ug" else 1.0)
    del full
    flat = {p: v.ravel() for p, v in values.items()}
    _offline(flat, piece)
    piece.station_idx = np.tile(np.arange(n_s, dtype=np.int32), n_t)
    piece.hours = np.repeat(uniq.astype(np.int32), n_s)
    piece.values = flat
    return [piece]
