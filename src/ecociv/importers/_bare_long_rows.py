"""Rows of a one-cell-per-line table (LibreOffice text export) in which a cell held several
paragraphs: the export writes each paragraph on a line of its own, with no marker, so such a row
has more lines than the table has columns.

A longer row is taken only where the table has a 序号 column: the row runs up to the line where
the next row's 序号 (the next number, or 1 where numbering starts again after a group row)
stands in its column, or to the end of the table.  Which lines belong together is then chosen
among all ways of joining neighbouring lines into that many cells: the checked columns (序号,
属性, 投资, 年限) must hold what they should, and the most plausible cells win — a unit column holds
a unit, a value column a value, a piece going on with 且/并/（ joins the line above, a list of units
stays in the 配合/责任 column.
"""

from __future__ import annotations

import re
from itertools import combinations

from ecociv.importers._clean import clean_text, goes_on, join_cell_paragraphs
from ecociv.standards._vocab import UNIT

__all__ = ["MAX_EXTRA", "VALUE_START", "join_long_row"]

#: at most this many lines more than cells in one row (3,003 ways of joining for 7 columns)
MAX_EXTRA = 8

_UNIT_CELL = re.compile(rf"(?:{UNIT})|[—\-/／]+|[^\d\s]{{1,6}}/[^\s]{{1,6}}")
#: a cell that is a value (≥98, 3, —), not a name
VALUE_START = re.compile(r"^[≥≤<>＜＞=≧≦±~～〔\[［]*\s*-?\d|^[—\-/／]+$")
_UNIT_NAME = re.compile(r"(?:局|委|办|府|院|部|会|中心|公司|集团|镇|乡|街道|站|队|所|馆|厅|室|社|团)(?:[（(][^（）()]{1,8}[)）])?$")
_VALUE_ROLES = ("baseline", "target", "outlook", "cumulative", "standard", "actual")
_LIST_ROLES = ("co", "responsible", "units")


def _cell_score(role: str, text: str) -> int:
    if not text:
        return 0
    if role == "unit":
        return 1 if len(text) <= 10 and _UNIT_CELL.fullmatch(text) else -2
    if role in _VALUE_ROLES:
        return 1 if VALUE_START.search(text) else 0
    if role in ("name", "task", "content"):
        return -2 if VALUE_START.search(text) or _UNIT_CELL.fullmatch(text) else 0
    return 0


def _join_score(role: str, a: str, b: str) -> int:
    """How well piece ``b`` goes on the cell ending with ``a`` in a column of ``role``."""
    if goes_on(a, b):
        return 2
    if _UNIT_NAME.search(a) and _UNIT_NAME.search(b):
        # units one to a paragraph: most likely the 配合 list, else the 责任/牵头 cell
        return 2 if role in _LIST_ROLES else 1 if role == "lead" else -1
    return 0


def join_long_row(chunk: list[str], roles: list[str], check: list[tuple[int, re.Pattern[str]]]) -> list[str] | None:
    """The ``len(roles)`` cells of the lines ``chunk`` (more lines than cells), the most plausible
    way of joining neighbouring lines, or None when no way fills the checked columns rightly."""
    pieces = [clean_text(x) for x in chunk]
    n = len(roles)
    extra = len(pieces) - n
    if extra <= 0 or extra > MAX_EXTRA:
        return None
    best: tuple[int, list[str]] | None = None
    for joins in combinations(range(len(pieces) - 1), extra):
        groups: list[list[str]] = [[pieces[0]]]
        for k in range(1, len(pieces)):
            if k - 1 in joins:
                groups[-1].append(pieces[k])
            else:
                groups.append([pieces[k]])
        if any(len(g) > 1 and not all(g) for g in groups):
            continue  # an empty line is an empty cell, never part of another
        cells = [join_cell_paragraphs(g) for g in groups]
        if not all(not cells[c] or p.fullmatch(cells[c]) for c, p in check):
            continue
        score = sum(_cell_score(r, c) for r, c in zip(roles, cells, strict=True))
        score += sum(_join_score(r, g[j - 1], g[j]) for r, g in zip(roles, groups, strict=True) for j in range(1, len(g)))
        score += _parallel_score(roles, groups)
        if best is None or score > best[0]:
            best = (score, cells)
    return best[1] if best else None


def _parallel_score(roles: list[str], groups: list[list[str]]) -> int:
    """Sub-items run parallel across a row: the value cells that hold several paragraphs hold
    equally many (3 / 4 beside ≥3 / ≥4), and the name holds one more (the indicator and its
    scopes: 草地植被覆盖度 / 高寒区 / 丘陵区)."""
    counts = {len(g) for r, g in zip(roles, groups, strict=True) if r in _VALUE_ROLES and len(g) > 1}
    if len(counts) != 1:
        return 0
    (k,) = counts
    names = [len(g) for r, g in zip(roles, groups, strict=True) if r in ("name", "sub")]
    return 2 + (1 if names and names[0] in (k, k + 1) else 0)
