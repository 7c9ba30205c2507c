"""Units of standards and values, converted before comparison (conversion table: ``units.json``).

A unit is a known unit (%, 万元, 公顷 …) or a ratio of two (千克/吨, 吨/万元).  Two units are
compatible when they measure the same dimension; ``factor(a, b)`` turns a value in ``a`` into
``b``.  Units not in the table are compared as written: equal text is compatible.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from importlib import resources


@cache
def _table() -> dict[str, tuple[str, float]]:
    d = json.loads(resources.files("ecociv.standards").joinpath("units.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, float]] = {}
    for dim, units in d["dimensions"].items():
        for u, f in units.items():
            out[_norm(u)] = (dim, float(f))
    return out


def _norm(u: str) -> str:
    return unicodedata.normalize("NFKC", u).replace(" ", "").replace("µ", "μ").replace("㎡", "m2")


def _simple(u: str) -> tuple[str, float] | None:
    return _table().get(_norm(u))


@lru_cache(maxsize=1024)
def dimension(u: str) -> tuple[str, float] | None:
    """(dimension, factor to the dimension's base) of a unit, or None when unknown."""
    s = _norm(u)
    hit = _simple(s)
    if hit is not None:
        return hit
    if s.count("/") == 1 and not s.startswith("/"):
        a, b = s.split("/")
        da, db = _simple(a), _simple(b)
        if da is not None and db is not None:
            return f"{da[0]}/{db[0]}", da[1] / db[1]
    return None


@lru_cache(maxsize=1024)
def factor(src: str, dst: str) -> float | None:
    """Multiply a value in ``src`` by this to express it in ``dst``; None when incompatible."""
    if _norm(src) == _norm(dst):
        return 1.0
    a, b = dimension(src), dimension(dst)
    if a is None or b is None or a[0] != b[0]:
        return None
    return a[1] / b[1]
