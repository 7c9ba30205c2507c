"""Rows of a table without rulings and without tags: which of its lines start a row.

Every line is a list of cells placed in the table's columns.  A row starts on a line that holds
the table's *key column* — a column written once a row, on the row's first line (序号, or the
name in a table without numbers).  The key is a column numbering the rows (1, 2, 3 …) where
there is one, else the column filled on the most lines that fill the table, less the lines
that fill only a few columns: those are wrapped lines of narrow cells
(指标名称 over three lines, 完成上级 / 下达任务), and a column on them is not written once a row.

Where a table leaves more room between rows than between the wrapped lines of a row, a line
after such a gap starts a row too, even without a key cell (a row whose 序号 is blank).

Word and LibreOffice start a cell's text on the row's first line (top alignment).  A cell
whose text starts on a later line of a row (cells centred vertically, or a row that is really
two) is placed by the room between rows where the table leaves clearly more of it between rows
than between lines, and every band of lines so parted holds one key cell.  Otherwise the rows
cannot be told with certainty: they are kept as read and the table is marked *unsure*, so that
the reader warns instead of giving wrong rows silently.
"""

from __future__ import annotations

import itertools
import re
import statistics

from ecociv.importers.pdf._layout import Box

__all__ = ["Rows", "key_column", "row_starts"]

_NUMBER = re.compile(r"^[(（]?(\d{1,3})[)）、.．]?$")

#: per line, per column: the boxes of that line in that column
Rows = list[list[list[Box]]]


def _serial(texts: list[str]) -> bool:
    """Whether a column's entries number the rows (1, 2, 3 …; a heading such as 序号 and a few
    blanks aside): most are numbers, and most numbers follow the one before."""
    numbers = [int(m.group(1)) for t in texts if (m := _NUMBER.match(t))]
    steps = sum(1 for a, b in itertools.pairwise(numbers) if b == a + 1)
    return len(numbers) >= 3 and len(numbers) >= 0.6 * len(texts) and steps >= 0.6 * (len(numbers) - 1)


def key_column(placed: Rows, skip: set[int]) -> int:
    """The column written once a row (see the module docstring), the leftmost on a tie."""
    width = len(placed[0]) if placed else 0
    filled = [sum(1 for c in row if c) for row in placed]
    most = max(filled, default=0)

    def score(k: int) -> tuple[bool, int, int]:
        full = sum(1 for row, n in zip(placed, filled, strict=True) if row[k] and n >= 3 and 2 * n > most)
        few = sum(1 for row, n in zip(placed, filled, strict=True) if row[k] and 2 * n <= most)
        numbered = _serial(["".join(b.text for b in row[k]) for row in placed if row[k]])
        return numbered, full - few, -k

    return max((k for k in range(width) if k not in skip), key=score, default=0)


def _top(row: list[list[Box]]) -> float:
    return min((b.top for cell in row for b in cell), default=0.0)


def _row_gap(tops: list[float], keyed: list[bool]) -> float | None:
    """The least distance between two lines' tops that parts rows, where the table leaves
    clearly more room before its key lines than between the wrapped lines of a row."""
    within = [b - a for a, b, k in zip(tops, tops[1:], keyed[1:], strict=False) if not k and b > a]
    between = sorted(b - a for a, b, k in zip(tops, tops[1:], keyed[1:], strict=False) if k and b > a)
    if len(within) < 2 or len(between) < 2:
        return None
    inner = statistics.median(within)
    outer = between[len(between) // 4]
    return (inner + outer) / 2 if outer > 1.3 * inner else None


def row_starts(placed: Rows, key: int) -> tuple[list[bool], bool]:
    """Per line whether it starts a row, and whether the rows are unsure (a cell starting below
    its row's first line, the header's first row apart)."""
    keyed = [bool(row[key]) for row in placed]
    tops = [_top(row) for row in placed]
    gap = _row_gap(tops, keyed)
    starts = [
        keyed[i] or i == 0 or (gap is not None and tops[i] - tops[i - 1] >= gap) for i in range(len(placed))
    ]
    unsure = False
    first: list[bool] = []  # columns filled so far in the current row
    rows_seen = 0
    for i, row in enumerate(placed):
        if starts[i]:
            rows_seen += 1
            first = [bool(c) for c in row]
            continue
        late = [k for k, c in enumerate(row) if c and not first[k]]
        if late and rows_seen > 1:
            unsure = True
        for k in late:
            first[k] = True
    if unsure and (bands := _bands(tops, keyed)) is not None:
        return bands, False
    return starts, unsure


def _bands(tops: list[float], keyed: list[bool]) -> list[bool] | None:
    """Row starts read from the room between rows alone, for cells that do not start on their
    row's first line (centred vertically): the lines part at the widest gaps into as many bands
    as there are key lines, each holding one, and those gaps are clearly wider than all others;
    else None."""
    gaps = [b - a for a, b in itertools.pairwise(tops)]
    need = sum(keyed) - 1  # gaps that part rows
    if need < 2 or need >= len(gaps):
        return None
    ranked = sorted(gaps, reverse=True)
    wide, narrow = ranked[need - 1], ranked[need]
    if wide < 1.2 * narrow:
        return None
    starts = [True, *(g >= wide for g in gaps)]
    bands: list[int] = []  # key lines per band
    for start, key in zip(starts, keyed, strict=True):
        if start:
            bands.append(0)
        bands[-1] += key
    return starts if all(n == 1 for n in bands) else None
