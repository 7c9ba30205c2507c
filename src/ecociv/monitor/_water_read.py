"""From the tables under a path to classifiable records: manual samples as they are, automatic-
station tables rolled up to months, both put together per section-month, with the counts,
conventions and findings the output states."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ecociv.errors import InputError
from ecociv.model import Finding
from ecociv.monitor._water_hourly import (
    HOURLY_RULE,
    PH_RULE,
    Month,
    SectionStats,
    codes,
    coverage_rule,
    looks_hourly,
    roll_up,
    table_hours,
)
from ecociv.monitor._water_months import PREFER_RULES, ManualSample, Record, merge
from ecociv.monitor._water_values import BELOW_RULES, parse_value
from ecociv.monitor.ingest._columns import norm
from ecociv.monitor.ingest._water import WaterTable, read_water_tables

if TYPE_CHECKING:
    from ecociv.monitor._water import Item

_BRACKETS = re.compile(r"[\(（\[【].*?[\)）\]】]|[_/](?:mg|μg|µg|ug|毫克|微克).*$", re.IGNORECASE)
_INVALID_NAMES = {"nonpositive": "≤0", "空值": "空值或“—”"}


@dataclass
class Extra:
    findings: list[Finding] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)
    stats: dict[str, SectionStats] = field(default_factory=dict)
    rules: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)

    def year_figures(self, year: int) -> dict[str, Any]:
        """Automatic-station counts of a year, for the network figures (empty without such data)."""
        ms = [m for m in self.months if m.year == year]
        if not ms:
            return {}
        return {
            "auto_samples": sum(m.rows for m in ms),
            "auto_valid_values": sum(sum(m.counts.values()) for m in ms),
            "auto_months": len(ms),
            "auto_months_low": sum(1 for m in ms if m.low),
        }


def _item_columns(t: WaterTable, table: dict[str, Item]) -> dict[int, str]:
    alias = {norm(a): k for k, it in table.items() for a in (k, it.name, *it.aliases)}
    out: dict[int, str] = {}
    for i, h in enumerate(t.header):
        key = alias.get(norm(h)) or alias.get(norm(_BRACKETS.sub("", h)))
        if key is not None and key not in out.values():
            out[i] = key
    return out


def read_records(path: Path, table: dict[str, Item], below: str, min_coverage: float, prefer: str) -> tuple[list[Record], Extra]:
    tabs = read_water_tables(path, {a for k, it in table.items() for a in (k, it.name, *it.aliases)})
    extra = Extra()
    counts: Counter[str] = Counter()
    manual: list[ManualSample] = []
    hourly: list[tuple[WaterTable, np.ndarray]] = []
    cols_of: dict[str, dict[int, str]] = {}
    for t in tabs:
        cols = _item_columns(t, table)
        if not cols:
            extra.findings.append(Finding("no-items", f"{t.name}：没有可识别的监测项目列（如 溶解氧、氨氮、总磷），已跳过", "warning", file=t.name))
            continue
        cols_of[t.name] = cols
        si = t.header.index("section")
        hours = table_hours(t)
        if hours is not None and looks_hourly(codes(t.column(si))[1], hours):
            hourly.append((t, hours))
            extra.files[t.name] = f"自动站数据 {len(t)} 条"
            continue
        extra.files[t.name] = f"人工监测 {len(t)} 条"
        manual.extend(_manual(t, cols, counts, below))
    if not cols_of:
        raise InputError(f"{path.name}：没有可识别的监测项目列（如 溶解氧/do、氨氮/nh3n、总磷/tp）")
    names = {k: it.name for k, it in table.items()}
    if hourly:
        months, stats, c = roll_up(hourly, cols_of, below, min_coverage)
        counts.update(c)
        extra.months, extra.stats = months, stats
        extra.rules += [HOURLY_RULE, coverage_rule(min_coverage), PH_RULE]
        if manual:
            extra.rules.append(PREFER_RULES[prefer])
        _hourly_findings(extra, names)
    records = merge(manual, extra.months, names, prefer)
    for t, _ in hourly:
        if t.unknown_flags:
            shown = "、".join(sorted(t.unknown_flags)[:8])
            extra.findings.append(Finding("unknown-status", f"{t.name}：未识别的站点状态“{shown}”，对应数值按有效处理", "warning", file=t.name))
    if counts["below"] or counts["nd"]:
        extra.findings.append(Finding("below-detection-limit", f"{counts['below'] + counts['nd']} 个值低于检出限（按{BELOW_RULES[below][0]}计；未注明检出限的“未检出”按0计）", "info", file=path.name, data=dict(counts)))
    if counts["nonpositive"]:
        extra.findings.append(Finding("negative-value", f"{counts['nonpositive']} 个负值，已按缺测处理", "warning", file=path.name, data={"count": counts["nonpositive"]}))
    invalid = sum(v for k, v in counts.items() if k not in ("below", "nd", "nonpositive"))
    if invalid:
        extra.findings.append(Finding("flagged-values", f"人工监测数据中 {invalid} 个值标为维护/故障等，已按缺测处理", "warning", file=path.name))
    return records, extra


def _manual(t: WaterTable, cols: dict[int, str], counts: Counter[str], below: str) -> list[ManualSample]:
    from ecociv.monitor._water import _year_of
    from ecociv.monitor._water_values import flag_kind

    si = t.header.index("section")
    di = t.header.index("date") if "date" in t.header else None
    ti = t.header.index("type") if "type" in t.header else None
    fi = t.header.index("flag") if "flag" in t.header else None
    out: list[ManualSample] = []
    for n, cells in enumerate(t.rows):
        line = t.first_line + n
        if not any(c.strip() for c in cells):
            continue
        section = cells[si].strip()
        if not section:
            raise InputError(f"{t.name} 第{line}行：断面名称为空")
        date = cells[di].strip() if di is not None else None
        if date:
            _year_of(date, t.name, line)
        kind = flag_kind(cells[fi]) if fi is not None and cells[fi].strip() else "正常"
        values: dict[str, float] = {}
        for i, key in cols.items():
            if kind not in (None, "正常"):
                counts[kind] += 1 if cells[i].strip() else 0
                continue
            v = parse_value(cells[i], f"{t.name} 第{line}行", t.header[i], counts, below)
            if v is not None:
                values[key] = v
        lake = ti is not None and any(ch in cells[ti] for ch in ("湖", "库"))
        out.append(ManualSample(section, date or None, lake, values, t.name))
    return out


def _hourly_findings(extra: Extra, names: dict[str, str]) -> None:
    for st in extra.stats.values():
        if st.invalid:
            parts = "、".join(f"{_INVALID_NAMES.get(k, k)} {v} 个" for k, v in st.invalid.most_common())
            extra.findings.append(Finding(
                "invalid-samples", f"{st.section}：自动站数据按缺测处理的值 {sum(st.invalid.values())} 个（{parts}）", "warning",
                data={"section": st.section, **{_INVALID_NAMES.get(k, k): v for k, v in st.invalid.items()}},
            ))
        if st.duplicates:
            extra.findings.append(Finding("duplicate-times", f"{st.section}：{st.duplicates} 条重复的监测时间，保留先读到的一条", "warning", data={"section": st.section}))
    low: dict[str, list[str]] = defaultdict(list)
    for m in extra.months:
        if m.low:
            low[m.section].append(f"{m.label}（{'、'.join(f'{names.get(k, k)} {m.counts.get(k, 0)}/{m.expected}' for k in m.low)}）")
        if m.ph_outside:
            extra.findings.append(Finding("ph-outside", f"{m.section} {m.label}：{m.ph_outside} 个 pH 小时值超出6～9（月均值 {m.values['ph']:.2f}）", "info"))
    for section, items in low.items():
        extra.findings.append(Finding(
            "low-coverage", f"{section}：有效样品不足、未参与评价的月份 {'；'.join(items)}", "warning",
            data={"section": section, "months": items},
        ))
