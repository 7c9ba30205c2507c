"""Table rows cut by a page break, joined again.

Word and LibreOffice let a row of a ruled table run over a page break: the row's first lines
end the table on one page, the rest follows the repeated header on the next, in a row whose key
cells (序号) are empty.  Read page by page, that is two rows, and the builder would join their
cells with a space, which makes a wrapped name look like a second item (水环境 / 质量…).  Here
the two parts become one row again, each cell read from the words of both parts as one cell, so
a wrapped line goes on without a space and a new paragraph after a space, as inside a page.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from ecociv.importers._clean import join_cell_parts
from ecociv.importers.pdf._cells import Cell, cell_text
from ecociv.importers.pdf._layout import Box, group_lines, typical_height
from ecociv.importers.pdf._page import Block, PageText, is_residue

__all__ = ["join_cut_rows", "join_split_rows"]

#: free words, ruled tables, width, height of a page with a text layer
_TextPage = tuple[list[Box], list[Block], float, float]

#: share of a table's rows that fill a column for it to be a key column (序号, 指标名称)
_KEY_SHARE = 0.8


def _compact(row: list[str]) -> list[str]:
    return [re.sub(r"\s+", "", c) for c in row]


def _alone(
    free: list[Box], height: float, running: set[str], *, below: float | None, above: float | None
) -> bool:
    """No text on the page below ``below`` / above ``above`` but running headers, footers and
    page numbers: the table runs to the page's end / starts the page."""
    for line in group_lines(free):
        y = line[0].yc
        if ((below is not None and y > below) or (above is not None and y < above)) and not is_residue(
            line, height, running
        ):
            return False
    return True


def _continues(last: Block, first: Block) -> bool:
    """``first`` (a page's first table) repeats the header of ``last`` (the previous page's last
    table) and its first row lacks a key cell that the row before the break has."""
    if len(last.rows) < 2 or len(first.rows) < 2 or _compact(last.rows[0]) != _compact(first.rows[0]):
        return False
    prev, cont = last.rows[-1], first.rows[1]
    if len(prev) != len(cont) or not any(cont) or len(last.cells) != len(last.rows):
        return False
    data = [r for r in (*last.rows[1:], *first.rows[2:]) if len(r) == len(prev)]
    for k in range(len(prev)):
        filled = sum(1 for r in data if r[k].strip())
        if prev[k].strip() and not cont[k].strip() and filled >= _KEY_SHARE * len(data):
            return True
    return False


def _joined(a: Cell, b: Cell, text_a: str, text_b: str) -> tuple[str, Cell]:
    """The text of a cell cut by the break and its words as one cell."""
    boxes_a, left, right = a
    boxes_b = b[0]
    if not boxes_a or not boxes_b or right <= left:
        text = text_a or text_b if text_a == text_b or not (text_a and text_b) else f"{text_a} {text_b}"
        return text, (a if boxes_a and not boxes_b else b if boxes_b and not boxes_a else ([], 0.0, 0.0))
    # the second part's lines placed below the first part's, as one cell
    shift = max(x.bottom for x in boxes_a) - min(x.top for x in boxes_b) + 2 * typical_height(boxes_a)
    moved = [dataclasses.replace(x, top=x.top + shift, bottom=x.bottom + shift) for x in boxes_b]
    both = boxes_a + moved
    return cell_text(both, left, right, typical_height(both)), (both, left, right)


def join_split_rows(pages: dict[int, _TextPage], running: set[str]) -> None:
    """Rows cut by a page break joined into the row on the earlier page (in place)."""
    for i in sorted(pages):
        if i + 1 not in pages or not pages[i][1] or not pages[i + 1][1]:
            continue
        free_a, blocks_a, _, height_a = pages[i]
        free_b, blocks_b, _, height_b = pages[i + 1]
        last = max(blocks_a, key=lambda b: b.bottom)
        first = min(blocks_b, key=lambda b: b.top)
        if not (
            _continues(last, first)
            and _alone(free_a, height_a, running, below=last.bottom, above=None)
            and _alone(free_b, height_b, running, below=None, above=first.top)
        ):
            continue
        prev, cont = last.rows[-1], first.rows[1]
        joined = [_joined(last.cells[-1][k], first.cells[1][k], prev[k], cont[k]) for k in range(len(prev))]
        last.rows[-1] = [text for text, _ in joined]
        last.cells[-1] = [cell for _, cell in joined]
        del first.rows[1]
        del first.cells[1]


def join_cut_rows(pages: list[PageText]) -> None:
    """A table without rulings whose last row runs over a page break: the lines of its cells
    on the next page (a page starting with them, :attr:`PageText.continues`) joined into the
    row on the page before, cell by cell (in place)."""
    for before, page in itertools.pairwise(pages):
        if not page.continues:
            continue
        first = next((k for k, line in enumerate(page.lines) if line.strip()), None)
        last = next((k for k in range(len(before.lines) - 1, -1, -1) if before.lines[k].strip()), None)
        if first is None or last is None:
            continue
        tail, head = before.lines[last].split("\t"), page.lines[first].split("\t")
        if len(tail) != len(head) or len(tail) < 2:
            continue
        before.lines[last] = "\t".join(join_cell_parts(a, b) for a, b in zip(tail, head, strict=True))
        del page.lines[first]
