"""Progress and reachability arithmetic (可达性分析), pure functions over numbers.

The method is the Open SDG progress measure (Statistics Canada, itself adapted from Eurostat's EU
SDG monitoring method); see ``docs/assessment.md`` for the formulas, parameters and citations.

* numeric target: ratio R of the observed compound annual growth rate (CAGR) since the base year
  to the CAGR required to reach the target in the target year; R >= 0.95 on track, >= 0.6
  moderate, > 0 limited, otherwise moving away; target already met -> achieved.
* no numeric target: the observed CAGR (signed by the desired direction) against fixed growth
  thresholds 1.5 % and 0.5 % per year, scaled down near a natural limit (100 % for percentages).
* with at least 3 points: an ordinary-least-squares line, projected to the target year, and the
  first whole year in which it reaches the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

ProgressStatus = Literal["achieved", "on_track", "moderate", "limited", "away", "needs_review", "no_data"]

#: Chinese labels shown to users.
PROGRESS_LABELS: dict[str, str] = {
    "achieved": "已达标",
    "on_track": "按期可达",
    "moderate": "进展一般",
    "limited": "进展缓慢",
    "away": "偏离目标",
    "needs_review": "待核定",
    "no_data": "数据不足",
}

#: Thresholds on R (observed / required CAGR) for indicators with a numeric target.
RATIO_ON_TRACK = 0.95
RATIO_MODERATE = 0.6
RATIO_LIMITED = 0.0

#: Thresholds on the observed CAGR (per year) for indicators without a numeric target
#: (Open SDG: 1.5 % and 0.5 %, multiplied by the scaling factor C near a natural limit).
GROWTH_ON_TRACK = 0.015
GROWTH_MODERATE = 0.005

#: Zero cannot enter a growth rate; Open SDG replaces a zero base or target value by this.
ZERO_REPLACEMENT = 0.001

#: Natural maximum of a percentage.
PERCENT_LIMIT = 100.0


@dataclass
class Progress:
    """Progress of one indicator towards one stage year."""

    status: ProgressStatus
    label: str
    method: str  # "target-ratio", "absolute-change", "growth-rate", "qualitative", "none"
    reason: str
    target_year: int | None = None
    target_value: float | None = None
    base_year: int | None = None
    base_value: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    observed_cagr: float | None = None
    required_cagr: float | None = None
    ratio: float | None = None
    scaling: float | None = None
    #: OLS line value in the target year (only with >= 3 points).
    projected_value: float | None = None
    #: first whole year in which the OLS line reaches the target (None: never, or < 3 points).
    projected_year: int | None = None
    points: int = 0


def _progress(status: ProgressStatus, method: str, reason: str, **kw: object) -> Progress:
    return Progress(status=status, label=PROGRESS_LABELS[status], method=method, reason=reason, **kw)  # type: ignore[arg-type]


def cagr(y0: float, yi: float, years: float) -> float | None:
    """Compound annual growth rate from ``y0`` to ``yi`` over ``years`` years.

    Zeros are replaced by :data:`ZERO_REPLACEMENT`; values of both signs give None.
    """
    if years <= 0:
        return None
    if y0 == 0:
        y0 = ZERO_REPLACEMENT
    if yi == 0:
        yi = ZERO_REPLACEMENT
    if (y0 > 0) != (yi > 0):
        return None
    return float((yi / y0) ** (1.0 / years) - 1.0)


def meets(value: float, target: float, comparison: str) -> bool:
    """Whether ``value`` satisfies ``comparison target`` (">=", ">", "<=", "<", "=")."""
    eps = 1e-9 * max(1.0, abs(target))
    if comparison == ">=":
        return value >= target - eps
    if comparison == ">":
        return value > target
    if comparison == "<=":
        return value <= target + eps
    if comparison == "<":
        return value < target
    return abs(value - target) <= eps


def ratio_category(ratio: float) -> ProgressStatus:
    if ratio >= RATIO_ON_TRACK:
        return "on_track"
    if ratio >= RATIO_MODERATE:
        return "moderate"
    if ratio > RATIO_LIMITED:
        return "limited"
    return "away"


def scaling_factor(y0: float, limit: float | None) -> float:
    """Open SDG's factor C (0..1) that lowers the positive growth thresholds near a maximum limit."""
    if limit is None or limit <= 0 or y0 < 0:
        return 1.0
    if y0 >= limit:
        return 0.0
    return (limit - y0) / limit


def growth_category(signed_cagr: float, c: float) -> ProgressStatus:
    if c <= 0:
        return "on_track" if signed_cagr >= 0 else "away"
    if signed_cagr >= GROWTH_ON_TRACK * c:
        return "on_track"
    if signed_cagr >= GROWTH_MODERATE * c:
        return "moderate"
    if signed_cagr >= 0:
        return "limited"
    return "away"


