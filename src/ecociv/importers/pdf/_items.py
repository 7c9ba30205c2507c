"""Items of ruled-table cells that the page cannot part, told by their row and the document.

In a narrow column a short Chinese item that exactly fills its lines looks on an untagged page
like a wrapped line (外来物种入侵 / 特有性或指示性水生物种保持率): :func:`._cells.cell_parts`
leaves such breaks undecided.  Two things outside the cell still tell:

* the row: in a row of several items (a name listing sub-indicators beside value cells that hold
  one value each) the cells the layout did part, and semicolons in the others, say how many
  items there are — the most common count among them;
* the document: an item written whole elsewhere — between spaces, enumeration marks or 、，；
  in another table or in the prose — is an item here too.

An undecided break becomes a break between items only where the piece of the item before or
after it is such a known item, or where a full Chinese line is followed by a Latin word that
would not have fitted (…比例 / PM2.5浓度); and only the fewest such breaks that give the cell as
many items as its row says are taken, when exactly one set of them does.  Otherwise the cell
stays as the page reads it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

from ecociv.importers._clean import clean_text
from ecociv.importers._multi import split_sub_names, split_values
from ecociv.importers.pdf._cells import Cell, cell_parts, joined
from ecociv.importers.pdf._page import Block

__all__ = ["resolve_items", "vocabulary"]

#: what parts written items: spaces, enumeration marks, list and clause punctuation, brackets
_SEPARATORS = re.compile(r"[\s、，,；;。：:（）()【】〔〕“”\"]+|[\u2460-\u2473]")
_MARKER = re.compile(r"^\s*(?:[(（]\s*\d{1,2}\s*[)）]|[\u2460-\u2473])\s*")
_CLAUSES = re.compile(r"[；;]")
#: at most this many breaks are added to one cell
_MOST = 3


def vocabulary(lines: Iterable[str]) -> set[str]:
    """The pieces of the document's lines between separators (see the module docstring)."""
    return {p for line in lines for p in _SEPARATORS.split(line) if len(p) >= 2}


def resolve_items(blocks: Iterable[Block], known: set[str]) -> bool:
    """Undecided item breaks of the blocks' cells settled in place; True when a cell changed."""
    changed = False
    for block in blocks:
        for row, cells in zip(block.rows, block.cells, strict=False):
            changed |= _resolve_row(row, cells, block.em, known)
    return changed


def _resolve_row(row: list[str], cells: list[Cell], em: float, known: set[str]) -> bool:
    open_: dict[int, tuple[list[str], list[str | None], set[int]]] = {}
    for k, (boxes, left, right) in enumerate(cells[: len(row)]):
        if boxes and right > left:
            texts, breaks, script = cell_parts(boxes, left, right, em)
            if None in breaks or script:
                open_[k] = (texts, breaks, script)
    if not open_:
        return False
    # a cell left open still counts by its semicolons, which the page shows as written
    counts = Counter(
        n
        for k, c in enumerate(row)
        if (n := len(_CLAUSES.split(c.strip(" ；;"))) if k in open_ else len(split_values(clean_text(c))))
        >= 2
    )
    if not counts:
        return False
    want = max(counts, key=lambda n: (counts[n], n))
    changed = False
    for k, (texts, breaks, script) in open_.items():
        text = _choose(texts, breaks, script, known, want)
        if text is not None:
            row[k] = text
            changed = True
    return changed


def _fits(text: str, want: int) -> bool:
    """Whether a cell holds ``want`` items: values, or sub-items under a name."""
    cleaned = clean_text(text)
    return len(split_values(cleaned)) == want or len(split_sub_names(cleaned)[1]) == want


def _choose(
    texts: list[str], breaks: list[str | None], script: set[int], known: set[str], want: int
) -> str | None:
    if _fits(joined(texts, breaks), want):
        return None
    named = {k for k, b in enumerate(breaks) if b is None and _known_edge(texts, breaks, k, known)}
    allowed = sorted(named | script)
    for size in range(1, min(len(allowed), _MOST) + 1):
        fitting = [
            trial
            for chosen in itertools.combinations(allowed, size)
            if _fits(joined(texts, trial := [" " if i in chosen else b for i, b in enumerate(breaks)]), want)
        ]
        if fitting:
            return joined(texts, fitting[0]) if len(fitting) == 1 else None
    return None


def _known_edge(texts: list[str], breaks: list[str | None], k: int, known: set[str]) -> bool:
    """Whether the piece of the item before the break after line ``k``, or after it, is an item
    written whole elsewhere in the document."""
    first = k
    while first > 0 and breaks[first - 1] != " ":
        first -= 1
    last = k + 1
    while last < len(breaks) and breaks[last] != " ":
        last += 1
    before = _MARKER.sub("", joined(texts[first : k + 1], breaks[first:k]))
    after = joined(texts[k + 1 : last + 1], breaks[k + 1 : last])
    return any(len(p) >= 2 and p.strip("、，,；;。") in known for p in (before, after))
