"""Surface-water classes by the single-factor method (GB 3838-2002, basic items of Table 1).

Each item of a sample gets the best class whose limit it meets (DO: higher is better; pH: within
6–9 or 劣Ⅴ); the sample's class is its worst item's class.  A section's annual class uses the
annual mean of each item.  TP has stricter limits for lakes/reservoirs; TN is evaluated only for
lakes/reservoirs and, by national practice, separately: its class is reported but not counted in
the water-quality class unless ``lake_tn=True``.  Values written as below the detection
limit (``0.01L``, ``<0.01``) count as half the limit.

Automatic-station (hourly) data are rolled up to monthly means first (:mod:`._water_hourly`) and
put together with manual samples of the same month (:mod:`._water_months`); each month is then
classified like a manual sample, and the annual class uses the mean of the section's records.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecociv.errors import InputError
from ecociv.model import Finding
from ecociv.monitor._tables import water_standard
from ecociv.monitor._water_hourly import DEFAULT_MIN_COVERAGE, Month, SectionStats
from ecociv.monitor._water_values import BELOW_RULES as BELOW_RULES
from ecociv.monitor._water_values import mean

CLASS_NAMES = ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ")


@dataclass(frozen=True)
class Item:
    key: str
    name: str
    aliases: tuple[str, ...]
    limits: tuple[float, ...] = ()
    lake_limits: tuple[float, ...] = ()
    higher_is_better: bool = False
    lakes_only: bool = False
    ph_range: tuple[float, float] | None = None


def items() -> dict[str, Item]:
    d = water_standard().data["items"]
    out: dict[str, Item] = {}
    for key, v in d.items():
        out[key] = Item(
            key=key,
            name=v["name"],
            aliases=tuple(v.get("aliases", [])),
            limits=tuple(float(x) for x in v.get("limits", [])),
            lake_limits=tuple(float(x) for x in v.get("lake_limits", [])),
            higher_is_better=bool(v.get("higher_is_better", False)),
            lakes_only=bool(v.get("lakes_only", False)),
            ph_range=(float(v["range"][0]), float(v["range"][1])) if "range" in v else None,
        )
    return out


def classify(item: Item, value: float, lake: bool = False) -> int:
    """Class 1..6 (6 = 劣Ⅴ) of one item's value."""
    if item.ph_range is not None:
        lo, hi = item.ph_range
        return 1 if lo <= value <= hi else 6
    limits = item.lake_limits if lake and item.lake_limits else item.limits
    for k, lim in enumerate(limits, start=1):
        if (value >= lim) if item.higher_is_better else (value <= lim):
            return k
    return 6


def exceed_multiple(item: Item, value: float, lake: bool = False) -> float | None:
    """超标倍数 over the Ⅲ limit, (C − L)/L; None for DO and pH, which have none."""
    if item.higher_is_better or item.ph_range is not None:
        return None
    lim = (item.lake_limits if lake and item.lake_limits else item.limits)[2]
    return round((value - lim) / lim, 2)


@dataclass
class Classified:
    section: str
    date: str | None
    lake: bool
    classes: dict[str, int]  # item -> class
    values: dict[str, float]
    overall: int | None
    above_iii: list[str] = field(default_factory=list)  # item names worse than Ⅲ, with multiple
    separate: dict[str, int] = field(default_factory=dict)  # evaluated apart, not in the class (lake TN)
    origin: str = "人工监测"  # 人工监测 / 自动站 / 自动站+人工监测
    counts: dict[str, int] = field(default_factory=dict)  # valid automatic samples per item (months: per month)
    notes: list[str] = field(default_factory=list)  # coverage and source choices

    def overall_name(self) -> str:
        return CLASS_NAMES[self.overall - 1] if self.overall else "无数据"


@dataclass
class WaterResult:
    samples: list[Classified]
    annual: dict[int, list[Classified]]  # year -> per-section annual classes
    network: dict[int, dict[str, Any]]  # year -> {sections, iii_or_better_ratio, worse_than_v_ratio}
    findings: list[Finding]
    lake_tn: bool = False  # lake/reservoir TN counted in the class
    standard: str = "GB 3838—2002"
    months: list[Month] = field(default_factory=list)  # automatic-station monthly means
    stats: dict[str, SectionStats] = field(default_factory=dict)  # automatic-station counts per section
    rules: list[str] = field(default_factory=list)  # conventions applied, stated in the output
    files: dict[str, str] = field(default_factory=dict)  # file/sheet -> what was read from it

    def tn_rule(self) -> str:
        """How lake/reservoir total nitrogen was treated, for output and reports."""
        if self.lake_tn:
            return "湖库总氮参与水质类别评价"
        return "湖库总氮单独评价，不参与水质类别评价（国家地表水考核惯例；可用 --lake-tn 计入）"


