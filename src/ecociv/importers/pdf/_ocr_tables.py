"""Ruled tables of a scanned page, read like the ruled tables of a text PDF.

A grid (:func:`._grid.ruled_spans`) becomes a :class:`._page.Block`: its rows are the bands
between the horizontal rules, its columns lie between the vertical rules, and each cell keeps
the boxes read inside it with its left and right rules.  A cell covering several bands (a merged
cell: no rule crosses its column there) is repeated on each row it covers, its lines joined.
So a scanned page goes through the same steps as a page with a text layer: a row cut by a page
break is joined to the row before the break (:mod:`._split`), a cell's lines part into items
as in :mod:`._cells`, and what is left outside the grids is read as lines and borderless tables.

A cell read with low confidence is listed with its page position (row and column of the grid as
printed), so the user can check it against the original.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from ecociv.importers.pdf._cells import cell_text
from ecociv.importers.pdf._grid import Ruling, grid_columns, ruled_spans, split_at_rules
from ecociv.importers.pdf._layout import Box, group_lines, segments, typical_height
from ecociv.importers.pdf._page import Block
from ecociv.importers.pdf._tables import _column_of, _columns

__all__ = ["MIN_SCORE", "TEXT_SCORE", "ScanTables", "scan_tables"]

#: a cell read with a lower confidence than this is a warning
MIN_SCORE = 0.8
#: outside the grids, a box read with a lower confidence than this is left out, as the engine
#: leaves it out by default: there it is mostly a seal, a picture or a speck read as a character
#: (二 in a drawn square); inside a grid's cell it is kept (a lone ≥ of a narrow cell) and warned about
TEXT_SCORE = 0.5


@dataclass
class ScanTables:
    """A scanned page split into its ruled tables and the boxes outside them."""

    free: list[Box]
    blocks: list[Block]
    #: "表格第r行第c列“text”（置信度 n%）" of each cell read with low confidence
    doubtful: list[str] = field(default_factory=list)


def _crossing(rulings: list[Ruling], x: float) -> list[float]:
    return sorted(r.y for r in rulings if r.x0 - 2 <= x <= r.x1 + 2)


def _grid(
    boxes: list[Box], cols: list[tuple[float, float]], rulings: list[Ruling]
) -> tuple[list[tuple[float, float]], list[list[list[Box]]]] | None:
    """Bands (top, bottom) of the grid and the boxes of each cell, a box in every band its
    cell covers (down to the next rule crossing its column)."""
    ys = sorted({round(r.y) for r in rulings})
    bands = [(float(a), float(b)) for a, b in itertools.pairwise(ys) if any(a < x.yc < b for x in boxes)]
    if len(bands) < 2:
        return None
    rows: list[list[list[Box]]] = [[[] for _ in cols] for _ in bands]
    for b in boxes:
        k = _column_of(b, cols)
        cross = _crossing(rulings, b.xc)
        above = max((y for y in cross if y < b.yc), default=None)
        below = min((y for y in cross if y > b.yc), default=None)
        if above is None or below is None:
            continue
        for r, (a, z) in enumerate(bands):
            if above - 1 <= a and z <= below + 1:
                rows[r][k].append(b)
    return bands, rows


def scan_tables(
    boxes: list[Box],
    rulings: list[Ruling],
    verticals: list[Ruling],
    height: float,
    fix: Callable[[str], str] = str,
) -> ScanTables:
    """The ruled tables of a scanned page as blocks (cell texts corrected by ``fix``), and the
    boxes outside them."""
    em = typical_height(boxes)
    lines = group_lines(boxes)
    out = ScanTables(free=[], blocks=[])
    taken: set[int] = set()
    for top, bottom in ruled_spans(rulings, height):
        idx = [
            k
            for k, line in enumerate(lines)
            if k not in taken and top < sorted(b.yc for b in line)[len(line) // 2] < bottom
        ]
        if not idx:
            continue
        cols = grid_columns(verticals, top, bottom)
        inner = [p for k in idx for b in lines[k] for p in split_at_rules(b, verticals)]
        if len(cols) < 2:
            cols = _columns([segments(lines[k], em) for k in idx])
        found = _grid(inner, cols, [r for r in rulings if top - 1 <= r.y <= bottom + 1])
        if found is None:
            continue
        bands, grid = found
        block = Block(bands[0][0], bands[-1][1], [], [])
        for r, row in enumerate(grid):
            texts = [fix(cell_text(cell, x0, x1, em)) for cell, (x0, x1) in zip(row, cols, strict=True)]
            block.rows.append(texts)
            block.cells.append([(cell, x0, x1) for cell, (x0, x1) in zip(row, cols, strict=True)])
            for c, (cell, text) in enumerate(zip(row, texts, strict=True)):
                score = min((b.score for b in cell), default=1.0)
                own = any(bands[r][0] <= b.yc <= bands[r][1] for b in cell)  # a merged cell: once
                if text and score < MIN_SCORE and own:
                    out.doubtful.append(f"表格第{r + 1}行第{c + 1}列“{text}”（置信度 {score:.0%}）")
        out.blocks.append(block)
        taken.update(idx)
    out.free = [b for k, line in enumerate(lines) if k not in taken for b in line if b.score >= TEXT_SCORE]
    return out
