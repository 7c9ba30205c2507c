"""Responsibility clauses: 〔责任单位：…〕 and its variants, and the units they name.

Recognised: any of 〔〕 【】 [] ［］ （） () around ``责任单位：`` / ``牵头单位：`` / ``责任部门：`` …,
closed by any closing bracket (converted documents mix them: ``〔责任单位：区生态环境局]``),
with brackets nested inside unit names (``各县（市、区）人民政府``).  ``牵头单位：甲；配合单位：乙、丙``
puts 甲 first; a ``完成时限：…`` part is no unit (:func:`clause_deadline` reads it).  Also ``（甲牵头，乙、丙配合）`` in any of those brackets (``〔甲牵头，乙参与〕``, with a deadline:
``〔甲牵头，乙配合；2025年底前完成〕``), ``〔甲、乙按职责分工负责〕``, and label lines of their own (``责任单位：甲``,
``牵头单位：甲`` then ``配合单位：乙``), which :mod:`.tasks` turns into one clause.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["DEADLINE_LINE", "LABEL_LINE", "Clause", "clause_deadline", "find_clauses", "is_placeholder_name", "parse_unit_clause"]

#: The department table of :mod:`ecociv.tracking` (read by path: the importers stay free of the
#: store that package uses).
_UNIT_TABLE = Path(__file__).resolve().parents[1] / "tracking" / "data" / "unit_aliases.json"

_OPEN = "〔【[［（("
_CLOSE = "〕】]］）)"
_KEYWORD = re.compile(
    r"([〔【\[［（(])\s*(责\s*任\s*单\s*位|牵\s*头\s*单\s*位|责\s*任\s*部\s*门|牵\s*头\s*部\s*门|主\s*责\s*单\s*位)\s*[：:]"
)
_LABEL = re.compile(
    r"^\s*(责任单位|牵头单位|配合单位|协办单位|参与单位|责任部门|牵头部门|配合部门|主责单位)\s*[：:]\s*"
)
#: Where a clause's parts meet: ``；``, or a comma or blanks before the next label (``牵头单位：甲，配合单位：乙``).
_PARTS = re.compile(
    r"[；;]|(?:[，,。]|\s+)(?=\s*(?:(?:责任|牵头|配合|协办|参与|主责)(?:单位|部门)|完成时限|完成时间|完成期限|时间节点|时限)\s*[：:])"
)
#: A part that says by when, not who: ``完成时限：2027年底前`` inside the clause.
_DEADLINE_PART = re.compile(r"^\s*(?:完成时限|完成时间|完成期限|时间节点|时限)\s*[：:]\s*")
#: ``完成时限：…`` on a line of its own (under a 责任单位：… line, whose clause it closes).
DEADLINE_LINE = re.compile(r"^\s*(?:完成时限|完成时间|完成期限|时间节点)\s*[：:]\s*\S")
#: ``区发改委（牵头）``, ``区城管局（配合）``: a unit's role written after its name.
_ROLE_MARK = re.compile(r"\s*[（(]\s*(牵头|配合|参与|协办|协助)\s*[)）]\s*$")
_RULE_SENTENCE = re.compile(r"排名第|下同|排序|为准|为牵头单位|为主要责任")


@dataclass(frozen=True)
class Clause:
    start: int  # offset of the opening bracket
    end: int  # offset after the closing bracket
    content: str  # what is inside, keyword included


#: ``（县市场监管局牵头，县城管局、县生态环境局配合）``: lead and assisting units without labels.
_NAMES = r"((?:[^（）()〔〕【】［］\[\]]|[（(][^（）()]{1,8}[)）]){2,120}?)"
#: ``；2025年底前完成`` after the units inside the same brackets: by when.
_WHEN = r"(?:\s*[；;，,]\s*([^（）()〔〕【】［］\[\]；;]{0,20}?(?:20\d\d\s*年|\d{1,2}\s*月|年底|上半年|下半年|长期|持续)[^（）()〔〕【】［］\[\]；;]{0,20}?))?"
_LEAD_ASSIST = re.compile(
    r"[（(〔【［\[]\s*((?:[^（）()〔〕【】［］\[\]]|[（(][^（）()]{1,8}[)）]){2,60}?)\s*牵头\s*"
    rf"(?:[，,；;、]\s*{_NAMES}\s*(?:等\s*)?(?:配合|参与|协同|协助))?{_WHEN}\s*[）)〕】］\]]"
)
#: ``〔甲、乙、丙按职责分工负责〕``: units that share a task, each for its part, the first named first.
_SHARED = re.compile(
    rf"[（(〔【［\[]\s*{_NAMES}\s*(?:等\s*)?(?:按照?职责分工负责|按照?职责分工落实|按照?职能分工负责|按照?职责负责|分别负责|共同负责)"
    rf"{_WHEN}\s*[）)〕】］\]]"
)
#: A line that is only a label: ``责任单位：县农业农村局``, ``牵头单位：…`` then ``配合单位：…``.
LABEL_LINE = re.compile(
    r"^\s*(?:责\s*任\s*单\s*位|牵\s*头\s*单\s*位|配\s*合\s*单\s*位|责\s*任\s*部\s*门|牵\s*头\s*部\s*门|配\s*合\s*部\s*门)\s*[：:]\s*\S"
)


#: ``…完成。责任单位：甲、乙。``: a label opening a sentence, no bracket; the clause runs to the
#: sentence's end and over the label sentences right after it (配合单位：…。完成时限：…。).
_INLINE = re.compile(r"(?:^|(?<=[。；;！]))\s*(?=(?:责\s*任|牵\s*头|主\s*责)\s*(?:单\s*位|部\s*门)\s*[：:])")
_MORE_LABEL = re.compile(
    r"\s*(?:(?:责任|牵头|配合|协办|参与|主责)(?:单位|部门)|完成时限|完成时间|完成期限|时间节点)\s*[：:]"
)


def _inline_clauses(text: str, taken: list[Clause]) -> list[Clause]:
    out: list[Clause] = []
    for m in _INLINE.finditer(text):
        start = m.end()
        if any(c.start <= start < c.end for c in [*taken, *out]):
            continue
        end = start
        while True:
            stop = text.find("。", end)
            end = len(text) if stop < 0 else stop + 1
            if end >= len(text) or not _MORE_LABEL.match(text, end):
                break
        content = text[start:end].strip().rstrip("。").strip()
        out.append(Clause(start, end, content))
    return out


def find_clauses(text: str, *, inline: bool = True) -> list[Clause]:
    """Every responsibility clause in ``text``, in order; ``inline``: with the unbracketed ones
    (``。责任单位：甲、乙。``)."""
    out = _bracket_clauses(text)
    for m in _LEAD_ASSIST.finditer(text):
        if any(c.start <= m.start() < c.end for c in out):
            continue
        content = f"牵头单位：{m.group(1)}" + (f"；配合单位：{m.group(2)}" if m.group(2) else "")
        out.append(Clause(m.start(), m.end(), content + (f"；完成时限：{m.group(3)}" if m.group(3) else "")))
    for m in _SHARED.finditer(text):
        if not any(c.start <= m.start() < c.end for c in out):
            out.append(Clause(m.start(), m.end(), f"责任单位：{m.group(1)}" + (f"；完成时限：{m.group(2)}" if m.group(2) else "")))
    if inline:
        out.extend(_inline_clauses(text, out))
    return sorted(out, key=lambda c: c.start)


def _bracket_clauses(text: str) -> list[Clause]:
    out: list[Clause] = []
    pos = 0
    while True:
        m = _KEYWORD.search(text, pos)
        if m is None:
            return out
        depth = 0
        i = m.end()
        end = -1
        while i < len(text):
            ch = text[i]
            if ch in "（(":
                depth += 1
            elif ch in "）)" and depth > 0:
                depth -= 1
            elif ch in _CLOSE:
                end = i
                break
            elif ch in _OPEN or ch in "。\n":
                break  # never closed: a new clause or sentence starts
            i += 1
        if end < 0:
            pos = m.end()
            continue
        inner = text[m.start(1) + 1 : end]
        out.append(Clause(m.start(), end + 1, inner))
        pos = end + 1


def _split_names(part: str) -> list[str]:
    """Split on 、，, / and blanks outside brackets."""
    names: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in part:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth > 0:
            depth -= 1
        if depth == 0 and ch in "、，,/ \t":
            names.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    names.append("".join(buf))
    return names


def parse_unit_clause(content: str) -> list[str]:
    """The units named in a clause's content, in order, the lead first.

    The rule sentence (``有多个责任单位的，排名第一位的为牵头单位，下同``), labels (``牵头单位：``)
    and a trailing ``等`` are dropped.
    """
    lead: list[str] = []
    rest: list[str] = []
    for part in _PARTS.split(content):
        if _DEADLINE_PART.match(part):
            continue
        label = _LABEL.match(part)
        body = part[label.end() :] if label else part
        if _RULE_SENTENCE.search(body):
            continue
        target = lead if label and "牵头" in label.group(1) else rest
        for name in _split_names(body):
            name = re.sub(r"\s+", "", name).strip("。．.")
            if len(name) > 2 and name.endswith("等"):
                name = name[:-1]
            name = re.sub(r"^(?:及|和|与)", "", name)
            role = _ROLE_MARK.search(name)
            if role:
                name = name[: role.start()]
            into = lead if role and role.group(1) == "牵头" else target
            if len(name) >= 2 and name not in lead and name not in rest:
                into.append(name)
    return lead + [n for n in rest if n not in lead]


@lru_cache(maxsize=1)
def _placeholder_rules() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    data = json.loads(_UNIT_TABLE.read_text(encoding="utf-8"))
    names = frozenset(str(n) for n in data.get("placeholders", []))
    patterns = tuple(re.compile(str(p)) for p in data.get("placeholder_patterns", []))
    return names, patterns


def clause_deadline(content: str) -> str | None:
    """The 完成时限 part written inside a clause (``责任单位：甲；完成时限：2027年底前``), if any."""
    for part in _PARTS.split(content):
        if m := _DEADLINE_PART.match(part):
            return part[m.end() :].strip(" 。．.") or None
    return None


def is_placeholder_name(name: str) -> bool:
    """Whether a unit name stands for unnamed units (区有关单位, 各乡镇 …) by the shipped table."""
    names, patterns = _placeholder_rules()
    n = re.sub(r"\s+", "", name)
    return n in names or any(p.search(n) for p in patterns)