def _judge(section: str, date: str | None, lake: bool, values: dict[str, float], table: dict[str, Item], lake_tn: bool) -> Classified:
    classes: dict[str, int] = {}
    separate: dict[str, int] = {}
    above: list[str] = []
    for key, v in values.items():
        item = table[key]
        if item.lakes_only and not lake:
            continue
        c = classify(item, v, lake)
        if item.lakes_only and not lake_tn:
            separate[key] = c
            continue
        classes[key] = c
        if c > 3:
            mult = exceed_multiple(item, v, lake)
            above.append(f"{item.name}({CLASS_NAMES[c - 1]}{'' if mult is None else f'，超标{mult:g}倍'})")
    overall = max(classes.values()) if classes else None
    return Classified(section, date, lake, classes, values, overall, above, separate)


def read_samples(path: Path, lake_tn: bool = False, below: str = "half",
                 min_coverage: float = DEFAULT_MIN_COVERAGE, prefer: str = "auto") -> WaterResult:
    """Classify every manual sample and every automatic-station month of the tables under
    ``path`` (file, folder or zip), and each section-year from the mean of its records."""
    from ecociv.monitor._water_read import read_records

    table = items()
    records, extra = read_records(path, table, below, min_coverage, prefer)
    samples: list[Classified] = []
    by_year: dict[tuple[int, str], list[Classified]] = defaultdict(list)
    for rec in records:
        year = _year_of(rec.date, ", ".join(sorted(rec.files)), 0) if rec.date else None
        c = _judge(rec.section, rec.date, rec.lake, rec.values, table, lake_tn)
        c.origin, c.counts, c.notes = rec.origin, rec.counts, rec.notes
        samples.append(c)
        by_year[(year or 0, rec.section)].append(c)
    annual: dict[int, list[Classified]] = defaultdict(list)
    for (year, section), group in sorted(by_year.items()):
        sums: dict[str, list[float]] = defaultdict(list)
        for c in group:
            for k, v in c.values.items():
                sums[k].append(v)
        means = {k: mean(v) for k, v in sums.items()}
        a = _judge(section, str(year) if year else None, any(c.lake for c in group), means, table, lake_tn)
        a.origin = "、".join(dict.fromkeys(c.origin for c in group))
        a.counts = {k: len(v) for k, v in sums.items()}  # records (months or samples) per item
        annual[year].append(a)
    network: dict[int, dict[str, Any]] = {}
    for year, secs in annual.items():
        judged = [c for c in secs if c.overall is not None]
        total = len(judged)
        good = sum(1 for c in judged if c.overall is not None and c.overall <= 3)
        worst = sum(1 for c in judged if c.overall == 6)
        network[year] = {
            "sections": total,
            "iii_or_better": good,
            "worse_than_v": worst,
            "iii_or_better_ratio": round(good / total * 100, 1) if total else None,
            "worse_than_v_ratio": round(worst / total * 100, 1) if total else None,
        }
        network[year].update(extra.year_figures(year))
    result = WaterResult(samples, dict(annual), network, extra.findings, lake_tn, water_standard().id,
                         months=extra.months, stats=extra.stats, rules=extra.rules, files=extra.files)
    if any(c.lake for c in samples):
        result.findings.append(Finding("lake-tn-rule", result.tn_rule(), "info", file=path.name, data={"lake_tn": lake_tn}))
    return result


_MONTH_DAY = re.compile(r"^\d{4}[-/.年](\d{1,2})(?:[-/.月](\d{1,2})(?!\d))?")


def _year_of(date: str, file: str, line: int) -> int:
    m = re.match(r"^(\d{4})(?:[-/.年]|$)", date)
    if not m:
        raise InputError(f"{file}{f' 第{line}行' if line else ''} 日期列：无法识别“{date}”，应为 2024-03-05 或 2024年3月 形式")
    y = int(m.group(1))
    where = f"{file}{f' 第{line}行' if line else ''} 日期列"
    if not 1900 < y < 2200:
        raise InputError(f"{where}：年份“{y}”不合理")
    md = _MONTH_DAY.match(date)
    if md:
        month, day = int(md.group(1)), int(md.group(2) or 1)
        try:
            dt.date(y, month, day)
        except ValueError:
            raise InputError(f"{where}：“{date}”不是有效的日期（月应为1—12，日不超过当月天数）") from None
    return y
