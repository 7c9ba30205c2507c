"""Storing yearly surface-water figures as observations of the matching plan indicators.

The network figures of :func:`ecociv.monitor.classify_water` (share of sections of class Ⅰ–Ⅲ,
share worse than Ⅴ) go to the plan's indicators named for them: 地表水 … 达到或好于/优于Ⅲ类 …
比例 (also 水质优良比例, Ⅲ类以上) and 劣Ⅴ类 … 比例.  Indicators of a change (提高幅度, 下降),
of drinking-water sources (饮用水水源地) or of 'Ⅴ类及劣Ⅴ类' (which counts class Ⅴ too) are not
these quantities and never receive them.  An indicator split into scopes (国考断面, 省考断面 …)
receives the figure only in the sub-row the user names with ``scope``: which sections the data
cover is the user's knowledge, not ours.
"""

from __future__ import annotations

import re
from typing import Any

from ecociv.model import Finding, Indicator, Observation, Plan
from ecociv.monitor._save import SOURCE, Provenance, Saved, _Store

_WATER = re.compile(r"地表水|水质|断面|水体|河流|湖库")
_III = r"(?:Ⅲ|III)"
_GOOD = re.compile(rf"(?:达到或(?:好|优)于|好于|优于)\s*{_III}\s*类|{_III}\s*类(?:及)?以上|水质优良|(?:Ⅰ|I)\s*[～~\-—至]\s*{_III}\s*类")
_WORST = re.compile(r"劣\s*[ⅤV]\s*类")
_RATIO = re.compile(r"比例|比率|占比|%|％")
_NOT = re.compile(r"提高|下降|降低|幅度|改善|饮用水|水源|消除|[ⅤV]\s*类及劣|地下水|近岸海域|黑臭")

QUANTITIES = {"iii_or_better_ratio": "地表水达到或好于Ⅲ类比例", "worse_than_v_ratio": "地表水劣Ⅴ类比例"}


def _kind(ind: Indicator) -> str | None:
    text = ind.name + (ind.unit or "")
    if not _WATER.search(ind.name) or not _RATIO.search(text) or _NOT.search(ind.name):
        return None
    if _WORST.search(ind.name):
        return "worse_than_v_ratio"
    if _GOOD.search(ind.name):
        return "iii_or_better_ratio"
    return None


def match_water(plan: Plan, scope: str | None = None) -> tuple[dict[str, list[tuple[str, Indicator]]], list[Finding]]:
    """quantity -> [(key, indicator)] to receive it; findings for rows that cannot."""
    found: dict[str, list[tuple[str, Indicator]]] = {q: [] for q in QUANTITIES}
    findings: list[Finding] = []
    keys = {id(ind): k for k, ind in plan.indicators()}
    subs: set[int] = set()
    for key, ind in plan.indicators():
        if id(ind) in subs:
            continue
        kind = _kind(ind)
        if kind is None:
            continue
        if not ind.sub_indicators:
            found[kind].append((key, ind))
            continue
        subs.update(id(s) for s in ind.walk()[1:])
        names = [s.name for s in ind.sub_indicators]
        chosen = [s for s in ind.sub_indicators if scope and scope in s.name]
        if len(chosen) != 1:
            why = f"没有名称含“{scope}”的子项" if scope and not chosen else "请用 --scope 指定存入哪一项"
            findings.append(Finding(
                "scope-not-chosen",
                f"指标“{ind.name}”分为 {'、'.join(names)}，{why}，未存入",
                "warning", line=ind.source_line, data={"indicator_key": key, "scopes": names},
            ))
            continue
        sub = chosen[0]
        found[kind].append((keys[id(sub)], Indicator(name=f"{ind.name} / {sub.name}", unit=sub.unit or ind.unit)))
    return found, findings


def save_water(
    store: _Store,
    plan_ref: int | str,
    network: dict[int, dict[str, Any]],
    *,
    scope: str | None = None,
    user: str | None = None,
    provenance: Provenance | None = None,
) -> tuple[list[Saved], list[Finding]]:
    """Store every dated year's section shares in the plan ``plan_ref`` (one transaction)."""
    plan_id = store.resolve_plan(plan_ref)
    plan = store.get_plan(plan_id)
    matches, findings = match_water(plan, scope)
    obs: list[Observation] = []
    saved: list[Saved] = []
    for year in sorted(network):
        n = network[year]
        if not year:
            findings.append(Finding("year-missing", "部分数据没有监测日期，这部分未存入规划", "warning"))
            continue
        note = (f"{year}年 {n['sections']} 个断面：达到或好于Ⅲ类 {n['iii_or_better']} 个，劣Ⅴ类 {n['worse_than_v']} 个；"
                f"单因子评价")
        if n.get("auto_samples"):
            note += (f"；自动站数据 {n['auto_samples']} 条（有效值 {n['auto_valid_values']} 个）求月均值，"
                     f"{n['auto_months']} 个断面月，其中 {n['auto_months_low']} 个有项目有效样品不足、未参与评价")
        if provenance is not None:
            note += "；" + provenance.text()
        for quantity, targets in matches.items():
            value = n.get(quantity)
            if value is None:
                continue
            for key, ind in targets:
                obs.append(Observation(indicator_key=key, year=year, value=float(value), source=SOURCE, note=note,
                                       recorded_by=user))
                saved.append(Saved(key, ind.name, quantity, year, float(value)))
    for quantity, targets in matches.items():
        if not targets:
            findings.append(Finding("indicator-not-found", f"规划中没有找到“{QUANTITIES[quantity]}”指标，未存入", "info",
                                    data={"quantity": quantity}))
    if obs:
        store.add_observations_with_summaries(plan_id, obs, [], user=user)
    return saved, findings
