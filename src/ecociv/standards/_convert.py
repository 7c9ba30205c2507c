"""What happens to a value before it is compared: unit conversion and rounding as the
evaluation standard prescribes; and the plain yes/no answers of qualitative standards.

Concentrations of the six air pollutants are rounded as HJ 663—2013 6.3 / 表3 prescribe
(GB/T 8170: µg/m³ to integers, CO in mg/m³ to one decimal), in decimal arithmetic on the
value as written, so that 0.95 mg/m³ stays a half-way value (→ 1.0, 5 after an odd digit).
"""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ecociv.standards._expr import fmt
from ecociv.standards._units import factor

# Pollutant names as plans write them -> HJ 663 表3 item.
_POLLUTANTS = (
    (re.compile(r"PM2\.5|PM₂\.₅|细颗粒物"), "pm25"),
    (re.compile(r"PM10|PM₁₀|可吸入颗粒物"), "pm10"),
    (re.compile(r"SO2|SO₂|二氧化硫"), "so2"),
    (re.compile(r"NO2|NO₂|二氧化氮"), "no2"),
    (re.compile(r"(?<![A-Za-z])O3|O₃|臭氧"), "o3"),
    (re.compile(r"(?<![A-Za-z])CO(?![A-Za-z0-9₂])|一氧化碳"), "co"),
)
#: Names of quantities derived from a concentration that are not themselves concentrations.
_NOT_CONCENTRATION = ("比例", "比率", "率", "下降", "降低", "天数", "削减", "减排", "排放", "改善", "变化", "幅度", "倍")
_CONC_UNITS = ("μg/m3", "µg/m3", "ug/m3", "微克/立方米", "mg/m3", "毫克/立方米")

#: Answers that say a qualitative requirement is (not) met.
YES = frozenset({"是", "有", "已", "完成", "已完成", "达到", "已达到", "符合", "满足", "达标", "已达标", "落实", "已落实", "按期完成", "全部完成", "如期完成", "通过", "已通过", "√", "✓", "yes", "Yes", "YES", "Y", "y"})
NO = frozenset({"否", "无", "没有", "不是", "未", "不符合", "不满足", "未通过", "×", "✗", "no", "No", "NO", "N", "n"})


@cache
def _hj663() -> tuple[str, dict[str, int]]:
    folder = resources.files("ecociv.standards").joinpath("editions")
    d: dict[str, Any] = json.loads(folder.joinpath("hj663-2013.json").read_text(encoding="utf-8"))
    r = d["rounding"]
    return f"{r['table']}，{r['rule']}", {k: int(v) for k, v in r["decimals"].items()}


@lru_cache(maxsize=4096)
def concentration_rounding(name: str | None, unit: str | None) -> tuple[int, str] | None:
    """(decimals, source) when ``name`` is an air pollutant's concentration, else None."""
    if not name:
        return None
    item = next((key for rx, key in _POLLUTANTS if rx.search(name)), None)
    if item is None or any(w in name for w in _NOT_CONCENTRATION):
        return None
    u = (unit or "").replace("³", "3").replace(" ", "")
    short = len(name) <= 8 and not re.search(r"[\u4e00-\u9fff]{3,}", name)  # "PM2.5", "CO（mg/m³）"
    if "浓度" not in name and "均值" not in name and not short and not any(c in u for c in _CONC_UNITS):
        return None
    source, decimals = _hj663()
    return decimals[item], source


def round_gbt8170(v: float, decimals: int) -> float:
    """GB/T 8170 rounding (half to even) of the decimal value as written (35.5 → 36, 34.5 → 34)."""
    q = Decimal(repr(v)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return float(q)


def convert(v: float, vunit: str | None, tunit: str | None) -> tuple[float, str] | str | None:
    """``v`` in ``vunit`` expressed in ``tunit``: (value, how) when converted, None when nothing
    to do, or a Chinese reason when the units are incompatible."""
    if not vunit or not tunit or vunit == tunit:
        return None
    f = factor(vunit, tunit)
    if f is None:
        return f"单位不一致：指标值的单位为“{tunit}”，填报值的单位为“{vunit}”，无法换算比较，待核定"
    if f == 1.0:
        return None
    out = round(v * f, 9)
    return out, f"{fmt(v)}{vunit} 换算为 {fmt(out)}{tunit}："


#: Answers that mean "none" where a count is asked (0 for 重特大突发环境事件 0).
NONE_ANSWERS = frozenset({"无", "没有", "未发生", "零", "无发生"})
#: Qualifiers that say a required state is only partly reached (基本完成, 正在建立).
PARTIAL = ("基本", "初步", "部分", "大部分", "逐步")
ONGOING = ("正在", "推进中", "进行中", "筹备", "拟", "计划")

_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_RE_CLASS_STD = re.compile(r"^(达到或优于|达到|优于|不低于|好于)?(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|III|II|IV|I|V)类(及以上|以上|或以上|或更好|及更好|水质|标准)?$")
_RE_CLASS_VALUE = re.compile(r"^(劣)?(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|III|II|IV|I|V)类?(水质)?$")


def water_class(standard: str, value: str) -> tuple[bool, str] | None:
    """A surface-water class requirement (达到Ⅲ类, Ⅲ类及以上, 优于Ⅲ类) against a class value
    (Ⅱ类, 劣Ⅴ类): (met, reason) — a lower class number is better water (GB 3838—2002); None
    when the texts are not classes."""
    m = _RE_CLASS_STD.match(standard.replace(" ", ""))
    v = _RE_CLASS_VALUE.match(value.replace(" ", ""))
    if m is None or v is None:
        return None
    need = _ROMAN[m.group(2)]
    got = 6 if v.group(1) else _ROMAN[v.group(2)]
    ok = got < need if m.group(1) in ("优于", "好于") else got <= need
    return ok, f"水质类别 {value} {'达到' if ok else '未达到'}“{standard}”（类别数字越小水质越好，GB 3838—2002）"
