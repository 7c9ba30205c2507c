"""Multi-value cells: one table row that holds several sub-indicators.

The name cell names the sub-items — ``农业废弃物综合利用率 (1) 秸秆综合利用率 (2) 畜禽粪污综合利用率``,
``森林覆盖率 山区 丘陵区 平原地区`` — and value cells hold one value per sub-item (``≥90 ≥85``).
The parent keeps every cell as written; sub-indicators get their own split values.
"""

from __future__ import annotations

import re

from ecociv.model import TERRAINS, Baseline, Indicator

__all__ = ["explode", "split_sub_names", "split_values"]

_MARKER = re.compile(r"\s*[(（]\s*\d{1,2}\s*[)）]\s*|\s*[①②③④⑤⑥⑦⑧⑨]\s*")
_COMPARATOR = re.compile(r"^[≥≤><=＞＜≧≦]+$")
_VALUE = re.compile(
    r"^[≥≤><=＞＜≧≦~～±]*\s*-?\d+(?:\.\d+)?\s*(?:[%％‰]|[A-Za-z/³μ]{1,8}\d?|[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,3})?)?$"
)
_WORD = re.compile(r"^[\u4e00-\u9fff]{1,10}$|^[—–\-]{1,2}$|^[%％‰/]$|^[\u4e00-\u9fffA-Za-z]{1,4}/ ?[\u4e00-\u9fffA-Za-z]{1,4}$")
_TERRAIN_WORDS = (*TERRAINS, "丘陵地区", "平原区", "山地")


def _merge_tokens(tokens: list[str], *, names: bool = False) -> list[str]:
    """Join tokens that belong together: a lone comparator with its neighbours, a token ending
    with 、/ / or made of Latin letters and digits only (``PM2.5 浓度``) with the next one."""
    out: list[str] = []
    glue_next = False
    for tok in tokens:
        lone = bool(_COMPARATOR.match(tok)) and bool(out) and (names or not (_VALUE.match(out[-1]) or _WORD.match(out[-1])))
        if (glue_next and out) or lone:
            out[-1] = f"{out[-1]} {tok}"
        else:
            out.append(tok)
        glue_next = bool(
            _COMPARATOR.match(tok)
            or tok.endswith(("、", "/", "，", "及", "和"))
            or (names and re.fullmatch(r"[A-Za-z0-9.]+", tok))
        )
    return out


def split_sub_names(name: str) -> tuple[str, list[str]]:
    """The head and the sub-item names a name cell lists (empty list when it lists none)."""
    parts = [p.strip() for p in _MARKER.split(name)]
    if len(parts) >= 3:
        return parts[0], [p for p in parts[1:] if p]
    colon = re.search(r"[:：]", name)
    if colon:
        subs = _merge_tokens(name[colon.end() :].split(), names=True)
        if len(subs) >= 2:
            return name[: colon.start()].strip(), subs
    tokens = name.split()
    terr = [k for k, t in enumerate(tokens) if t in _TERRAIN_WORDS]
    if len(terr) >= 2:
        return " ".join(tokens[: terr[0]]), [tokens[k] for k in terr]
    merged = _merge_tokens(tokens, names=True)
    if len(merged) >= 3:
        return merged[0], merged[1:]
    return name, []


def split_values(text: str | None) -> list[str]:
    """The items of a value cell: ``≥90 ≥85`` -> two items; prose stays one item."""
    if not text:
        return []
    parts = [p.strip() for p in re.split(r"[；;]", text) if p.strip()]
    if len(parts) >= 2:
        return parts
    tokens = _merge_tokens(text.split())
    if len(tokens) >= 2 and all(_VALUE.match(t) or _WORD.match(t) for t in tokens):
        return tokens
    return [text]


def _labelled(text: str | None, subs: list[str]) -> dict[int, str]:
    """Values named by a sub-item label in the cell: ``丘陵区 80.87`` or ``80.87 丘陵地区``."""
    if not text:
        return {}
    tokens = text.split()
    out: dict[int, str] = {}
    for k, tok in enumerate(tokens):
        for s, sub in enumerate(subs):
            if tok == sub or (len(tok) >= 2 and (tok in sub or sub in tok) and not _VALUE.match(tok)):
                if k + 1 < len(tokens) and _VALUE.match(tokens[k + 1]):
                    out[s] = tokens[k + 1]
                elif k > 0 and _VALUE.match(tokens[k - 1]):
                    out[s] = tokens[k - 1]
    return out


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _items(text: str | None, others: list[str | None]) -> list[str]:
    """Items of ``text``; a cell that equals one item of another cell, wrapped, stays whole
    (``保持稳定或持续 改善`` next to ``≥ 2 保持稳定或持续改善``)."""
    items = split_values(text)
    if len(items) >= 2 and text:
        whole = _compact(text)
        for o in others:
            if o is not None and o != text and whole in {_compact(x) for x in split_values(o)}:
                return [text]
    return items


def _pick(text: str | None, subs: list[str], k: int, others: list[str | None] | None = None) -> str | None:
    items = _items(text, others or [])
    if len(items) == len(subs):
        return items[k]
    lab = _labelled(text, subs)
    if lab:
        return lab.get(k)
    if len(items) == 1:
        return items[0]
    return None


def explode(ind: Indicator) -> bool:
    """Create ``ind.sub_indicators`` from a multi-value row; True when it did.

    Sub-indicators are created only when the name cell names at least two sub-items and at
    least one value cell (standard, baseline or a target) holds exactly that many items or
    labels its values with the sub-item names.
    """
    if ind.sub_indicators:
        return False
    _, subs = split_sub_names(ind.name)
    if len(subs) < 2:
        return False
    texts = [ind.standard, ind.baseline.value if ind.baseline else None, *ind.targets.values(), *ind.actual.values()]
    if not any(len(_items(t, texts)) == len(subs) or _labelled(t, subs) for t in texts):
        return False
    for k, sub in enumerate(subs):
        ind.sub_indicators.append(
            Indicator(
                name=sub,
                domain=ind.domain,
                unit=_pick(ind.unit, subs, k),
                standard=_pick(ind.standard, subs, k, texts),
                baseline=(
                    Baseline(ind.baseline.year, _pick(ind.baseline.value, subs, k, texts)) if ind.baseline else None
                ),
                status=_pick(ind.status, subs, k),
                targets={y: _pick(v, subs, k, texts) for y, v in ind.targets.items()},
                actual={y: _pick(v, subs, k, texts) for y, v in ind.actual.items()},
                attribute=_pick(ind.attribute, subs, k),
                source_line=ind.source_line,
            )
        )
    return True
