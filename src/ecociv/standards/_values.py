"""What a value cell (baseline or actual) states: numbers, labels and words, per top-level item."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ecociv.standards._expr import NUMERIC_KINDS, QUALITATIVE_KINDS, Expr
from ecociv.standards._number import numbers_in
from ecociv.standards._parse import normalize, parse


class VPart(NamedTuple):
    """One thing a value cell says: a number (with its label) or a text."""

    label: str | None
    number: float | None
    text: str | None
    cumulative: bool = False
    unit: str | None = None


def _vparts(e: Expr) -> list[VPart]:
    if e.kind in NUMERIC_KINDS:
        return [VPart(e.label, e.value, None, False, e.unit)]
    if e.kind == "cumulative":
        return [p._replace(cumulative=True) for inner in e.parts for p in _vparts(inner)]
    if e.kind in QUALITATIVE_KINDS:
        return [VPart(e.label, None, e.text)]
    if e.kind in ("list", "compound", "conditional"):
        return [p for inner in e.parts for p in _vparts(inner)]
    if e.kind == "unparsed":
        text = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "", normalize(e.text or ""))
        return [VPart(None, n, None) for n in numbers_in(text)] + [VPart(None, None, text)]
    return []


@lru_cache(maxsize=1 << 16)
def value_groups(value: str) -> tuple[tuple[VPart, ...], ...]:
    """Top-level items of a value cell (``"95.62 98.09"`` -> two groups), each as its parts."""
    e = parse(value)
    if e.kind == "placeholder":
        return ()
    tops = e.parts if e.kind in ("list", "compound") else (e,)
    groups = tuple(tuple(_vparts(t)) for t in tops)
    return tuple(g for g in groups if g)