def linear_fit(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """OLS intercept and slope of value on year; None with fewer than 3 distinct years."""
    if len({y for y, _ in points}) < 3:
        return None
    n = len(points)
    mx = sum(y for y, _ in points) / n
    my = sum(v for _, v in points) / n
    sxx = sum((y - mx) ** 2 for y, _ in points)
    sxy = sum((y - mx) * (v - my) for y, v in points)
    slope = sxy / sxx
    return my - slope * mx, slope


def projected_attainment_year(
    fit: tuple[float, float], target: float, comparison: str, latest_year: int, horizon: int = 50
) -> int | None:
    """First whole year >= ``latest_year`` in which the fitted line meets the target."""
    a, b = fit
    if meets(a + b * latest_year, target, comparison):
        return latest_year
    if b == 0:
        return None
    t = (target - a) / b
    if t < latest_year or t > latest_year + horizon:
        return None
    year = math.ceil(t - 1e-9)
    while year <= latest_year + horizon:
        if meets(a + b * year, target, comparison):
            return year
        year += 1
    return None


def _series_bounds(points: list[tuple[int, float]]) -> tuple[int, float, int, float]:
    pts = sorted(points)
    return pts[0][0], pts[0][1], pts[-1][0], pts[-1][1]


def progress_to_target(
    points: list[tuple[int, float]],
    target: float,
    comparison: str,
    target_year: int,
    direction: str,
    limit: float | None = None,
) -> Progress:
    """Progress of a numeric series towards ``comparison target`` by ``target_year``.

    ``points`` are (year, value), the first being the base; ``direction`` "higher" or "lower".
    A zero base, latest or target value (or a change of sign) cannot enter a growth ratio: the
    absolute yearly change is used instead and the reason says so.  ``limit`` (100 for a
    percentage) caps the projected value, which is also floored at 0.
    """
    if not points:
        return _progress("no_data", "target-ratio", "无观测数据", target_year=target_year, target_value=target)
    t0, y0, ti, yi = _series_bounds(points)
    common: dict[str, object] = {
        "target_year": target_year,
        "target_value": target,
        "base_year": t0,
        "base_value": y0,
        "latest_year": ti,
        "latest_value": yi,
        "points": len(points),
    }
    fit = linear_fit(points)
    if fit is not None:
        projected = fit[0] + fit[1] * target_year
        if limit is not None:
            projected = min(max(projected, 0.0), limit)
        common["projected_value"] = projected
        common["projected_year"] = projected_attainment_year(fit, target, comparison, ti)
    if meets(yi, target, comparison):
        return _progress("achieved", "target-ratio", f"{ti}年值{_fmt(yi)}已达到目标{_fmt(target)}", **common)
    if ti <= t0:
        return _progress("no_data", "target-ratio", "仅有一年数据，无法计算增长率", **common)
    if ti >= target_year:
        return _progress("away", "target-ratio", f"目标年{target_year}年已到，{_fmt(yi)}未达到目标{_fmt(target)}", **common)
    d = 1.0 if direction != "lower" else -1.0
    if y0 == 0 or yi == 0 or target == 0 or (y0 > 0) != (yi > 0) or (y0 > 0) != (target > 0):
        return _absolute(y0, yi, t0, ti, target, target_year, d, common)
    observed = cagr(y0, yi, ti - t0)
    required = cagr(y0, target, target_year - t0)
    if observed is None or required is None:
        return _progress("no_data", "target-ratio", "数据正负号不一致，无法按增长率评估", **common)
    common["observed_cagr"] = observed
    common["required_cagr"] = required
    if required == 0:
        common["ratio"] = -math.inf if d * observed <= 0 else math.inf
        status: ProgressStatus = "away" if d * observed <= 0 else "on_track"
    else:
        ratio = d * observed / abs(required)
        common["ratio"] = ratio
        status = ratio_category(ratio)
    reason = (
        f"{t0}—{ti}年年均变化{_pct(observed)}，按期达到目标{_fmt(target)}需年均{_pct(required)}"
    )
    return _progress(status, "target-ratio", reason, **common)


def _absolute(y0: float, yi: float, t0: int, ti: int, target: float, target_year: int, d: float, common: dict[str, object]) -> Progress:
    """Progress by the absolute yearly change, for series a growth ratio cannot describe."""
    observed = (yi - y0) / (ti - t0)
    required = (target - y0) / (target_year - t0)
    ratio = (math.inf if d * observed > 0 else -math.inf) if required == 0 else d * observed / abs(required)
    common["ratio"] = ratio
    why = "基准值为 0" if y0 == 0 else ("目标值为 0" if target == 0 else ("最新值为 0" if yi == 0 else "数值正负号变化"))
    reason = (
        f"{why}，不能按增长率推算，改按年均绝对变化：{t0}—{ti}年年均变化{observed:+.4g}，"
        f"按期达到目标{_fmt(target)}需年均{required:+.4g}"
    )
    return _progress(ratio_category(ratio), "absolute-change", reason, **common)


def progress_without_target(
    points: list[tuple[int, float]], direction: str, limit: float | None = None
) -> Progress:
    """Progress of a numeric series with no numeric target: observed CAGR against fixed thresholds."""
    if not points:
        return _progress("no_data", "growth-rate", "无观测数据")
    t0, y0, ti, yi = _series_bounds(points)
    common: dict[str, object] = {
        "base_year": t0,
        "base_value": y0,
        "latest_year": ti,
        "latest_value": yi,
        "points": len(points),
    }
    if ti <= t0:
        return _progress("no_data", "growth-rate", "仅有一年数据，无法计算增长率", **common)
    if y0 == 0 or yi == 0:
        change = (yi - y0) / (ti - t0)
        why = "基准值为 0" if y0 == 0 else "最新值为 0"
        return _progress("needs_review", "absolute-change", f"{why}，不能按增长率评估；{t0}—{ti}年年均绝对变化{change:+.4g}，待核定", **common)
    observed = cagr(y0, yi, ti - t0)
    if observed is None:
        return _progress("no_data", "growth-rate", "数据正负号不一致，无法按增长率评估", **common)
    d = 1.0 if direction != "lower" else -1.0
    c = scaling_factor(y0, limit) if d > 0 else 1.0
    common["observed_cagr"] = observed
    common["scaling"] = c
    status = growth_category(d * observed, c)
    reason = f"{t0}—{ti}年年均变化{_pct(observed)}（{'越高越好' if d > 0 else '越低越好'}）"
    return _progress(status, "growth-rate", reason, **common)


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def _pct(x: float) -> str:
    return f"{x * 100:+.2f}%"
