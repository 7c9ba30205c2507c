"""Page residue of documents converted from PDF/Word: page numbers (``— 12 —``, ``第 12 页``,
``- 3 -``, ``第3页 共20页``) and running headers/footers (the plan's title, or another short line
repeated next to page numbers).  They are blanked, one for one, so line numbers stay those of
the file and the table, task and project readers never see them.
"""

from __future__ import annotations

import re
from collections import Counter

from ecociv.importers._clean import clean_text

__all__ = ["blank_page_residue", "is_page_number"]

_PAGE_NUMBER = re.compile(
    r"^(?:[\-—–－─_·•]+\s*\d{1,4}\s*[\-—–－─_·•]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp](?:age|\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)
_SPACE = re.compile(r"\s+")


def is_page_number(text: str) -> bool:
    """A page-number line as converters leave it: ``— 12 —``, ``第 12 页``, ``- 3 -``, ``3/20``."""
    return bool(_PAGE_NUMBER.match(clean_text(text)))


def _compact(text: str) -> str:
    return _SPACE.sub("", clean_text(text))


def blank_page_residue(lines: list[str], title: str | None) -> list[str]:
    """``lines`` with page numbers and running headers/footers replaced by empty lines.

    A running header is a short line without tabs that repeats the plan's title after its first
    occurrence; or, within two lines of a page number, a part of the title or a short line
    written at least twice next to page numbers.  Lines with tabs (table rows) are never touched.
    """
    out = list(lines)
    pages = [k for k, line in enumerate(lines) if "\t" not in line and line.strip() and is_page_number(line)]
    if not pages and not title:
        return out
    page_set = set(pages)
    for k in pages:
        out[k] = ""
    near_page = {k for p in pages for k in range(p - 2, p + 3)} - page_set
    head = _compact(title) if title else ""
    compacted: dict[int, str] = {}
    near: Counter[str] = Counter()
    for k, line in enumerate(lines):
        if "\t" in line or k in page_set or not line.strip():
            continue
        if k in near_page or (head and head[:2] in line.replace(" ", "").replace("\u3000", "")):
            c = _compact(line)
            compacted[k] = c
            if k in near_page and len(c) <= 40:
                near[c] += 1
    seen_title = False
    for k in sorted(compacted):
        c = compacted[k]
        if head and c == head:
            if seen_title:
                out[k] = ""
            seen_title = True
            continue
        shortened = bool(head) and len(c) >= 6 and c in head  # 渝水区…工作方案 for 新余市渝水区…工作方案
        if k in near_page and len(c) <= 40 and (near[c] >= 2 or shortened) and not c.endswith(("。", "；", "：")):
            out[k] = ""
    return out
