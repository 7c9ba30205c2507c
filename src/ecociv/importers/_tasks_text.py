"""Line-level structure shared by the task and project readers: headings, TOC lines, joining.

Works on decoded, uncleaned lines (line *n* of the file is ``lines[n-1]``); cleaning goes
through :func:`ecociv.importers._clean.clean_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ecociv.importers._clean import clean_text

__all__ = [
    "CN_NUM",
    "Heading",
    "clean_line",
    "heading_of",
    "is_rule_line",
    "is_toc_line",
    "split_title",
]

CN_NUM = "一二三四五六七八九十百零〇"

_TOC = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*\d*\s*$|\t\s*\d+\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|={3,}|\*{3,}|_{3,})\s*$")
_CHAPTER = re.compile(rf"^第[{CN_NUM}\d]+章\s*(.*)$")
_SECTION = re.compile(rf"^第[{CN_NUM}\d]+节\s*(.*)$")
_CN_ITEM = re.compile(rf"^[{CN_NUM}]+\s*[、.．]\s*(.+)$")
_PAREN_ITEM = re.compile(rf"^[（(]\s*[{CN_NUM}]+\s*[）)]\s*(.+)$")
_NUM_ITEM = re.compile(r"^\d{1,2}\s*[、.．](?!\d)\s*(.+)$")
_COLUMN = re.compile(rf"^专栏\s*[{CN_NUM}\d]+")
_TERMINAL = "。！？"


@dataclass(frozen=True)
class Heading:
    """A heading line: ``level`` 1 = chapter (第X章 / 一、), 2 = 第X节 / （一）, 3 = 1、 / 1."""

    level: int
    text: str


def clean_line(raw: str) -> str:
    """A raw line cleaned of markup, list bullets and surrounding blanks."""
    s = clean_text(raw)
    s = re.sub(r"^(?:[-*+•·]\s+)+", "", s)
    return s.strip()


def is_toc_line(cleaned: str) -> bool:
    """A table-of-contents line (``第四章 主要任务 ..... 22``)."""
    return bool(_TOC.search(cleaned))


def is_rule_line(raw: str) -> bool:
    """A horizontal rule (``---``) left by the conversion."""
    return bool(_RULE.match(raw))


def heading_of(raw: str, cleaned: str | None = None) -> Heading | None:
    """The heading a line is, or None for prose.

    Numbered lines count as headings only when short and without a full stop inside: a
    ``1. **积极稳妥推动碳达峰。**深入实施…`` line is a task paragraph, not a heading.
    """
    s = clean_line(raw) if cleaned is None else cleaned
    if not s or is_toc_line(s) or _COLUMN.match(s):
        return None
    md = raw.lstrip().startswith("#")
    short = len(s) <= 40 and not any(c in s[:-1] for c in _TERMINAL) and not s.endswith(("：", ":"))
    if _CHAPTER.match(s) and short:
        return Heading(1, s)
    if _SECTION.match(s) and short:
        return Heading(2, s)
    if _CN_ITEM.match(s) and short:
        return Heading(1, s)
    if _PAREN_ITEM.match(s) and short:
        return Heading(2, s)
    if _NUM_ITEM.match(s) and short:
        return Heading(3, s)
    if md and short:
        return Heading(3, s)
    return None


def split_title(raw: str, cleaned: str) -> tuple[str | None, str]:
    """Split a paragraph into its lead title and the rest.

    ``**深化实施林长制。**建立…`` -> (``深化实施林长制``, ``建立…``); without bold, a first
    sentence of at most 25 characters is the title (``制定碳排放达峰行动方案。按照…``).
    """
    m = re.match(r"^\s*(?:[-*+]\s+)?(?:\d{1,2}\s*[、.．]\s*)?\*\*(.+?)\*\*", raw)
    if m:
        title = clean_text(m.group(1)).rstrip("。．.：:").strip()
        rest_idx = cleaned.find(title)
        rest = cleaned[rest_idx + len(title) :] if rest_idx >= 0 else cleaned
        return title or None, rest.lstrip("。．.：: ")
    m2 = re.match(r"^([^。！？；]{2,25})[。！？]", cleaned)
    if m2 and "，" not in m2.group(1):
        return m2.group(1).strip(), cleaned[m2.end() :].strip()
    return None, cleaned


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (so a following line is a new paragraph)."""
    t = text.rstrip()
    if not t:
        return False
    if t[-1] in "。！？":
        return True
    return t[-1] in "”」）)" and len(t) > 1 and t[-2] in "。！？"
