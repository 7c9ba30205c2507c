"""Ruled tables on a scanned page: the grid drawn by horizontal and vertical rules.

A grid is a run of horizontal rules one above the other over the same width.  Its columns lie
between the vertical rules; a text box that runs across a vertical rule (OCR reads neighbouring
cells as one box when they are close) is cut there, in proportion to the width of its
characters.  A box over a place where no vertical rule runs (a header cell spanning columns)
stays whole, in the first column it covers.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass

from ecociv.importers.pdf._layout import Box

__all__ = ["Ruling", "grid_columns", "ruled_spans", "split_at_rules"]


@dataclass(frozen=True)
class Ruling:
    """A rule drawn at ``y`` from ``x0`` to ``x1`` (for a vertical rule: at x ``y``, from ``x0`` to ``x1`` down)."""

    y: float
    x0: float
    x1: float


def ruled_spans(rulings: list[Ruling], page_height: float) -> list[tuple[float, float]]:
    """(top, bottom) of each grid: three or more horizontal rules one below the other, each
    lying mostly within the width the grid's rules cover so far (a rule under a spanning header,
    or one drawn in pieces, stays in its grid)."""
    spans: list[list[Ruling]] = []
    for r in sorted(rulings, key=lambda r: (r.y, r.x0)):
        if spans:
            g = spans[-1]
            left, right = min(q.x0 for q in g), max(q.x1 for q in g)
            overlap = min(right, r.x1) - max(left, r.x0)
            if overlap >= 0.5 * min(right - left, r.x1 - r.x0) and r.y - g[-1].y < 0.5 * page_height:
                g.append(r)
                continue
        spans.append([r])
    return [(g[0].y, g[-1].y) for g in spans if len({round(q.y) for q in g}) >= 3]


def grid_columns(verticals: list[Ruling], top: float, bottom: float) -> list[tuple[float, float]]:
    """Columns between the vertical rules inside a grid (rules within 4 units are one)."""
    xs: list[float] = []
    for v in sorted(verticals, key=lambda v: v.y):
        if v.x1 < top - 2 or v.x0 > bottom + 2:
            continue
        if xs and v.y - xs[-1] < 4:
            continue
        xs.append(v.y)
    return list(itertools.pairwise(xs))


def _weight(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


def split_at_rules(box: Box, verticals: list[Ruling]) -> list[Box]:
    """``box`` cut at the vertical rules that cross it at its height.  A rule just inside an
    end of the box (within a third of its height: the padding OCR adds around the ink) does not
    cut it, the box is trimmed to it instead."""
    slack = max(3.0, box.height / 3)
    crossing = [v.y for v in verticals if v.x0 - 2 <= box.yc <= v.x1 + 2 and box.x0 < v.y < box.x1]
    x0 = max([box.x0, *(x + 1 for x in crossing if x <= box.x0 + slack)])
    x1 = min([box.x1, *(x - 1 for x in crossing if x >= box.x1 - slack)])
    if (x0, x1) != (box.x0, box.x1) and x0 < x1:
        box = Box(box.text, x0, x1, box.top, box.bottom, box.score)
    cuts = sorted(x for x in crossing if box.x0 + slack < x < box.x1 - slack)
    if not cuts or len(box.text) < 2:
        return [box]
    total = sum(_weight(c) for c in box.text)
    scale = (box.x1 - box.x0) / total
    pieces: list[Box] = []
    start_i, start_x, acc = 0, box.x0, box.x0
    cut_iter = iter([*cuts, float("inf")])
    cut = next(cut_iter)
    for i, ch in enumerate(box.text):
        mid = acc + _weight(ch) * scale / 2
        if mid > cut:
            if i > start_i:
                pieces.append(
                    Box(box.text[start_i:i].strip(), start_x, min(acc, cut), box.top, box.bottom, box.score)
                )
            start_i, start_x = i, max(acc, cut)
            cut = next(cut_iter)
            while mid > cut:
                cut = next(cut_iter)
        acc += _weight(ch) * scale
    pieces.append(Box(box.text[start_i:].strip(), start_x, box.x1, box.top, box.bottom, box.score))
    return [p for p in pieces if p.text]
