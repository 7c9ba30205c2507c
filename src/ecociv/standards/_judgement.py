"""The verdict on one value (达标/未达标/待核定/无数据) and the comparisons that make it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ecociv.standards._expr import NEGATED, SYMBOL, Expr, fmt

LABELS = {"met": "达标", "not_met": "未达标", "needs_review": "待核定", "no_data": "无数据"}
_RANK = {"not_met": 3, "needs_review": 2, "no_data": 1, "met": 0}


class Judgement:
    """The verdict on one value: ``status`` (met/not_met/needs_review/no_data), its Chinese
    ``label`` (达标/未达标/待核定/无数据), a one-sentence Chinese ``reason``, the ``parts`` of a
    composite, and the ``expression`` judged against.

    The reason of a plain comparison is formatted only when read (judging 1.2 million
    observations should not pay for 1.2 million sentences nobody reads).
    """

    __slots__ = ("_lazy", "_reason", "expression", "label", "parts", "status")

    def __init__(
        self,
        status: str,
        label: str,
        reason: str | None,
        parts: list[Judgement] | None = None,
        expression: Expr | None = None,
        lazy: tuple[str, float, str, float] | None = None,
    ) -> None:
        self.status = status
        self.label = label
        self._reason = reason
        self._lazy = lazy
        self.parts: list[Judgement] = parts if parts is not None else []
        self.expression = expression

    @property
    def reason(self) -> str:
        if self._reason is None:
            what, v, sym, t = self._lazy or ("", 0.0, "?", 0.0)
            self._reason = f"{what}{fmt(v)} {sym} {fmt(t)}，{self.label}"
        return self._reason

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Judgement):
            return NotImplemented
        return (self.status, self.reason, self.parts, self.expression) == (
            other.status,
            other.reason,
            other.parts,
            other.expression,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Judgement(status={self.status!r}, label={self.label!r}, reason={self.reason!r})"

    def to_dict(self, expression: Callable[[Expr], Any] | None = None) -> dict[str, Any]:
        """The judgement as JSON data; ``expression`` renders each expression (default
        :meth:`Expr.to_dict`; ``eval --batch`` passes one that returns it already serialised)."""
        d: dict[str, Any] = {"status": self.status, "label": self.label, "reason": self.reason}
        if self.expression is not None:
            d["expression"] = self.expression.to_dict() if expression is None else expression(self.expression)
        if self.parts:
            d["parts"] = [p.to_dict(expression) for p in self.parts]
        return d


def make(status: str, reason: str, expr: Expr | None = None, parts: list[Judgement] | None = None) -> Judgement:
    return Judgement(status, LABELS[status], reason, parts or [], expr)


def holds(v: float, op: str, t: float) -> bool:
    if op == ">=":
        return v >= t
    if op == ">":
        return v > t
    if op == "<=":
        return v <= t
    if op == "<":
        return v < t
    return v == t


def compare(v: float, op: str, t: float, expr: Expr | None, what: str = "") -> Judgement:
    if holds(v, op, t):
        return Judgement("met", "达标", None, None, expr, (what, v, SYMBOL[op], t))
    return Judgement("not_met", "未达标", None, None, expr, (what, v, NEGATED[op], t))
