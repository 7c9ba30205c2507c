"""Judging qualitative standards — states (已建立), trends (持续改善), invariance (面积不减少，
性质不改变) and targets a higher level sets (完成上级下达的任务) — and the context every judgement
shares (direction, baseline, terrain, confirmation …).  Used by :mod:`ecociv.standards._eval`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecociv.standards._convert import NO, ONGOING, PARTIAL, YES
from ecociv.standards._expr import Expr, fmt, render
from ecociv.standards._judgement import LABELS, Judgement
from ecociv.standards._judgement import compare as _cmp
from ecociv.standards._judgement import make as _j
from ecociv.standards._values import VPart
from ecociv.standards._vocab import (
    BETTER_WORDS,
    NEGATIVE_MARKERS,
    TREND_DOWN,
    TREND_HOLD,
    TREND_UP,
    WORSE_WORDS,
    state_tokens,
    trend_tokens,
)

#: the kinds judged here
WORD_KINDS = frozenset({"state", "trend", "invariance", "higher"})

_DONE_WORDS = ("完成", "达到", "符合", "满足", "达标", "落实")
_RE_DONE_PREFIX = re.compile(r"^(?:均已|已经|已|全部)")


@dataclass(slots=True)
class _Ctx:
    direction: str | None
    baseline: float | None
    higher_level: float | None
    terrain: str | None
    confirmed: bool | None
    name: str | None
    eqi: bool
    unit: str | None = None
    rounding: tuple[int, str] | None = None


def _confirmed(expr: Expr, ctx: _Ctx) -> Judgement | None:
    if ctx.confirmed is None:
        return None
    if ctx.confirmed:
        return _j("met", f"已确认达到“{render(expr)}”，达标", expr)
    return _j("not_met", f"已确认未达到“{render(expr)}”，未达标", expr)


def _texts(flat: list[VPart]) -> list[str]:
    return [p.text for p in flat if p.text]


def _nums(flat: list[VPart]) -> list[VPart]:
    return [p for p in flat if p.number is not None]


def _negative(text: str) -> bool:
    return any(m in text for m in NEGATIVE_MARKERS)


def _judge_state(expr: Expr, flat: list[VPart], ctx: _Ctx) -> Judgement:
    c = _confirmed(expr, ctx)
    if c is not None:
        return c
    std = expr.text or ""
    texts = _texts(flat)
    nums = _nums(flat)
    if "消除" in std and nums and not texts:
        left = nums[0].number or 0.0
        if left == 0:
            return _j("met", f"应“{std}”，实际为 0，达标", expr)
        return _j("not_met", f"应“{std}”，实际仍有 {fmt(left)}，未达标", expr)
    for t in texts:
        if t in YES and std != "无":
            return _j("met", f"填报为“{t}”，达到“{std}”，达标", expr)
        if t in NO and std != "无":
            return _j("not_met", f"填报为“{t}”，未达到“{std}”，未达标", expr)
    if std == "无":
        if nums:
            bad = [p.number for p in nums if p.number]
            if bad:
                return _j("not_met", f"应为“无”，实际为 {fmt(bad[0] or 0.0)}，未达标", expr)
            return _j("met", "应为“无”，实际为 0，达标", expr)
        if any(t.startswith("无") for t in texts):
            return _j("met", "应为“无”，填报为“无”，达标", expr)
        if any(t.startswith(("有", "存在")) for t in texts):
            return _j("not_met", f"应为“无”，填报为“{texts[0]}”，未达标", expr)
    for t in texts:
        if _negative(t):
            return _j("not_met", f"现状为“{t}”，未达到“{std}”，未达标", expr)
    for t in texts:
        if t.startswith(ONGOING + PARTIAL) and not std.startswith(PARTIAL):
            return _j("needs_review", f"现状为“{t}”，是否达到“{std}”需要确认，待核定", expr)
    wanted = set(state_tokens(std) or [std])
    for t in texts:
        core = _RE_DONE_PREFIX.sub("", t).replace("并", "").replace("和", "").replace("、", "")
        if t == std or std in t or core == std or wanted <= set(state_tokens(t) or state_tokens(core) or ()):
            return _j("met", f"现状为“{t}”，达到“{std}”，达标", expr)
    for t in texts:
        if state_tokens(t) is not None:
            return _j("needs_review", f"现状为“{t}”，与“{std}”不同，需要确认是否达到，待核定", expr)
    shown = "、".join(texts) or "、".join(fmt(p.number or 0.0) for p in nums)
    return _j("needs_review", f"填报值“{shown}”不能说明是否“{std}”，待核定", expr)


def _trend_word_holds(word: str, v: float, b: float, direction: str | None) -> bool | None:
    if word in TREND_DOWN:
        return v <= b if word == "不增加" else v < b
    if word in TREND_UP:
        return v >= b if word == "巩固提升" else v > b
    if word in ("不降低", "不下降", "不减少", "只增不减"):
        return v >= b
    if word in TREND_HOLD:
        if direction == "higher":
            return v >= b
        if direction == "lower":
            return v <= b
        return None
    if word in ("持续改善", "改善", "有所改善"):
        if direction == "higher":
            return v > b
        if direction == "lower":
            return v < b
        return None
    return None


def _judge_trend(expr: Expr, flat: list[VPart], ctx: _Ctx) -> Judgement:
    c = _confirmed(expr, ctx)
    if c is not None:
        return c
    std = expr.text or ""
    words = trend_tokens(std) or [std]
    nums = _nums(flat)
    if nums and ctx.baseline is not None:
        v = nums[0].number or 0.0
        results = [_trend_word_holds(w, v, ctx.baseline, ctx.direction) for w in words]
        decided = [r for r in results if r is not None]
        if decided:
            ok = all(decided) if "并" in std else any(decided)
            if ok or len(decided) == len(results):
                rel = "高于" if v > ctx.baseline else ("低于" if v < ctx.baseline else "等于")
                status = "met" if ok else "not_met"
                return _j(status, f"{fmt(v)} {rel}基准值 {fmt(ctx.baseline)}，{'符合' if ok else '不符合'}“{std}”，{LABELS[status]}", expr)
    for t in _texts(flat):
        if std.startswith("不") and t in (std[1:], "有" + std[1:], "较" + std[1:], "很" + std[1:]):
            return _j("not_met", f"填报为“{t}”，不符合“{std}”，未达标", expr)
        if t == std or std in t or any(w in t for w in words):
            return _j("met", f"填报为“{t}”，符合“{std}”，达标", expr)
        if any(w in t for w in WORSE_WORDS):
            return _j("not_met", f"填报为“{t}”，不符合“{std}”，未达标", expr)
        if any(w in t for w in BETTER_WORDS) and not (set(words) & TREND_DOWN):
            return _j("met", f"填报为“{t}”，符合“{std}”，达标", expr)
    if nums and ctx.baseline is None:
        return _j("needs_review", f"“{std}”需要与基准值比较，未提供基准值，待核定", expr)
    return _j("needs_review", f"不能判断是否“{std}”，待核定", expr)


def _judge_invariance(expr: Expr, flat: list[VPart], ctx: _Ctx) -> Judgement:
    c = _confirmed(expr, ctx)
    if c is not None:
        return c
    clauses = (expr.text or "").split("，")
    for t in _texts(flat):
        if t in YES:
            return _j("met", f"填报为“{t}”，符合“{expr.text}”，达标", expr)
        if t in NO:
            return _j("not_met", f"填报为“{t}”，不符合“{expr.text}”，未达标", expr)
        joined = re.sub(r"[ ,，、;；]", "", t)
        if all(cl in joined for cl in clauses):
            return _j("met", f"填报为“{t}”，符合“{expr.text}”，达标", expr)
    nums = _nums(flat)
    if nums and ctx.baseline is not None and any(cl.startswith("面积") for cl in clauses):
        v = nums[0].number or 0.0
        if v < ctx.baseline:
            return _j("not_met", f"面积 {fmt(v)} 小于基准值 {fmt(ctx.baseline)}，面积减少，未达标", expr)
        if len(clauses) == 1:
            return _j("met", f"面积 {fmt(v)} 不小于基准值 {fmt(ctx.baseline)}，达标", expr)
        return _j("needs_review", f"面积未减少（{fmt(v)} ≥ {fmt(ctx.baseline)}），性质和功能需确认，待核定", expr)
    return _j("needs_review", f"不能判断是否“{expr.text}”，需要基准值或确认，待核定", expr)


def _judge_higher(expr: Expr, flat: list[VPart], ctx: _Ctx) -> Judgement:
    nums = _nums(flat)
    if nums and ctx.higher_level is not None:
        op = expr.op or {"higher": ">=", "lower": "<="}.get(ctx.direction or "")
        if op is not None:
            return _cmp(nums[0].number or 0.0, op, ctx.higher_level, expr, "对照上级下达值：")
    c = _confirmed(expr, ctx)
    if c is not None:
        return c
    for t in _texts(flat):
        if _negative(t) or t in NO:
            return _j("not_met", f"填报为“{t}”，未完成上级下达的目标，未达标", expr)
        if t in YES:
            return _j("met", f"填报为“{t}”，已完成上级下达的目标，达标", expr)
        if any(w in t for w in _DONE_WORDS):
            return _j("met", f"填报为“{t}”，已完成上级下达的目标，达标", expr)
    what = "需要上级下达的目标值或人工确认" if ctx.higher_level is None else "不能确定指标方向"
    return _j("needs_review", f"“{expr.text}”{what}，待核定", expr)


def number_rule(expr: Expr, ctx: _Ctx, baseline: bool) -> str | None:
    """How the word standard ``expr`` judges one plain number (a figure with no text), given only
    whether a baseline is given: ``"same"`` — one judgement whatever the number and the
    baseline's value; ``"echo"`` — one status, and the reason is the same but for the number,
    written once as :func:`fmt` writes it; None — the number decides more.

    Read off the branches above: a change to them must change this (``tests/standards/
    test_number_rule.py`` judges every catalog standard both ways).
    """
    k = expr.kind
    if k == "higher":  # compares only with a higher level's figure, in a known direction
        if ctx.higher_level is None or (expr.op is None and ctx.direction not in ("higher", "lower")):
            return "same"
        return None
    if ctx.confirmed is not None:
        return "same"
    std = expr.text or ""
    if k == "trend":
        words = trend_tokens(std) or [std]
        if not baseline or all(_trend_word_holds(w, 0.0, 0.0, ctx.direction) is None for w in words):
            return "same"  # whether a word can be decided depends on the word and the direction only
        return None
    if k == "invariance":
        return "same" if not baseline or not any(c.startswith("面积") for c in std.split("，")) else None
    if k == "state":
        return None if std == "无" or "消除" in std else "echo"
    return None
