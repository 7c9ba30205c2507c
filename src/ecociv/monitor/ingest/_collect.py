"""Normalised rows of many files gathered by year, within a memory budget.

Rows are kept as compact arrays (station int32, hour int32, six float32 = 32 bytes a row); past
the budget they are written to a temporary Parquet file per year and read back one year at a
time, so a decade of national data is computed year by year in bounded memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ecociv.monitor._arrow import numpy_of
from ecociv.monitor._clean import cube_index
from ecociv.monitor._crosscheck import Derived
from ecociv.monitor._io import Cells, Hourly
from ecociv.monitor.ingest._layout import POLLUTANTS

#: bytes of rows held in memory before spilling to disk
BUDGET = 640 << 20


@dataclass
class _Part:
    sidx: np.ndarray  # int32 global station index
    hour: np.ndarray  # int32 hours since 1970 (start of hour, Beijing)
    values: dict[str, np.ndarray]  # float32

    @property
    def nbytes(self) -> int:
        return int(self.sidx.nbytes + self.hour.nbytes + sum(v.nbytes for v in self.values.values()))


def _schema() -> pa.Schema:
    return pa.schema([("sidx", pa.int32()), ("hour", pa.int32()), *[(p, pa.float32()) for p in POLLUTANTS]])


@dataclass
class Collector:
    names: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    parts: dict[int, list[_Part]] = field(default_factory=dict)
    held: int = 0
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # per station
    missing: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # per station, values
    derived: dict[int, list[Derived]] = field(default_factory=dict)  # platform day values by year
    _tmp: Path | None = None
    _writers: dict[int, pq.ParquetWriter] = field(default_factory=dict)
    _derived_files: dict[int, list[Path]] = field(default_factory=dict)
    _last: tuple[list[str], np.ndarray, bool] = field(default_factory=lambda: ([], np.empty(0, np.int32), True))
    _current: Hourly | None = None
    _columns: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def station(self, name: str) -> int:
        i = self.index.get(name)
        if i is None:
            i = self.index[name] = len(self.names)
            self.names.append(name)
        return i

    def add(self, names: list[str], idx: np.ndarray, hours: np.ndarray, values: dict[str, np.ndarray], derived: Derived | None = None) -> None:
        if idx.size == 0:
            return
        if names is not self._last[0]:  # the pieces of one table share one list of names
            remap = np.array([self.station(n) for n in names], dtype=np.int32)
            self._last = (names, remap, remap.size == 0 or (remap[0] == 0 and bool(np.all(remap == np.arange(remap.size, dtype=np.int32)))))
        _, remap, identity = self._last
        sidx = idx.astype(np.int32, copy=False) if identity else remap[idx]
        if derived is not None and derived.size:
            self._keep_derived(Derived(derived.item, remap[derived.station], derived.day, derived.value))
        n = len(self.names)
        if self.rows.size < n:
            self.rows = np.concatenate([self.rows, np.zeros(n - self.rows.size, np.int64)])
            self.missing = np.concatenate([self.missing, np.zeros(n - self.missing.size, np.int64)])
        self.rows += np.bincount(sidx, minlength=n)[:n]
        self.missing += _missing_per_station(sidx, values, n)
        hour32 = hours.astype(np.int32, copy=False)
        lo, hi = _year(int(hours.min())), _year(int(hours.max()))
        if lo == hi:
            self._keep(lo, _Part(sidx, hour32, values))
        else:
            years = hours.astype("datetime64[h]").astype("datetime64[Y]").astype(np.int64) + 1970
            for y in range(lo, hi + 1):
                m = years == y
                if m.any():
                    self._keep(y, _Part(sidx[m], hour32[m], {p: v[m] for p, v in values.items()}))
        if self.held > BUDGET:
            self._spill()

    def _keep(self, year: int, part: _Part) -> None:
        self.parts.setdefault(year, []).append(part)
        self.held += part.nbytes

    def _keep_derived(self, d: Derived) -> None:
        years = d.day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        for y in np.unique(years).tolist():
            part = d.select(years == y)
            self.derived.setdefault(int(y), []).append(part)
            self.held += part.nbytes

    def finish(self) -> None:
        """After the last file: once anything went to disk, everything does, so that computing a
        year holds that year alone."""
        if self._writers:
            self._spill()
        _trim()

    def _spill(self) -> None:
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="ecociv-air-"))
        for year, parts in self.parts.items():
            w = self._writers.get(year)
            if w is None:
                w = self._writers[year] = pq.ParquetWriter(self._tmp / f"{year}.parquet", _schema(), compression="lz4")
            for part in parts:
                arrays = [_arrow(part.sidx, pa.int32()), _arrow(part.hour, pa.int32()), *(_arrow(part.values[p], pa.float32()) for p in POLLUTANTS)]
                w.write_table(pa.Table.from_arrays(arrays, schema=_schema()))
            parts.clear()
        for year, ds in self.derived.items():
            if ds:
                files = self._derived_files.setdefault(year, [])
                files.append(self._tmp / f"derived-{year}-{len(files)}.npz")
                d = Derived.concat(ds)
                np.savez(files[-1], item=d.item, station=d.station, day=d.day, value=d.value)
                ds.clear()
        self.held = 0

    def years(self) -> list[int]:
        return sorted({y for y, ps in self.parts.items() if ps} | set(self._writers))

    def _year_derived(self, year: int) -> Derived | None:
        parts = self.derived.pop(year, [])
        for f in self._derived_files.pop(year, []):
            with np.load(f) as z:
                parts.append(Derived(z["item"], z["station"], z["day"], z["value"]))
            f.unlink()
        return Derived.concat(parts) if parts else None

    def _year_parts(self, year: int) -> list[_Part]:
        parts = list(self.parts.get(year, []))
        w = self._writers.pop(year, None)
        if w is not None and self._tmp is not None:
            w.close()
            t = pq.read_table(self._tmp / f"{year}.parquet")
            for batch in t.to_batches():  # views of the decoded row groups: no second copy
                parts.append(_Part(numpy_of(batch.column(0)), numpy_of(batch.column(1)), {p: numpy_of(batch.column(2 + k)) for k, p in enumerate(POLLUTANTS)}))
            del t
            (self._tmp / f"{year}.parquet").unlink()
            pa.default_memory_pool().release_unused()  # the decoder's scratch buffers
        self.parts.pop(year, None)
        return parts

    def hourly(self, year: int, label: str, keep: set[str] | None) -> Hourly | None:
        """The rows of ``year`` as :class:`Hourly` (stations in name order); consumed once.

        Pollutant values stay in their parts (a chunked column), only station and hour are joined.
        """
        self._release()
        parts = self._year_parts(year)
        derived = self._year_derived(year)
        if keep is not None:
            allowed = np.array([n in keep for n in self.names], dtype=bool)
            kept = []
            for part in parts:
                m = allowed[part.sidx]
                kept.append(part if m.all() else _Part(part.sidx[m], part.hour[m], {k: v[m] for k, v in part.values.items()}))
            parts = kept
        parts = [p for p in parts if p.sidx.size]
        if not parts:
            return None
        counts = np.zeros(len(self.names), dtype=np.int64)
        for part in parts:
            counts += np.bincount(part.sidx, minlength=len(self.names))
        present = np.flatnonzero(counts)
        names = [self.names[i] for i in present.tolist()]
        order = sorted(range(len(names)), key=names.__getitem__)
        remap: np.ndarray | None = None  # None: every station present, already in name order
        if present.size != len(self.names) or order != list(range(len(order))):
            remap = np.full(len(self.names), -1, dtype=np.int32)
            remap[present[order]] = np.arange(len(order), dtype=np.int32)
            if derived is not None:  # stations without hourly rows (or not kept) get -1: skipped
                derived = Derived(derived.item, remap[derived.station], derived.day, derived.value)
        cells = _cells(parts, remap, len(names))
        columns = {p: [part.values[p] for part in parts] for p in POLLUTANTS}
        self._columns = columns  # emptied when the next year is asked for (see _release)
        del parts

        def load(p: str) -> pa.ChunkedArray:
            return pa.chunked_array([_arrow(v, pa.float32()) for v in columns[p]], pa.float32())

        empty = np.empty(0, np.int32)
        self._current = Hourly(label, [names[i] for i in order], empty, empty, load, 0, derived, cells)
        return self._current

    def _release(self) -> None:
        """The rows of the year handed out before: a caller that still holds that Hourly while
        asking for the next year must not keep two years in memory."""
        if self._current is not None:
            self._current.station_idx = self._current.hour = np.empty(0, np.int32)
            self._current.cells = None
            self._current = None
        self._columns.clear()

    def close(self) -> None:
        self._release()
        for w in self._writers.values():
            w.close()
        self._writers.clear()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _missing_per_station(sidx: np.ndarray, values: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Missing (NaN) values per station: counted per row over the pollutants first, so that only
    the rows with a gap are looked up."""
    per_row = np.zeros(sidx.size, dtype=np.uint8)
    for v in values.values():
        per_row += np.isnan(v).view(np.uint8)
    rows = np.flatnonzero(per_row)
    if not rows.size:
        return np.zeros(n, dtype=np.int64)
    counts: np.ndarray = np.bincount(sidx[rows], weights=per_row[rows], minlength=n)[:n].astype(np.int64)
    return counts


