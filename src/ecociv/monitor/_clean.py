"""Bad hourly values: found, counted, reported as Findings and kept out of every mean.

Sentinels (-99, -999, -9999, 9999, 99999; 999 for CO), negative values, duplicate timestamps
with conflicting values, CO apparently given in µg/m³ and stations missing from the city table
become missing hours — never silently averaged in.  The checks run on the (station, day, hour)
cube each pollutant is scattered into, so the input rows are never copied.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ecociv.model import Finding
from ecociv.monitor._arrow import numpy_of
from ecociv.monitor._io import Hourly

SENTINELS_UG = np.array([-99.0, -999.0, -9999.0, -99999.0, 9999.0, 99999.0], dtype=np.float32)
SENTINELS_CO = np.array([-99.0, -999.0, -9999.0, -99999.0, 999.0, 9999.0, 99999.0], dtype=np.float32)
_BITS_999 = int(np.array(999.0, dtype=np.float32).view(np.uint32))
#: a station whose mean CO exceeds this (mg/m³) is taken to report µg/m³
CO_UG_THRESHOLD = 20.0


@dataclass
class Grid:
    """Where each input row lands in the time-major (day, hour, station) cube."""

    n_stations: int
    first_day: int  # days since 1970-01-01
    n_days: int
    lin: np.ndarray  # int32 (int64 for huge cubes) flat index per row
    dup_rows: np.ndarray  # row numbers (0-based) involved in duplicate timestamps, sorted by lin
    dup_starts: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    #: rows are exactly the cube in order (complete, time-major, sorted): copy instead of scatter
    in_order: bool = False

    @property
    def size(self) -> int:
        return self.n_stations * self.n_days * 24

    def first_row_at(self, positions: np.ndarray) -> int:
        """Input row (0-based) of the first of ``positions`` in the cube (slow path, findings only)."""
        if self.in_order:
            return int(positions[0])
        return int(np.flatnonzero(self.lin == positions[0])[0])


def make_grid(h: Hourly) -> Grid:
    if h.cells is not None:
        first, n_days, lin = h.cells.first_day, h.cells.n_days, h.cells.lin
    else:
        first, last = int(h.hour.min()) // 24, int(h.hour.max()) // 24
        n_days = last - first + 1
        lin = cube_index(h.hour, h.station_idx, first, len(h.stations) * n_days * 24 < 2**31, len(h.stations))
    size = len(h.stations) * n_days * 24
    if _exactly_the_cube(lin, size):
        return Grid(len(h.stations), first, n_days, lin, np.empty(0, dtype=np.int64), in_order=True)
    slots = np.zeros(size, dtype=np.bool_)
    slots[lin] = True
    if int(np.count_nonzero(slots)) == lin.size:
        return Grid(len(h.stations), first, n_days, lin, np.empty(0, dtype=np.int64))
    counts = np.bincount(lin, minlength=size)
    dup = np.flatnonzero(counts[lin] > 1)
    dup = dup[np.argsort(lin[dup], kind="stable")]
    keys = lin[dup]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(keys)) + 1))
    return Grid(len(h.stations), first, n_days, lin, dup, starts)


def cube_index(hour: np.ndarray, station: np.ndarray, first_day: int, small: bool, n_stations: int, out: np.ndarray | None = None) -> np.ndarray:
    """Flat time-major (day, hour, station) index of rows: int32 when ``small``, else int64."""
    lin: np.ndarray = np.subtract(hour, first_day * 24, out=out, dtype=np.int32 if small else np.int64)
    lin *= n_stations
    lin += station
    return lin


def _exactly_the_cube(lin: np.ndarray, size: int) -> bool:
    """Strictly increasing from 0 to size-1 over size rows: the rows are the cube, in order
    (checked a block at a time: no row-sized temporary)."""
    if lin.size != size or size == 0 or lin[0] != 0 or lin[-1] != size - 1:
        return False
    step = 1 << 20
    for a in range(0, lin.size - 1, step):
        blk = lin[a : a + step + 1]
        if not bool(np.all(blk[1:] > blk[:-1])):
            return False
    return True


def grid_findings(h: Hourly, grid: Grid) -> list[Finding]:
    out: list[Finding] = []
    if h.off_hour_rows:
        out.append(Finding("time-not-on-hour", f"有 {h.off_hour_rows} 行的时间不在整点，已按所在小时计", "warning", file=h.file, column="time", data={"count": h.off_hour_rows}))
    if grid.dup_rows.size:
        out.append(Finding("duplicate-timestamp", f"同一站点同一时刻有重复记录 {grid.dup_rows.size} 行；取值一致的保留一条，取值不一致的该小时按缺测处理", "warning", file=h.file, row=int(grid.dup_rows.min()) + 2, data={"count": int(grid.dup_rows.size)}))
    return out


@dataclass
class Buffers:
    """The cube-sized array reused from one pollutant to the next (no fresh pages each time)."""

    cube: np.ndarray

    @classmethod
    def for_grid(cls, grid: Grid) -> Buffers:
        return cls(np.empty(grid.size, dtype=np.float32))


def _scatter(col: pa.ChunkedArray, grid: Grid, cube: np.ndarray) -> np.ndarray:
    if not grid.in_order:  # every slot is written when the rows are the cube in order
        cube.fill(np.nan)
    pos = 0
    for chunk in col.chunks:
        n = len(chunk)
        values = numpy_of(chunk)
        if grid.in_order:
            cube[pos : pos + n] = values
        else:
            cube[grid.lin[pos : pos + n]] = values
        pos += n
    return cube


def _conflicts(col: pa.ChunkedArray, grid: Grid) -> np.ndarray:
    """Cube positions where duplicate rows disagree (NaN-aware)."""
    v = np.asarray(col.take(pa.array(grid.dup_rows)).to_numpy(zero_copy_only=False), dtype=np.float64)
    hi = np.maximum.reduceat(np.where(np.isnan(v), -np.inf, v), grid.dup_starts)
    lo = np.minimum.reduceat(np.where(np.isnan(v), np.inf, v), grid.dup_starts)
    has_nan = np.add.reduceat(np.isnan(v).astype(np.int32), grid.dup_starts) > 0
    differ = (hi != lo) | (has_nan & np.isfinite(hi))
    return np.asarray(grid.lin[grid.dup_rows[grid.dup_starts[differ]]])


def pollutant_cube(col: pa.ChunkedArray, h: Hourly, grid: Grid, pollutant: str, buf: Buffers) -> tuple[np.ndarray, list[Finding]]:
    """(days, 24, stations) float32 cube of one pollutant, NaN where missing or bad, and findings.

    The cube is a view of ``buf``: valid until the next call with the same buffers.
    """
    out: list[Finding] = []
    cube = _scatter(col, grid, buf.cube)
    sentinels = SENTINELS_CO if pollutant == "co" else SENTINELS_UG
    found: dict[str, list[np.ndarray]] = {"sentinel-value": [], "negative-value": []}
    step = max(1, (4 << 20) // max(1, grid.n_stations * 24 * 4)) * grid.n_stations * 24
    for a in range(0, cube.size, step):  # cache-sized slices: one pass over memory
        blk = cube[a : a + step]
        # negative or >= 999: as unsigned integers the bits of every such float32 (and of NaN,
        # which no test below takes) are at least those of 999.0 — one comparison, usually few
        odd = np.flatnonzero(blk.view(np.uint32) >= _BITS_999)
        if odd.size:
            is_sentinel = np.isin(blk[odd], sentinels)
            found["sentinel-value"].append(odd[is_sentinel] + a)
            found["negative-value"].append(odd[(blk[odd] < 0) & ~is_sentinel] + a)
            blk[odd[is_sentinel | (blk[odd] < 0)]] = np.nan
    for slug, what in (("sentinel-value", "哨兵值（-99、9999 等）"), ("negative-value", "负值")):
        pos = np.concatenate(found[slug]) if found[slug] else np.empty(0, dtype=np.int64)
        if pos.size:
            out.append(Finding(slug, f"{pollutant} 列有 {pos.size} 个{what}，已按缺测处理，未参与平均", "warning", file=h.file, row=grid.first_row_at(pos) + 2, column=pollutant, data={"count": int(pos.size)}))
    if grid.dup_rows.size:
        bad = _conflicts(col, grid)
        if bad.size:
            out.append(Finding("duplicate-conflict", f"{pollutant}：重复记录中有 {bad.size} 个小时取值不一致，已按缺测处理", "warning", file=h.file, column=pollutant, data={"count": int(bad.size)}))
            cube[bad] = np.nan
    return cube.reshape(grid.n_days, 24, grid.n_stations), out


def day_blocks(cube: np.ndarray, target_bytes: int = 4 << 20) -> list[tuple[int, int]]:
    """Day ranges whose slices of ``cube`` stay cache-sized (every pass then runs in cache)."""
    per_day = max(1, cube[:1].nbytes)
    step = max(1, target_bytes // per_day)
    return [(a, min(a + step, cube.shape[0])) for a in range(0, cube.shape[0], step)]


def co_unit_suspects(h: Hourly, cube: np.ndarray) -> tuple[np.ndarray, list[Finding]]:
    """Stations whose mean CO exceeds what mg/m³ can be: they report µg/m³ (excluded)."""
    n = np.zeros(cube.shape[-1], dtype=np.int64)
    s = np.zeros(cube.shape[-1], dtype=np.float64)
    for a, b in day_blocks(cube):
        blk = cube[a:b]
        ok = blk == blk
        n += ok.sum(axis=(0, 1))
        s += np.fmax(blk, 0).sum(axis=(0, 1), dtype=np.float64)
    mean = np.divide(s, n, out=np.zeros_like(s), where=n > 0)
    bad = np.flatnonzero(mean > CO_UG_THRESHOLD)
    if bad.size == 0:
        return bad, []
    names = [h.stations[i] for i in bad.tolist()]
    count = int(n[bad].sum())
    shown = "、".join(names[:10]) + (" 等" if len(names) > 10 else "")
    return bad, [
        Finding(
            "co-unit-suspect",
            f"{len(names)} 个站点的 CO 平均值超过 {CO_UG_THRESHOLD:g} mg/m³，疑似以 µg/m³ 填报（应为 mg/m³）：{shown}；这些站点的 CO 未参与计算",
            "error",
            file=h.file,
            column="co",
            data={"stations": names, "count": count},
        )
    ]


def group_cube(filled: np.ndarray, valid: np.ndarray, order: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hourly means over groups of stations (cities): stations ``order`` grouped at ``starts``.

    Cubes are (days, 24, stations); the result is (days, 24, groups).
    """
    if starts.size == 1 and order.size == filled.shape[-1]:
        s = filled.sum(axis=-1, dtype=np.float64)[..., None]
        n = valid.sum(axis=-1, dtype=np.int32)[..., None]
    else:
        same = order.size == filled.shape[-1] and bool(np.all(order == np.arange(order.size)))
        sub_f, sub_v = (filled, valid) if same else (filled[..., order], valid[..., order])
        s = np.add.reduceat(sub_f, starts, axis=-1, dtype=np.float64)
        n = np.add.reduceat(sub_v, starts, axis=-1, dtype=np.int32)
    ok = n > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, s / n, 0).astype(np.float32)
    return mean, ok
