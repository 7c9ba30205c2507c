"""Station lists: code, name, city, county, longitude, latitude and control level (国控/省控).

The user supplies the list (.csv or .xlsx; an example is in docs/stations-example.csv).  Data
stations are matched by code or by name; city figures use the national-control stations of each
city by default (all listed stations with ``all_levels``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from ecociv.errors import InputError
from ecociv.monitor.ingest._columns import norm, recognise
from ecociv.monitor.ingest._sources import Source, tables

FIELDS: dict[str, tuple[str, ...]] = {
    "code": ("code", "stationcode", "sitecode", "站点编码", "站点代码", "监测点编码", "点位编码", "编码", "站号"),
    "name": ("name", "station", "site", "stationname", "sitename", "站点", "站点名称", "监测点", "监测点位", "点位名称", "站名", "监测点名称"),
    "city": ("city", "城市", "所属城市", "地市"),
    "county": ("county", "district", "区县", "县区", "所属区县"),
    "lon": ("lon", "lng", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "level": ("level", "control", "类型", "级别", "控制级别", "站点类型", "站点级别", "国控省控", "点位类型"),
    "reference": ("对照点", "清洁对照点", "是否对照点", "reference", "isreference"),
}

#: point kinds that HJ 663—2013 表A.2 注 keeps out of city statistics ("点位指城市点，不包括区域点、
#: 背景点、污染监控点和路边交通点"); a city's clean reference point (对照点) is one of them
NOT_CITY_POINTS = ("区域点", "背景点", "污染监控点", "路边交通点", "交通点", "对照点")
_YES = ("y", "yes", "是", "1", "true", "√")


@dataclass(frozen=True)
class Station:
    code: str
    name: str
    city: str
    county: str = ""
    lon: float | None = None
    lat: float | None = None
    level: str = ""  # 国控 / 省控 / 市控 … as written
    reference: bool = False  # marked as a (clean) reference point, 对照点

    @property
    def national(self) -> bool:
        return "国" in self.level or self.level.lower() in ("national", "nation")

    @property
    def not_city_point(self) -> str:
        """The kind of point when it is not a city point of HJ 663 (对照点, 背景点 …), else ``""``."""
        if self.reference:
            return "对照点"
        return next((k for k in NOT_CITY_POINTS if k in self.level), "")


@dataclass
class StationList:
    file: str
    stations: list[Station]

    def __post_init__(self) -> None:
        self._by: dict[str, Station] = {}
        for s in self.stations:
            for k in (s.code, s.name):
                if k:
                    self._by.setdefault(norm(k), s)
        names = [s.name for s in self.stations]
        self._dup = {n for n in names if names.count(n) > 1}

    def find(self, key: str) -> Station | None:
        return self._by.get(norm(key))

    def label(self, s: Station) -> str:
        """How a station is named in results: its name, with the code when the name repeats."""
        if not s.name:
            return s.code
        return f"{s.name}（{s.code}）" if s.name in self._dup and s.code else s.name

    @property
    def has_levels(self) -> bool:
        """Whether the list gives control levels (国控/省控 …), not only point kinds (路边交通点 …)."""
        return any("控" in s.level or s.national for s in self.stations)

    def cities(self) -> list[str]:
        return sorted({s.city for s in self.stations if s.city})


def read_station_list(path: Path) -> StationList:
    if not path.exists():
        raise InputError(f"{path}：站点表文件不存在")
    if path.suffix.lower() not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise InputError(f"{path.name}：站点表应为 .csv 或 .xlsx")

    def header(cells: list[str]) -> bool:
        f = recognise(cells, FIELDS)
        return ("code" in f or "name" in f) and "city" in f

    raws = [t for t in tables(Source(path.name, path), header) if header(t.headers)]
    if not raws:
        raise InputError(f"{path.name}：没有找到站点表（需要“站点编码”或“站点名称”列，以及“城市”列）")
    t = raws[0]
    found = recognise(t.headers, FIELDS)
    data = pa.concat_tables(list(t.read({h.original: pa.string() for h in found.values()})))
    cols = {k: [None if v is None else str(v).strip() for v in data.column(h.original).to_pylist()] for k, h in found.items()}
    out: list[Station] = []
    for i in range(data.num_rows):
        def cell(k: str, i: int = i) -> str:
            return (cols.get(k, [None] * data.num_rows)[i] or "").strip()

        code, name, city = cell("code"), cell("name"), cell("city")
        if not (code or name):
            continue
        if not city:
            raise InputError(f"{t.name} 第{t.header_line + 1 + i}行：站点“{name or code}”没有城市")
        out.append(Station(code, name, city, cell("county"), _float(cell("lon"), t.name, i, t.header_line), _float(cell("lat"), t.name, i, t.header_line), cell("level"), cell("reference").lower() in _YES))
    if not out:
        raise InputError(f"{t.name}：站点表没有站点")
    return StationList(t.name, out)


def _float(s: str, file: str, i: int, header_line: int) -> float | None:
    if not s:
        return None
    try:
        return float(s)
    except ValueError:
        raise InputError(f"{file} 第{header_line + 1 + i}行：经纬度“{s}”不是数值") from None
