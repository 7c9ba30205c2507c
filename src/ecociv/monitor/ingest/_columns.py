"""Recognising column headers as they come: Chinese or English, any case, units in the header.

``PM2.5(μg/m³)``, ``pm2_5``, ``细颗粒物``, ``CO_mg/m3`` and ``一氧化碳（毫克/立方米）`` all name a
pollutant; the unit written in a header is returned so that the reader can convert or state it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: canonical field -> accepted spellings (compared after :func:`norm`)
AIR_FIELDS: dict[str, tuple[str, ...]] = {
    "station": ("station", "site", "sitename", "stationname", "站点", "站点名称", "监测点", "监测点位", "点位", "点位名称", "测点", "站名", "监测站", "监测站点", "监测点名称"),
    "code": ("stationcode", "sitecode", "code", "站点编码", "站点代码", "监测点编码", "点位编码", "站号"),
    "city": ("city", "城市", "所属城市", "地市", "城市名称"),
    "time": ("time", "datetime", "timestamp", "时间", "监测时间", "日期时间", "数据时间", "时间点", "采样时间", "date_time", "timepoint"),
    "date": ("date", "日期", "监测日期", "day_date"),
    "hour": ("hour", "小时", "时", "时段", "hh"),
    "year": ("year", "年", "年份"),
    "month": ("month", "月", "月份"),
    "day": ("day", "日"),
    "type": ("type", "类型", "项目", "监测项目", "指标"),
    "so2": ("so2", "二氧化硫"),
    "no2": ("no2", "二氧化氮"),
    "pm10": ("pm10", "可吸入颗粒物"),
    "co": ("co", "一氧化碳"),
    "o3": ("o3", "臭氧"),
    "pm25": ("pm25", "细颗粒物"),
}

_UNIT = re.compile(
    r"(μg|µg|ug|微克|mg|毫克)\s*(?:/|每)\s*(?:m3|m³|立方米|nm3)",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"[\(（\[【].*?[\)）\]】]")


def norm(name: str) -> str:
    """Lower case without spaces, dots, dashes and underscores (``PM2.5`` == ``pm2_5`` == ``PM25``)."""
    return "".join(ch for ch in str(name).strip().lower() if ch not in "._- \u3000\ufeff")


@dataclass(frozen=True)
class Header:
    original: str
    field: str | None  # canonical field, None when not recognised
    unit: str | None  # "ug" / "mg" when the header states it


def parse_header(name: str, fields: dict[str, tuple[str, ...]] = AIR_FIELDS) -> Header:
    raw = str(name)
    unit: str | None = None
    m = _UNIT.search(raw)
    if m:
        unit = "mg" if m.group(1).lower() in ("mg", "毫克") else "ug"
        raw = raw[: m.start()] + raw[m.end() :]
    raw = _BRACKETS.sub("", raw)
    key = norm(raw).rstrip("/")
    lookup = _lookup(fields)
    return Header(str(name), lookup.get(key), unit)


_CACHE: dict[int, dict[str, str]] = {}


def _lookup(fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    found = _CACHE.get(id(fields))
    if found is None:
        found = {norm(a): k for k, aliases in fields.items() for a in (k, *aliases)}
        _CACHE[id(fields)] = found
    return found


def recognise(names: list[str], fields: dict[str, tuple[str, ...]] = AIR_FIELDS) -> dict[str, Header]:
    """canonical field -> the first header naming it."""
    out: dict[str, Header] = {}
    for n in names:
        h = parse_header(n, fields)
        if h.field is not None and h.field not in out:
            out[h.field] = h
    return out
