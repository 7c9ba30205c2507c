"""Tables laid out with spaces (``pdftotext -layout`` and similar PDF conversions): columns are
aligned by position, cells separated by runs of two or more spaces, empty cells left blank.

A block is read only from a line that splits into an indicator-table header (see
:func:`._columns.map_header`); each following line is cut into cells by the header's column
positions and rewritten with tabs, one line for one, so the table reader sees it like a Word
table.  The block ends at a blank line followed by prose, a sentence, a caption or a heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ecociv.importers._columns import map_header

__all__ = ["spaced_tables_to_tabs"]

_GAP = re.compile(r"[ \u3000]{2,}")
_SEGMENT = re.compile(r"\S+(?:[ \u3000]\S+)*")
_PROSE_END = ("。", "；", "：", ":")


def _width(text: str) -> int:
    """Display width: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _segments(line: str) -> list[tuple[int, int, str]]:
    """(start in characters, start in display width, text) of every run of text separated by
    two or more spaces."""
    return [(m.start(), _width(line[: m.start()]), m.group(0)) for m in _SEGMENT.finditer(line)]


@dataclass
class _Columns:
    chars: list[int]  # column starts in characters (pdftotext pads to character columns)
    display: list[int]  # column starts in display width (text aligned by eye, CJK double width)


def _header(line: str) -> _Columns | None:
    """Column starts when ``line`` is a space-aligned indicator-table header."""
    if "\t" in line or "|" in line or ("  " not in line and "\u3000\u3000" not in line):
        return None
    if len(_GAP.findall(line.strip())) < 3:
        return None
    segs = _segments(line)
    if len(segs) < 4 or map_header([t for _, _, t in segs]) is None:
        return None
    return _Columns([c for c, _, _ in segs], [d for _, d, _ in segs])


def _assign(starts: list[int], positions: list[int]) -> tuple[list[int], int]:
    """Nearest column of each position, and a cost: distances plus collisions."""
    cols = [min(range(len(starts)), key=lambda k: abs(starts[k] - p)) for p in positions]
    cost = sum(abs(starts[k] - p) for k, p in zip(cols, positions, strict=True))
    cost += 50 * (len(cols) - len(set(cols)))
    return cols, cost


def _row(line: str, columns: _Columns) -> str:
    segs = _segments(line)
    by_chars = _assign(columns.chars, [c for c, _, _ in segs])
    by_display = _assign(columns.display, [d for _, d, _ in segs])
    cols = min(by_chars, by_display, key=lambda a: a[1])[0]
    cells = [""] * len(columns.chars)
    for k, (_, _, text) in zip(cols, segs, strict=True):
        cells[k] = f"{cells[k]} {text}".strip()
    return "\t".join(cells)


def spaced_tables_to_tabs(lines: list[str]) -> list[str]:
    """The same lines, space-aligned indicator tables rewritten with tabs."""
    if not any("  " in x or "\u3000\u3000" in x for x in lines):
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):
        starts = _header(lines[i])
        if starts is None:
            i += 1
            continue
        header_cells = [t for _, _, t in _segments(lines[i])]
        cols = map_header(header_cells) or []
        first_is_label = bool(cols) and cols[0].role in ("domain", "name")
        out[i] = "\t".join(header_cells)
        i += 1
        while i < len(lines):
            line = lines[i]
            text = line.strip()
            if not text:
                i += 1
                continue
            segs = _segments(line)
            again = _header(line)
            if again is not None:  # the header repeated after a page break
                starts = again
                out[i] = "\t".join(t for _, _, t in segs)
                i += 1
                continue
            if "\t" in line or "|" in line or (len(segs) == 1 and (text.endswith(_PROSE_END) or len(text) > 30)):
                break
            if re.match(r"^(?:注|备注|资料来源|数据来源|续?表\s*[0-9０-９]|第[一二三四五六七八九十\d]+[章节])", text):
                break
            if len(segs) == 1 and _row(line, starts).startswith(text) and not first_is_label:
                i += 1  # a label at the margin (环境质量) over a 序号 column: left for the table reader
                continue
            out[i] = _row(line, starts)
            i += 1
    return out
