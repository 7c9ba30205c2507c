"""Trend standards judged on a series of years (逐年提高, 持续改善, 不降低 …).

A year-on-year trend holds only if it holds in every year: each year's value is compared with
the previous year's, and the first year that breaks the rule is named in the reason.
"""

from __future__ import annotations

import itertools

from ecociv.standards._eval_words import _trend_word_holds
from ecociv.standards._expr import Expr, fmt
from ecociv.standards._judgement import Judgement, make
from ecociv.standards._parse import parse
from ecociv.standards._vocab import trend_tokens


def _trend_part(expr: Expr) -> Expr | None:
    if expr.kind == "trend":
        return expr
    if expr.kind == "compound":
        return next((p for p in expr.parts if p.kind == "trend"), None)
    return None


def evaluate_series(
    standard: Expr | str | None, points: list[tuple[int, float]], *, direction: str | None = None
) -> Judgement | None:
    """Judge a trend standard on every consecutive pair of years of ``points`` (year, value);
    None when the standard has no trend or the series has fewer than three years (a single
    change is judged against the baseline by :func:`evaluate`)."""
    expr = standard if isinstance(standard, Expr) else parse(standard)
    trend = _trend_part(expr)
    pts = sorted(points)
    if trend is None or len(pts) < 3:
        return None
    std = trend.text or ""
    words = trend_tokens(std) or [std]
    every = "并" in std
    for (y0, v0), (y1, v1) in itertools.pairwise(pts):
        results = [_trend_word_holds(w, v1, v0, direction) for w in words]
        decided = [r for r in results if r is not None]
        if not decided:
            return None
        ok = all(decided) if every else any(decided)
        if not ok:
            rel = "高于" if v1 > v0 else ("低于" if v1 < v0 else "等于")
            return make(
                "not_met",
                f"{y1}年 {fmt(v1)} {rel} {y0}年 {fmt(v0)}，不符合“{std}”（按{pts[0][0]}—{pts[-1][0]}年逐年判断），未达标",
                expr,
            )
    if expr.kind != "trend":
        return None  # the compound's other parts still decide (完成上级规定的考核任务；持续改善)
    return make("met", f"{pts[0][0]}—{pts[-1][0]}年逐年均符合“{std}”，达标", expr)
