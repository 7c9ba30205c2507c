"""Bulk figures: a long table of many regions' figures (region name or code, indicator, year,
value) written into the plans of those regions at once — all or nothing, in one transaction.

A region's figure goes to every stored plan of that region that has the indicator (matched by
indicator key or name); rows naming an unknown region or indicator, a bad year or value, or the
same (region, indicator, year) twice are errors and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv.errors import InputError
from ecociv.model import Finding, Indicator, Plan
from ecociv.observations._layout import expects_number, is_percent, plan_years, rows, signed_percent
from ecociv.observations._read import (
    YEARS_AFTER,
    YEARS_BEFORE,
    _cell_text,
    _number,
    _read_table,
    no_data_rows,
)

if TYPE_CHECKING:
    from ecociv.store import Store

COLUMNS = {
    "region": ("地区", "地区名称", "区域", "行政区", "行政区划", "区县", "县区", "县（市、区）", "城市", "region"),
    "code": ("地区代码", "行政区划代码", "区划代码", "地区编码", "region_code", "code"),
    "indicator": ("指标", "指标名称", "指标键", "indicator"),
    "year": ("年份", "年度", "年", "year"),
    "value": ("数值", "值", "现状值", "完成值", "value"),
    "source": ("来源", "数据来源", "填报单位", "source"),
    "note": ("说明", "备注", "note"),
}


def _norm(s: str) -> str:
    return re.sub(r"[\s/／_]", "", s or "").lower()


def _columns(header: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k, names in COLUMNS.items():
        wanted = {_norm(n) for n in names}
        for i, h in enumerate(header):
            if _norm(h) in wanted:
                out[k] = i
                break
    return out


def _looks_regional(header: list[str]) -> bool:
    c = _columns(header)
    return ("region" in c or "code" in c) and {"indicator", "year", "value"} <= set(c)


def _table(path: Path) -> tuple[str | None, list[list[Any]]]:
    return _read_table(path, lambda r: _looks_regional([_cell_text(c) for c in r]), "“地区（或地区代码）、指标、年份、数值”")


def is_region_table(path: Path) -> bool:
    """Whether ``path`` is a long table of regions' figures (地区, 指标, 年份, 数值)."""
    if not path.is_file():
        return False
    try:
        _, table = _table(path)
    except InputError:
        return False
    return any(_looks_regional([_cell_text(c) for c in r]) for r in table[:10])


@dataclass
class RegionImportReport:
    file: str
    rows_read: int
    regions: int
    plans: int
    written: int
    errors: list[Finding] = field(default_factory=list)


@dataclass
class _Target:
    plan_id: int
    plan: Plan
    keys: dict[str, list[str]]  # normalised indicator name or key -> keys
    inds: dict[str, Indicator]  # key -> indicator


