"""Surface-water classes by the single-factor method (GB 3838-2002, basic items of Table 1).

Each item of a sample gets the best class whose limit it meets (DO: higher is better; pH: within
6–9 or 劣Ⅴ); the sample's class is its worst item's class.  A section's annual class uses the
annual mean of each item.  TP has stricter limits for lakes/reservoirs; TN is evaluated only for
lakes/reservoirs and, by national practice, separately: its class is reported but not counted in
the water-quality class unless ``lake_tn=True``.  Values written as below the detection
limit (``0.01L``, ``<0.01``) count as half the limit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecociv.errors import InputError
from ecociv.model import Finding
from ecociv.monitor._io import norm_header
from ecociv.monitor._tables import water_standard

CLASS_NAMES = ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ")
_BELOW = re.compile(r"^(?:<\s*([0-9.]+)|([0-9.]+)\s*[Ll])$")
_ND = {"nd", "未检出", "未检"}


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


#: how a value below the detection limit counts: half the limit (default) or the limit itself
BELOW_RULES = {"half": ("检出限的一半", 0.5), "limit": ("检出限", 1.0)}


def _parse_value(cell: str, file: str, line: int, column: str, counts: dict[str, int], below: str = "half") -> float | None:
    s = cell.strip()
    if not s or s in ("-", "—", "/"):
        return None
    if s.lower() in _ND:
        counts["nd"] += 1
        return 0.0
    m = _BELOW.match(s)
    if m:
        counts["below"] += 1
        return float(m.group(1) or m.group(2)) * BELOW_RULES[below][1]
    try:
        v = float(s)
    except ValueError:
        raise InputError(f"{file} 第{line}行 “{column}”列：无法识别“{s}”，应为数值（检出限以下写作 0.01L 或 <0.01）") from None
    if v < 0:
        counts["negative"] += 1
        return None
    return v


def read_samples(path: Path, lake_tn: bool = False, below: str = "half") -> WaterResult:
    """Classify every sample of a CSV (section,date[,type],item columns…) and each section-year."""
    from ecociv.monitor.ingest._water import read_water_rows

    table = items()
    label, header, body = read_water_rows(path, {a for k, it in table.items() for a in (k, it.name, *it.aliases)})
    path = Path(label)
    alias = {norm_header(a): k for k, it in table.items() for a in (k, it.name, *it.aliases)}
    norm = [norm_header(h) for h in header]
    sec_names = {"section", "断面", "断面名称", "点位", "点位名称"}
    try:
        sec_col = next(i for i, h in enumerate(norm) if h in sec_names)
    except StopIteration:
        raise InputError(f"{path.name}：缺少“section”（断面）列；文件中的列：{'、'.join(header)}") from None
    date_col = next((i for i, h in enumerate(norm) if h in {"date", "日期", "采样日期", "监测日期", "time", "时间"}), None)
    type_col = next((i for i, h in enumerate(norm) if h in {"type", "类型", "水体类型", "断面类型"}), None)
    item_cols = {i: alias[h] for i, h in enumerate(norm) if h in alias}
    if not item_cols:
        raise InputError(f"{path.name}：没有可识别的监测项目列（如 溶解氧/do、氨氮/nh3n、总磷/tp）")
    counts: dict[str, int] = defaultdict(int)
    samples: list[Classified] = []
    by_year: dict[tuple[int, str], list[Classified]] = defaultdict(list)
    for n, row in enumerate(body, start=2):
        if not any(c.strip() for c in row):
            continue
        cells = row + [""] * (len(header) - len(row))
        section = cells[sec_col].strip()
        if not section:
            raise InputError(f"{path.name} 第{n}行：断面名称为空")
        date = cells[date_col].strip() if date_col is not None else None
        year = _year_of(date, path.name, n) if date else None
        lake = type_col is not None and any(ch in cells[type_col] for ch in ("湖", "库"))
        values = {}
        for i, key in item_cols.items():
            v = _parse_value(cells[i], path.name, n, header[i], counts, below)
            if v is not None:
                values[key] = v
        c = _judge(section, date, lake, values, table, lake_tn)
        samples.append(c)
        by_year[(year or 0, section)].append(c)
    annual: dict[int, list[Classified]] = defaultdict(list)
    for (year, section), group in sorted(by_year.items()):
        sums: dict[str, list[float]] = defaultdict(list)
        for c in group:
            for k, v in c.values.items():
                sums[k].append(v)
        means = {k: sum(v) / len(v) for k, v in sums.items()}
        annual[year].append(_judge(section, str(year) if year else None, group[0].lake, means, table, lake_tn))
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
    findings: list[Finding] = []
    if counts["below"] or counts["nd"]:
        findings.append(Finding("below-detection-limit", f"{counts['below'] + counts['nd']} 个值低于检出限（按{BELOW_RULES[below][0]}计；未注明检出限的“未检出”按0计）", "info", file=path.name, data=dict(counts)))
    if counts["negative"]:
        findings.append(Finding("negative-value", f"{counts['negative']} 个负值，已按缺测处理", "warning", file=path.name, data={"count": counts["negative"]}))
    result = WaterResult(samples, dict(annual), network, findings, lake_tn, water_standard().id)
    if any(c.lake for c in samples):
        findings.append(Finding("lake-tn-rule", result.tn_rule(), "info", file=path.name, data={"lake_tn": lake_tn}))
    return result


def _year_of(date: str, file: str, line: int) -> int:
    m = re.match(r"^(\d{4})(?:[-/.年]|$)", date)
    if not m:
        raise InputError(f"{file} 第{line}行 日期列：无法识别“{date}”，应为 2024-03-05 或 2024年3月 形式")
    y = int(m.group(1))
    if not 1900 < y < 2200:
        raise InputError(f"{file} 第{line}行 日期列：年份“{y}”不合理")
    return y
