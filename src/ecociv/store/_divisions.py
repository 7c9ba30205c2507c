"""The official list of China's administrative divisions (province → city → county) with their
GB/T 2260 codes, from the data file ``data/divisions.json`` (its source and date are in the file).

>>> find("会昌县")[0].code
'360733'
>>> [d.name for d in path("360733")]
['江西省', '赣州市', '会昌县']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "divisions.json"
_SUFFIX = re.compile(r"(省|市|自治区|自治州|特别行政区|地区|盟|县|区|旗)$")


@dataclass(frozen=True)
class Division:
    code: str  # six digits
    name: str
    parent: str | None  # code of the parent division

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "省"
        if self.code.endswith("00"):
            return "市"
        return "县区"


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, Division], str]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    found = {c: Division(c, n, p) for c, n, p in raw["divisions"]}
    return found, str(raw["source"])


def source() -> str:
    """Where the list comes from, and its date."""
    return _load()[1]


def by_code(code: str | None) -> Division | None:
    if not code:
        return None
    return _load()[0].get(code.strip()[:6].ljust(6, "0"))


def short(name: str) -> str:
    """The name without its administrative suffix (赣州市 → 赣州, 会昌县 → 会昌), for matching."""
    stripped = _SUFFIX.sub("", name.strip())
    return stripped if len(stripped) >= 2 else name.strip()


def find(name: str, parent: str | None = None) -> list[Division]:
    """Divisions named ``name`` (exactly, else by the name without its suffix), optionally under the
    parent (a name or a code) — several counties share a name across provinces."""
    name = name.strip()
    every = _load()[0].values()
    hits = [d for d in every if d.name == name] or [d for d in every if short(d.name) == short(name)]
    if parent:
        up = by_code(parent) if parent.strip().isdigit() else None
        keep = [d for d in hits if any((up and a.code == up.code) or a.name == parent.strip() or short(a.name) == short(parent)
                                       for a in path(d.code)[:-1])]
        hits = keep
    return hits


def path(code: str) -> list[Division]:
    """From the province down to the division itself."""
    out: list[Division] = []
    d = by_code(code)
    while d is not None:
        out.insert(0, d)
        d = by_code(d.parent) if d.parent else None
    return out


def children(code: str) -> list[Division]:
    """Divisions directly under ``code``; for a municipality's city level (市辖区) its districts."""
    every = _load()[0].values()
    direct = [d for d in every if d.parent == code]
    if len(direct) == 1 and direct[0].name in ("市辖区", "县"):
        return children(direct[0].code)
    return sorted(direct, key=lambda d: d.code)


def descendants(parent: str) -> list[Division]:
    """Every division under ``parent`` (a name or a code; empty when it is not one division)."""
    hits = [d] if parent.strip().isdigit() and (d := by_code(parent)) else find(parent)
    if len(hits) != 1:
        return []
    out: list[Division] = []
    todo = children(hits[0].code)
    while todo:
        d = todo.pop()
        out.append(d)
        todo.extend(children(d.code))
    return out


def provinces() -> list[Division]:
    return sorted((d for d in _load()[0].values() if d.parent is None), key=lambda d: d.code)


def describe(hits: list[Division]) -> str:
    """E.g. “北京市 市辖区 朝阳区（110105）、吉林省 长春市 朝阳区（220104）”."""
    return "、".join(" ".join(x.name for x in path(h.code)) + f"（{h.code}）" for h in hits)


def resolve(text: str) -> Division | None:
    """The division a user means by a name or a code: None when the list has no such region; an
    InputError naming the candidates (with codes) when the name is shared by several."""
    from ecociv.errors import InputError

    text = (text or "").strip()
    if text.isdigit():
        d = by_code(text)
        if d is None:
            raise InputError(f"行政区划代码“{text}”不在官方代码表中（{source()}）")
        return d
    hits = find(text)
    if len(hits) > 1:
        raise InputError(f"地区名称“{text}”对应多个行政区划：{describe(hits)}；请改用行政区划代码指定")
    return hits[0] if hits else None
