"""Automatic-station (水质自动站) data: telling it from manual monthly data, and rolling it up to
monthly means per section with valid-sample counts and a coverage flag.

Rules (ecociv's, stated in the output; no text of a standard we hold fixes them):

* a table is automatic-station data when one section has three or more samples on one day, or
  the median count of samples per section-month is at least 10 (manual monitoring samples a
  section about once a month);
* a month's value of an item is the arithmetic mean of its valid samples; pH likewise (the mean
  of the pH values, not of hydrogen-ion activity), with its range and the count of samples outside
  6–9 reported beside it;
* invalid are: values marked 维护/故障/停运/校准 … (cell or status column), values ≤ 0, empty
  cells and "—"; each is counted per section; a repeated section-time keeps its first row;
* a month of an item is covered when its valid samples reach ``min_coverage`` of the samples
  expected (days of the month × samples a day at the section's usual interval); a month below it
  is flagged and its value not used in the month's class or the annual mean.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from ecociv.errors import InputError
from ecociv.monitor._water_values import INVALID_FLAGS, flag_kind, parse_value
from ecociv.monitor.ingest._time import TimeError, parse_times
from ecociv.monitor.ingest._water import WaterTable

DEFAULT_MIN_COVERAGE = 0.75
HOURLY_RULE = "同一断面同一天有3个及以上样品，或每断面每月样品数中位数不少于10个，视为自动站数据"
PH_RULE = "pH 月均值取有效小时值的算术平均（不换算氢离子浓度），并列出范围及超出6～9的样品数"
_EPOCH_DAY = 719163  # date(1970, 1, 1).toordinal()


def coverage_rule(min_coverage: float) -> str:
    return (f"自动站月均值：有效样品的算术平均；某项目有效样品数不足应有样品数（当月天数×按断面采样间隔的每日样品数）的"
            f"{min_coverage * 100:g}% 时，该月该项目标为“有效样品不足”，不参与当月类别和年均值（本规则为 ecociv 设定，"
            f"非标准条文，可用 --min-coverage 调整）")


@dataclass
class Month:
    section: str
    year: int
    month: int
    lake: bool
    values: dict[str, float]  # item -> mean of valid samples
    counts: dict[str, int]  # item -> valid samples
    expected: int  # samples expected in the month at the section's interval
    low: list[str]  # items below the coverage rule
    ph_range: tuple[float, float] | None = None
    ph_outside: int = 0  # samples outside 6–9
    files: set[str] = field(default_factory=set)
    rows: int = 0  # samples (rows) of the month, valid or not

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"


@dataclass
class SectionStats:
    section: str
    rows: int = 0
    duplicates: int = 0
    interval_hours: int = 0
    invalid: Counter[str] = field(default_factory=Counter)  # reason -> values made missing
    files: set[str] = field(default_factory=set)


def codes(col: pa.Array) -> tuple[list[str], np.ndarray]:
    """Distinct texts (stripped; "" for empty) of a column and each row's index into them."""
    import pyarrow.compute as pc
    enc = pc.dictionary_encode(col.cast(pa.string()) if not pa.types.is_string(col.type) else col)
    texts = [("" if v is None else str(v).strip()) for v in enc.dictionary.to_pylist()] + [""]
    idx = np.asarray(enc.indices.fill_null(len(texts) - 1).to_numpy(zero_copy_only=False), dtype=np.int64)
    return texts, idx


def table_hours(t: WaterTable) -> np.ndarray | None:
    """Hour labels (since 1970, Beijing time) of every row, or None when the dates are not full
    dates (such as 2024年3月) or some are empty: then the table is not automatic-station data."""
    if "date" not in t.header:
        return None
    col = t.column(t.header.index("date"))
    if "hour" in t.header:
        hours = t.column(t.header.index("hour")).to_pylist()
        texts = []
        for d, h in zip(col.to_pylist(), hours, strict=True):
            day = str(d).split()[0] if d is not None else ""
            hs = "" if h is None else str(h).strip()
            texts.append(f"{day} {hs if ':' in hs or '时' in hs or not hs else hs + ':00'}".strip())
        col = pa.array(texts, pa.string())
    try:
        times = parse_times(col)
    except (TimeError, pa.ArrowException):
        return None
    out: np.ndarray = times.hours - 1 if times.saw_24 else times.hours  # 24:00 labels: the day's last sample
    return out


