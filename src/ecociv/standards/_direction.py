"""Whether a higher or a lower value of an indicator is better, from its name and unit."""

from __future__ import annotations

from functools import lru_cache

# Names that measure a reduction are higher-is-better (more reduction is better).
_REDUCTION = ("下降率", "下降幅度", "降低率", "降低幅度", "减少率", "减少幅度", "削减", "减排", "降低", "下降", "减少")
_LOWER = (
    "浓度",
    "能耗",
    "能源消耗",
    "用水量",
    "排放",
    "劣Ⅴ类",
    "劣V类",
    "劣五类",
    "Ⅴ类及劣",
    "V类及劣",
    "V类水比例",
    "Ⅴ类水比例",
    "黑臭水体比例",
    "极差比例",
    "成灾率",
    "施用量",
    "使用量",
    "发生率",
    "事故",
    "超标",
    "水土流失",
    "污染物",
    "碳强度",
    "噪声",
    "PM2.5",
    "PM10",
    "臭氧",
    "二氧化硫",
    "氮氧化物",
    "化学需氧量",
    "氨氮",
)
_LOWER_UNITS = ("微克/立方米", "μg/m", "ug/m", "毫克/立方米", "吨标准煤/万元", "立方米/万元", "千克/亩", "分贝", "dB")
_HIGHER = (
    "率",
    "比例",
    "比重",
    "覆盖",
    "达标",
    "优良",
    "面积",
    "指数",
    "满意度",
    "参与度",
    "数量",
    "个数",
    "占比",
)


@lru_cache(maxsize=4096)
def infer_direction(name: str | None, unit: str | None = None) -> str | None:
    """``"higher"`` or ``"lower"`` (is better), or None when neither name nor unit tells.

    A name measuring a reduction (…下降率, …减少, 减排量) is higher-is-better even when the thing
    reduced is a pollutant; 浓度, 能耗, 用水量, 排放, 劣Ⅴ类比例, 成灾率, 施用量 … are lower-is-better.
    """
    n = "".join((name or "").split())
    u = "".join((unit or "").split())
    if n:
        if any(w in n for w in _REDUCTION):
            return "higher"
        if any(w in n for w in _LOWER):
            return "lower"
    if u and any(w in u for w in _LOWER_UNITS):
        return "lower"
    if n and any(w in n for w in _HIGHER):
        return "higher"
    return None
