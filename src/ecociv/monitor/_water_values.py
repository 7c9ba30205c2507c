"""One water-quality cell as a number: detection-limit forms, station-status words, bad values.

Automatic stations mark values taken while the instrument was serviced or down (维护, 故障,
停运, 校准 …), in the value cell or in a status column; such values are missing, counted by the
word that marked them.  Which words mean "invalid" is ecociv's reading of the exports we know,
listed here so that it can be checked and extended; a status text that is neither a known
normal nor a known invalid word is reported and the value kept.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ecociv.errors import InputError

_BELOW = re.compile(r"^(?:<\s*([0-9.]+)|([0-9.]+)\s*[Ll])$")
_ND = {"nd", "未检出", "未检"}
#: status words that make a value invalid, and the name each is counted under
INVALID_FLAGS = {
    "维护": "维护", "保养": "维护", "运维": "维护", "故障": "故障", "停运": "停运", "停机": "停运", "停电": "停运",
    "断电": "停运", "离线": "停运", "通讯中断": "停运", "断流": "停运", "校准": "校准", "校验": "校准", "标定": "校准",
    "质控": "校准", "核查": "校准", "调试": "校准", "无效": "无效", "异常": "无效", "超量程": "无效", "超出量程": "无效",
}
#: status texts meaning the value is valid
NORMAL_FLAGS = {"", "正常", "有效", "正常运行", "运行正常", "n", "normal", "ok", "valid", "合格", "在线"}
_NUMBER_WITH_FLAG = re.compile(r"^\s*[-+]?\d+(?:\.\d+)?\s*[\(（\[【]?\s*(\S+?)\s*[\)）\]】]?\s*$")

#: how a value below the detection limit counts: half the limit (default) or the limit itself
BELOW_RULES = {"half": ("检出限的一半", 0.5), "limit": ("检出限", 1.0)}


def flag_kind(text: str) -> str | None:
    """'正常' for a normal status, the invalid kind (维护, 故障 …), or None when unknown."""
    s = text.strip()
    if s.lower() in NORMAL_FLAGS:
        return "正常"
    for word, kind in INVALID_FLAGS.items():
        if word in s:
            return kind
    return None


def parse_value(cell: str, where: str, column: str, counts: Counter[str], below: str = "half",
                nonpositive_missing: bool = False) -> float | None:
    """The number in ``cell``; None for a missing or invalid one (counted in ``counts``).
    ``where`` names the file and line for the error message of a cell that is not a value."""
    try:  # the common case first: a plain number
        v = float(cell)
    except ValueError:
        pass
    else:
        if v < 0 or (nonpositive_missing and v == 0) or not math.isfinite(v):
            counts["nonpositive"] += 1
            return None
        return v
    s = cell.strip()
    if not s or s in ("-", "—", "/"):
        return None
    if s.lower() in _ND:
        counts["nd"] += 1
        return 0.0
    m = _BELOW.match(s)
    if m:
        counts["below"] += 1
        return float(m.group(1) or m.group(2)) * BELOW_RULES[below][1]
    kind = flag_kind(s) if not s[0].isdigit() else None
    if kind is None and _NUMBER_WITH_FLAG.match(s) and not _is_number(s):
        kind = flag_kind(s.lstrip("0123456789.+- "))
    if kind is not None and kind != "正常":
        counts[kind] += 1
        return None
    try:
        v = float(s)
    except ValueError:
        raise InputError(f"{where} “{column}”列：无法识别“{s}”，应为数值（检出限以下写作 0.01L 或 <0.01；"
                         f"仪器维护等写作 维护/故障/停运/校准）") from None
    if v < 0 or (nonpositive_missing and v == 0):
        counts["nonpositive"] += 1
        return None
    return v


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def mean(values: list[float]) -> float:
    """Arithmetic mean, rounded to 10 decimals so that float noise (0.30000000000000004) never
    moves a value across a class limit; no rounding rule of a standard is applied."""
    return round(sum(values) / len(values), 10)
