"""Reading surface-water section data as it arrives: CSV (UTF-8/GBK), Excel workbooks (every
sheet with a recognisable header, title rows above it allowed), Parquet; headers in Chinese with
units (``高锰酸盐指数(mg/L)``, ``水温（℃）``), a long layout with one row per item
(``断面名称,监测时间,项目,值[,数据标识]``) turned into one column per item.  Automatic-station
exports are read the same way: a station-status column (站点情况, 数据标识, 维护 …) is kept as
``flag``; a separate hour column (小时, 时刻) as ``hour``.  Returns one :class:`WaterTable` of
text cells per file or sheet, so that the classifier can tell monthly manual data from hourly
automatic data table by table and name the file of every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from ecociv.errors import InputError
from ecociv.monitor.ingest._columns import norm
from ecociv.monitor.ingest._sources import NULL_MARKERS, Skipped, tables, walk

#: A header naming micrograms: GB 3838 limits are in mg/L, so such figures would be judged 1000 times too high.
_MICROGRAMS = re.compile(r"μg|µg|ug/|微克", re.IGNORECASE)
_UNIT = re.compile(
    r"[\(（\[]\s*(?:mg/L|mg/l|μg/L|µg/L|ug/L|℃|°C|无量纲|个/L|MPN/L|pH|NTU|μS/cm|µS/cm|uS/cm|mS/m|%)\s*[\)）\]]|"
    r"[_/ ](?:mg/L|mg/l|μg/L|µg/L|℃|NTU|μS/cm|µS/cm)$",
    re.IGNORECASE,
)
#: canonical header -> spellings (the classifier knows the canonical ones)
KEYS = {
    "section": ("section", "断面", "断面名称", "点位", "点位名称", "监测断面", "站点名称", "测站名称", "站点", "测站",
                "自动站", "自动站名称", "水站名称", "监测站点", "站名", "station", "site"),
    "date": ("date", "日期", "采样日期", "监测日期", "监测时间", "采样时间", "time", "时间", "年月", "datetime",
             "数据时间", "监测时段"),
    "hour": ("hour", "小时", "时刻", "时次"),
    "type": ("type", "类型", "水体类型", "断面类型", "断面属性"),
    "flag": ("flag", "站点情况", "站点状态", "运行状态", "数据标识", "数据标记", "数据状态", "标识", "标记", "状态",
             "维护", "维护情况", "仪器状态", "设备状态", "备注", "说明"),
}
_NORM_KEYS = {norm(x): key for key, names in KEYS.items() for x in names}
_ITEM_COL = ("项目", "监测项目", "指标", "item", "parameter", "监测指标", "因子", "监测因子")
_VALUE_COL = ("值", "监测值", "浓度", "结果", "value", "监测结果", "数值", "浓度值")


@dataclass
class WaterTable:
    """One file or sheet: canonical header, its columns as Arrow arrays (text rows are made only
    when a caller asks for them), and where the rows are."""

    name: str
    header: list[str]
    arrays: list[pa.Array] | None = None
    first_line: int = 2  # file line / sheet row of the first data row (long layouts: of the first item row)
    long_layout: bool = False
    unknown_flags: set[str] = field(default_factory=set)  # status texts read as neither normal nor invalid
    _rows: list[list[str]] | None = None

    @property
    def rows(self) -> list[list[str]]:
        """The cells as text, "" for an empty one."""
        if self._rows is None:
            columns = [[_text(v) for v in a.to_pylist()] for a in self.arrays or []]
            self._rows = [list(r) for r in zip(*columns, strict=True)]
        return self._rows

    @rows.setter
    def rows(self, rows: list[list[str]]) -> None:
        self._rows, self.arrays = rows, None

    def column(self, i: int) -> pa.Array:
        """Column ``i`` as an Arrow array (text, numbers or timestamps as read; null when empty)."""
        if self.arrays is not None:
            return self.arrays[i]
        return pa.array([r[i] if r[i].strip() else None for r in self.rows], pa.string())

    def __len__(self) -> int:
        return len(self.arrays[0]) if self.arrays else len(self.rows)


_NULLS = frozenset(NULL_MARKERS)


def _text(v: object) -> str:
    if v is None:
        return ""
    s = str(v)
    return "" if s.strip() in _NULLS else s


def _canon(h: str) -> str:
    h = _UNIT.sub("", str(h)).strip()
    return _NORM_KEYS.get(norm(h), h)


def _canon_header(cols: list[str]) -> list[str]:
    """Canonical names; a date column plus a time column (监测日期 + 监测时间) become date + hour;
    with both a station and a section name column, the section name is the section."""
    out = [_canon(h) for h in cols]
    secs = [i for i, h in enumerate(out) if h == "section"]
    named = [i for i in secs if "断面" in cols[i]]
    if len(secs) > 1 and named:  # 站点名称 beside 断面名称: the section is what is assessed
        for i in secs:
            if i != named[0]:
                out[i] = "station"
    dates = [i for i, h in enumerate(out) if h == "date"]
    if len(dates) == 2 and "hour" not in out:
        timeish = [i for i in dates if re.search(r"时间|time|时刻", cols[i], re.IGNORECASE)]
        if len(timeish) == 1:
            out[timeish[0]] = "hour"
    return out


def read_water_tables(path: Path, item_names: set[str]) -> list[WaterTable]:
    """Every water table under ``path`` (file, folder or zip); InputError when none is usable.
    Files that cannot be read are named in the error when nothing else is usable."""
    known = {norm(x) for x in item_names}
    item_cols = {norm(i) for i in _ITEM_COL}

    def header_like(cells: list[str]) -> bool:
        c = _canon_header(cells)
        return "section" in c and (any(norm(x) in known for x in c) or any(norm(x) in item_cols for x in cells))

    out: list[WaterTable] = []
    problems: list[str] = []
    for item in walk(path):
        if isinstance(item, Skipped):
            if item.data_file:
                problems.append(f"{item.name}：{item.reason}")
            continue
        try:
            raws = tables(item, header_like)
        except InputError as exc:
            problems.append(str(exc))
            continue
        for t in raws:
            if not header_like(t.headers):
                cols = [h for h in t.headers if h]
                if "section" not in _canon_header(cols) and any(norm(_canon(h)) in known for h in cols):
                    problems.append(f"{t.name}：缺少断面名称列（section/断面/断面名称/站点名称）；文件中的列：{'、'.join(cols[:12])}")
                else:
                    problems.append(f"{t.name}：没有含断面名称列和监测项目列的表头，已跳过")
                continue
            data = pa.concat_tables(list(t.read({h: pa.string() for h in t.headers if h})))
            cols = [h for h in t.headers if h]
            seen: set[str] = set()
            cols = [h for h in cols if not (h in seen or seen.add(h))]  # type: ignore[func-returns-value]
            for h in cols:
                if norm(_canon(h)) in known and _MICROGRAMS.search(h):
                    raise InputError(f"{t.name}：“{h}”列的单位是微克，GB 3838 的限值按 mg/L（毫克/升）给出；"
                                     "请把该列换算为 mg/L（除以1000）并改正表头后再导入")
            hdr = _canon_header(cols)
            arrays = [data.column(c).combine_chunks() for c in cols]
            table = WaterTable(t.name, hdr, arrays, t.header_line + 1)
            _long(table)
            if len(table):
                out.append(table)
    if not out:
        detail = "；".join(problems[:5]) if problems else "没有含断面名称（section/断面）列和监测项目列（如 溶解氧、氨氮、总磷）的表"
        raise InputError(f"{path.name}：没有可用的地表水监测数据（{detail}）")
    return out


def _long(t: WaterTable) -> None:
    """A table with an item column and a value column becomes one column per item.  A per-row
    status (数据标识 维护 …) that marks the value invalid replaces the value by the status text."""
    from ecociv.monitor._water_values import flag_kind

    items = {norm(x) for x in _ITEM_COL}
    values = {norm(x) for x in _VALUE_COL}
    hdr = t.header
    ic = next((i for i, h in enumerate(hdr) if norm(h) in items), None)
    vc = next((i for i, h in enumerate(hdr) if norm(h) in values), None)
    if ic is None or vc is None:
        return
    fc = hdr.index("flag") if "flag" in hdr else None
    keys = [i for i, h in enumerate(hdr) if h in KEYS and h != "flag"]
    out: dict[tuple[str, ...], dict[str, str]] = {}
    names: list[str] = []
    for r in t.rows:
        k = tuple(r[i] for i in keys)
        name = _UNIT.sub("", r[ic]).strip()
        if not name:
            continue
        if name not in names:
            names.append(name)
        value = r[vc]
        if fc is not None and r[fc].strip():
            kind = flag_kind(r[fc])
            if kind is None:
                t.unknown_flags.add(r[fc].strip())
            elif kind != "正常":
                value = r[fc].strip()
        out.setdefault(k, {})[name] = value
    t.header = [hdr[i] for i in keys] + names
    t.rows = [[*k, *(v.get(n, "") for n in names)] for k, v in out.items()]
    t.long_layout = True
