"""Parser from a 指标值 cell (standard, target or baseline text) to an :class:`Expr`.

``parse`` never raises: text it does not understand becomes ``Expr("unparsed", text=…)``
keeping the text (whitespace collapsed).  Results are cached by text.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from functools import lru_cache

from ecociv.standards._expr import SYMBOL, Expr, fmt
from ecociv.standards._vocab import (
    HIGHER_MARKERS,
    INVARIANCE_CLAUSE,
    NUM,
    OP_RE,
    OP_SYMBOL_RE,
    OP_WORDS,
    PLACEHOLDERS,
    SUFFIX_GE,
    SUFFIX_LE,
    TERRAIN_ALIASES,
    TERRAIN_RE,
    UNIT,
    VERB_EQ,
    VERB_GE,
    VERB_LE,
    VERB_RE,
    state_tokens,
    trend_tokens,
)

_CJK = r"\u4e00-\u9fff"

_LATEX = (
    (r"\Delta", "Δ"),
    (r"\triangle", "Δ"),
    (r"\geqslant", "≥"),
    (r"\leqslant", "≤"),
    (r"\geq", "≥"),
    (r"\leq", "≤"),
    (r"\ge", "≥"),
    (r"\le", "≤"),
    (r"\gt", ">"),
    (r"\lt", "<"),
    (r"\%", "%"),
    ("$", ""),
)

_RE_TAG = re.compile(r" ?<[^<>]{0,40}> ?")
_RE_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_RE_OP_SPACE = re.compile(r"(?<=[≥≤<>=]) (?=[-+\d])")
_RE_PCT_SPACE = re.compile(r"(?<=\d) (?=%)")
_RE_SLASH_SPACE = re.compile(r" ?/ ?")
_INV_END = "不(?:减少|改变|降低|下降|减小)"
_RE_INV_SEP = re.compile(rf"(?<={_INV_END})[ ,、]+(?=[{_CJK}]{{1,4}}?{_INV_END})")

_RE_COMPARE = re.compile(rf"^({OP_RE}) ?({NUM}) ?({UNIT})?(?:以上|以下|以内)?$")
_RE_PROSE = re.compile(rf"^(?:({VERB_RE}) ?)?({NUM}) ?({UNIT})? ?(及以上|以上|及以下|以下|以内)?$")
_RE_RANGE = re.compile(rf"^({NUM})(?: ?({UNIT}))?(?: ?(?:~|〜|至|到|—) ?|-)({NUM})(?: ?({UNIT}))?$")
_RE_APPROX = re.compile(rf"^({NUM}) ?({UNIT})? ?左右$")
_RE_DELTA = re.compile(rf"^[Δ△] ?([A-Za-z]{{0,10}}) ?({OP_SYMBOL_RE}) ?({NUM})$")
_RE_NOTE_PAREN = re.compile(r"^(.+?) ?\(([^()]+)\)$")
_RE_LABEL = re.compile(rf"^([{_CJK}]{{1,12}}) ?(.+)$")
_RE_INVARIANCE = re.compile(rf"^(?:{INVARIANCE_CLAUSE})+$")
_RE_CLAUSE = re.compile(INVARIANCE_CLAUSE)
# Conditions in symbols or words (综合利用率≤60%的地区, 低于0的地区); the subject prefix is lazy so
# that 不低于 is read whole, never as 不 + 低于.
_RE_COND = re.compile(rf"([{_CJK}]{{0,12}}?) ?({OP_RE}) ?({NUM}) ?(%)? ?的地区")
#: A 指标值 cell is short; longer text is prose, kept as written (and parsing stays linear).
MAX_CELL = 400
_RE_TRAILING_TERRAIN = re.compile(rf"^(.+?) ({TERRAIN_RE})$")
_RE_NONE_OF = re.compile(rf"^无[{_CJK}A-Za-z、]+$")
_TERRAIN_KINDS = frozenset({"compare", "number", "range", "approx"})


def _strip_tags(s: str) -> str:
    """``s`` without HTML tags, also one that stripping an inner tag leaves (``<<>>`` leaves ``<>``)."""
    while True:
        stripped = _RE_TAG.sub("", s)
        if stripped == s:
            return s
        s = stripped


def normalize(text: str) -> str:
    """Canonical form the grammar works on: NFKC, no HTML/LaTeX, no conversion spaces."""
    # NFKC first, so that a tag written with full-width brackets (＜上级＞) is a tag too and a
    # second normalisation finds nothing more to strip; LaTeX last (its \\lt/\\gt are bounds)
    s = _strip_tags(unicodedata.normalize("NFKC", text))
    if "\\" in s or "$" in s:
        for a, b in _LATEX:
            s = s.replace(a, b)
    s = s.replace("−", "-").replace("△", "Δ").replace("～", "~").replace("﹪", "%")
    s = " ".join(s.split())
    s = _RE_OP_SPACE.sub("", s)
    s = _RE_PCT_SPACE.sub("", s)
    if "/" in s:
        s = _RE_SLASH_SPACE.sub("/", s)
    if "不" in s:
        s = _RE_INV_SEP.sub("", s)
    return s


def _num(text: str) -> float | None:
    try:
        v = float(text.replace(",", ""))
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _numeric_atom(s: str) -> Expr | None:
    m = _RE_COMPARE.match(s)
    if m:
        v = _num(m.group(2))
        return None if v is None else Expr("compare", op=OP_WORDS[m.group(1)], value=v, unit=m.group(3))
    m = _RE_PROSE.match(s)
    if m:
        verb, v, unit, suffix = m.group(1), _num(m.group(2)), m.group(3), m.group(4)
        if v is None:
            return None
        if suffix in SUFFIX_GE or (suffix is None and verb in VERB_GE):
            return Expr("compare", op=">=", value=v, unit=unit)
        if suffix in SUFFIX_LE or (suffix is None and verb in VERB_LE):
            return Expr("compare", op="<=", value=v, unit=unit)
        if verb is None or verb in VERB_EQ:
            return Expr("number", value=v, unit=unit)
        return None
    m = _RE_APPROX.match(s)
    if m:
        v = _num(m.group(1))
        return None if v is None else Expr("approx", value=v, unit=m.group(2))
    m = _RE_RANGE.match(s)
    if m:
        lo, hi = _num(m.group(1)), _num(m.group(3))
        u1, u2 = m.group(2), m.group(4)
        if lo is None or hi is None or lo > hi or (u1 and u2 and u1 != u2) or (u1 and not u2):
            return None
        return Expr("range", value=lo, high=hi, unit=u2)
    m = _RE_DELTA.match(s)
    if m:
        v = _num(m.group(3))
        if v is None:
            return None
        return Expr("delta", op=OP_WORDS[m.group(2)], value=v, text=m.group(1) or None)
    return None


def _qualitative(s: str) -> Expr | None:
    if not s or " " in s or any(c in s for c in ";,且"):
        return None
    if _RE_INVARIANCE.match(s) and not trend_tokens(s):
        return Expr("invariance", text="，".join(_RE_CLAUSE.findall(s)))
    if state_tokens(s) is not None:
        return Expr("state", text=s)
    if trend_tokens(s) is not None:
        return Expr("trend", text=s)
    if _RE_NONE_OF.match(s):
        return Expr("state", text=s)
    if any(k in s for k in HIGHER_MARKERS) and not re.search(r"\d", s):
        op = ">=" if s.startswith(("不低于", "不少于")) else ("<=" if s.startswith(("不高于", "不超过")) else None)
        return Expr("higher", text=s, op=op)
    return None


def _atom(s: str, *, allow_label: bool = True) -> Expr | None:
    """A single item: numeric, bracketed, qualitative; with optional label and note.

    Spaces between two Chinese characters are conversion damage inside one item (性质不 改变).
    """
    if not s:
        return None
    if " " in s:
        joined = _RE_CJK_SPACE.sub("", s)
        if joined != s:
            return _atom1(joined, allow_label=allow_label) or _atom1(s, allow_label=allow_label)
    return _atom1(s, allow_label=allow_label)


def _atom1(s: str, *, allow_label: bool) -> Expr | None:
    if s.startswith("[") and s.endswith("]") and s.count("[") == 1 and s.count("]") == 1:
        inner = _cell(s[1:-1])
        if inner is None or inner.kind in ("placeholder", "cumulative"):
            return None
        return Expr("cumulative", parts=(inner,))
    e = _numeric_atom(s) or _qualitative(s)
    if e is not None:
        return e
    if s.endswith("*") and len(s) > 1:
        inner_e = _atom(s[:-1].rstrip(), allow_label=allow_label)
        if inner_e is not None and inner_e.note is None:
            return dataclasses.replace(inner_e, note="*")
        return None
    m = _RE_NOTE_PAREN.match(s)
    if m and not re.search(OP_SYMBOL_RE, m.group(2)):
        inner_e = _atom(m.group(1), allow_label=allow_label)
        if inner_e is not None and inner_e.note is None:
            note = m.group(2).strip()
            if note in TERRAIN_ALIASES and inner_e.label is None and inner_e.kind in _TERRAIN_KINDS:
                return dataclasses.replace(inner_e, label=note)  # ≥80（山区） is 山区≥80
            return dataclasses.replace(inner_e, note=note)
        return None
    if allow_label:
        m = _RE_TRAILING_TERRAIN.match(s)
        if m:
            inner_e = _numeric_atom(m.group(1))
            if inner_e is not None and inner_e.kind in ("compare", "number", "range", "approx"):
                return dataclasses.replace(inner_e, label=m.group(2))
        m = _RE_LABEL.match(s)
        # A label names a subject (山区, 县城); one that starts with 的 is the tail of a condition
        # (…60%的地区) split off by a space, not a label.
        if (
            m
            and not m.group(1).startswith((*OP_WORDS, "的"))
            and m.group(1) not in VERB_GE + VERB_LE + VERB_EQ
        ):
            inner_e = _atom(m.group(2), allow_label=False)
            if inner_e is not None and inner_e.kind in ("compare", "number", "range", "approx"):
                return dataclasses.replace(inner_e, label=m.group(1))
    return None


def _invariance_with_separators(s: str) -> Expr | None:
    joined = re.sub(r"[ ,、]", "", s)
    if joined != s and _RE_INVARIANCE.match(joined):
        clauses = _RE_CLAUSE.findall(joined)
        if len(clauses) >= 2:
            return Expr("invariance", text="，".join(clauses))
    return None


def _conditional(s: str) -> Expr | None:
    matches = list(_RE_COND.finditer(s))
    if not matches or matches[0].start() != 0:
        return None
    parts: list[Expr] = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(s)
        branch_text = s[m.end() : end].strip(" ,;")
        v = _num(m.group(3))
        if v is None or not branch_text:
            return None
        branch = _atom(branch_text, allow_label=False)
        if branch is None:
            return None
        label = f"{m.group(1)}{SYMBOL[OP_WORDS[m.group(2)]]}{fmt(v)}{m.group(4) or ''}的地区"
        parts.append(dataclasses.replace(branch, label=label))
    return Expr("conditional", parts=tuple(parts))


def _split_items(tokens: list[str]) -> list[Expr] | None:
    """Items from space-separated tokens, shortest first, re-joining conversion spaces.

    Dynamic programming over token positions (each position tried once), so a long cell of
    near-misses costs linear time, not exponential backtracking.
    """
    n = len(tokens)
    memo: dict[int, list[Expr] | None] = {n: []}
    for i in range(n - 1, -1, -1):
        memo[i] = None
        for j in range(i + 1, min(n, i + 6) + 1):
            rest = memo[j]
            if rest is None:
                continue
            e = _atom(" ".join(tokens[i:j]))
            if e is not None:
                memo[i] = [e, *rest]
                break
    return memo[0]


def condition_labels(name: str | None) -> tuple[str, ...]:
    """The “…的地区” conditions a plan wrote in an indicator's name, canonical like parsed labels."""
    if not name or "的地区" not in name:
        return ()
    out = []
    for m in _RE_COND.finditer(normalize(name)):
        v = _num(m.group(3))
        if v is not None:
            out.append(f"{m.group(1)}{SYMBOL[OP_WORDS[m.group(2)]]}{fmt(v)}{m.group(4) or ''}的地区")
    return tuple(out)


