"""Departments (责任单位): names normalised through an alias table, placeholders, suggestions.

The table ships with defaults (``tracking/data/unit_aliases.json``); users' own entries live in
the database (:mod:`ecociv.tracking._units_store`) and win over the defaults.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ecociv.model import Unit

__all__ = ["AliasSuggestion", "AliasTable", "default_alias_table", "suggest_aliases"]


def _load_defaults() -> dict[str, Any]:
    text = resources.files("ecociv.tracking").joinpath("data/unit_aliases.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", name).strip("，,、；;。")


@dataclass
class AliasTable:
    """alias -> standard name, and which names are placeholders (区有关单位, 各乡镇 …)."""

    aliases: dict[str, str] = field(default_factory=dict)
    placeholders: set[str] = field(default_factory=set)
    placeholder_patterns: list[str] = field(default_factory=list)
    #: aliases that came from the user (database), as opposed to the shipped defaults
    user_aliases: set[str] = field(default_factory=set)

    def canonical(self, name: str) -> str:
        """The standard name of ``name`` (itself when it has no alias); follows short chains."""
        n = _clean(name)
        seen: set[str] = set()
        while n in self.aliases and n not in seen:
            seen.add(n)
            n = self.aliases[n]
        return n

    def is_placeholder(self, name: str) -> bool:
        """Whether ``name`` stands for unnamed units (区有关单位, 各乡镇 …), not one department."""
        n = _clean(name)
        return n in self.placeholders or any(re.search(p, n) for p in self.placeholder_patterns)

    def normalize(self, names: Iterable[str]) -> list[str]:
        """Standard names in the given order, duplicates after normalisation dropped."""
        out: list[str] = []
        for name in names:
            c = self.canonical(name)
            if c and c not in out:
                out.append(c)
        return out

    def units(self, names: Iterable[str]) -> list[Unit]:
        """The distinct departments behind ``names`` with the aliases they were written as."""
        found: dict[str, Unit] = {}
        for name in names:
            c = self.canonical(name)
            unit = found.setdefault(c, Unit(name=c, placeholder=self.is_placeholder(c)))
            n = _clean(name)
            if n != c and n not in unit.aliases:
                unit.aliases.append(n)
        return list(found.values())

    def with_entries(self, entries: Mapping[str, str], *, user: bool = True) -> AliasTable:
        """A copy with ``entries`` (alias -> standard name) added; they override existing ones."""
        aliases = dict(self.aliases)
        for a, c in entries.items():
            aliases[_clean(a)] = _clean(c)
        return AliasTable(
            aliases=aliases,
            placeholders=set(self.placeholders),
            placeholder_patterns=list(self.placeholder_patterns),
            user_aliases=self.user_aliases | ({_clean(a) for a in entries} if user else set()),
        )


def default_alias_table() -> AliasTable:
    """The alias table shipped with ecociv."""
    data = _load_defaults()
    return AliasTable(
        aliases={_clean(a): _clean(c) for a, c in data.get("aliases", {}).items()},
        placeholders={_clean(p) for p in data.get("placeholders", [])},
        placeholder_patterns=list(data.get("placeholder_patterns", [])),
    )


#: Full wording -> short wording, applied in order to compare two names.
_REDUCTIONS: tuple[tuple[str, str], ...] = (
    (r"发展和改革委员会|发展改革委员会|发展和改革委|发改委", "发展改革委"),
    (r"监督管理", "监管"),
    (r"经济发展", "经发"),
    (r"卫生健康委员会|卫生健康委", "卫健委"),
    (r"工业和信息化", "工信"),
    (r"住房和城乡建设", "住建"),
    (r"人力资源和社会保障", "人社"),
    (r"城市管理", "城管"),
    (r"委员会$", "委"),
    (r"人民政府$", "政府"),
    (r"管理中心$", "管理局"),
    (r"分局$", "局"),
    (r"^[\u4e00-\u9fff]{2,3}(?=高新区|经开区|开发区)", ""),
)


def _reduced(name: str) -> str:
    s = _clean(name)
    for pattern, repl in _REDUCTIONS:
        s = re.sub(pattern, repl, s)
    return s


@dataclass
class AliasSuggestion:
    """Two names that likely denote one department; ``alias`` would map to ``canonical``."""

    alias: str
    canonical: str
    reason: str
    count_alias: int = 0
    count_canonical: int = 0


def suggest_aliases(names: Iterable[str], table: AliasTable) -> list[AliasSuggestion]:
    """Likely aliases among ``names`` (as written in plans) that ``table`` does not join yet.

    Two names are proposed as one department when they agree after the usual abbreviations
    (监督管理 -> 监管, 经济发展 -> 经发, 分局 -> 局, 管理中心 -> 管理局, a city prefix before
    高新区 …).  The more frequent (then the longer) name is proposed as the standard one.
    """
    counts = Counter(table.canonical(n) for n in names if _clean(n))
    groups: dict[str, list[str]] = {}
    for name in counts:
        if table.is_placeholder(name):
            continue
        groups.setdefault(_reduced(name), []).append(name)
    out: list[AliasSuggestion] = []
    for key, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        members.sort(key=lambda n: (-counts[n], -len(n), n))
        head = members[0]
        for other in members[1:]:
            out.append(
                AliasSuggestion(
                    alias=other,
                    canonical=head,
                    reason=f"简称规则归并后相同（{key}）",
                    count_alias=counts[other],
                    count_canonical=counts[head],
                )
            )
    return out
