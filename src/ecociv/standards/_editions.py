"""Standard editions as data: one JSON file per edition (``standards/editions/*.json``).

Each file names the standard's number, title, publisher, publication and in-force dates and
carries every limit or breakpoint with the table it came from.  A user adds an edition by
dropping a file of the same format into ``$ECOCIV_HOME/editions/`` (or pointing
``$ECOCIV_EDITIONS`` at a folder); every file is validated before use, with Chinese errors
naming the file and the field.

The edition in force on a date is the newest edition of the family whose ``in_force`` date is
on or before it; GB 3095—2026 additionally has phases (过渡阶段 to 2030-12-31, then 最终阶段).
"""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ecociv.errors import InputError

FORMAT = "ecociv.edition/1"
KINDS = {"aqi": "空气质量指数（AQI）", "air_limits": "环境空气质量浓度限值", "air_evaluation": "环境空气质量评价", "water": "地表水环境质量"}
#: The straddle rules for a calendar year in which a new edition comes into force.
STRADDLE_RULES = {
    "split": "按日期分段：每一天按当天施行的版本计算 AQI，年均值按年末施行的版本判定",
    "end": "整年按年末（12月31日）施行的版本",
    "start": "整年按年初（1月1日）施行的版本",
}
DEFAULT_STRADDLE = "split"
_REQUIRED = ("id", "kind", "family", "title", "publisher", "published", "in_force", "source")


@dataclass(frozen=True)
class Phase:
    name: str
    start: date
    end: date | None
    table: str
    data: dict[str, Any]


@dataclass(frozen=True)
class Edition:
    id: str
    kind: str
    family: str
    title: str
    publisher: str
    published: date
    in_force: date
    source: str
    verified: bool
    data: dict[str, Any]
    file: str
    builtin: bool
    phases: tuple[Phase, ...] = ()

    def phase_on(self, day: date) -> Phase | None:
        for p in self.phases:
            if p.start <= day and (p.end is None or day <= p.end):
                return p
        return self.phases[-1] if self.phases and day >= self.phases[-1].start else (self.phases[0] if self.phases else None)

    def label(self, day: date | None = None) -> str:
        """``GB 3095—2026（过渡阶段）`` for a phased edition on ``day``, else the number."""
        p = self.phase_on(day) if day is not None else None
        return f"{self.id}（{p.name}）" if p is not None and p.name else self.id

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "family": self.family,
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published.isoformat(),
            "in_force": self.in_force.isoformat(),
            "source": self.source,
            "verified": self.verified,
            "builtin": self.builtin,
            "file": self.file,
        }
        if self.phases:
            d["phases"] = [
                {"name": p.name, "from": p.start.isoformat(), "to": p.end.isoformat() if p.end else None, "table": p.table}
                for p in self.phases
            ]
        return d


def _date(v: Any, where: str) -> date:
    if not isinstance(v, str):
        raise InputError(f"{where} 应为日期文本（如 2026-03-01）")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise InputError(f"{where}“{v}”不是有效日期，应为 YYYY-MM-DD") from None


def _numbers(v: Any, where: str, *, increasing: bool = False) -> list[float]:
    if not isinstance(v, list) or not v or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
        raise InputError(f"{where} 应为数值列表")
    if increasing and any(b <= a for a, b in itertools.pairwise(v)):
        raise InputError(f"{where} 应严格递增，实际为 {v}")
    return [float(x) for x in v]


def _limits(block: Any, where: str) -> None:
    if not isinstance(block, dict) or "annual" not in block or "daily" not in block:
        raise InputError(f"{where} 应包含 annual（年平均）和 daily（日平均）限值")
    for period, vals in block.items():
        if not isinstance(vals, dict):
            raise InputError(f"{where}.{period} 应为 {{污染物: 限值}}")
        for k, x in vals.items():
            if isinstance(x, bool) or not isinstance(x, (int, float)) or x <= 0:
                raise InputError(f"{where}.{period}.{k} 应为正数，实际为 {x!r}")


def _check_kind(d: dict[str, Any], where: str) -> tuple[Phase, ...]:
    kind = d["kind"]
    if kind == "aqi":
        iaqi = _numbers(d.get("iaqi"), f"{where} 字段 iaqi", increasing=True)
        bps = d.get("breakpoints")
        if not isinstance(bps, dict) or not bps:
            raise InputError(f"{where} 缺少 breakpoints（各项目浓度限值）")
        for k, v in bps.items():
            vals = _numbers(v, f"{where} 字段 breakpoints.{k}", increasing=True)
            if len(vals) > len(iaqi):
                raise InputError(f"{where} 字段 breakpoints.{k} 有 {len(vals)} 个值，多于 iaqi 的 {len(iaqi)} 个")
        for key in d.get("daily_items", []):
            if key not in bps:
                raise InputError(f"{where} 字段 daily_items 中的 {key} 不在 breakpoints 中")
        levels = d.get("levels")
        if not isinstance(levels, list) or not levels or not all(isinstance(x, dict) and "level" in x and "category" in x for x in levels):
            raise InputError(f"{where} 字段 levels 应为 [{{max, level, category}}…]")
        return ()
    if kind == "air_limits":
        phases = d.get("phases")
        if not isinstance(phases, list) or not phases:
            raise InputError(f"{where} 缺少 phases（各阶段的限值）")
        out = []
        for i, p in enumerate(phases, 1):
            pw = f"{where} 第{i}个阶段"
            if not isinstance(p, dict):
                raise InputError(f"{pw} 应为对象")
            _limits(p.get("grade2"), f"{pw} grade2")
            if not p.get("table"):
                raise InputError(f"{pw} 缺少 table（限值出自哪张表）")
            end = p.get("to")
            out.append(Phase(str(p.get("name") or ""), _date(p.get("from"), f"{pw} from"), _date(end, f"{pw} to") if end else None, str(p["table"]), p))
        return tuple(out)
    if kind == "water":
        items = d.get("items")
        if not isinstance(items, dict) or not items:
            raise InputError(f"{where} 缺少 items（各项目的分类限值）")
        for k, it in items.items():
            if "limits" in it:
                _numbers(it["limits"], f"{where} 字段 items.{k}.limits")
        return ()
    for key in ("min_days_year", "min_days_month", "min_hours_daily_mean"):
        if not isinstance(d.get(key), int):
            raise InputError(f"{where} 字段 {key} 应为整数")
    return ()