def _listing(s: str) -> Expr | None:
    tokens = s.split(" ")
    if len(tokens) < 2 or len(tokens) > 40:
        return None
    parts = _split_items(tokens)
    if parts is None or len(parts) < 2:
        return None
    return Expr("list", parts=tuple(parts))


def _split(s: str, sep: str) -> list[str] | None:
    pieces = [p.strip() for p in s.split(sep)]
    pieces = [p for p in pieces if p]
    return pieces if len(pieces) >= 2 else None


def _part(s: str) -> Expr | None:
    return _atom(s) or _conditional(s) or _listing(s)


def _cell(s: str) -> Expr | None:
    if s in PLACEHOLDERS:
        return Expr("placeholder", text=s)
    e = _atom(s) or _invariance_with_separators(s)
    if e is not None:
        return e
    if "的地区" in s:
        e = _conditional(s)
        if e is not None:
            return e
    for sep in (";", "且", ","):
        pieces = _split(s, sep)
        if pieces is None:
            continue
        parts = [_part(p) for p in pieces]
        if all(p is not None for p in parts):
            return Expr("compound", parts=tuple(p for p in parts if p is not None))
        return None
    return _listing(s)


@lru_cache(maxsize=1 << 16)
def parse(text: str | None) -> Expr:
    """Parse a cell into an :class:`Expr`; never raises (unknown text -> ``unparsed``)."""
    if text is None:
        return Expr("placeholder", text="")
    collapsed = " ".join(str(text).split())
    if len(collapsed) > MAX_CELL:
        return Expr("unparsed", text=collapsed)
    try:
        e = _cell(normalize(collapsed))
    except (ValueError, OverflowError, RecursionError):  # pragma: no cover - defensive
        e = None
    return e if e is not None else Expr("unparsed", text=collapsed)