def _cells(parts: list[_Part], remap: np.ndarray | None, n_stations: int) -> Cells:
    """The rows' places in the year's cube, part by part (station and hour are never joined into
    row-long arrays); each part's station and hour are released once placed."""
    first = min(int(p.hour.min()) for p in parts) // 24
    n_days = max(int(p.hour.max()) for p in parts) // 24 - first + 1
    small = n_stations * n_days * 24 < 2**31
    lin = np.empty(sum(p.sidx.size for p in parts), dtype=np.int32 if small else np.int64)
    pos = 0
    for part in parts:
        n = part.sidx.size
        station = part.sidx if remap is None else remap[part.sidx]
        cube_index(part.hour, station, first, small, n_stations, out=lin[pos : pos + n])
        part.sidx = part.hour = np.empty(0, np.int32)
        pos += n
    return Cells(first, n_days, lin)


def _arrow(v: np.ndarray, typ: pa.DataType) -> pa.Array:
    """A zero-copy Arrow view of a NumPy array without nulls (``pa.array`` would consult pandas)."""
    return pa.Array.from_buffers(typ, len(v), [None, pa.py_buffer(np.ascontiguousarray(v))])


def _trim() -> None:
    """Freed memory back to the system after reading: Arrow's decode buffers, and the C heap,
    which keeps the pages of many mid-sized NumPy arrays freed (glibc only; elsewhere nothing)."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def _year(hour: int) -> int:
    return int(np.datetime64(hour, "h").astype("datetime64[Y]").astype(np.int64)) + 1970
