"""专栏 boxes of key projects: where they are and what items they hold.

Two item styles are read:

* numbered items ``1、name：content`` / ``1. name：content`` / ``（1）name。content`` / ``①name：content``
  (or bulleted: ``● name：content``)
  in any markup (``<b>…</b>``, ``**…**``, list bullets), one or more lines each, continuation
  lines after a page break; the name ends at the first ``：`` or, when a full stop comes first,
  at a short first sentence without a comma (``1.信江综合治理工程。实施……``);
* sub-headed items ``（一）name`` on their own line, the content in the paragraphs below;
* a table (tab-separated or Markdown ``|`` rows) with a header naming 项目名称 / 建设内容 /
  投资 / 期限 / 责任单位 columns, one project per row.

A box ends at the next chapter/section heading, the next box, or (numbered style) a prose
line after an item that ended its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ecociv.importers._clean import clean_text
from ecociv.importers._tasks_text import (
    CN_NUM,
    clean_line,
    ends_sentence,
    heading_of,
    is_rule_line,
)

__all__ = ["BoxItem", "Column", "box_title", "column_spans", "is_project_header_word", "project_header_roles", "read_columns"]

_BOX_TITLE = re.compile(rf"^专栏\s*([{CN_NUM}\d]+)\s*[：:.、]?\s*(.*)$")
_NUM_PREFIX = re.compile(r"^(?:(\d{1,2})\s*[、.．](?!\d)|[（(](\d{1,2})[）)]|([①-⑳])|([●◆◇■□▲△▪▶►➢★☆○◎•❖]))\s*")
_PAREN_ITEM = re.compile(rf"^[（(]\s*([{CN_NUM}]+)\s*[）)]\s*(.{{2,60}})$")
#: A line going on with an item's labelled fields (``投资：3500万元。实施年限：…``), even after a
#: full stop: a page or line break fell between the item's sentences.
_FIELD_LINE = re.compile(
    r"^(?:建设内容|建设规模|主要内容|(?:总|估算|计划)?投资|实施年限|建设年限|建设期限|实施期限|建设周期|起止年限|"
    r"责任单位|牵头单位|实施单位|实施主体|建设单位)\s*[：:]"
)
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _num_item(s: str) -> tuple[int, str, str] | None:
    """(number, name, rest of the line) of a numbered item line, or None."""
    m = _NUM_PREFIX.match(s)
    if not m:
        return None
    if m.group(4):
        num = 0  # a bullet (● 名称：内容): each item comes next, unnumbered
    else:
        num = int(m.group(1) or m.group(2)) if not m.group(3) else ord(m.group(3)) - ord("①") + 1
    text = s[m.end() :]
    colon = min((k for k in (text.find("："), text.find(":")) if k >= 0), default=-1)
    stop = text.find("。")
    if 2 <= stop <= 40 and (colon < 0 or stop < colon) and not re.search(r"[，,；;]", text[:stop]):
        return num, text[:stop].strip(), text[stop + 1 :].strip()
    if 2 <= colon <= 80:
        return num, text[:colon].strip(), text[colon + 1 :].strip()
    return None


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
    #: table style: cells by role (investment, period, responsible) and the investment unit
    fields: dict[str, str] = field(default_factory=dict)

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


def box_title(raw: str) -> tuple[int, str] | None:
    s = clean_line(raw)
    m = _BOX_TITLE.match(s)
    if not m or len(s) > 60 or "。" in s:
        return None
    num = _cn_int(m.group(1))
    rest = m.group(2).strip()
    return num, f"专栏{m.group(1)} {rest}".strip()


_ROLES: tuple[tuple[str, str], ...] = (
    ("seq", r"^(?:序号|编号)$"),
    ("name", r"项目名称|工程名称|^名称$|^项目$"),
    ("content", r"建设内容|主要内容|建设规模|规模|内容"),
    ("investment", r"投资"),
    ("period", r"期限|年限|时限|起止|建设期|实施期"),
    ("responsible", r"责任单位|牵头单位|实施主体|责任部门|实施单位|建设单位"),
)


def _cells(raw: str) -> list[str] | None:
    """The cells of a table row (tab-separated or Markdown ``| a | b |``), or None."""
    s = raw.strip()
    if s.startswith("|") and s.count("|") >= 3:
        cells = [clean_line(c) for c in s.strip("|").split("|")]
    elif "\t" in s:
        cells = [clean_line(c) for c in s.split("\t")]
    else:
        return None
    if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells):
        return []  # Markdown separator row
    return cells


def is_project_header_word(text: str) -> bool:
    """Whether one cell's text names a column of a project table (项目名称, 总投资（亿元） …)."""
    t = clean_line(text)
    return 0 < len(t) <= 12 and any(re.search(pattern, t) for _, pattern in _ROLES)


