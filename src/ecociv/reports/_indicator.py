"""One indicator's page data: its yearly values judged year by year, and a plain-Chinese
explanation of the judgement.  Shared by the web page and the published site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ecociv.assess import IndicatorAssessment, assess_plan
from ecociv.model import Observation, Plan
from ecociv.reports._chart_options import fmt


@dataclass
class YearPoint:
    year: int
    value: float | None
    text: str | None
    status: str  # 达标 / 未达标 / 待核定 / 无数据
    reason: str
    source: str | None
    note: str | None
    recorded_by: str | None


def yearly(plan: Plan, observations: Sequence[Observation], key: str) -> list[YearPoint]:
    """The current value of ``key`` in each year that has one, judged by the assessment of that
    year (only this indicator's own observations and its sub-indicators' take part)."""
    own = [o for o in observations if o.indicator_key == key or o.indicator_key.startswith(key + "/")]
    years = sorted({o.year for o in own})
    judged = {y: {i.key: i for i in assess_plan(plan, own, y).indicators if i.key == key} for y in years}
    return _points(own, key, judged)


def yearly_all(plan: Plan, observations: Sequence[Observation]) -> dict[str, list[YearPoint]]:
    """:func:`yearly` of every indicator, with one assessment per year for the whole plan (an
    indicator's judgement depends only on its own and its sub-indicators' values)."""
    obs = list(observations)
    years = sorted({o.year for o in obs})
    judged = {y: {i.key: i for i in assess_plan(plan, obs, y).indicators} for y in years}
    return {key: _points(obs, key, judged) for key, _ in plan.indicators()}


def _points(observations: Sequence[Observation], key: str,
            judged: dict[int, dict[str, IndicatorAssessment]]) -> list[YearPoint]:
    own = [o for o in observations if o.indicator_key == key or o.indicator_key.startswith(key + "/")]
    current: dict[int, Observation] = {}
    for o in own:  # oldest first: a later record of a year supersedes
        if o.indicator_key == key:
            current[o.year] = o
    out: list[YearPoint] = []
    for y in sorted({o.year for o in own}):
        ia = judged.get(y, {}).get(key)
        cur = current.get(y)
        label = ia.standard.label if ia else "无数据"
        reason = (ia.standard.reason or "") if ia else ""
        value = cur.value if cur else (ia.value if ia and ia.year == y else None)
        if cur is None and value is None:
            continue
        out.append(YearPoint(year=y, value=value, text=cur.text if cur else None, status=label, reason=reason,
                             source=cur.source if cur else None, note=cur.note if cur else None,
                             recorded_by=cur.recorded_by if cur else None))
    return out


def explain(*, name: str, unit: str | None, standard: str | None, status: str, reason: str,
            year: int | None, value: float | None, text: str | None = None,
            progress: str | None = None) -> str:
    """E.g. “2024年该指标为66%。规划要求的指标值为“≥60%”。判定：达标——…”."""
    unit = unit or ""
    parts: list[str] = []
    if year is None or (value is None and not text):
        parts.append(f"“{name}”尚无可用的数值，因此无法判断是否达标（无数据）。")
    else:
        shown = f"{fmt(value)}{unit}" if value is not None else f"“{text}”"
        parts.append(f"{year}年该指标为{shown}。")
        if standard:
            parts.append(f"规划要求的指标值为“{standard}”。")
        if status == "达标":
            parts.append("判定：达标，已满足要求")
        elif status == "未达标":
            parts.append("判定：未达标，尚未满足要求")
        elif status == "待核定":
            parts.append("判定：待核定，无法按指标值自动比较，需要人工核定")
        else:
            parts.append(f"判定：{status}")
        parts[-1] += f"（{reason}）。" if reason else "。"
    if progress:
        parts.append(f"按阶段目标看：{progress}。")
    return "".join(parts)
