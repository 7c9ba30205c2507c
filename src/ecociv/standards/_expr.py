"""The typed expression a 指标值 cell parses to, and its canonical rendering.

One frozen dataclass, :class:`Expr`, discriminated by ``kind``:

==============  =====================================================  ============================
kind            meaning                                                fields used
==============  =====================================================  ============================
``compare``     ≥20, ＞95, 不低于80, 达到96%以上, 控制在24微克/立方米以内  op, value, unit
``number``      a bare number: a floor or a ceiling by direction        value, unit
``range``       3~5                                                     value, high, unit
``approx``      93.00左右                                               value, unit
``delta``       ΔEQI≥-1 (change against the baseline)                  op, value, text (subject)
``cumulative``  [19.5], [完成省下达目标] (five-year cumulative)         parts[0]
``state``       建立, 制定实施, 有效开展, 无 …                          text
``trend``       保持稳定, 持续改善, 稳中向好, 减少, 不明显 …            text
``invariance``  面积不减少，性质不改变，功能不降低                      text
``higher``      完成上级规定的考核任务, 完成省下达目标 … (needs the     text, op (≥ for 不低于…)
                higher level's figure or a confirmation)
``compound``    parts that must all hold (；, ;, 且, ，)                parts
``list``        parts per sub-indicator, terrain or scope               parts (each may have label)
``conditional`` branches chosen by a condition (…≤60%的地区 ≥2)          parts, each labelled by its
                                                                         condition
``placeholder`` —, ——, -, empty                                         text
``unparsed``    anything else, kept as written                          text
==============  =====================================================  ============================

Any expression may carry ``label`` (the scope, terrain or sub-indicator it applies to, e.g.
``山区``, ``县城``) and ``note`` (an annotation: ``2021年`` from ``0.03（2021年）``, ``*`` from
``92.2*``).  Operators are stored as ``>=``, ``>``, ``<=``, ``<``, ``=``.

For progress computations: :attr:`Expr.numeric_threshold` is the target's number (None when
the expression has none), :meth:`Expr.comparison` the operator to compare against it, given the
indicator's direction for bare numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}
NEGATED = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "=": "≠"}
NUMERIC_KINDS = frozenset({"compare", "number", "range", "approx", "delta"})
QUALITATIVE_KINDS = frozenset({"state", "trend", "invariance", "higher"})
COMPOSITE_KINDS = frozenset({"compound", "list", "conditional"})


#: id -> (expression, its JSON data); the expression is kept so that its id is not reused
_DICTS: dict[int, tuple[Expr, dict[str, Any]]] = {}


@dataclass(frozen=True, slots=True)
class Expr:
    kind: str
    op: str | None = None
    value: float | None = None
    high: float | None = None
    unit: str | None = None
    text: str | None = None
    label: str | None = None
    note: str | None = None
    parts: tuple[Expr, ...] = ()

    @property
    def numeric_threshold(self) -> float | None:
        """The target number: the comparison's value, the bare number, the range's lower end,
        the approximate value, the delta's bound; for ``cumulative`` its inner number."""
        if self.kind in NUMERIC_KINDS:
            return self.value
        if self.kind == "cumulative" and self.parts:
            return self.parts[0].numeric_threshold
        return None

    def comparison(self, direction: str | None = None) -> str | None:
        """Operator against :attr:`numeric_threshold`: explicit for compare/delta, from the
        direction (``higher`` -> ``>=``, ``lower`` -> ``<=``) for number/approx/cumulative."""
        if self.kind in ("compare", "delta"):
            return self.op
        if self.kind in ("number", "approx"):
            return {"higher": ">=", "lower": "<="}.get(direction or "")
        if self.kind == "range":
            return "between"
        if self.kind == "cumulative" and self.parts:
            return self.parts[0].comparison(direction)
        return None

    @property
    def needs_baseline(self) -> bool:
        return self.kind in ("delta", "trend", "invariance") or any(p.needs_baseline for p in self.parts)

    @property
    def needs_higher_level(self) -> bool:
        return self.kind == "higher" or any(p.needs_higher_level for p in self.parts)

    @property
    def is_cumulative(self) -> bool:
        return self.kind == "cumulative"

    def to_dict(self) -> dict[str, Any]:
        """The expression as JSON data (a fresh top-level dict; built once per expression object:
        :func:`~ecociv.standards.parse` returns the same object for the same text, so a batch of
        100,000 judgements renders each distinct standard once)."""
        hit = _DICTS.get(id(self))
        if hit is None or hit[0] is not self:
            if len(_DICTS) >= 4096:
                _DICTS.clear()
            hit = _DICTS[id(self)] = (self, self._to_dict())
        return dict(hit[1])

    def _to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind}
        for key in ("op", "value", "high", "unit", "text", "label", "note"):
            v = getattr(self, key)
            if v is not None:
                d[key] = v
        if self.parts:
            d["parts"] = [p.to_dict() for p in self.parts]
        d["rendered"] = render(self)
        return d


def fmt(x: float) -> str:
    """Exact, short decimal text of a number: 20 for 20.0, 93.08, -0.16."""
    if math.isfinite(x) and x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _core(e: Expr) -> str:
    k = e.kind
    unit = e.unit or ""
    if k == "compare":
        return f"{SYMBOL[e.op or '>=']}{fmt(e.value or 0.0)}{unit}"
    if k == "number":
        return f"{fmt(e.value or 0.0)}{unit}"
    if k == "range":
        return f"{fmt(e.value or 0.0)}~{fmt(e.high or 0.0)}{unit}"
    if k == "approx":
        return f"{fmt(e.value or 0.0)}{unit}左右"
    if k == "delta":
        return f"Δ{e.text or ''}{SYMBOL[e.op or '>=']}{fmt(e.value or 0.0)}"
    if k == "cumulative":
        return f"[{render(e.parts[0])}]" if e.parts else "[]"
    if k == "compound":
        return "；".join(render(p) for p in e.parts)
    if k in ("list", "conditional"):
        return " ".join(render(p) for p in e.parts)
    if k == "placeholder":
        return e.text if e.text is not None else "—"
    return e.text or ""


def render(e: Expr) -> str:
    """Canonical text of an expression; ``parse(render(e)) == e``."""
    s = _core(e)
    if e.note is not None:
        s = f"{s}*" if e.note == "*" else f"{s}（{e.note}）"
    if e.label:
        s = f"{e.label} {s}" if e.label.endswith("的地区") else f"{e.label}{s}"
    return s
