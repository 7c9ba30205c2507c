"""Catalogs of standard indicator systems (versioned JSON data in ``standards/catalogs/``).

A catalog lists the indicators of a system such as 国家生态文明建设示范区建设指标 with their
domain, number, unit, standard value, attribute and direction.  Plan indicators are matched to
catalog entries by name, tolerating the variants plans use (spaces, 的, （EQI）, 率/比例,
县级及以上/集中式 …), so the same indicator is recognised across plans.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from ecociv.errors import NotFoundError
from ecociv.model import Indicator, IndicatorTable, Plan, Region
from ecociv.standards._direction import infer_direction
from ecociv.standards._parse import parse
from ecociv.standards._vocab import TERRAIN_ALIASES


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    domain: str | None
    seq: str | None
    name: str
    aliases: tuple[str, ...] = ()
    unit: str | None = None
    standard: str | None = None
    attribute: str | None = None
    direction: str | None = None
    sub_indicators: tuple[CatalogEntry, ...] = ()
    catalog_id: str = ""
    #: where the indicator applies: 市/县 and, for terrain-dependent standards, the terrains
    scope: tuple[str, ...] = ()
    terrains: tuple[str, ...] = ()

    @property
    def attribute_text(self) -> str:
        return self.attribute or "未注明"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "domain": self.domain,
            "seq": self.seq,
            "name": self.name,
            "aliases": list(self.aliases),
            "unit": self.unit,
            "standard": self.standard,
            "attribute": self.attribute,
            "direction": self.direction,
            "scope": list(self.scope),
            "terrains": list(self.terrains),
        }
        if self.sub_indicators:
            d["sub_indicators"] = [s.to_dict() for s in self.sub_indicators]
        return d


@dataclass(frozen=True)
class Catalog:
    id: str
    title: str
    version: str
    level: str | None = None
    source: str | None = None
    notes: str | None = None
    entries: tuple[CatalogEntry, ...] = field(default_factory=tuple)
    document: str | None = None
    year: int | None = None
    verified: bool = False
    verification_note: str | None = None

    def citation(self) -> str:
        """``国家生态文明建设示范区建设指标（县级，修订版）（《…》2019）``, flagged when unverified."""
        doc = "".join(x for x in (self.document, f"{self.year}年" if self.year else None) if x)
        flag = "" if self.verified else "，未从官方文本核实"
        return f"{self.title}（{doc}{flag}）" if doc or flag else self.title

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "level": self.level,
            "source": self.source,
            "notes": self.notes,
            "document": self.document,
            "year": self.year,
            "verified": self.verified,
            "verification_note": self.verification_note,
            "entries": [e.to_dict() for e in self.entries],
        }


_LEVEL_SCOPE = {"县区": "县", "县级": "县", "县": "县", "市级": "市", "地市": "市", "市": "市"}


def _terrains(standard: str | None) -> tuple[str, ...]:
    e = parse(standard)
    found = [TERRAIN_ALIASES[p.label] for p in e.parts if p.label in TERRAIN_ALIASES]
    return tuple(dict.fromkeys(found))


def _entry(d: dict[str, Any], catalog_id: str, parent_id: str | None = None, k: int = 0, level: str | None = None) -> CatalogEntry:
    eid = d.get("id") or (f"{parent_id}/{k}" if parent_id else f"{catalog_id}:{d.get('seq')}")
    name = str(d["name"])
    unit = d.get("unit")
    return CatalogEntry(
        id=eid,
        domain=d.get("domain"),
        seq=d.get("seq"),
        name=name,
        aliases=tuple(d.get("aliases") or ()),
        unit=unit,
        standard=d.get("standard"),
        attribute=d.get("attribute"),
        direction=d.get("direction") or infer_direction(name, unit),
        sub_indicators=tuple(
            _entry(s, catalog_id, eid, i, level) for i, s in enumerate(d.get("sub_indicators") or ())
        ),
        catalog_id=catalog_id,
        scope=tuple(d.get("scope") or ([_LEVEL_SCOPE[level]] if level in _LEVEL_SCOPE else [])),
        terrains=_terrains(d.get("standard")),
    )


def _files() -> dict[str, Any]:
    root = resources.files("ecociv.standards") / "catalogs"
    return {p.name[: -len(".json")]: p for p in root.iterdir() if p.name.endswith(".json")}


@cache
def load_catalog(catalog_id: str) -> Catalog:
    """The catalog with this id; :class:`NotFoundError` naming the known ids otherwise."""
    files = _files()
    if catalog_id not in files:
        known = "、".join(sorted(files))
        raise NotFoundError(f"没有指标目录“{catalog_id}”，可用的目录：{known}")
    d = json.loads(files[catalog_id].read_text(encoding="utf-8"))
    cid = d.get("id") or catalog_id
    return Catalog(
        id=cid,
        title=d["title"],
        version=str(d.get("version") or ""),
        level=d.get("level"),
        source=d.get("source"),
        notes=d.get("notes") or None,
        entries=tuple(_entry(e, cid, level=d.get("level")) for e in d.get("entries") or ()),
        document=d.get("document"),
        year=int(d["year"]) if d.get("year") else None,
        verified=bool(d.get("verified", False)),
        verification_note=d.get("verification_note"),
    )


def list_catalogs() -> list[Catalog]:
    """Every catalog shipped with ecociv, by id."""
    return [load_catalog(cid) for cid in sorted(_files())]


_RE_PAREN = re.compile(r"\([^()]*\)")
_RE_HEAD = re.compile(r"[\s(:]")
_RE_ENUM = re.compile(r"\(?\d+\)|[①-⑩]")
_DROP = ("县级及以上", "县级以上", "集中式", "全市", "全县", "全区", "的", "-", "—", ":", "、", ",", "·")


@lru_cache(maxsize=8192)
def normalize_name(name: str) -> str:
    """Name key for matching: no spaces, brackets, 的, 县级及以上/集中式; 比例/占比 -> 率."""
    s = unicodedata.normalize("NFKC", name or "")
    s = re.sub(r"<[^<>]*>", "", s)
    s = "".join(s.split())
    s = _RE_ENUM.sub("", s)
    s = _RE_PAREN.sub("", s)
    for w in _DROP:
        s = s.replace(w, "")
    s = s.replace("比例", "率").replace("占比", "率").replace("比率", "率").replace("比重", "率")
    s = s.replace("实际考核", "实绩考核").replace("生态环境资金", "生态环保资金")
    return s


def _keys(e: CatalogEntry) -> list[str]:
    return [normalize_name(n) for n in (e.name, *e.aliases)]


def _all_entries(catalog_id: str | None) -> list[CatalogEntry]:
    cats = [load_catalog(catalog_id)] if catalog_id else list_catalogs()
    out: list[CatalogEntry] = []
    for c in cats:
        for e in c.entries:
            out.append(e)
            out.extend(e.sub_indicators)
    return out


def match_indicator(name: str, catalog_id: str | None = None) -> CatalogEntry | None:
    """The catalog entry this plan indicator name denotes, or None.

    Exact match of the normalised name or an alias first; otherwise the heading of a composite
    name (the longest part before a space, bracket or colon: 环境空气质量 PM2.5 浓度下降幅度 ->
    环境空气质量, 林草覆盖率 山区 丘陵地区 -> 林草覆盖率) — the name variants plans use, never
    a guess across different indicators.
    """
    key = normalize_name(name)
    if not key:
        return None
    entries = _all_entries(catalog_id)
    for e in entries:
        if normalize_name(e.name) == key:
            return e
    for e in entries:
        if key in _keys(e):
            return e
    text = unicodedata.normalize("NFKC", name).strip()
    heads = [text[: m.start()] for m in _RE_HEAD.finditer(text)]
    for head in reversed(heads):  # longest heading first
        head_key = normalize_name(head)
        if not head_key or head_key == key:
            continue
        for e in entries:
            if head_key in _keys(e):
                return e
    return None


def best_catalog(names: list[str]) -> str | None:
    """The catalog whose entries match most of these indicator names (None if none match)."""
    best: tuple[int, str] | None = None
    for c in list_catalogs():
        n = sum(1 for name in names if match_indicator(name, c.id) is not None)
        if n and (best is None or n > best[0]):
            best = (n, c.id)
    return best[1] if best else None


def link_plan(plan: Plan, catalog_id: str | None = None) -> int:
    """Set ``catalog_id`` on the plan's indicators (and sub-indicators) that match an entry.

    Each table is matched against ``catalog_id`` or, when None, the catalog that recognises
    most of its rows (a plan may tabulate a provincial and a national system).  Indicators
    that already carry a ``catalog_id`` are left alone.  Returns how many were linked.
    """
    linked = 0
    for table in plan.indicator_tables:
        cid = catalog_id or best_catalog([r.name for r in table.rows])
        if cid is None:
            continue
        for row in table.rows:
            for ind in row.walk():
                if ind.catalog_id:
                    continue
                e = match_indicator(ind.name, cid)
                if e is not None:
                    ind.catalog_id = e.id
                    linked += 1
    return linked


def _indicator(e: CatalogEntry) -> Indicator:
    return Indicator(
        name=e.name,
        domain=e.domain,
        seq=e.seq,
        unit=e.unit,
        standard=e.standard,
        attribute=e.attribute,
        direction=e.direction,
        catalog_id=e.id,
        sub_indicators=[_indicator(s) for s in e.sub_indicators],
    )


def plan_skeleton(region: str, catalog_id: str, *, title: str | None = None, terrain: str | None = None) -> Plan:
    """A new plan for ``region`` with the catalog's indicators, baselines and targets empty."""
    region = (region or "").strip()
    if not region:
        from ecociv.errors import InputError

        raise InputError("请用 --region 给出地区名称，例如“会昌县”")
    cat = load_catalog(catalog_id)
    table = IndicatorTable(
        title=f"{region}{cat.title}",
        rows=[_indicator(e) for e in cat.entries],
        columns=["领域", "序号", "指标名称", "单位", "指标值", "现状值", "目标值", "指标属性"],
        kind="system",
    )
    return Plan(
        title=title or f"{region}生态文明建设规划（草案）",
        region=region,
        kind="生态文明建设示范区规划",
        indicator_tables=[table],
        region_info=Region(name=region, level=cat.level, terrain=terrain),
    )


@lru_cache(maxsize=8192)
def catalog_citation(name: str, standard: str | None) -> str | None:
    """``依据：<catalog citation>`` when a plan indicator's standard is its catalog entry's value
    (the judgement then rests on that catalog), else None."""
    if not standard:
        return None
    e = match_indicator(name)
    if e is None or e.standard is None or parse(e.standard) != parse(standard):
        return None
    return f"依据：{load_catalog(e.catalog_id).citation()}"
