"""Reading surface-water section data as it arrives: CSV (UTF-8/GBK), Excel workbooks (every
sheet with a recognisable header, title rows above it allowed), Parquet; headers in Chinese with
units (``高锰酸盐指数(mg/L)``, ``水温（℃）``), a wide layout with one row per item
(``断面名称,监测时间,项目,值``) turned long.  Returns the cells as text for the classifier.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa

from ecociv.errors import InputError
from ecociv.monitor.ingest._columns import norm
from ecociv.monitor.ingest._sources import NULL_MARKERS, Skipped, tables, walk

_UNIT = re.compile(r"[\(（\[]\s*(?:mg/L|mg/l|μg/L|µg/L|ug/L|℃|°C|无量纲|个/L|MPN/L|pH)\s*[\)）\]]", re.IGNORECASE)
#: canonical header -> spellings (the classifier knows the canonical ones)
KEYS = {
    "section": ("section", "断面", "断面名称", "点位", "点位名称", "监测断面", "站点名称", "测站名称"),
    "date": ("date", "日期", "采样日期", "监测日期", "监测时间", "采样时间", "time", "时间", "年月"),
    "type": ("type", "类型", "水体类型", "断面类型", "断面属性"),
}
_ITEM_COL = ("项目", "监测项目", "指标", "item", "parameter")
_VALUE_COL = ("值", "监测值", "浓度", "结果", "value", "监测结果")


def _canon(h: str) -> str:
    h = _UNIT.sub("", str(h)).strip()
    n = norm(h)
    for key, names in KEYS.items():
        if n in {norm(x) for x in names}:
            return key
    return h


def read_water_rows(path: Path, item_names: set[str]) -> tuple[str, list[str], list[list[str]]]:
    """(label, header, rows as text) of every water table under ``path`` (file, folder or zip)."""
    known = {norm(x) for x in item_names}

    def header_like(cells: list[str]) -> bool:
        c = [_canon(x) for x in cells]
        return "section" in c and (any(norm(x) in known for x in c) or any(norm(x) in {norm(i) for i in _ITEM_COL} for x in cells))

    header: list[str] = []
    body: list[list[str]] = []
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
                continue
            data = pa.concat_tables(list(t.read({h: pa.string() for h in t.headers if h})))
            cols = [h for h in t.headers if h]
            hdr = [_canon(h) for h in cols]
            rows = [["" if v is None else str(v) for v in r.values()] for r in data.select(cols).to_pylist()]
            hdr, rows = _long(hdr, rows)
            for h in hdr:
                if h not in header:
                    header.append(h)
            pos = [header.index(h) for h in hdr]
            for r in rows:
                full = [""] * len(header)
                for i, v in zip(pos, r, strict=True):
                    full[i] = "" if v.strip() in NULL_MARKERS else v
                body.append(full)
    if not header:
        detail = "；".join(problems[:5]) if problems else "没有含断面名称（section/断面）列和监测项目列（如 溶解氧、氨氮、总磷）的表"
        raise InputError(f"{path.name}：没有可用的地表水监测数据（{detail}）")
    body = [r + [""] * (len(header) - len(r)) for r in body]
    if not body:
        raise InputError(f"{path.name}：没有数据行（只有表头）")
    return path.name, header, body


def _long(hdr: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """A table with an item column and a value column becomes one column per item."""
    items = {norm(x) for x in _ITEM_COL}
    values = {norm(x) for x in _VALUE_COL}
    ic = next((i for i, h in enumerate(hdr) if norm(h) in items), None)
    vc = next((i for i, h in enumerate(hdr) if norm(h) in values), None)
    if ic is None or vc is None:
        return hdr, rows
    keys = [i for i, h in enumerate(hdr) if h in KEYS]
    out: dict[tuple[str, ...], dict[str, str]] = {}
    names: list[str] = []
    for r in rows:
        k = tuple(r[i] for i in keys)
        name = _UNIT.sub("", r[ic]).strip()
        if name not in names:
            names.append(name)
        out.setdefault(k, {})[name] = r[vc]
    new_hdr = [hdr[i] for i in keys] + names
    return new_hdr, [[*k, *(v.get(n, "") for n in names)] for k, v in out.items()]
