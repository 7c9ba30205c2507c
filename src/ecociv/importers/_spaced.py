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


def _row_cells(line: str, columns: _Columns) -> list[str]:
    segs = _segments(line)
    by_chars = _assign(columns.chars, [c for c, _, _ in segs])
    by_display = _assign(columns.display, [d for _, d, _ in segs])
    cols = min(by_chars, by_display, key=lambda a: a[1])[0]
    cells = [""] * len(columns.chars)
    for k, (_, _, text) in zip(cols, segs, strict=True):
        cells[k] = f"{cells[k]} {text}".strip()
    return cells


def _row(line: str, columns: _Columns) -> str:
    return "\t".join(_row_cells(line, columns))


#: Words a wrapped header line is made of (``2020年`` over ``现状值``, ``指标`` over ``属性``).
_HEADER_WORD = re.compile(r"指标|名称|单位|年|值|属性|目标|现状|基准|序号|类别|领域|备注|说明|责任|牵头|层|范围|情况|类型")
_VALUE = re.compile(r"^[≥≤<>＞＜]?\s*-?\d+(?:\.\d+)?\s*[%％]?$")


#: A table's caption (``表1  主要目标指标``), centred with spaces: above the header, not part of it.
_CAPTION = re.compile(r"^(?:续?表|附表|专栏)\s*[0-9０-９一二三四五六七八九十]")
#: A section heading (``二、重点任务``, ``（一）…``) on a line of its own.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def _headerish(line: str) -> bool:
    """A line that may be part of a header wrapped over several lines."""
    text = line.strip()
    if not text or "\t" in line or "|" in line or text.endswith(_PROSE_END) or _CAPTION.match(text):
        return False
    segs = _segments(line)
    return all(
        not _VALUE.match(t) and (len(t) <= 6 or _HEADER_WORD.search(t)) and len(t) <= 16 for _, _, t in segs
    )


def _merge_columns(rows: list[list[tuple[int, int, str]]], width: bool) -> tuple[list[int], list[str], int]:
    """Columns of a header wrapped over several lines: segments overlapping across lines are one
    column.  Positions in display width (``width``) or in characters.  Also returns how many
    columns stack text from two or more lines (the evidence that the measure fits)."""
    spans: list[tuple[int, int, int, str]] = []  # start, end, line, text
    for n, segs in enumerate(rows):
        for c, d, t in segs:
            a = d if width else c
            spans.append((a, a + (_width(t) if width else len(t)), n, t))
    spans.sort()
    groups: list[list[tuple[int, int, int, str]]] = []
    end = -1
    for sp in spans:
        if groups and sp[0] < end:
            groups[-1].append(sp)
            end = max(end, sp[1])
        else:
            groups.append([sp])
            end = sp[1]
    starts = [min(sp[0] for sp in g) for g in groups]
    texts = [" ".join(sp[3] for sp in sorted(g, key=lambda sp: (sp[2], sp[0]))) for g in groups]
    stacked = sum(1 for g in groups if len({sp[2] for sp in g}) >= 2)
    return starts, texts, stacked


def _wrapped_header(lines: list[str], i: int) -> tuple[_Columns, int, list[str]] | None:
    """A header wrapped over 2–4 lines from line index ``i``: columns, line count, cell texts."""
    if not _headerish(lines[i]):
        return None
    best: tuple[_Columns, int, list[str]] | None = None
    for k in range(2, 5):
        if i + k > len(lines) or not _headerish(lines[i + k - 1]):
            break
        window = [_segments(x) for x in lines[i : i + k]]
        if max(len(_GAP.findall(x.strip())) for x in lines[i : i + k]) < 2:
            continue
        by_chars = _merge_columns(window, width=False)
        by_display = _merge_columns(window, width=True)
        starts, texts, _ = max(by_display, by_chars, key=lambda m: m[2])
        if len(texts) >= 4 and map_header(texts) is not None:
            best = (_Columns(starts, starts), k, texts)
    return best


def _key_roles(cells: list[str]) -> list[str]:
    cols = map_header(cells) or []
    return [c.role for c in cols] + ["extra"] * (len(cells) - len(cols))


_ROW_VALUE = re.compile(r"^(?:[≥≤<>＞＜]?\s*-?\d|[—–\-/]+$|约束性|预期性)")
_VALUE_ROLES = {"seq", "unit", "baseline", "target", "actual", "status", "attribute", "cumulative", "outlook"}


