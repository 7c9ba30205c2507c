"""Reading plain numeric cells: ``≥95``, ``< 1.3``, ``100``, ``93.00左右``, ``98.6%``.

Only the simple one-comparison form is read here (what progress and lint arithmetic need, parsed
once per indicator); anything richer (terrain lists, 完成上级下达任务, ΔEQI …) is left to
:mod:`ecociv.standards` and gives None.
"""

from __future__ import annotations

import re

_COMPARATORS = {
    "≥": ">=",
    ">=": ">=",
    "＞": ">",
    ">": ">",
    "≤": "<=",
    "<=": "<=",
    "＜": "<",
    "<": "<",
    "不低于": ">=",
    "不少于": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "大于": ">",
    "小于": "<",
    "=": "=",
}
_NUM = r"[-−]?\d+(?:\.\d+)?"
_SIMPLE = re.compile(
    rf"^(?P<op>≥|>=|＞|>|≤|<=|＜|<|不低于|不少于|不高于|不超过|大于|小于|=)?\s*(?P<num>{_NUM})\s*"
    r"(?P<unit>%|％|个百分点)?\s*(?P<tail>左右|以上|以下|以内)?$"
)
_TAIL = {"以上": ">=", "以下": "<=", "以内": "<="}


def numeric_target(text: str | None) -> tuple[str, float] | None:
    """``(comparison, threshold)`` of a simple numeric cell, or None.

    A bare number compares with "="; ``以上``/``以下`` after it set the comparison.
    """
    if text is None:
        return None
    s = re.sub(r"\s+", "", text).replace("，", "").replace(",", "")
    m = _SIMPLE.match(s)
    if not m:
        return None
    value = float(m.group("num").replace("−", "-"))
    op = _COMPARATORS.get(m.group("op") or "", "")
    if not op:
        op = _TAIL.get(m.group("tail") or "", "=")
    return op, value


def plain_number(text: str | None) -> float | None:
    """The value of a cell that is just a number (with an optional % or 左右)."""
    t = numeric_target(text)
    return t[1] if t is not None and t[0] == "=" else None


def numbers_in(text: str | None) -> list[float]:
    """Every number written in a cell, in order (for range checks)."""
    if not text:
        return []
    return [float(x.replace("−", "-")) for x in re.findall(_NUM, text)]