def import_region_table(store: Store, path: str | Path, *, user: str | None = None, source: str | None = None) -> RegionImportReport:
    """Validate every row, then write all figures in one transaction (InputError listing errors)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到文件：{p}")
    sheet, table = _table(p)
    hi = next((i for i, r in enumerate(table[:10]) if _looks_regional([_cell_text(c) for c in r])), None)
    if hi is None:
        raise InputError(f"{p.name}：前10行中找不到“地区（或地区代码）、指标、年份、数值”表头")
    col = _columns([_cell_text(c) for c in table[hi]])
    by_region: dict[str, list[tuple[int, str]]] = {}
    for s in store.list_plans():
        by_region.setdefault(_norm(s.region), []).append((s.id, s.region))
    codes = store.region_codes()
    targets: dict[int, _Target] = {}

    def plans_of(region: str) -> list[_Target]:
        found = by_region.get(_norm(region), [])
        out = []
        for pid, _ in found:
            if pid not in targets:
                plan = store.get_plan(pid)
                keys: dict[str, list[str]] = {}
                inds: dict[str, Indicator] = {}
                for k, ind, name, _top in rows(plan):
                    inds[k] = ind
                    for n in {_norm(k), _norm(name), _norm(ind.name)}:
                        keys.setdefault(n, []).append(k)
                targets[pid] = _Target(pid, plan, keys, inds)
            out.append(targets[pid])
        return out

    errors: list[Finding] = []
    seen: dict[tuple[str, str, int], int] = {}
    writes: list[tuple[int, str, int, float | None, str | None, str | None, str | None]] = []
    n_rows = 0
    regions_used: set[str] = set()

    def err(slug: str, msg: str, row: int, key: str) -> None:
        letter = chr(ord("A") + col[key]) if key in col and col[key] < 26 else None
        errors.append(Finding(slug, msg, "error", file=p.name, sheet=sheet, row=row, column=letter))

    for r, raw in enumerate(table[hi + 1 :], start=hi + 2):
        cells = [_cell_text(c) for c in raw]
        cells += [""] * (max(col.values()) + 1 - len(cells))
        if not any(cells):
            continue
        n_rows += 1
        region = cells[col["region"]] if "region" in col else ""
        code = cells[col["code"]] if "code" in col else ""
        if code and not region:
            region = codes.get(code, "")
            if not region:
                err("unknown-region", f"没有行政区划代码为“{code}”的地区", r, "code")
                continue
        if not region:
            err("unknown-region", "本行没有地区", r, "region")
            continue
        plans = plans_of(region)
        if not plans:
            err("unknown-region", f"地区“{region}”没有已存入的规划", r, "region")
            continue
        name = cells[col["indicator"]]
        year_text = cells[col["year"]].removesuffix("年")
        if not re.fullmatch(r"\d{4}", year_text):
            err("bad-year", f"年份“{cells[col['year']]}”应为四位年份", r, "year")
            continue
        year = int(year_text)
        dup = (_norm(region), _norm(name), year)
        if dup in seen:
            err("duplicate-row", f"{region}“{name}”{year}年与第{seen[dup]}行重复", r, "indicator")
            continue
        seen[dup] = r
        text = cells[col["value"]]
        matched = 0
        for t in plans:
            keys = t.keys.get(_norm(name), [])
            if len(keys) > 1:
                err("ambiguous-indicator", f"指标“{name}”在规划“{t.plan.title}”中出现{len(keys)}次，请写指标键", r, "indicator")
                matched += 1
                continue
            if not keys:
                continue
            matched += 1
            ind = t.inds[keys[0]]
            first, last = plan_years(t.plan)
            if not first - YEARS_BEFORE <= year <= last + YEARS_AFTER:
                err("year-out-of-range", f"{year}年超出规划“{t.plan.title}”的年份范围过远", r, "year")
                continue
            number = _number(raw[col["value"]])
            if expects_number(ind):
                if number is None or number != number or number in (float("inf"), float("-inf")):
                    err("not-a-number", f"{region}“{ind.name}”{year}年应为数值，却是“{text}”", r, "value")
                    continue
                if is_percent(ind) and not (-100.0 if signed_percent(ind) else 0.0) <= number <= 100.0:
                    err("percent-out-of-range", f"{region}“{ind.name}”为百分比，{year}年的值{text}超出范围", r, "value")
                    continue
                writes.append((t.plan_id, keys[0], year, number, None, cells[col["source"]] if "source" in col else None, cells[col["note"]] if "note" in col else None))
            else:
                writes.append((t.plan_id, keys[0], year, number, text, cells[col["source"]] if "source" in col else None, cells[col["note"]] if "note" in col else None))
        if not matched:
            err("unknown-indicator", f"地区“{region}”的规划中没有指标“{name}”", r, "indicator")
            continue
        regions_used.add(region)
    if n_rows == 0:
        raise no_data_rows(p.name, sheet, hi + 1)
    if errors:
        raise InputError(f"{p.name}：{len({e.row for e in errors})}行有错误，未写入任何数据（改正后重新导入）", findings=errors)
    ids = {pid: store.indicator_ids(pid) for pid in {w[0] for w in writes}}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    written = store.bulk_insert_observations(
        {"indicator_id": ids[pid][key], "year": year, "value": value, "text": text, "source": src or source, "note": note or None, "recorded_by": user, "recorded_at": now}
        for pid, key, year, value, text, src, note in writes
    ) if writes else 0
    return RegionImportReport(p.name, n_rows, len(regions_used), len({w[0] for w in writes}), written)
