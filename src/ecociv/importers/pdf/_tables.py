"""Tables from positioned text: the layer shared by text PDFs (tables without rulings) and
OCR'd scans (outside their ruled grids).

* A table is a run of lines cut into two or more cells by wide gaps, at least two of them into
  three or more.  Short single-cell lines inside the run (a wrapped cell, one character of a
  vertical label) belong to it, and so do the wrapped lines that end its last row.
* Columns are the x ranges of the cells, taken from the lines with the most cells first; a cell
  over two or more columns (a spanning header such as 浓度限值 over 一级/二级) sits in its first
  column, like a merged cell of a Word table.
* Rows: a line without the table's key column (序号) continues the row above (a wrapped cell),
  unless a row gap parts it (:mod:`._rows`, which also says when rows are unsure); a column
  of single characters (生/态/空/间) is a vertical label, joined and given to the rows around it.
  On a tagged page the structure tree names each word's table row and paragraph (:mod:`._tags`):
  rows and the items of a cell are taken from it.
  (The grids drawn on a scanned page are read by rows between their rules: :mod:`._ocr_tables`.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ecociv.importers.pdf._cells import cell_text
from ecociv.importers.pdf._layout import Box, group_lines, join_wrapped, line_text, segments, typical_height
from ecociv.importers.pdf._rows import key_column, row_starts

__all__ = ["Table", "find_tables"]


@dataclass
class Table:
    """Rows of cell texts, and where the table sits (line indexes of the page's lines)."""

    rows: list[list[str]]
    first_line: int
    last_line: int
    #: (row index, column index, text, score) of cells read with low OCR confidence
    doubtful: list[tuple[int, int, str, float]] = field(default_factory=list)
    #: the rows could not be told apart with certainty (see :mod:`._rows`)
    unsure: bool = False
    #: the first row is the end of a row cut by the page break (its wrapped lines only)
    continues: bool = False


def _is_table_line(segs: list[Box]) -> bool:
    return len(segs) >= 2


def _regions(segs: list[list[Box]], width: float) -> list[tuple[int, int, bool]]:
    """(first, last) line indexes of table-like runs, and whether the run starts the page with
    lines of cells above its first row (the end of a row cut by the page break)."""
    out: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(segs):
        if not _is_table_line(segs[i]):
            i += 1
            continue
        j = i
        k = i + 1
        rows = {b.row for b in segs[i]}
        while k < len(segs):
            if _is_table_line(segs[k]):
                j = k
                rows.update(b.row for b in segs[k])
                k += 1
                continue
            if segs[k] and all(b.row is not None and b.row in rows for b in segs[k]):
                j = k  # a tagged page: more lines of a row's cells, however many
                k += 1
                continue
            # a short single cell (wrapped text, a vertical label's character) inside the run
            ahead = next((m for m in range(k + 1, min(k + 4, len(segs))) if _is_table_line(segs[m])), None)
            short = all(s.x1 - s.x0 < 0.45 * width for s in segs[k])
            if ahead is None or not short:
                break
            k += 1
        j = _trailing(segs, i, j)
        if sum(len(s) >= 3 for s in segs[i : j + 1]) >= 2:
            start = _leading(segs, i, j, out[-1][1] + 1 if out else 0)
            out.append((start, j, start == 0 < i))
        i = j + 1
    return out


def _inner_starts(segs: list[list[Box]], first: int, last: int) -> tuple[float, list[float]]:
    """Where the run's first column starts, and where its other cells start."""
    starts = sorted({float(round(b.x0)) for s in segs[first : last + 1] if len(s) >= 2 for b in s})
    return (starts[0], starts[1:]) if starts else (0.0, [])


def _cell_line(line: list[Box], next_to: list[Box], left: float, inner: list[float], reach: float) -> bool:
    """Whether ``line``, at most ``reach`` text heights above or below ``next_to``, holds only
    lines of cells: each piece starts where a cell of the table starts, other than its first
    column (where prose starts), and ends before the next cell starts (a caption or heading runs
    across cells)."""
    height = max(b.height for b in next_to)
    close = bool(line) and abs(min(b.top for b in line) - max(b.top for b in next_to)) <= reach * height
    for b in line:
        at = next((x for x in inner if abs(b.x0 - x) <= 0.5 * b.height), None)
        after = [x for x in inner if x > b.x0 + b.height]
        if at is None or abs(b.x0 - left) <= b.height or (after and b.x1 > after[0]):
            return False
    return close


def _leading(segs: list[list[Box]], first: int, last: int, floor: int) -> int:
    """The first line of a run taken back over the lines of cells right above it (not above
    ``floor``): the top of a header whose cells are centred vertically, or at a page's top the
    end of a row cut by the page break."""
    left, inner = _inner_starts(segs, first, last)
    # a row's gap may come between (a cut row's end, then the page's first numbered row)
    while first > floor and _cell_line(segs[first - 1], segs[first], left, inner, 2.6):
        first -= 1
    return first


def _trailing(segs: list[list[Box]], first: int, last: int) -> int:
    """The last line of a run taken on past ``last`` by the wrapped lines that end its last row
    (:func:`_cell_line`)."""
    left, inner = _inner_starts(segs, first, last)
    while last + 1 < len(segs) and segs[last] and _cell_line(segs[last + 1], segs[last], left, inner, 1.8):
        last += 1
    return last


def _columns(lines: list[list[Box]]) -> list[tuple[float, float]]:
    cols: list[list[float]] = []
    for segs in sorted(lines, key=len, reverse=True):
        for s in segs:
            hit = [c for c in cols if s.x0 < c[1] and s.x1 > c[0]]
            if not hit:
                cols.append([s.x0, s.x1])
            elif len(hit) == 1:
                hit[0][0] = min(hit[0][0], s.x0)
                hit[0][1] = max(hit[0][1], s.x1)
    return sorted((c[0], c[1]) for c in cols)


def _column_of(b: Box, cols: list[tuple[float, float]]) -> int:
    """The first column the box overlaps (its column, or the first of those it spans)."""
    for k, (x0, x1) in enumerate(cols):
        if b.x0 < x1 and b.x1 > x0:
            return k
    return min(range(len(cols)), key=lambda k: abs((cols[k][0] + cols[k][1]) / 2 - b.xc))


def _rows_tagged(lines: list[list[Box]], cols: list[tuple[float, float]]) -> list[list[list[Box]]] | None:
    """Rows of a table whose every word a tagged PDF places in a table row (TR): the rows as
    written, however many lines their cells wrap over; None for other tables."""
    boxes = [b for segs in lines for b in segs]
    if not boxes or any(b.row is None for b in boxes):
        return None
    order: dict[int | None, int] = {}
    for b in sorted(boxes, key=lambda b: (b.top, b.x0)):
        order.setdefault(b.row, len(order))
    rows: list[list[list[Box]]] = [[[] for _ in cols] for _ in order]
    for b in boxes:
        rows[order[b.row]][_column_of(b, cols)].append(b)
    return rows


def _rows_unruled(lines: list[list[Box]], cols: list[tuple[float, float]]) -> tuple[list[list[list[Box]]], bool]:
    """The table's rows, and whether they are unsure (:mod:`._rows`)."""
    tagged = _rows_tagged(lines, cols)
    if tagged is not None:
        return tagged, False
    placed = [[[b for b in segs if _column_of(b, cols) == k] for k in range(len(cols))] for segs in lines]
    counts = [sum(1 for row in placed if row[k]) for k in range(len(cols))]
    vertical = {k for k in range(len(cols)) if counts[k] >= 2 and _label_column([b for row in placed for b in row[k]])}
    key = key_column(placed, vertical)
    labels: list[tuple[int, list[Box]]] = []  # (row index, boxes) of vertical-label characters
    kept: list[list[list[Box]]] = []
    for row in placed:
        chars = [row[k] for k in vertical if row[k]]
        for k in vertical:
            row[k] = []
        # a line of label characters only goes with the line above, else with its own line
        labels.extend((max(len(kept) - (0 if any(row) else 1), 0), boxes) for boxes in chars)
        if any(row):
            kept.append(row)
    starts, unsure = row_starts(kept, key)
    rows: list[list[list[Box]]] = []
    at: list[int] = []  # the row each kept line went to
    for row, start in zip(kept, starts, strict=True):
        if rows and not start:
            for k, cell in enumerate(row):
                rows[-1][k].extend(cell)
        else:
            rows.append(row)
        at.append(len(rows) - 1)
    placed_labels = [(at[min(i, len(at) - 1)] if at else 0, boxes) for i, boxes in labels]
    for k in vertical:
        _spread_label(rows, k, placed_labels)
    return rows, unsure


def _label_column(boxes: list[Box]) -> bool:
    """Whether a column's boxes are the characters of vertical labels (生/态/空/间): single
    Chinese characters, mostly different — not a unit or mark repeated down the rows (% / 是)."""
    chars = [b.text for b in boxes]
    return (
        all(len(c) == 1 and "\u3400" <= c <= "\u9fff" for c in chars)
        and len(set(chars)) > len(chars) / 2
    )


def _spread_label(rows: list[list[list[Box]]], k: int, labels: list[tuple[int, list[Box]]]) -> None:
    """Characters of vertical labels joined per run of consecutive rows, each label given to the
    rows nearest to it (a label is centred on the rows it names)."""
    runs: list[tuple[int, int, list[Box]]] = []
    for r, boxes in labels:
        if runs and r - runs[-1][1] <= 1:
            runs[-1] = (runs[-1][0], r, [*runs[-1][2], *boxes])
        else:
            runs.append((r, r, list(boxes)))
    if not runs:
        return
    for r, row in enumerate(rows):
        nearest = min(
            runs, key=lambda run: 0 if run[0] <= r <= run[1] else min(abs(r - run[0]), abs(r - run[1]))
        )
        row[k] = [Box(join_wrapped([b.text for b in nearest[2]]), *_bbox(nearest[2]))]


def _bbox(boxes: list[Box]) -> tuple[float, float, float, float]:
    return (
        min(b.x0 for b in boxes),
        max(b.x1 for b in boxes),
        min(b.top for b in boxes),
        max(b.bottom for b in boxes),
    )


def _cell(boxes: list[Box]) -> tuple[str, float]:
    """A cell's text and the lowest confidence it was read with."""
    if boxes and all(b.para is not None for b in boxes):
        # a tagged PDF names each line's paragraph: a new paragraph is a new item
        text = cell_text(boxes, min(b.x0 for b in boxes), max(b.x1 for b in boxes), typical_height(boxes))
    else:
        text = join_wrapped([line_text(line) for line in group_lines(boxes)])
    return text, min((b.score for b in boxes), default=1.0)


def _table(
    grid: list[list[list[Box]]],
    unsure: bool,
    first: int,
    last: int,
    min_score: float,
) -> Table:
    table = Table(rows=[], first_line=first, last_line=last, unsure=unsure)
    for r, row in enumerate(grid):
        cells = [_cell(c) for c in row]
        table.rows.append([t for t, _ in cells])
        table.doubtful.extend((r, k, t, s) for k, (t, s) in enumerate(cells) if t and s < min_score)
    return table


def find_tables(lines: list[list[Box]], width: float, em: float, *, min_score: float = 0.8) -> list[Table]:
    """Tables among a page's lines (see the module docstring); the ruled tables of a scanned
    page are read before (:mod:`._ocr_tables`)."""
    tables: list[Table] = []
    segs = [segments(line, em) for line in lines]
    for first, last, cut in _regions(segs, width):
        block = segs[first : last + 1]
        cols = _columns([s for s in block if len(s) >= 2])
        tables.append(_table(*_rows_unruled(block, cols), first, last, min_score))
        # the lines above are the end of a cut row when a numbered row follows, not a header
        key = next((r[0] for r in tables[-1].rows[1:] if r[0].strip()), "")
        tables[-1].continues = cut and key.strip()[:1].isdigit()
    return sorted(tables, key=lambda t: t.first_line)
