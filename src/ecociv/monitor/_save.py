"""Storing yearly air figures as observations of the matching plan indicators.

Indicators are matched by name: PM2.5 concentration (PM2.5/细颗粒物 … 浓度, not a 下降/降低
ratio) takes the annual mean; 优良天数比例/比率 takes the good-day ratio.  When the indicator has
scope sub-rows (中心城区, 县级城市 …) the 中心城区 sub-row receives the value.  A row naming both
quantities at once cannot hold two numbers: it is reported, not guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ecociv.errors import InputError
from ecociv.model import Finding, Indicator, Observation, Plan
from ecociv.monitor._air import Daily
from ecociv.monitor._annual import AnnualRow
from ecociv.monitor._tables import aqi_table, validity_rules

if TYPE_CHECKING:  # the store (and SQLAlchemy) is imported only when figures are saved
    from ecociv.store._monitoring import MonitoringSummary

SOURCE = "监测数据计算"
INSUFFICIENT = "有效日数不足，仅供参考"
#: the name used when the data carry no city (every station counted as one area)
NO_CITY = "全部站点"
CENTRAL = "中心城区"
_PM25 = re.compile(r"PM\s*(?:<sub>)?\s*2\s*[._]?\s*5|PM_\{2\.5\}|PM₂\.₅|细颗粒物", re.IGNORECASE)
_GOOD = re.compile(r"优良天数(?:比例|比率|率)|空气质量优良率")
_CHANGE = re.compile(r"下降|降低|幅度|减少|改善")
#: 重污染天 = AQI > 200 (重度污染 and 严重污染, HJ 633 levels 五 and 六)
_HEAVY = re.compile(r"重污染天数|重度及以上污染天数|重度以上污染天数")


class _Store(Protocol):
    def resolve_plan(self, ref: int | str) -> int: ...
    def get_plan(self, ref: int | str) -> Plan: ...
    def add_observations_with_summaries(
        self, plan_id: int, observations: list[Observation], summaries: list[MonitoringSummary], *, user: str | None = None
    ) -> int: ...


@dataclass
class Saved:
    indicator_key: str
    indicator_name: str
    quantity: str  # pm25 / good_ratio
    year: int
    value: float


def _kind(ind: Indicator) -> str | None:
    name = ind.name
    pm = bool(_PM25.search(name)) and ("浓度" in name or (ind.unit or "").startswith(("微克", "µg", "ug")))
    good = bool(_GOOD.search(name))
    if _CHANGE.search(name):
        return None
    if _HEAVY.search(name) and not (pm or good):
        return "heavy_ratio" if re.search(r"比例|比率|占比|%", name + (ind.unit or "")) else "heavy_days"
    if pm and good:
        return "both"
    if pm:
        return "pm25"
    if good:
        return "good_ratio"
    return None


def match_indicators(plan: Plan) -> tuple[dict[str, list[tuple[str, Indicator]]], list[Finding]]:
    """quantity -> [(key, indicator)] to receive the value; findings for rows that cannot.

    When some candidates are 中心城区 ones (by their own or their parent's name), only those are
    kept: a row for 县级城市 must not receive the central city's figure.
    """
    cands: dict[str, list[tuple[str, Indicator, bool]]] = {"pm25": [], "good_ratio": [], "heavy_days": [], "heavy_ratio": []}
    findings: list[Finding] = []
    keys = {id(ind): k for k, ind in plan.indicators()}
    seen_sub: set[int] = set()
    for key, ind in plan.indicators():
        if id(ind) in seen_sub:
            continue
        kind = _kind(ind)
        if kind is None:
            continue
        if kind == "both":
            if not ind.sub_indicators:  # split rows (优良天数比例 / PM2.5 浓度) are matched on their own
                findings.append(Finding("indicator-ambiguous", f"指标“{ind.name}”同时包含优良天数比例和PM2.5浓度，无法存入单一数值，请分别录入", "warning", line=ind.source_line, data={"indicator_key": key}))
            continue
        target_key, target, central = key, ind, CENTRAL in ind.name
        if ind.sub_indicators:
            for sub in ind.walk()[1:]:
                seen_sub.add(id(sub))
            scoped = [s for s in ind.sub_indicators if CENTRAL in s.name]
            if not scoped:
                findings.append(Finding("scope-not-found", f"指标“{ind.name}”分多个范围但没有“{CENTRAL}”子项，未存入", "warning", line=ind.source_line, data={"indicator_key": key}))
                continue
            sub = scoped[0]
            target_key, central = keys[id(sub)], True
            # the observation goes to the sub-row; name it with its parent for people reading it
            target = Indicator(name=f"{ind.name} / {sub.name}", unit=sub.unit or ind.unit)
        cands[kind].append((target_key, target, central))
    found: dict[str, list[tuple[str, Indicator]]] = {}
    for kind, lst in cands.items():
        keep = [c for c in lst if c[2]] or lst
        found[kind] = [(k, i) for k, i, _ in keep]
    return found, findings


@dataclass
class Provenance:
    """Where a computed figure comes from, written with it."""

    files: list[str] = field(default_factory=list)
    standard: str = ""  # e.g. HJ 633-2012 / HJ 663-2013
    computed_at: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))

    def text(self) -> str:
        shown = "、".join(self.files[:3]) + (f" 等 {len(self.files)} 个文件" if len(self.files) > 3 else "")
        parts = [f"标准 {self.standard}" if self.standard else "", f"数据 {shown}" if shown else "", f"计算于 {self.computed_at}"]
        return "；".join(p for p in parts if p)


def insufficient(row: AnnualRow) -> list[str]:
    """What of ``row`` misses the HJ 663 yearly validity (empty when the figures are valid)."""
    rules = validity_rules()
    out = [k for k in ("pm25",) if not row.year_valid.get(k, False)]
    if row.aqi_days < rules.min_days_year:
        out.append(f"AQI有效天数{row.aqi_days}天（需至少{rules.min_days_year}天）")
    return out


def _short(name: str) -> str:
    for suffix in ("特别行政区", "自治州", "自治县", "地区", "市", "县", "区", "盟", "州", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def region_matches(plan: Plan, city: str) -> bool:
    """Whether the data's city is the plan's region (or the region's parent city)."""
    if city == NO_CITY:
        return False
    names = [plan.region] + ([plan.region_info.name] if plan.region_info else [])
    return any(n and (_short(n) == _short(city) or _short(city) in n or _short(n) in city) for n in names)


def check_save(plan: Plan, row: AnnualRow, *, allow_insufficient: bool, confirm_region: bool) -> None:
    """InputError unless ``row`` may become the plan's figure (issue: saved only when valid)."""
    short = insufficient(row)
    if short and not allow_insufficient:
        raise InputError(
            f"{row.name} {row.year}年的数据{INSUFFICIENT}（{'、'.join(short)}），不能作为规划的正式年度值；"
            "确需存入请加 --allow-insufficient（将标注为“有效日数不足，仅供参考”）"
        )
    if not confirm_region and not region_matches(plan, row.name):
        where = "数据未标明城市（未提供站点表或城市对照表）" if row.name == NO_CITY else f"数据城市为“{row.name}”"
        raise InputError(f"{where}，与规划“{plan.title}”的地区“{plan.region or '（未填）'}”不一致；确认无误请加 --confirm-region")


def save_annual(
    store: _Store,
    plan_ref: int | str,
    row: AnnualRow,
    *,
    user: str | None = None,
    provenance: Provenance | None = None,
    allow_insufficient: bool = False,
    confirm_region: bool = False,
    summary: dict[str, object] | None = None,
) -> tuple[list[Saved], list[Finding]]:
    """Store one entity-year's PM2.5 annual mean and good-day ratio in the plan ``plan_ref``.

    Refused (InputError) when the year misses the HJ 663 validity unless ``allow_insufficient``
    (then marked as such), and when the data's city is not the plan's region unless confirmed.
    """
    plan_id = store.resolve_plan(plan_ref)
    plan = store.get_plan(plan_id)
    check_save(plan, row, allow_insufficient=allow_insufficient, confirm_region=confirm_region)
    matches, findings = match_indicators(plan)
    heavy = sum(row.category_days[4:]) if len(row.category_days) >= 6 else None
    values = {
        "pm25": row.values.get("pm25"),
        "good_ratio": row.good_ratio,
        "heavy_days": None if heavy is None or not row.aqi_days else float(heavy),
        "heavy_ratio": None if heavy is None or not row.aqi_days else round(heavy / row.aqi_days * 100, 1),
    }
    note = (
        f"{row.kind}“{row.name}”{row.year}年：AQI有效天数{row.aqi_days}天，PM2.5有效日数{row.valid_days.get('pm25', 0)}天；"
        f"按 {row.standard}（{row.limits_table}）、{row.evaluation_standard or 'HJ 663—2013'} 统计"
    )
    if insufficient(row):
        note += f"；{INSUFFICIENT}（不满足HJ 663年评价有效性要求）"
    if provenance is not None:
        note += "；" + provenance.text()
    obs: list[Observation] = []
    saved: list[Saved] = []
    for quantity, targets in matches.items():
        v = values[quantity]
        if v is None:
            continue
        for key, ind in targets:
            obs.append(Observation(indicator_key=key, year=row.year, value=v, source=SOURCE, note=note, recorded_by=user))
            saved.append(Saved(key, ind.name, quantity, row.year, v))
    for quantity, targets in matches.items():
        if not targets and quantity in ("pm25", "good_ratio"):
            label = "PM2.5浓度" if quantity == "pm25" else "优良天数比例"
            findings.append(Finding("indicator-not-found", f"规划中没有找到“{label}”指标，未存入", "info", data={"quantity": quantity}))
    if obs or summary is not None:
        summaries = []
        if summary is not None:
            prov = provenance or Provenance()
            from ecociv.store._monitoring import MonitoringSummary

            summaries.append(MonitoringSummary("air", row.name, row.year, summary, prov.files, prov.standard, dt.datetime.fromisoformat(prov.computed_at).replace(tzinfo=None), user))
        store.add_observations_with_summaries(plan_id, obs, summaries, user=user)
    return saved, findings


def air_summary(d: Daily, row: AnnualRow) -> dict[str, object]:
    """Monthly means of the daily statistics and days by AQI class of one city-year (for the
    monitoring summary page): what the yearly figures were computed from."""
    import numpy as np

    e = d.names.index(row.name)
    dates = d.dates()
    in_year = (dates.astype("datetime64[Y]").astype(np.int64) + 1970) == row.year
    months = dates.astype("datetime64[M]").astype(np.int64) % 12 + 1
    cats = aqi_table().categories
    out_months: list[dict[str, object]] = []
    for m in range(1, 13):
        sel = in_year & (months == m)
        if not sel.any():
            continue
        item: dict[str, object] = {"month": m}
        for k in ("pm25", "pm10", "so2", "no2", "co", "o3_8h"):
            x = d.stats[k][e, sel]
            ok = ~np.isnan(x)
            item[k] = round(float(x[ok].mean()), 2 if k == "co" else 1) if ok.any() else None
        lv = d.level[e, sel]
        item["aqi_days"] = int(np.count_nonzero(lv >= 0))
        item["good_days"] = int(np.count_nonzero((lv >= 0) & (lv <= 1)))
        item["categories"] = {c: int(np.count_nonzero(lv == i)) for i, c in enumerate(cats)}
        out_months.append(item)
    return {
        "city": row.name,
        "year": row.year,
        "months": out_months,
        "categories": dict(zip(cats, row.category_days, strict=True)),
        "aqi_days": row.aqi_days,
        "good_days": row.good_days,
        "good_ratio": row.good_ratio,
        "values": row.values,
        "valid_days": row.valid_days,
        "insufficient": insufficient(row),
    }
