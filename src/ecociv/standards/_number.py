"""The numeric value of a baseline/actual cell ("93.08", "98.6%", "17ug/m3", "≥20", "0.03（2021年）")."""

from __future__ import annotations

import re
from functools import lru_cache

from ecociv.standards._parse import normalize
from ecociv.standards._vocab import NUM

# A number not glued to a preceding letter or digit (so PM2.5, m3, Ⅲ类 do not count).
_RE_NUMBER = re.compile(rf"(?<![A-Za-z0-9.\u2160-\u217f])({NUM})")
_RE_ANNOTATION = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def numbers_in(text: str | None) -> list[float]:
    """Every stand-alone number of a cell, annotations in brackets left out."""
    if not text:
        return []
    s = _RE_ANNOTATION.sub(" ", normalize(text)).rstrip("*")
    out: list[float] = []
    for m in _RE_NUMBER.finditer(s):
        try:
            out.append(float(m.group(1).replace(",", "")))
        except ValueError:  # pragma: no cover - the pattern only matches numbers
            continue
    return out


@lru_cache(maxsize=1 << 16)
def parse_number(text: str | None) -> float | None:
    """The one number a cell states, or None (no number, several numbers, or qualitative text).

    ``"≥20"`` -> 20, ``"0.03（2021年）"`` -> 0.03, ``"92.2*"`` -> 92.2, ``"-0.16"`` -> -0.16,
    ``"丘陵区 80.87"`` -> 80.87; ``"完成"`` and ``"27.5 0.92 减少"`` -> None.
    """
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    s = normalize(text)
    if s.startswith("[") and s.endswith("]"):
        s = s[1:-1]
    nums = numbers_in(s)
    return nums[0] if len(nums) == 1 else None