def _place(rows: list[tuple[int, list[str]]], roles: list[str], out: list[str]) -> None:
    """Write the rows of one table: lines with values are rows; a line with text only in text
    columns (a cell wrapped over several lines) joins the row it belongs to.  Cells wrapped
    around a row (vertically centred) are split between the rows above and below by distance;
    top-aligned cells (nothing before the first row) go to the row above."""
    has_seq = "seq" in roles

    def is_key(cells: list[str]) -> bool:
        """A line that starts a row: it has a 序号, or a value (number, ≥…, —) in a value column;
        without a 序号 column, any text in a value column."""
        filled = [k for k, c in enumerate(cells) if c]
        if any(roles[k] == "seq" for k in filled):
            return True
        values = [cells[k] for k in filled if roles[k] in _VALUE_ROLES]
        if has_seq:
            return any(_ROW_VALUE.match(v) for v in values)
        return bool(values)

    def is_label(cells: list[str]) -> bool:
        filled = [k for k, c in enumerate(cells) if c]
        return len(filled) == 1 and roles[filled[0]] == "domain"

    keys = [n for n, (_, cells) in enumerate(rows) if is_key(cells) or is_label(cells)]
    if not keys:
        for idx, cells in rows:
            out[idx] = "\t".join(cells)
        return
    centred = keys[0] > 0
    owner: dict[int, int] = {}
    for n in range(len(rows)):
        if n in keys:
            continue
        prev = max((k for k in keys if k < n and not is_label(rows[k][1])), default=None)
        nxt = min((k for k in keys if k > n and not is_label(rows[k][1])), default=None)
        if prev is None or (centred and nxt is not None and (n - prev) >= (nxt - n)):
            owner[n] = nxt if nxt is not None else n
        else:
            owner[n] = prev
    above: dict[int, list[list[str]]] = {k: [[] for _ in rows[k][1]] for k in keys}
    below: dict[int, list[list[str]]] = {k: [[] for _ in rows[k][1]] for k in keys}
    for n in sorted(owner):
        k = owner[n]
        if k not in above:
            continue
        side = above if n < k else below
        for c, text in enumerate(rows[n][1]):
            if text:
                side[k][c].append(text)
        out[rows[n][0]] = ""
    for k in keys:
        cells = [" ".join([*above[k][c], x, *below[k][c]]).strip() for c, x in enumerate(rows[k][1])]
        out[rows[k][0]] = "\t".join(re.sub(r"\s+", " ", x) for x in cells)


def _prose_after(lines: list[str], i: int) -> bool:
    """Whether the next line with text from index ``i`` is prose (one run of text), not a row."""
    nxt = next((x for x in lines[i : i + 3] if x.strip()), None)
    return nxt is None or len(_segments(nxt)) == 1


def spaced_tables_to_tabs(lines: list[str]) -> list[str]:
    """The same lines, space-aligned indicator tables rewritten with tabs."""
    if not any("  " in x or "\u3000\u3000" in x for x in lines):
        return lines
    out = list(lines)
    i = 0
    while i < len(lines):
        starts = _header(lines[i])
        if starts is not None:
            header_cells = [t for _, _, t in _segments(lines[i])]
            k = 1
        else:
            wrapped = _wrapped_header(lines, i) if "  " in lines[i] else None
            if wrapped is None:
                i += 1
                continue
            starts, k, header_cells = wrapped
        cols = map_header(header_cells) or []
        roles = _key_roles(header_cells)
        first_is_label = bool(cols) and cols[0].role in ("domain", "name")
        out[i] = "\t".join(header_cells)
        for j in range(i + 1, i + k):
            out[j] = ""
        i += k
        rows: list[tuple[int, list[str]]] = []
        while i < len(lines):
            line = lines[i]
            text = line.strip()
            if not text:
                i += 1
                continue
            segs = _segments(line)
            again = _header(line)
            if again is not None:  # the header repeated after a page break
                _place(rows, roles, out)
                rows = []
                starts = again
                out[i] = "\t".join(t for _, _, t in segs)
                i += 1
                continue
            rewrapped = _wrapped_header(lines, i) if k > 1 else None
            if rewrapped is not None:  # a wrapped header repeated after a page break
                _place(rows, roles, out)
                rows = []
                starts, n_lines, cells = rewrapped
                out[i] = "\t".join(cells)
                for j in range(i + 1, i + n_lines):
                    out[j] = ""
                i += n_lines
                continue
            if "\t" in line or "|" in line or (len(segs) == 1 and (text.endswith(_PROSE_END) or len(text) > 30)):
                break
            if re.match(r"^(?:注|备注|资料来源|数据来源|续?表\s*[0-9０-９]|第[一二三四五六七八九十\d]+[章节])", text):
                break
            if len(segs) == 1 and _HEADING.match(text) and _prose_after(lines, i + 1):
                break  # a heading over the text after the table, not a group row of it
            if len(segs) == 1 and _row(line, starts).startswith(text) and not first_is_label:
                _place(rows, roles, out)
                rows = []
                i += 1  # a label at the margin (环境质量) over a 序号 column: left for the table reader
                continue
            rows.append((i, _row_cells(line, starts)))
            i += 1
        _place(rows, roles, out)
    return out
