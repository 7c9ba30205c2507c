"""A name header written once over several columns: ``指标`` merged across 类别 | 分项 | 名称 (as
national and county 十三五/十四五 tables draw it), exported as text with the header one cell and
every row two or three cells wider.

When most rows are wider than the header by the same k ≥ 2 cells, the cells in front of each
name are labels (no values), and the name follows them, the header's name cell is taken to span
k + 1 columns: the first becomes the domain, the others category cells kept as named fields
(``指标（分项）``), each carried down over the rows where a merged cell left it empty.
"""

from __future__ import annotations

import re

from ecociv.importers._clean import clean_text
from ecociv.importers._columns import Column
from ecociv.importers._segment import RawTable

__all__ = ["filled_len", "split_spanned_name"]

_VALUE = re.compile(r"^[≥≤<>＞＜=~～\[［〔]*\s*-?\d+(?:\.\d+)?\s*[%％]?$|^(?:约束性|预期性|参考性|引导性)$")


def filled_len(cells: list[str]) -> int:
    """The number of cells without the empty ones at the end (trailing tabs)."""
    n = len(cells)
    while n and not clean_text(cells[n - 1]):
        n -= 1
    return n


def split_spanned_name(raw: RawTable) -> int:
    """Widen ``raw``'s columns in place when its name header spans label columns; the number of
    columns added (0 when the table is not so drawn)."""
    cols = raw.columns
    roles = [c.role for c in cols]
    if "name" not in roles or "domain" in roles or "sub" in roles:
        return 0
    at = roles.index("name")
    n = len(cols)
    data = [r for r in raw.rows if r.kind == "data"]
    widths = [filled_len(r.cells) for r in data]
    if len(data) < 2 or max(widths) - n < 2:
        return 0
    k = max(widths) - n
    wide = [r for r, w in zip(data, widths, strict=True) if w == n + k]
    if 3 * len(wide) < 2 * len(data):
        return 0
    for r in wide:
        labels = [clean_text(c) for c in r.cells[at : at + k]]
        name = clean_text(r.cells[at + k])
        if not name or _VALUE.match(name) or any(_VALUE.match(t) or len(t) > 16 for t in labels):
            return 0
    head = cols[at].header
    added = [Column(f"{head}（类别）", "domain"), *(Column(f"{head}（分项{j}）" if k > 2 else f"{head}（分项）", "extra") for j in range(1, k))]
    raw.columns[at:at] = added
    above = [""] * k
    for r in data:
        if len(r.cells) == n:
            r.cells[at:at] = [""] * k  # a row written without its merged cells
        for j in range(k):
            cell = clean_text(r.cells[at + j])
            if cell:
                above[j] = cell
                above[j + 1 :] = [""] * (k - j - 1)  # a new group: its sub-groups start again
            elif j > 0:
                r.cells[at + j] = above[j]  # a cell merged down, written once
    return k