def project_header_roles(cells: list[str]) -> dict[int, str] | None:
    roles: dict[int, str] = {}
    for k, c in enumerate(cells):
        for role, pattern in _ROLES:
            if role not in roles.values() and re.search(pattern, c):
                roles[k] = role
                break
    return roles if "name" in roles.values() else None


def _read_table(lines: Sequence[str], col: Column, first: int) -> None:
    header = _cells(lines[first]) or []
    roles = project_header_roles(header) or {}
    unit = ""
    for k, role in roles.items():
        if role == "investment":
            unit = "亿元" if "亿" in header[k] else "万元"
    i = first + 1
    while i < len(lines):
        raw = lines[i]
        if not raw.strip():
            i += 1
            continue
        cells = _cells(raw)
        if cells is None:
            break
        # a cell with a line break (PDF/Word conversion): the row goes on on the next line
        while cells and len(cells) < len(header) and i + 1 < len(lines):
            more = _cells(lines[i + 1])
            if not more or len(cells) + len(more) - 1 > len(header):
                break
            cells = [*cells[:-1], cells[-1] + more[0], *more[1:]]
            i += 1
        if cells:
            row = {role: cells[k] for k, role in roles.items() if k < len(cells) and cells[k]}
            if row.get("name"):
                item = BoxItem(row["name"], i + 1, [row.get("content", "")])
                item.fields = {r: v for r, v in row.items() if r not in ("name", "content", "seq")}
                if "investment" in item.fields:
                    item.fields["investment_unit"] = unit
                col.items.append(item)
        col.end = i + 1
        i += 1


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
        if box_title(raw) is not None:
            break
        bare = clean_text(raw).strip()
        num_m = _num_item(bare if bare[:1] == "•" else s)  # a • bullet, which clean_line drops
        paren_m = _PAREN_ITEM.match(s)
        if style is None:
            cells = _cells(raw)
            if cells and project_header_roles(cells):
                _read_table(lines, col, i)
                return col
            style = "paren" if paren_m and not num_m else "num"
        if style == "num" and num_m and num_m[0] in (last_num + 1, 0):
            last_num += 1
            current = BoxItem(num_m[1], i + 1, [num_m[2]])
            col.items.append(current)
        elif style == "paren" and paren_m and _cn_int(paren_m.group(1)) == last_num + 1:
            last_num += 1
            current = BoxItem(paren_m.group(2).strip(), i + 1, [])
            col.items.append(current)
        else:
            head = heading_of(raw, s)
            if head is not None and not (style == "paren" and head.level == 3):
                break
            fields = current is not None and _FIELD_LINE.match(s)
            if style == "num" and not fields and (current is None or ends_sentence(current.content)):
                break
            if current is None:
                break
            current.parts.append(s)
        col.end = i + 1
        i += 1
    return col


def read_columns(lines: Sequence[str]) -> list[Column]:
    """Every 专栏 box of a document, and every table of projects standing on its own (a 重点工程表
    under its caption, an Excel sheet of projects), in order."""
    out: list[Column] = []
    i = 0
    while i < len(lines):
        t = box_title(lines[i])
        if t is not None:
            col = _read_box(lines, i, t[0], t[1])
        elif (caption := _project_table_caption(lines, i)) is not None:
            col = Column(title=clean_line(lines[caption]), number=0, start=caption, end=i + 1)
            _read_table(lines, col, i)
        else:
            i += 1
            continue
        out.append(col)
        i = max(col.end, i + 1)
    return out


#: the caption of a table of projects: 重点工程, 重点项目表, 生态文明建设重大工程项目清单
_PROJECT_CAPTION = re.compile(r"(?:工程|项目)(?:项目)?(?:表|清单|一览表|库|计划|安排)?\s*$")


def _project_table_caption(lines: Sequence[str], i: int) -> int | None:
    """Index of the caption above line ``i`` when that line heads a table of projects outside a
    专栏 (a name column and an investment or period column, under a caption naming 工程/项目)."""
    cells = _cells(lines[i])
    roles = project_header_roles(cells) if cells else None
    if roles is None or not {"investment", "period"} & set(roles.values()):
        return None
    seen = 0
    for k in range(i - 1, max(-1, i - 8), -1):
        text = clean_line(lines[k])
        if not text:
            continue
        seen += 1
        if "\t" in lines[k].strip() or seen > 2 or len(text) > 40:
            return None
        if _PROJECT_CAPTION.search(text):
            return k
    return None


def column_spans(lines: Sequence[str]) -> list[tuple[int, int]]:
    """(start index, end index) of every 专栏 box: text there is no task prose."""
    return [(c.start, c.end) for c in read_columns(lines)]

