"""Judging a value against a standard/target expression: 达标 / 未达标 / 待核定 / 无数据.

Never guesses silently: whatever cannot be decided from the value, the baseline, the
higher level's figure, the region's terrain or an explicit confirmation is 待核定, and the
reason says what is missing.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ecociv.standards._convert import (
    NONE_ANSWERS,
    concentration_rounding,
    convert,
    round_gbt8170,
    water_class,
)
from ecociv.standards._direction import infer_direction
from ecociv.standards._eval_words import (
    WORD_KINDS,
    _confirmed,
    _Ctx,
    _judge_higher,
    _judge_invariance,
    _judge_state,
    _judge_trend,
    _nums,
    _texts,
)
from ecociv.standards._eval_words import number_rule as _word_number_rule
from ecociv.standards._expr import NUMERIC_KINDS, Expr, fmt, render
from ecociv.standards._judgement import _RANK, LABELS, Judgement
from ecociv.standards._judgement import compare as _cmp
from ecociv.standards._judgement import holds as _holds
from ecociv.standards._judgement import make as _j
from ecociv.standards._number import parse_number
from ecociv.standards._parse import condition_labels, parse
from ecociv.standards._values import VPart, value_groups
from ecociv.standards._vocab import (
    OP_WORDS,
    TERRAIN_ALIASES,
    TERRAIN_ORDER,
    find_terrains,
)

_RE_COND_LABEL = re.compile(r"(>=|<=|≥|≤|>|<|=) ?([-+]?\d+(?:\.\d+)?)")






def _combine(expr: Expr, parts: list[Judgement]) -> Judgement:
    if not parts:
        return _j("needs_review", "没有可判断的分项，待核定", expr)
    status = max((p.status for p in parts), key=_RANK.__getitem__)
    reason = "；".join(p.reason.rstrip("。") for p in parts)
    return Judgement(status, LABELS[status], reason, parts, expr)


def _numeric(expr: Expr, v: float, ctx: _Ctx, what: str = "", vunit: str | None = None) -> Judgement:
    k = expr.kind
    t = expr.value if expr.value is not None else 0.0
    if k != "delta":
        conv = convert(v, vunit or ctx.unit, expr.unit or ctx.unit)
        if isinstance(conv, str):
            return _j("needs_review", f"{what}{conv}", expr)
        if conv is not None:
            v, how = conv
            what = f"{what}{how}"
        if ctx.rounding is not None:
            r = round_gbt8170(v, ctx.rounding[0])
            if r != v:
                what = f"{what}{fmt(v)} 修约为 {r:.{ctx.rounding[0]}f}（{ctx.rounding[1]}），"
            v = r
    if k == "compare":
        op = expr.op or ">="
        if ctx.eqi and op in (">=", ">") and t <= 0:
            return _delta(expr, v, op, t, ctx, what)
        return _cmp(v, op, t, expr, what)
    if k in ("number", "approx"):
        d = ctx.direction or _bound_direction(t, expr.unit or ctx.unit)
        if d is None and v == t:
            return _j("met", f"{what}{fmt(v)} = {fmt(t)}，达标", expr)
        if d == "higher":
            return _cmp(v, ">=", t, expr, what)
        if d == "lower":
            return _cmp(v, "<=", t, expr, what)
        return _j("needs_review", f"{what}不能确定指标是越高越好还是越低越好，无法将 {fmt(v)} 与 {fmt(t)} 比较，待核定", expr)
    if k == "range":
        hi = expr.high if expr.high is not None else t
        if t <= v <= hi:
            return _j("met", f"{what}{fmt(v)} 在 {fmt(t)}~{fmt(hi)} 之间，达标", expr)
        return _j("not_met", f"{what}{fmt(v)} 不在 {fmt(t)}~{fmt(hi)} 之间，未达标", expr)
    return _delta(expr, v, expr.op or ">=", t, ctx, what)


def _bound_direction(t: float, unit: str | None) -> str | None:
    """A target at the end of its scale can only be a floor or a ceiling: 100% is reached from
    below (a ratio cannot exceed it), 0 from above."""
    if t == 100 and unit in ("%", None):
        return "higher" if unit == "%" else None
    if t == 0:
        return "lower"
    return None


def _delta(expr: Expr, v: float, op: str, t: float, ctx: _Ctx, what: str) -> Judgement:
    if ctx.baseline is not None:
        d = round(v - ctx.baseline, 10)  # 70.6 - 71.5 is -0.9, not -0.9000000000000057
        j = _cmp(d, op, t, expr, f"{what}变化量 {fmt(v)} − {fmt(ctx.baseline)} = ")
        return j
    return _cmp(v, op, t, expr, f"{what}变化量（按填报值）")








def _judge_numeric(expr: Expr, flat: list[VPart], ctx: _Ctx) -> Judgement:
    nums = _nums(flat)
    if not nums and any(t in NONE_ANSWERS for t in _texts(flat)) and (expr.value or 0.0) >= 0:
        nums = [VPart(None, 0.0, None)]  # 无 where a count is asked is 0
    if not nums:
        c = _confirmed(expr, ctx)
        if c is not None:
            return c
        texts = "、".join(_texts(flat))
        return _j("needs_review", f"填报值“{texts}”不是数值，无法与“{render(expr)}”比较，待核定", expr)
    if len(nums) == 1:
        return _numeric(expr, nums[0].number or 0.0, ctx, "", nums[0].unit)
    parts = [_numeric(expr, p.number or 0.0, ctx, f"{p.label}：" if p.label else "", p.unit) for p in nums]
    return _combine(expr, parts)












def _terrain_labels(expr: Expr, ctx: _Ctx) -> list[str | None]:
    labels = [TERRAIN_ALIASES.get(p.label or "", p.label) for p in expr.parts]
    if any(labels):
        return labels
    named = find_terrains(ctx.name)
    if not named:
        return labels
    if named[0] == TERRAIN_ORDER[0] and len(expr.parts) <= len(TERRAIN_ORDER):
        return list(TERRAIN_ORDER[: len(expr.parts)])
    if len(named) == len(expr.parts):
        return list(named)
    return labels


def _judge_list(expr: Expr, groups: list[list[VPart]], flat: list[VPart], ctx: _Ctx) -> Judgement:
    labels = _terrain_labels(expr, ctx)
    if labels and all(lbl in TERRAIN_ORDER for lbl in labels):
        terrain = ctx.terrain
        if terrain is None:
            found = [
                t for p in flat for t in find_terrains(p.text or p.label)
            ]
            terrain = found[0] if found else None
        if terrain is None:
            return _j("needs_review", "按地形区分的标准，需要设置地区的地形类型（山区/丘陵区/平原地区等），待核定", expr)
        if terrain not in labels:
            return _j("needs_review", f"标准中没有“{terrain}”的要求，待核定", expr)
        part = expr.parts[labels.index(terrain)]
        j = _judge(part, [[p for p in flat if p.number is not None]], ctx)
        return Judgement(j.status, j.label, f"{terrain}：{j.reason}", [j], expr)
    if any(labels):
        by_label = {lbl: p for lbl, p in zip(labels, expr.parts, strict=True) if lbl}
        reported = [p for p in flat if p.number is not None or p.text]
        if reported and all(p.label in by_label for p in reported):
            return _combine(
                expr, [_prefixed(_judge(by_label[p.label or ""], [[p]], ctx), p.label) for p in reported]
            )
        shown = "、".join(lbl for lbl in labels if lbl)
        return _j("needs_review", f"标准按{shown}分别规定，填报值没有指明属于哪一项，待核定", expr)
    if len(groups) == len(expr.parts):
        return _combine(expr, [_judge(p, [g], ctx) for p, g in zip(expr.parts, groups, strict=True)])
    nums = _nums(flat)
    if len(nums) == len(expr.parts):
        return _combine(expr, [_judge(p, [[n]], ctx) for p, n in zip(expr.parts, nums, strict=True)])
    return _j("needs_review", f"填报值的项数与“{render(expr)}”的分项数不一致，待核定", expr)


def _prefixed(j: Judgement, label: str | None) -> Judgement:
    if not label:
        return j
    return Judgement(j.status, j.label, f"{label}：{j.reason}", j.parts, j.expression)


def _judge_conditional(expr: Expr, groups: list[list[VPart]], ctx: _Ctx) -> Judgement:
    if ctx.baseline is None:
        return _j("needs_review", "条件性标准需要基准值以确定适用的条件，待核定", expr)
    for part in expr.parts:
        m = _RE_COND_LABEL.search(part.label or "")
        if m and _holds(ctx.baseline, OP_WORDS[m.group(1)], float(m.group(2))):
            j = _judge(part, groups, ctx)
            return Judgement(j.status, j.label, f"适用“{part.label}”：{j.reason}", [j], expr)
    return _j("needs_review", f"基准值 {fmt(ctx.baseline)} 不符合任何条件，待核定", expr)


def _judge(expr: Expr, groups: list[list[VPart]], ctx: _Ctx) -> Judgement:
    flat = [p for g in groups for p in g]
    k = expr.kind
    if k == "placeholder":
        return _j("needs_review", "没有标准值，无法判断，待核定", expr)
    if k == "unparsed":
        for t in _texts(flat):
            wc = water_class(expr.text or "", t)
            if wc is not None:
                return _j("met" if wc[0] else "not_met", f"{wc[1]}，{'达标' if wc[0] else '未达标'}", expr)
        return _j("needs_review", f"无法识别的指标值“{expr.text}”，待核定", expr)
    if not flat and (ctx.confirmed is None or k in NUMERIC_KINDS):
        return _j("no_data", "没有填报值，无数据", expr)
    if k in NUMERIC_KINDS:
        return _judge_numeric(expr, flat, ctx)
    if k == "cumulative":
        inner = expr.parts[0]
        if ctx.direction == "lower" and inner.kind in NUMERIC_KINDS and not any(p.cumulative for p in flat):
            return _j(
                "needs_review",
                f"“{render(expr)}”是五年累计数，填报值不是累计数（未加[ ]），需要五年累计值，待核定",
                expr,
            )
        j = _judge(inner, groups, ctx)
        return Judgement(j.status, j.label, f"五年累计：{j.reason}", j.parts, expr)
    if k == "state":
        return _judge_state(expr, flat, ctx)
    if k == "trend":
        return _judge_trend(expr, flat, ctx)
    if k == "invariance":
        return _judge_invariance(expr, flat, ctx)
    if k == "higher":
        return _judge_higher(expr, flat, ctx)
    if k == "compound" and all(TERRAIN_ALIASES.get(p.label or "") for p in expr.parts):
        return _judge_list(expr, groups, flat, ctx)  # 山区≥80；丘陵区≥60: one standard per terrain
    if k == "compound":
        if len(groups) == len(expr.parts):
            return _combine(expr, [_judge(p, [g], ctx) for p, g in zip(expr.parts, groups, strict=True)])
        return _combine(expr, [_judge(p, groups, ctx) for p in expr.parts])
    if k == "list":
        return _judge_list(expr, groups, flat, ctx)
    return _judge_conditional(expr, groups, ctx)


def _number_rule(expr: Expr, ctx: _Ctx, baseline: bool) -> str | None:
    """How :func:`_judge` judges one plain number against ``expr`` given only whether a baseline
    is given (see :func:`ecociv.standards._eval_words.number_rule`): ``"same"``, ``"echo"`` or
    None.  Composites are ``"same"`` when every part they can judge is."""
    k = expr.kind
    if k == "placeholder" or k == "unparsed":  # a number carries no water class or text
        return "same"
    if k in WORD_KINDS:
        return _word_number_rule(expr, ctx, baseline)
    if k == "conditional":  # the baseline's value picks the condition
        return None if baseline else "same"
    if k == "compound" and not all(TERRAIN_ALIASES.get(p.label or "") for p in expr.parts):
        rules = [_number_rule(p, ctx, baseline) for p in expr.parts]
        return "same" if all(r == "same" for r in rules) else None
    if k == "compound" or k == "list":
        labels = _terrain_labels(expr, ctx)
        if labels and all(lbl in TERRAIN_ORDER for lbl in labels):
            if ctx.terrain is None or ctx.terrain not in labels:  # a number names no terrain
                return "same"
            rule = _number_rule(expr.parts[labels.index(ctx.terrain)], ctx, baseline)
            return rule if rule == "same" else None
        if any(labels) or len(expr.parts) != 1:  # a number has no label; one number, several parts
            return "same"
        rule = _number_rule(expr.parts[0], ctx, baseline)
        return rule if rule == "same" else None
    return None


@lru_cache(maxsize=4096)
def _conditions_from_name(expr: Expr, name: str) -> Expr:
    """A list standard whose conditions the plan wrote in the name column is conditional."""
    labels = condition_labels(name)
    if len(labels) != len(expr.parts) or any(p.label for p in expr.parts):
        return expr
    return Expr("conditional", parts=tuple(replace(p, label=lb) for p, lb in zip(expr.parts, labels, strict=True)))


def _is_eqi(name: str | None) -> bool:
    return bool(name) and ("EQI" in (name or "") or "生态质量指数" in (name or ""))


class Evaluator:
    """:func:`evaluate` with the standard and everything but the value and the baseline fixed.

    ``Evaluator(standard, name=…)(value, baseline=…)`` is ``evaluate(standard, value,
    baseline=…, name=…)``; judging many values against one standard (``eval --batch``) parses and
    prepares it once.
    """

    __slots__ = ("_ctx", "_fast", "expr")

    def __init__(
        self,
        standard: Expr | str | None,
        *,
        direction: str | None = None,
        name: str | None = None,
        unit: str | None = None,
        higher_level: float | None = None,
        terrain: str | None = None,
        confirmed: bool | None = None,
    ) -> None:
        expr = standard if isinstance(standard, Expr) else parse(standard)
        rounding = concentration_rounding(name, unit) if name is not None else None
        direction = direction or infer_direction(name, unit)
        eqi = _is_eqi(name)
        # a plain figure against a plain number: (operator, threshold)
        self._fast: tuple[str, float] | None = None
        if confirmed is None and rounding is None and (unit is None or expr.unit is None or expr.unit == unit):
            k = expr.kind
            if k == "compare" and not eqi:
                self._fast = (expr.op or ">=", expr.value or 0.0)
            elif k == "number" or k == "approx":
                t = expr.value or 0.0
                d = direction or _bound_direction(t, expr.unit or unit)
                if d in ("higher", "lower"):
                    self._fast = (">=" if d == "higher" else "<=", t)
        if expr.kind == "list" and name and "的地区" in name:
            expr = _conditions_from_name(expr, name)
        self.expr = expr
        self._ctx = _Ctx(
            direction=direction,
            baseline=None,
            higher_level=higher_level,
            terrain=TERRAIN_ALIASES.get(terrain or "", terrain) if terrain else None,
            confirmed=confirmed,
            name=name,
            eqi=eqi,
            unit=unit,
            rounding=rounding,
        )

    @property
    def plain_comparison(self) -> tuple[str, float] | None:
        """(operator, threshold) when a plain number (an int or a float) is judged by comparing it
        with the threshold alone — its judgement is ``compare(value, op, threshold, self.expr)``
        whatever the baseline; None when judging takes more (units, rounding, EQI, a confirmation,
        an unknown direction …)."""
        return self._fast

    def number_rule(self, baseline: bool) -> str | None:
        """How a plain number (an int or a float) is judged, given only whether there is a
        baseline: ``"compare"`` — by :attr:`plain_comparison`; ``"same"`` — one judgement
        whatever the number and the baseline's value; ``"echo"`` — one status, and the reason is
        the same but for the number, written once as :func:`fmt` writes it; None — judging takes
        more.  ``eval --batch`` builds most lines from one judgement per rule."""
        if self._fast is not None:
            return "compare"
        return _number_rule(self.expr, self._ctx, baseline)

    def __call__(self, value: float | str | None, baseline: float | str | None = None) -> Judgement:
        vt = value.__class__
        if self._fast is not None and (vt is float or vt is int):
            op, t = self._fast
            return _cmp(float(value), op, t, self.expr)  # type: ignore[arg-type]
        c = self._ctx
        b = float(baseline) if isinstance(baseline, (int, float)) else parse_number(baseline)
        ctx = c if b is None else _Ctx(c.direction, b, c.higher_level, c.terrain, c.confirmed, c.name, c.eqi,
                                       c.unit, c.rounding)
        if value is None:
            groups: list[list[VPart]] = []
        elif isinstance(value, (int, float)):
            groups = [[VPart(None, float(value), None)]]
        else:
            groups = [list(g) for g in value_groups(str(value))]
        return _judge(self.expr, groups, ctx)


def evaluate(
    standard: Expr | str | None,
    value: float | str | None,
    *,
    baseline: float | str | None = None,
    direction: str | None = None,
    name: str | None = None,
    unit: str | None = None,
    higher_level: float | None = None,
    terrain: str | None = None,
    confirmed: bool | None = None,
) -> Judgement:
    """Judge ``value`` against ``standard`` (达标/未达标/待核定/无数据) with a Chinese reason.

    ``baseline`` serves trends, deltas and invariance; ``higher_level`` is the figure a higher
    level set (for 完成上级规定的…); ``terrain`` picks the terrain's part of a terrain list;
    ``confirmed`` is a person's confirmation for qualitative standards.  ``direction`` overrides
    the one inferred from ``name`` and ``unit``.  A compare with a ≤0 floor under an EQI name
    (≥ -1 for 生态质量指数) is a change against the baseline, like ΔEQI≥-1.
    """
    return Evaluator(
        standard, direction=direction, name=name, unit=unit, higher_level=higher_level, terrain=terrain,
        confirmed=confirmed,
    )(value, baseline)
