"""Putting manual samples and automatic-station monthly means of the same section together.

Rule (ecociv's, stated in the output): for a section-month with both, ``prefer="auto"`` (the
default) takes each item the automatic station measured with enough valid samples from the
station's monthly mean, and every other item (化学需氧量, 五日生化需氧量, metals … which stations
seldom measure, or an item whose station month is not covered) from the manual samples;
``prefer="manual"`` takes the manual values and uses the station only for items the manual
samples lack.  Each month record says which items came from where.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ecociv.monitor._water_hourly import Month
from ecociv.monitor._water_values import mean

PREFER_RULES = {
    "auto": "同一断面同月既有人工监测又有自动站数据时，自动站覆盖达标的项目用自动站月均值，其余项目用人工监测值",
    "manual": "同一断面同月既有人工监测又有自动站数据时，用人工监测值，人工未测的项目用覆盖达标的自动站月均值",
}
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?!\d)")


@dataclass
class ManualSample:
    section: str
    date: str | None
    lake: bool
    values: dict[str, float]
    file: str


@dataclass
class Record:
    """One month (or one manual sample) of one section, ready to classify."""

    section: str
    date: str | None
    lake: bool
    values: dict[str, float]
    origin: str  # 人工监测 / 自动站 / 自动站+人工监测
    counts: dict[str, int] = field(default_factory=dict)  # valid automatic samples per item
    notes: list[str] = field(default_factory=list)
    files: set[str] = field(default_factory=set)


def month_of(date: str | None) -> tuple[int, int] | None:
    m = _MONTH.match(date or "")
    return (int(m.group(1)), int(m.group(2))) if m and 1 <= int(m.group(2)) <= 12 else None


def merge(manual: list[ManualSample], months: list[Month], names: dict[str, str], prefer: str = "auto") -> list[Record]:
    """Records of every section-month: automatic months (merged with manual samples of the same
    month by ``prefer``) and the manual samples of months without station data."""
    by_month: dict[tuple[str, int, int], list[ManualSample]] = defaultdict(list)
    rest: list[Record] = []
    auto_keys = {(m.section, m.year, m.month) for m in months}
    for s in manual:
        ym = month_of(s.date)
        if ym is not None and (s.section, *ym) in auto_keys:
            by_month[(s.section, *ym)].append(s)
        else:
            rest.append(Record(s.section, s.date, s.lake, s.values, "人工监测", files={s.file}))
    out: list[Record] = []
    for m in months:
        auto = {k: v for k, v in m.values.items() if k not in m.low}
        notes = [f"{names.get(k, k)}有效样品{m.counts.get(k, 0)}/{m.expected}，不足，未使用" for k in m.low]
        same = by_month.get((m.section, m.year, m.month), [])
        rec = Record(m.section, m.label, m.lake or any(s.lake for s in same), dict(auto), "自动站",
                     dict(m.counts), notes, set(m.files))
        if same:
            hand: dict[str, list[float]] = defaultdict(list)
            for s in same:
                for k, v in s.values.items():
                    hand[k].append(v)
                rec.files.add(s.file)
            hand_mean = {k: mean(v) for k, v in hand.items()}
            if prefer == "manual":
                from_auto = [k for k in auto if k not in hand_mean]
                rec.values = {**{k: auto[k] for k in from_auto}, **hand_mean}
            else:
                from_auto = list(auto)
                rec.values = {**hand_mean, **auto}
            from_hand = [k for k in rec.values if k not in from_auto]
            rec.origin = "自动站+人工监测" if from_auto and from_hand else ("自动站" if from_auto else "人工监测")
            rec.notes.append(
                f"本月另有人工监测 {len(same)} 次；"
                + "；".join(p for p in (
                    f"自动站：{'、'.join(names.get(k, k) for k in from_auto)}" if from_auto else "",
                    f"人工监测：{'、'.join(names.get(k, k) for k in from_hand)}" if from_hand else "",
                ) if p)
                + f"（{PREFER_RULES[prefer]}）"
            )
        out.append(rec)
    return sorted(out + rest, key=lambda r: (r.section, r.date or ""))
