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
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pyarrow as pa

from ecociv.errors import InputError
from ecociv.monitor._water_values import flag_kind, mean, parse_value
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


def table_hours(t: WaterTable) -> np.ndarray | None:
    """Hour labels (since 1970, Beijing time) of every row, or None when the dates are not full
    dates (such as 2024年3月) or some are empty: then the table is not automatic-station data."""
    if "date" not in t.header:
        return None
    di = t.header.index("date")
    hi = t.header.index("hour") if "hour" in t.header else None
    texts = []
    for r in t.rows:
        d = r[di].strip()
        if hi is not None and r[hi].strip():
            h = r[hi].strip()
            d = f"{d.split()[0] if d else d} {h if ':' in h or '时' in h else h + ':00'}"
        texts.append(d)
    try:
        times = parse_times(pa.array(texts, pa.string()))
    except TimeError:
        return None
    hours: np.ndarray = times.hours - 1 if times.saw_24 else times.hours  # 24:00 labels: the day's last sample
    return hours


def looks_hourly(sections: list[str], hours: np.ndarray) -> bool:
    per_day: Counter[tuple[str, int]] = Counter(zip(sections, (hours // 24).tolist(), strict=True))
    if per_day and max(per_day.values()) >= 3:
        return True
    per_month: Counter[tuple[str, tuple[int, int]]] = Counter()
    for s, h in zip(sections, hours.tolist(), strict=True):
        d = _date(h)
        per_month[(s, (d[0], d[1]))] += 1
    return bool(per_month) and statistics.median(per_month.values()) >= 10


def _date(hour: int) -> tuple[int, int, int]:
    import datetime as dt

    d = dt.date.fromordinal(_EPOCH_DAY + hour // 24)
    return d.year, d.month, d.day


@dataclass
class _Acc:
    values: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    files: set[str] = field(default_factory=set)
    rows: int = 0


def roll_up(
    tables: list[tuple[WaterTable, np.ndarray]],
    item_cols: dict[str, dict[int, str]],
    below: str = "half",
    min_coverage: float = DEFAULT_MIN_COVERAGE,
) -> tuple[list[Month], dict[str, SectionStats], Counter[str]]:
    """Monthly means of automatic-station tables (with their hour labels); ``item_cols`` gives,
    per table name, column index -> item key.  Returns months, per-section counts, and counts of
    detection-limit values."""
    stats: dict[str, SectionStats] = {}
    seen: set[tuple[str, int]] = set()
    acc: dict[tuple[str, int, int], _Acc] = defaultdict(_Acc)
    stamps: dict[str, set[int]] = defaultdict(set)
    lakes: set[str] = set()
    measured: dict[str, list[str]] = defaultdict(list)  # items with a value (or a flagged one) for the section
    empty: Counter[tuple[str, str]] = Counter()  # (section, item) -> empty cells
    counts: Counter[str] = Counter()
    months_of: dict[int, tuple[int, int]] = {}  # day -> (year, month)
    for t, hours in tables:
        si = t.header.index("section")
        ti = t.header.index("type") if "type" in t.header else None
        fi = t.header.index("flag") if "flag" in t.header else None
        cols = item_cols[t.name]
        for n, (row, hour) in enumerate(zip(t.rows, hours.tolist(), strict=True)):
            section = row[si].strip()
            line = t.first_line + n
            where = f"{t.name} 第{line}行"
            if not section:
                raise InputError(f"{t.name} 第{line}行：断面名称为空")
            st = stats.setdefault(section, SectionStats(section))
            st.files.add(t.name)
            if (section, hour) in seen:
                st.duplicates += 1
                continue
            seen.add((section, hour))
            st.rows += 1
            stamps[section].add(hour)
            if ti is not None and any(ch in row[ti] for ch in ("湖", "库")):
                lakes.add(section)
            row_flag = flag_kind(row[fi]) if fi is not None and row[fi].strip() else "正常"
            if row_flag is None:
                t.unknown_flags.add(row[fi].strip())  # type: ignore[index]
            ym = months_of.get(hour // 24)
            if ym is None:
                ym = months_of[hour // 24] = _date(hour)[:2]
            y, m = ym
            a = acc[(section, y, m)]
            a.files.add(t.name)
            a.rows += 1
            for i, key in cols.items():
                if row[i].strip() and key not in measured[section]:
                    measured[section].append(key)
                if row_flag not in (None, "正常"):
                    if row[i].strip():
                        st.invalid[row_flag] += 1
                    continue
                v = parse_value(row[i], where, t.header[i], st.invalid, below, nonpositive_missing=True)
                if v is None:
                    if not row[i].strip():
                        empty[(section, key)] += 1
                    continue
                a.values[key].append(v)
    for st in stats.values():  # detection-limit values are not invalid: counted apart
        for k in ("below", "nd"):
            counts[k] += st.invalid.pop(k, 0)
    for section, hs in stamps.items():
        stats[section].interval_hours = _interval(sorted(hs))
        n_empty = sum(empty[(section, k)] for k in measured[section])
        if n_empty:
            stats[section].invalid["空值"] += n_empty
    months: list[Month] = []
    for (section, y, m), a in sorted(acc.items()):
        per_day = 24 // max(1, min(24, stats[section].interval_hours))
        expected = calendar.monthrange(y, m)[1] * per_day
        values = {k: mean(v) for k, v in a.values.items() if v}
        valid = {k: len(v) for k, v in a.values.items() if v}
        low = [k for k in measured[section] if valid.get(k, 0) < min_coverage * expected]
        ph = a.values.get("ph")
        months.append(Month(
            section, y, m, section in lakes, values, valid, expected, low,
            (min(ph), max(ph)) if ph else None, sum(1 for v in ph or [] if not 6 <= v <= 9), a.files, a.rows,
        ))
    return months, stats, counts


def _interval(hours: list[int]) -> int:
    """The section's usual sampling interval in hours (the most common gap; 1 when unknown)."""
    gaps = Counter(b - a for a, b in pairwise(hours) if b > a)
    if not gaps:
        return 1
    best = max(gaps.items(), key=lambda kv: (kv[1], -kv[0]))[0]
    return best if 24 % best == 0 else 1
