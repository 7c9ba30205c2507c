"""HTML tables inside Markdown (``<table>…<tr><td rowspan="2">…``), as converters write tables
with merged or multi-line cells, rewritten as tab-separated lines like Word tables.

Line numbers are kept: each row goes on the line where its ``<tr>`` starts (or the next free line
of the table), the table's other lines become blank.  A merged cell is written the way the
.docx reader lists it: repeated on every row it spans down, once over the columns it spans across.
A table with more rows than lines (all on one line) is left as it is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ecociv.importers._clean import join_cell_paragraphs

__all__ = ["grid_of", "html_tables_to_tabs"]

_START = re.compile(r"<table\b", re.IGNORECASE)
_END = re.compile(r"</table\s*>", re.IGNORECASE)


#: Where a cell's paragraph or line ended (<p>, <br>).
_BREAK = "\x1f"


class _Rows(HTMLParser):
    """Rows of one table: (line offset of the <tr>, [(text, rowspan, colspan)])."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[int, list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
        elif self._depth > 1:
            return
        elif tag == "tr":
            self.rows.append((self.getpos()[0] - 1, []))
        elif tag in ("td", "th") and self.rows:
            a = dict(attrs)
            self._cell = []
            self._span = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag in ("br", "p") and self._cell is not None:
            self._cell.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self.rows and self._depth == 1:
            parts = (re.sub(r"\s+", " ", t) for t in "".join(self._cell).split(_BREAK))
            text = join_cell_paragraphs(list(parts))
            self.rows[-1][1].append((text, *self._span))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), 200))
    except ValueError:
        return 1


def grid_of(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Cell texts by grid position, merged cells expanded."""
    out: list[list[str]] = []
    below: dict[tuple[int, int], str] = {}  # (row, column) taken by a cell spanning down
    for r, cells in enumerate(rows):
        line: list[str] = []
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in below:
                line.append(below.pop((r, c)))
                c += 1
            for k in range(colspan):
                line.append(text if k == 0 else "")
                for d in range(1, rowspan):
                    below[(r + d, c)] = text if k == 0 else ""
                c += 1
        while (r, c) in below:
            line.append(below.pop((r, c)))
            c += 1
        out.append(line)
    return out


def html_tables_to_tabs(lines: list[str]) -> list[str]:
    """The same lines, HTML tables rewritten as tab-separated rows (line numbers kept)."""
    if not any(_START.search(x) for x in lines):
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):
        if not _START.search(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and not _END.search(lines[j]):
            j += 1
        if j >= len(lines):
            break
        parser = _Rows()
        parser.feed("\n".join(lines[i : j + 1]))
        parser.close()
        grid = grid_of([cells for _, cells in parser.rows])
        slots: list[int] = []
        nxt = 0
        for offset, _ in parser.rows:
            slot = max(offset, nxt)
            slots.append(slot)
            nxt = slot + 1
        if grid and nxt <= j - i + 1:
            for k in range(i, j + 1):
                out[k] = ""
            for slot, row in zip(slots, grid, strict=True):
                out[i + slot] = "\t".join(c.replace("\t", " ") for c in row)
        i = j + 1
    return out
