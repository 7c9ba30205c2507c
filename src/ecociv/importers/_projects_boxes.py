"""专栏 boxes of key projects: where they are and what items they hold.

Two item styles are read:

* numbered items ``1、name：content`` / ``1. name：content`` in any markup (``<b>…</b>``,
  ``**…**``, list bullets), one or more lines each, continuation lines after a page break;
* sub-headed items ``（一）name`` on their own line, the content in the paragraphs below.

A box ends at the next chapter/section heading, the next box, or (numbered style) a prose
line after an item that ended its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ecociv.importers._tasks_text import (
    CN_NUM,
    clean_line,
    ends_sentence,
    heading_of,
    is_rule_line,
)

__all__ = ["BoxItem", "Column", "column_spans", "read_columns"]

_BOX_TITLE = re.compile(rf"^专栏\s*([{CN_NUM}\d]+)\s*[：:.、]?\s*(.*)$")
_NUM_ITEM = re.compile(r"^(\d{1,2})\s*[、.．](?!\d)\s*(.{2,80}?)\s*[：:]\s*(.*)$")
_PAREN_ITEM = re.compile(rf"^[（(]\s*([{CN_NUM}]+)\s*[）)]\s*(.{{2,60}})$")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1:], 0)
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_DIGITS.get(a, 0) * 10 + (_CN_DIGITS.get(b, 0) if b else 0)
    return _CN_DIGITS.get(s, 0)


@dataclass
class BoxItem:
    name: str
    line: int
    parts: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return "".join(self.parts).strip()


@dataclass
class Column:
    """One 专栏: its title (``专栏1 产业结构调整重大工程``), span and items."""

    title: str
    number: int
    start: int  # index of the title line
    end: int  # index after the last line of the box
    items: list[BoxItem] = field(default_factory=list)


def _box_title(raw: str) -> tuple[int, str] | None:
    s = clean_line(raw)
    m = _BOX_TITLE.match(s)
    if not m or len(s) > 60 or "。" in s:
        return None
    num = _cn_int(m.group(1))
    rest = m.group(2).strip()
    return num, f"专栏{m.group(1)} {rest}".strip()


def _read_box(lines: Sequence[str], start: int, number: int, title: str) -> Column:
    col = Column(title=title, number=number, start=start, end=start + 1)
    style: str | None = None
    current: BoxItem | None = None
    last_num = 0
    i = start + 1
    while i < len(lines):
        raw = lines[i]
        s = clean_line(raw)
        if not s or is_rule_line(raw):
            i += 1
            continue
        if _box_title(raw) is not None:
            break
        num_m = _NUM_ITEM.match(s)
        paren_m = _PAREN_ITEM.match(s)
        if style is None:
            style = "paren" if paren_m and not num_m else "num"
        if style == "num" and num_m and int(num_m.group(1)) == last_num + 1:
            last_num += 1
            current = BoxItem(num_m.group(2).strip(), i + 1, [num_m.group(3).strip()])
            col.items.append(current)
        elif style == "paren" and paren_m and _cn_int(paren_m.group(1)) == last_num + 1:
            last_num += 1
            current = BoxItem(paren_m.group(2).strip(), i + 1, [])
            col.items.append(current)
        else:
            head = heading_of(raw, s)
            if head is not None and not (style == "paren" and head.level == 3):
                break
            if style == "num" and (current is None or ends_sentence(current.content)):
                break
            if current is None:
                break
            current.parts.append(s)
        col.end = i + 1
        i += 1
    return col


def read_columns(lines: Sequence[str]) -> list[Column]:
    """Every 专栏 box of a document, in order."""
    out: list[Column] = []
    i = 0
    while i < len(lines):
        t = _box_title(lines[i])
        if t is None:
            i += 1
            continue
        col = _read_box(lines, i, t[0], t[1])
        out.append(col)
        i = max(col.end, i + 1)
    return out


def column_spans(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(start index, end index) of every 专栏 box: text there is no task prose."""
    return [(c.start, c.end) for c in read_columns(lines)]
