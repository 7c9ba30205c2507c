"""Storing yearly air figures as observations of the matching plan indicators.

Indicators are matched by name: PM2.5 concentration (PM2.5/细颗粒物 … 浓度, not a 下降/降低
ratio) takes the annual mean; 优良天数比例/比率 takes the good-day ratio.  When the indicator has
scope sub-rows (中心城区, 县级城市 …) the 中心城区 sub-row receives the value.  A row naming both
quantities at once cannot hold two numbers: it is reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from ecociv.model import Finding, Indicator, Observation, Plan
from ecociv.monitor._annual import AnnualRow

SOURCE = "监测数据计算"
CENTRAL = "中心城区"
_PM25 = re.compile(r"PM\s*(?:<sub>)?\s*2\s*[._]?\s*5|PM_\{2\.5\}|PM₂\.₅|细颗粒物", re.IGNORECASE)
_GOOD = re.compile(r"优良天数(?:比例|比率|率)|空气质量优良率")
_CHANGE = re.compile(r"下降|降低|幅度|减少|改善")


class _Store(Protocol):
    def resolve_plan(self, ref: int | str) -> int: ...
    def get_plan(self, ref: int | str) -> Plan: ...
    def add_observations(self, plan_id: int, observations: list[Observation], *, user: str | None = None) -> int: ...


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
    cands: dict[str, list[tuple[str, Indicator, bool]]] = {"pm25": [], "good_ratio": []}
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


def save_annual(store: _Store, plan_ref: int | str, row: AnnualRow, *, user: str | None = None) -> tuple[list[Saved], list[Finding]]:
    """Store one entity-year's PM2.5 annual mean and good-day ratio in the plan ``plan_ref``."""
    plan_id = store.resolve_plan(plan_ref)
    plan = store.get_plan(plan_id)
    matches, findings = match_indicators(plan)
    values = {"pm25": row.values.get("pm25"), "good_ratio": row.good_ratio}
    note = f"{row.kind}“{row.name}”{row.year}年：有效天数{row.aqi_days}天；按 {row.standard}（{row.limits_table}）、{row.evaluation_standard or 'HJ 663—2013'} 统计"
    if not all(row.year_valid.get(k, False) for k in ("pm25",)):
        note += "；有效日数不足HJ 663年评价要求，仅供参考"
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
        if not targets:
            label = "PM2.5浓度" if quantity == "pm25" else "优良天数比例"
            findings.append(Finding("indicator-not-found", f"规划中没有找到“{label}”指标，未存入", "info", data={"quantity": quantity}))
    if obs:
        store.add_observations(plan_id, obs, user=user)
    return saved, findings