def parse_edition(d: Any, file: str, *, builtin: bool = False) -> Edition:
    """Validate one edition document; :class:`InputError` in Chinese naming file and field."""
    where = f"标准版本文件 {file}"
    if not isinstance(d, dict):
        raise InputError(f"{where} 应为 JSON 对象")
    if d.get("format") != FORMAT:
        raise InputError(f"{where} 字段 format 应为“{FORMAT}”，实际为“{d.get('format')}”")
    for key in _REQUIRED:
        if not isinstance(d.get(key), str) or not d[key].strip():
            raise InputError(f"{where} 缺少字段 {key}（应为文本）")
    if d["kind"] not in KINDS:
        raise InputError(f"{where} 字段 kind“{d['kind']}”无效，应为 {'、'.join(KINDS)} 之一")
    published = _date(d["published"], f"{where} 字段 published")
    in_force = _date(d["in_force"], f"{where} 字段 in_force")
    if in_force < published:
        raise InputError(f"{where} 实施日期 {in_force} 早于发布日期 {published}")
    phases = _check_kind(d, where)
    return Edition(
        id=d["id"], kind=d["kind"], family=d["family"], title=d["title"], publisher=d["publisher"],
        published=published, in_force=in_force, source=d["source"], verified=bool(d.get("verified", False)),
        data=d, file=file, builtin=builtin, phases=phases,
    )


def load_edition_file(path: Path) -> Edition:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"无法读取标准版本文件 {path}：{exc.strerror or exc}") from None
    try:
        d = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"标准版本文件 {path} 第{exc.lineno}行第{exc.colno}列：不是有效的 JSON") from None
    return parse_edition(d, str(path))


def user_edition_dir() -> Path:
    if os.environ.get("ECOCIV_EDITIONS"):
        return Path(os.environ["ECOCIV_EDITIONS"])
    home = Path(os.environ.get("ECOCIV_HOME") or Path.home() / ".local" / "share" / "ecociv")
    return home / "editions"


@cache
def _builtin() -> tuple[Edition, ...]:
    folder = resources.files("ecociv.standards").joinpath("editions")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".json"):
            out.append(parse_edition(json.loads(entry.read_text(encoding="utf-8")), f"editions/{entry.name}", builtin=True))
    return tuple(out)


def _user(folder: Path) -> tuple[Edition, ...]:
    if not folder.is_dir():
        return ()
    return tuple(load_edition_file(p) for p in sorted(folder.glob("*.json")))


def editions() -> list[Edition]:
    """Every edition: shipped ones, then the user's (a user file with a shipped id replaces it)."""
    by_id = {e.id: e for e in _builtin()}
    for e in _user(user_edition_dir()):
        by_id[e.id] = e
    return sorted(by_id.values(), key=lambda e: (e.family, e.in_force))


def _canon(text: str) -> str:
    return text.replace(" ", "").replace("—", "-").replace("－", "-").replace("–", "-").upper()


def find_edition(name: str, kind: str | None = None) -> Edition:
    """An edition by its number (``GB 3095—2026``, ``GB3095-2026``) or, with ``kind``, by year."""
    want = _canon(name)
    for e in editions():
        if (kind is None or e.kind == kind) and (_canon(e.id) == want or (kind is not None and _canon(e.id).endswith("-" + want))):
            return e
    known = "、".join(e.id for e in editions() if kind is None or e.kind == kind)
    raise InputError(f"没有标准版本“{name}”；可用的版本：{known}（ecociv standards list 查看）")


def in_force(kind: str, day: date) -> Edition | None:
    """The edition of ``kind`` in force on ``day`` (the newest whose in-force date has come)."""
    found = [e for e in editions() if e.kind == kind and e.in_force <= day]
    return max(found, key=lambda e: e.in_force) if found else None


def for_year(kind: str, year: int, straddle: str = DEFAULT_STRADDLE) -> Edition | None:
    """The edition a whole calendar year is judged by: in force at year end (``split``/``end``)
    or at year start (``start``)."""
    if straddle not in STRADDLE_RULES:
        raise InputError(f"跨版本年度的处理规则“{straddle}”无效，应为 {'、'.join(STRADDLE_RULES)} 之一")
    day = date(year, 1, 1) if straddle == "start" else date(year, 12, 31)
    return in_force(kind, day) or earliest(kind)


def earliest(kind: str) -> Edition | None:
    found = [e for e in editions() if e.kind == kind]
    return min(found, key=lambda e: e.in_force) if found else None


def changes_in(kind: str, year: int) -> list[Edition]:
    """Editions of ``kind`` that come into force inside ``year`` after 1 January (a straddled year)."""
    return [e for e in editions() if e.kind == kind and e.in_force.year == year and (e.in_force.month, e.in_force.day) != (1, 1)]
