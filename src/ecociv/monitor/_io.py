"""Reading hourly air data and small lookup tables (CSV or Parquet) into NumPy arrays.

Missing columns, unreadable files and unparseable cells raise :class:`InputError` naming the file,
the row and the column.  Values themselves are *not* judged here (see :mod:`._clean`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ecociv._cells import csv_text
from ecociv.errors import InputError
from ecociv.monitor._arrow import null_mask
from ecociv.monitor._crosscheck import Derived

POLLUTANTS = ("so2", "no2", "pm10", "co", "o3", "pm25")
NULL_MARKERS = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "—", "-", "--", "/"]
TIME_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]

#: accepted spellings of the air input columns (after lower-casing and dropping . _ - and spaces)
AIR_ALIASES = {
    "station": ("station", "站点", "站点名称", "站点编码", "监测点", "点位"),
    "time": ("time", "时间", "监测时间", "datetime"),
    "so2": ("so2", "二氧化硫"),
    "no2": ("no2", "二氧化氮"),
    "pm10": ("pm10", "可吸入颗粒物"),
    "co": ("co", "一氧化碳"),
    "o3": ("o3", "臭氧"),
    "pm25": ("pm25", "细颗粒物"),
}


def norm_header(name: str) -> str:
    return "".join(ch for ch in name.strip().lower() if ch not in "._- \u3000")


def resolve_columns(names: list[str], wanted: dict[str, tuple[str, ...]], file: str, required: tuple[str, ...]) -> dict[str, str]:
    """Map canonical column -> actual header; InputError naming the first missing column."""
    by_norm = {norm_header(n): n for n in names}
    out: dict[str, str] = {}
    for key, aliases in wanted.items():
        for a in aliases:
            if norm_header(a) in by_norm:
                out[key] = by_norm[norm_header(a)]
                break
    missing = [k for k in required if k not in out]
    if missing:
        have = "、".join(names) if names else "（无表头）"
        raise InputError(f"{file}：缺少“{missing[0]}”列（需要列 {','.join(required)}；文件中的列：{have}）")
    return out


@dataclass
class Cells:
    """Where each row lands in the time-major (day, hour, station) cube, worked out by whoever
    gathered the rows (it saw them part by part): ``lin`` is the flat index per row."""

    first_day: int  # days since 1970-01-01
    n_days: int
    lin: np.ndarray  # int32 (int64 for huge cubes)


@dataclass
class Hourly:
    """Hourly station data: station and hour per input row; pollutant columns read on demand.

    A Parquet input is read one pollutant column at a time (:meth:`column`), so only one column
    is in memory at once; a CSV input is parsed once and kept.  With ``cells`` the rows' places
    in the cube are given and ``station_idx`` and ``hour`` are empty.
    """

    file: str
    stations: list[str]  # distinct station names; station_idx indexes this list
    station_idx: np.ndarray  # int32 per row
    hour: np.ndarray  # int32 hours since 1970-01-01 00:00 (local time as written)
    loader: Callable[[str], pa.ChunkedArray]  # pollutant -> float64 per row (null where empty)
    off_hour_rows: int = 0  # rows whose time is not on the hour (minutes dropped)
    derived: Derived | None = None  # platform-derived day values to cross-check (wide exports)
    cells: Cells | None = None

    def column(self, pollutant: str) -> pa.ChunkedArray:
        return self.loader(pollutant)


def output_kind(path: Path) -> str:
    """"csv" or "parquet" by suffix; InputError for anything else (check before long work)."""
    return _suffix(path)


def _suffix(path: Path) -> str:
    s = path.suffix.lower()
    if s in (".parquet", ".pq"):
        return "parquet"
    if s in (".csv", ".txt"):
        return "csv"
    raise InputError(f"{path.name}：不支持的文件类型“{path.suffix}”（应为 .csv 或 .parquet）")


def _locate_bad_cell(path: Path, column: str, kind: str) -> InputError | None:
    """Find the first cell of ``column`` that does not parse, for a precise message."""
    import datetime as dt

    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for lineno, row in enumerate(reader, start=2):
            cell = (row.get(column) or "").strip()
            if cell in NULL_MARKERS:
                continue
            try:
                if kind == "time":
                    for fmt in TIME_FORMATS:
                        try:
                            dt.datetime.strptime(cell, fmt)
                            break
                        except ValueError:
                            continue
                    else:
                        raise ValueError(cell)
                else:
                    float(cell)
            except ValueError:
                expected = "时间（如 2024-01-01 13:00）" if kind == "time" else "数值"
                return InputError(f"{path.name} 第{lineno}行 “{column}”列：无法识别“{cell}”，应为{expected}")
    return None


def _read_table(path: Path, types: dict[str, str]) -> pa.Table:
    """Read CSV/Parquet; ``types`` maps actual column -> 'str' | 'float' | 'time'."""
    try:
        if _suffix(path) == "parquet":
            # ParquetFile.read, not read_table: the latter goes through pyarrow.dataset, whose
            # first use costs more than reading the columns
            with pq.ParquetFile(path) as pf:
                return pf.read(columns=list(types))
        arrow_types = {c: {"str": pa.string(), "float": pa.float64(), "time": pa.timestamp("s")}[t] for c, t in types.items()}
        return pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8"),
            convert_options=pacsv.ConvertOptions(
                column_types=arrow_types,
                include_columns=list(types),
                null_values=NULL_MARKERS,
                strings_can_be_null=True,
                timestamp_parsers=TIME_FORMATS,
            ),
        )
    except pa.ArrowInvalid as exc:
        for col, kind in types.items():
            located = _locate_bad_cell(path, col, kind) if kind != "str" else None
            if located is not None:
                raise located from exc
        raise InputError(f"{path.name}：无法读取（{exc}）") from exc
    except OSError as exc:
        raise InputError(f"{path.name}：无法读取文件（{exc}）") from exc


def _headers(path: Path) -> list[str]:
    try:
        if _suffix(path) == "parquet":
            return list(pq.read_schema(path).names)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, pa.ArrowException) as exc:
        raise InputError(f"{path.name}：无法读取文件（{exc}）") from exc


def _as_hours(col: pa.ChunkedArray, file: str, column: str) -> tuple[np.ndarray, int]:
    import pyarrow.compute as pc
    typ = col.type
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        try:
            col = pc.strptime(col, format=TIME_FORMATS[1], unit="s", error_is_null=False)
        except pa.ArrowInvalid as exc:
            raise InputError(f"{file} “{column}”列：无法识别的时间（应为 2024-01-01 13:00 形式）") from exc
        typ = col.type
    if not pa.types.is_timestamp(typ):
        raise InputError(f"{file} “{column}”列：应为时间，实际类型为 {typ}")
    if typ.tz is not None:
        col = pc.local_timestamp(col)
    if col.null_count:
        first = int(np.argmax(np.asarray(pc.is_null(col))))
        raise InputError(f"{file} 第{first + 2}行 “{column}”列：时间为空")
    unit = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}[col.type.unit] * 3600
    chunks = col.chunks if isinstance(col, pa.ChunkedArray) else [col]
    hours = np.empty(sum(len(c) for c in chunks), dtype=np.int32)  # hours since 1970 fit easily
    off = pos = 0
    for chunk in chunks:  # chunk by chunk: small temporaries, no copy of the whole column
        raw = np.asarray(chunk.cast(pa.int64()))
        h = raw // unit
        off += int(np.count_nonzero(h * unit != raw))
        hours[pos : pos + len(h)] = h
        pos += len(h)
    return hours, off


def read_hourly(path: Path) -> Hourly:
    """Hourly station data with columns station,time,so2,no2,pm10,co,o3,pm25."""
    if not path.exists():
        raise InputError(f"{path}：文件不存在")
    cols = resolve_columns(_headers(path), dict(AIR_ALIASES), path.name, tuple(AIR_ALIASES))
    types = {cols["station"]: "str", cols["time"]: "time"} | {cols[p]: "float" for p in POLLUTANTS}
    parquet = _suffix(path) == "parquet"
    table = _read_table(path, {cols["station"]: "str", cols["time"]: "time"} if parquet else types)
    st = table.column(cols["station"])
    if not pa.types.is_dictionary(st.type):
        import pyarrow.compute as pc

        st = pc.dictionary_encode(st.cast(pa.string()))
    combined = st.unify_dictionaries().combine_chunks()
    if combined.null_count:
        first = int(np.argmax(null_mask(combined)))
        raise InputError(f"{path.name} 第{first + 2}行 “{cols['station']}”列：站点为空")
    names = [str(x) for x in combined.dictionary.to_pylist()]
    idx = np.asarray(combined.indices).astype(np.int32, copy=False)
    del st, combined
    if names != sorted(names):  # stations in name order, whatever the row order
        order = sorted(range(len(names)), key=names.__getitem__)
        remap = np.empty(len(names), dtype=np.int32)
        remap[order] = np.arange(len(names), dtype=np.int32)
        idx = remap[idx]
        names = [names[i] for i in order]
    hour, off = _as_hours(table.column(cols["time"]), path.name, cols["time"])
    table = table.drop_columns([cols["station"], cols["time"]])

    def load(p: str) -> pa.ChunkedArray:
        c = _read_table(path, {cols[p]: "float"}).column(0) if parquet else table.column(cols[p])
        if not pa.types.is_float64(c.type):
            try:
                c = c.cast(pa.float64())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise InputError(f"{path.name} “{cols[p]}”列：应为数值") from exc
        if len(c) != len(idx):
            raise InputError(f"{path.name} “{cols[p]}”列：行数与站点列不一致")
        return c

    if parquet:  # fail early on a non-numeric column, without reading it
        schema = pq.read_schema(path)
        for p in POLLUTANTS:
            typ = schema.field(cols[p]).type
            if not (pa.types.is_floating(typ) or pa.types.is_integer(typ) or pa.types.is_decimal(typ) or pa.types.is_null(typ)):
                raise InputError(f"{path.name} “{cols[p]}”列：应为数值，实际类型为 {typ}")
    return Hourly(path.name, names, idx, hour, load, off)


def read_city_map(path: Path) -> dict[str, str]:
    """Station -> city table (columns station,city; 站点,城市 also accepted)."""
    if not path.exists():
        raise InputError(f"{path}：文件不存在")
    wanted = {"station": AIR_ALIASES["station"], "city": ("city", "城市", "区县", "县区", "地区")}
    cols = resolve_columns(_headers(path), wanted, path.name, ("station", "city"))
    table = _read_table(path, {cols["station"]: "str", cols["city"]: "str"})
    out: dict[str, str] = {}
    for i, (s, c) in enumerate(zip(table.column(cols["station"]).to_pylist(), table.column(cols["city"]).to_pylist(), strict=True)):
        if not s or not c:
            raise InputError(f"{path.name} 第{i + 2}行：站点或城市为空")
        if s in out and out[s] != c:
            raise InputError(f"{path.name} 第{i + 2}行：站点“{s}”同时属于“{out[s]}”和“{c}”")
        out[str(s)] = str(c)
    return out


def write_table(table: pa.Table, path: Path) -> None:
    """CSV (UTF-8 with BOM so Excel shows Chinese) or Parquet, by suffix."""
    kind = _suffix(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        pq.write_table(table, path)
        return
    with path.open("wb") as fh:
        fh.write("\ufeff".encode())
        pacsv.write_csv(_texts_guarded(table), fh)


def _texts_guarded(table: pa.Table) -> pa.Table:
    """String columns with formula-like texts prefixed (see :mod:`ecociv._cells`)."""
    for k, field in enumerate(table.schema):
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            values = [None if v is None else csv_text(v) for v in table.column(k).to_pylist()]
            table = table.set_column(k, field, pa.array(values, type=field.type))
    return table