def looks_hourly(section_idx: np.ndarray, hours: np.ndarray) -> bool:
    if not hours.size:
        return False
    day_key = section_idx * 10_000_000 + hours // 24
    if np.unique(day_key, return_counts=True)[1].max() >= 3:
        return True
    month_key = section_idx * 10_000_000 + _month_codes(hours)
    return bool(np.median(np.unique(month_key, return_counts=True)[1]) >= 10)


def _month_codes(hours: np.ndarray) -> np.ndarray:
    """year × 12 + month − 1 of every hour label."""
    days, inv = np.unique(hours // 24, return_inverse=True)
    ym = np.array([(d.year * 12 + d.month - 1) for d in (dt.date.fromordinal(_EPOCH_DAY + int(x)) for x in days)], dtype=np.int64)
    out: np.ndarray = ym[inv] if days.size else np.zeros(0, np.int64)
    return out


#: why a cell is not a valid value: 0 valid, 1 empty, 2 ≤ 0, then the status kinds; -1 column absent
_REASONS = ["", "空值", "nonpositive", *dict.fromkeys(INVALID_FLAGS.values())]


def _cells(t: WaterTable, i: int, below: str, counts: Counter[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values with NaN when not valid, reason codes, below-detection marks) of item column ``i``."""
    col = t.column(i)
    if pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
        v = np.asarray(col.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
        why = np.where(np.isnan(v), 1, np.where(v <= 0, 2, 0))
        return np.where(why == 0, v, np.nan), why, np.zeros(v.size, dtype=np.int8)
    texts, idx = codes(col)
    uv = np.full(len(texts), np.nan)
    uwhy = np.zeros(len(texts), dtype=np.int64)
    ubelow = np.zeros(len(texts), dtype=np.int8)
    for j, text in enumerate(texts):
        c: Counter[str] = Counter()
        try:
            x = parse_value(text, t.name, t.header[i], c, below, nonpositive_missing=True)
        except InputError:
            line = t.first_line + int(np.argmax(idx == j))
            parse_value(text, f"{t.name} 第{line}行", t.header[i], c, below, nonpositive_missing=True)
            raise
        if x is not None:
            uv[j] = x
            ubelow[j] = 1 if (c["below"] or c["nd"]) else 0
        else:
            reason = next(iter(c), "空值")
            uwhy[j] = _REASONS.index(reason) if reason in _REASONS else 1
    return uv[idx], uwhy[idx], ubelow[idx]


@dataclass
class _Rows:
    """All automatic-station rows of the input, as arrays (one entry per row)."""

    section: list[np.ndarray] = field(default_factory=list)
    hours: list[np.ndarray] = field(default_factory=list)
    file: list[np.ndarray] = field(default_factory=list)
    values: dict[str, list[np.ndarray]] = field(default_factory=dict)
    why: dict[str, list[np.ndarray]] = field(default_factory=dict)
    below: list[np.ndarray] = field(default_factory=list)


def roll_up(
    tables: list[tuple[WaterTable, np.ndarray]],
    item_cols: dict[str, dict[int, str]],
    below: str = "half",
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> tuple[list[Month], dict[str, SectionStats], Counter[str]]:
    """Monthly means of automatic-station tables (with their hour labels); ``item_cols`` gives,
    per table name, column index -> item key.  Returns months, per-section counts, and counts of
    detection-limit values."""
    names: dict[str, int] = {}
    lakes: set[int] = set()
    keys = list(dict.fromkeys(k for cols in item_cols.values() for k in cols.values()))
    acc = _Rows(values={k: [] for k in keys}, why={k: [] for k in keys})
    files = [t.name for t, _ in tables]
    counts: Counter[str] = Counter()
    for f, (t, hours) in enumerate(tables):
        texts, idx = codes(t.column(t.header.index("section")))
        if "" in texts[:-1] or (idx == len(texts) - 1).any():
            empty = {j for j, x in enumerate(texts) if not x}
            row = int(np.argmax(np.isin(idx, list(empty))))
            raise InputError(f"{t.name} 第{t.first_line + row}行：断面名称为空")
        sec = np.array([names.setdefault(x, len(names)) for x in texts], dtype=np.int64)[idx]
        if "type" in t.header:
            types, tidx = codes(t.column(t.header.index("type")))
            lake_rows = np.array([any(ch in x for ch in ("湖", "库")) for x in types])[tidx]
            lakes.update(np.unique(sec[lake_rows]).tolist())
        row_why = np.zeros(len(sec), dtype=np.int64)
        if "flag" in t.header:
            flags, fidx = codes(t.column(t.header.index("flag")))
            kinds = [flag_kind(x) if x else "正常" for x in flags]
            t.unknown_flags.update(x for x, k in zip(flags, kinds, strict=True) if k is None)
            row_why = np.array([_REASONS.index(k) if k not in (None, "正常") else 0 for k in kinds], dtype=np.int64)[fidx]
        acc.section.append(sec)
        acc.hours.append(hours.astype(np.int64))
        acc.file.append(np.full(len(sec), f, dtype=np.int64))
        cols = {k: i for i, k in item_cols[t.name].items()}
        below_any = np.zeros(len(sec), dtype=np.int64)
        for k in keys:
            if k not in cols:
                acc.values[k].append(np.full(len(sec), np.nan))
                acc.why[k].append(np.full(len(sec), -1, dtype=np.int64))
                continue
            v, why, bl = _cells(t, cols[k], below, counts)
            flagged = (row_why > 0) & (why != 1)
            acc.values[k].append(np.where(flagged, np.nan, v))
            acc.why[k].append(np.where(flagged, row_why, why))
            below_any += bl * ~flagged
        acc.below.append(below_any)
    return _months(acc, keys, names, lakes, files, min_coverage, counts)


def _months(acc: _Rows, keys: list[str], names: dict[str, int], lakes: set[int], files: list[str],
            min_coverage: float, counts: Counter[str]) -> tuple[list[Month], dict[str, SectionStats], Counter[str]]:
    by_code = list(names)
    sec, hours, file = (np.concatenate(x) for x in (acc.section, acc.hours, acc.file))
    key = sec * (1 << 40) + hours
    _, first = np.unique(key, return_index=True)
    keep = np.zeros(sec.size, dtype=bool)
    keep[first] = True  # a repeated section-time keeps its first row
    n_sec = len(names)
    dup = np.bincount(sec[~keep], minlength=n_sec)
    sec, hours, file = sec[keep], hours[keep], file[keep]
    counts["below"] += int(np.concatenate(acc.below)[keep].sum())
    stats = {name: SectionStats(name) for name in by_code}
    for name, n, d in zip(by_code, np.bincount(sec, minlength=n_sec).tolist(), dup.tolist(), strict=True):
        stats[name].rows, stats[name].duplicates = n, d
    for s, f in _pairs(sec, file):
        stats[by_code[s]].files.add(files[f])
    interval = _intervals(sec, hours, n_sec)
    for s, iv in enumerate(interval.tolist()):
        stats[by_code[s]].interval_hours = iv
    gkey = sec * 1_000_000 + _month_codes(hours)
    groups, ginv = np.unique(gkey, return_inverse=True)
    n_g = groups.size
    g_sec = groups // 1_000_000
    g_ym = groups % 1_000_000
    values: dict[str, np.ndarray] = {}
    valid: dict[str, np.ndarray] = {}
    measured = np.zeros((n_sec, len(keys)), dtype=bool)
    for j, k in enumerate(keys):
        v = np.concatenate(acc.values[k])[keep]
        why = np.concatenate(acc.why[k])[keep]
        ok = ~np.isnan(v)
        valid[k] = np.bincount(ginv, weights=ok, minlength=n_g).astype(np.int64)
        sums = np.bincount(ginv, weights=np.where(ok, v, 0.0), minlength=n_g)
        with np.errstate(invalid="ignore", divide="ignore"):
            values[k] = np.round(sums / valid[k], 10)
        measured[:, j] = np.bincount(sec, weights=why >= 0, minlength=n_sec) > np.bincount(sec, weights=why == 1, minlength=n_sec)
        for code in range(1, len(_REASONS)):
            per = np.bincount(sec[why == code], minlength=n_sec)
            for s in np.flatnonzero(per).tolist():
                if code == 1 and not measured[s, j]:
                    continue  # a column the section never fills is not a gap
                stats[by_code[s]].invalid["≤0" if code == 2 else _REASONS[code]] += int(per[s])
        if k == "ph":
            lo = np.full(n_g, np.inf)
            hi = np.full(n_g, -np.inf)
            np.fmin.at(lo, ginv[ok], v[ok])
            np.fmax.at(hi, ginv[ok], v[ok])
            outside = np.bincount(ginv[ok], weights=(v[ok] < 6) | (v[ok] > 9), minlength=n_g).astype(np.int64)
            values["_ph_lo"], values["_ph_hi"], valid["_ph_out"] = lo, hi, outside
    rows = np.bincount(ginv, minlength=n_g)
    g_files: dict[int, set[str]] = {}
    for g, f in _pairs(ginv, file):
        g_files.setdefault(g, set()).add(files[f])
    months: list[Month] = []
    for g in range(n_g):
        s = int(g_sec[g])
        y, m = divmod(int(g_ym[g]), 12)
        expected = calendar.monthrange(y, m + 1)[1] * (24 // int(interval[s]))
        vals = {k: float(values[k][g]) for k in keys if valid[k][g]}
        n = {k: int(valid[k][g]) for k in keys if valid[k][g]}
        low = [k for j, k in enumerate(keys) if measured[s, j] and n.get(k, 0) < min_coverage * expected]
        ph = (float(values["_ph_lo"][g]), float(values["_ph_hi"][g])) if "ph" in n else None
        months.append(Month(by_code[s], y, m + 1, s in lakes, vals, n, expected, low, ph,
                            int(valid["_ph_out"][g]) if ph else 0, g_files.get(g, set()), int(rows[g])))
    months.sort(key=lambda x: (x.section, x.year, x.month))
    return months, stats, counts


def _pairs(a: np.ndarray, b: np.ndarray) -> list[tuple[int, int]]:
    """Distinct (a, b) pairs."""
    u = np.unique(a * (1 << 20) + b)
    return list(zip((u >> 20).tolist(), (u & ((1 << 20) - 1)).tolist(), strict=True))


def _intervals(sec: np.ndarray, hours: np.ndarray, n_sec: int) -> np.ndarray:
    """Each section's usual sampling interval in hours (the most common gap; 1 when unknown or
    not a divisor of 24)."""
    out = np.ones(n_sec, dtype=np.int64)
    order = np.lexsort((hours, sec))
    s, h = sec[order], hours[order]
    same = s[1:] == s[:-1]
    gaps = (h[1:] - h[:-1])[same]
    gs = s[1:][same]
    pos = gaps > 0
    if not pos.any():
        return out
    pairs, n = np.unique(gs[pos] * (1 << 32) + gaps[pos], return_counts=True)
    best: dict[int, tuple[int, int]] = {}
    for p, c in zip(pairs.tolist(), n.tolist(), strict=True):
        sc, gap = p >> 32, p & 0xFFFFFFFF
        if sc not in best or (c, -gap) > (best[sc][1], -best[sc][0]):
            best[sc] = (gap, c)
    for sc, (gap, _) in best.items():
        out[sc] = gap if 24 % gap == 0 else 1
    return out
