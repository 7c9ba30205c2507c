"""Table segmentation: find indicator tables in document lines and cut them into raw rows.

Two layouts are read:

* **tab rows** — one table row per line, cells separated by tabs;
* **one cell per line** — each cell on a line of its own starting with a tab, continuation
  lines without a tab, blank lines possibly inside a cell.  Rows are closed by counting cells
  against the header (a row may carry one extra, unnamed sub-indicator cell).

A table starts at a header row (optionally preceded by a 表N caption) and ends at prose, a note
(备注/注), a new caption or the end of the document.  Repeated headers (page breaks) are skipped
and remembered on the next row so a row split across the break can be merged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ecociv.importers._clean import ascii_digits, clean_text
from ecociv.importers._columns import Column, compact, is_header, map_header
from ecociv.importers._tasks_table import task_header_roles

__all__ = ["RawRow", "RawTable", "find_tables", "is_caption", "is_category"]

_CAPTION = re.compile(
    r"^\s*(?:续)?(?:附)?表\s*[0-9０-９A-Za-z一二三四五六七八九十]+(?:\s*[.．\-－—–]\s*[0-9０-９]+)*(?:\s|$|[:：（(])"
    r"|^\s*附\s*表\s*[:：]?\s+\S"
)
_CONTINUED = re.compile(r"^\s*续表|[（(]续[）)]\s*$")
_CATEGORY = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[)）]\s*\S.{0,24}$|^\s*[一二三四五六七八九十]{1,3}[、.．]\s*\S.{0,20}$")
_END_MARK = re.compile(r"^\s*(?:备注|注\s*[：:0-9１-９]|注$|资料来源|数据来源|说明\s*[：:])")
_HEADING = re.compile(r"^\s*(?:#+\s*)?第[一二三四五六七八九十百0-9]+[章节篇部分]")
_PAGE_NO = re.compile(r"^[\s\-—–·]*(?:第\s*)?\d{1,4}(?:\s*页)?[\s\-—–·]*$")


@dataclass
class RawRow:
    cells: list[str]
    line: int
    kind: str = "data"  # "data" | "category" | "stray" (a line that is not a row)
    after_header: bool = False  # a repeated header (page break) came right before this row
    incomplete: bool = False  # fewer cells than the header (e.g. truncated file)


@dataclass
class RawTable:
    title: str
    caption_line: int | None
    header_line: int
    columns: list[Column]
    layout: str  # "tabs" | "cells"
    rows: list[RawRow] = field(default_factory=list)
    end_line: int = 0
    completion: bool = False


def is_caption(text: str) -> bool:
    return bool(_CAPTION.match(clean_text(text)))


def is_category(text: str) -> bool:
    t = clean_text(text)
    return bool(_CATEGORY.match(t)) and not re.search(r"[。；;]", t)


def _find_caption(lines: list[str], header_idx: int) -> tuple[str, int | None]:
    seen = 0
    for j in range(header_idx - 1, max(-1, header_idx - 12), -1):
        t = clean_text(lines[j])
        if not t:
            continue
        seen += 1
        if "\t" in lines[j].strip() or seen > 3:
            break
        if is_caption(t) or (len(t) <= 60 and "指标" in t and not t.endswith("。")):
            return t, j + 1
    return "", None


def find_tables(lines: list[str]) -> list[RawTable]:
    """Every indicator table of the document, in order."""
    tables: list[RawTable] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if "\t" not in line:
            i += 1
            continue
        cells = line.split("\t")
        table: RawTable | None = None
        if sum(1 for c in cells if c.strip()) >= 3:
            title, cap = _find_caption(lines, i)
            completion = "完成" in title
            cols = map_header(cells, completion=completion)
            joined, after = _join_header_lines(lines, i, cells) if cols is not None or _may_be_header(cells) else (cells, i)
            if after > i and (wider := map_header(joined, completion=completion)) is not None:
                cols, cells = wider, joined  # header cells with line breaks, exported one line per break
            if cols is not None:
                start = after + 1
                # the next non-blank line (an HTML table's rows stand apart, blank lines between)
                j = next((k for k in range(start, min(len(lines), start + 39)) if lines[k].strip()), None)
                sub = lines[j].split("\t") if j is not None and "\t" in lines[j] else None
                if j is not None and sub is not None and _is_sub_header(sub, cells):
                    two = map_header(_merge_header_rows(cells, sub), completion=completion)
                    if two is not None:
                        cols, start = two, j + 1
                table = RawTable(title, cap, i + 1, cols, "tabs", completion=completion)
                table.end_line = _read_tab_rows(lines, start, table)
        elif line.startswith("\t") and line.count("\t") == 1 and line.strip():
            title, cap = _find_caption(lines, i)
            table = _try_cell_layout(lines, i, title, cap)
        if table is None:
            i += 1
            continue
        prev = tables[-1] if tables else None
        if (
            prev is not None
            and table.caption_line is None
            and [compact(c.header) for c in prev.columns] == [compact(c.header) for c in table.columns]
            and not _restarts(prev, table)
        ):
            # The same header after a note or page residue: the table goes on.
            for r in table.rows[:1]:
                r.after_header = True
            prev.rows.extend(table.rows)
            prev.end_line = table.end_line
            i = max(table.end_line, i + 1)
            continue
        if not table.title:
            table.title = f"指标表{len(tables) + 1}"
        tables.append(table)
        i = max(table.end_line, i + 1)
    return tables


#: The second line of a header cell broken over lines (``2021年`` / ``现状值``, ``指标`` / ``属性``).
_HEADER_PIECE = re.compile(
    r"(?:现状|基准|目标|规划|预期|实际|完成)?值?|属性|性质|名称|单位|指标|类别|领域|[（(][^（）()]{0,12}[)）]|(?:19|20)\d{2}年?(?:目标|现状|基准)?值?"
)


def _join_header_lines(lines: list[str], i: int, cells: list[str]) -> tuple[list[str], int]:
    """A header whose cells hold line breaks, exported one text line per break: each next line
    begins with the rest of the last cell.  Returns the joined cells and the header's last line
    index (``i`` when nothing was joined)."""
    j = i + 1
    joined = list(cells)
    while j < len(lines) and j <= i + 4:
        parts = lines[j].split("\t")
        texts = [compact(p) for p in parts]
        if not texts[0] or not all(not t or _HEADER_PIECE.fullmatch(ascii_digits(t)) for t in texts):
            break
        joined = [*joined[:-1], f"{clean_text(joined[-1])} {clean_text(parts[0])}".strip(), *parts[1:]]
        j += 1
    return joined, j - 1


def _first_seq(table: RawTable) -> str | None:
    k = next((k for k, c in enumerate(table.columns) if c.role == "seq"), None)
    if k is None:
        return None
    for row in table.rows:
        if row.kind == "data" and k < len(row.cells) and compact(row.cells[k]):
            return compact(row.cells[k])
    return None


def _restarts(prev: RawTable, table: RawTable) -> bool:
    """The same header again, but its 序号 start over at 1: another table, not a page break."""
    first = _first_seq(table)
    return first in ("1", "１") and _first_seq(prev) == first and len(prev.rows) > 1


_NAME_HEADER_WORD = re.compile(r"指标|名称|^项目$|方案层")


def _may_be_header(cells: list[str]) -> bool:
    """A cheap test before :func:`map_header`: a header names its indicator column."""
    return any(_NAME_HEADER_WORD.search(c.strip()) for c in cells)


def _restarts_at(lines: list[str], i: int, table: RawTable) -> bool:
    """Whether the first row after the header at line index ``i`` starts its 序号 again at 1."""
    k = next((k for k, c in enumerate(table.columns) if c.role == "seq"), None)
    if k is None or _first_seq(table) not in ("1", "１") or len(table.rows) < 2:
        return False
    for j in range(i + 1, min(len(lines), i + 4)):
        if "\t" in lines[j]:
            cells = lines[j].split("\t")
            return k < len(cells) and compact(cells[k]) in ("1", "１")
    return False


def _read_tab_rows(lines: list[str], start: int, table: RawTable) -> int:
    """Read tab-separated rows from line index ``start``; return the index where the table ends."""
    i = start
    after_header = False
    while i < len(lines):
        line = lines[i]
        text = clean_text(line)
        if not text:
            i += 1
            continue
        if "\t" in line.strip("\n"):
            cells = line.split("\t")
            if is_header(cells, table.columns) and _restarts_at(lines, i, table):
                break  # the same header over a new table whose 序号 start again at 1
            if is_header(cells, table.columns) or (after_header and _is_sub_header(cells)):
                after_header = True
                i += 1
                continue
            if (_may_be_header(cells) and map_header(cells, completion=table.completion) is not None) or (
                task_header_roles([clean_text(c) for c in cells]) is not None
            ):
                # the header of another table (indicators, or a task list): this one ends here,
                # with the label above that header (二、重点任务清单), which is no group of this table
                while table.rows and table.rows[-1].kind == "category":
                    i = table.rows.pop().line - 1
                break
            first_line = i + 1
            cells, i = _join_wrapped(lines, i, cells, len(table.columns))
            filled = [c for c in cells if clean_text(c)]
            if len(filled) == 1 and _END_MARK.match(clean_text(filled[0])):
                break
            if len(filled) == 1 and is_category(filled[0]):
                table.rows.append(RawRow([filled[0]], i + 1, "category"))
            else:
                table.rows.append(RawRow(cells, first_line, after_header=after_header))
            after_header = False
            i += 1
            continue
        if _PAGE_NO.match(text) or _CONTINUED.search(text):
            i += 1
            continue
        if is_caption(text) and not _CONTINUED.search(text):
            break  # the caption of the next table
        if (is_category(text) and not _HEADING.match(text)) or _bare_category(lines, i, text):
            table.rows.append(RawRow([text], i + 1, "category"))
            i += 1
            continue
        j = _next_content(lines, i + 1)
        if (
            j is not None
            and len(lines[j].split("\t")) >= len(table.columns) - 1
            and not _END_MARK.match(text)
            and not text.endswith(("。", "：", ":"))  # a sentence between two tables
        ):
            # A line without tabs between table rows: keep it, the builder reports it.
            table.rows.append(RawRow([text], i + 1, "stray"))
            i += 1
            continue
        break
    return i


def _bare_category(lines: list[str], i: int, text: str) -> bool:
    """A short label on a line of its own (环境质量) with table rows right after it."""
    if len(text) > 12 or re.search(r"[\d。，；：:,;.（）()]", text) or _END_MARK.match(text):
        return False
    j = _next_content(lines, i + 1)
    return j is not None and "\t" in lines[j]


def _next_content(lines: list[str], start: int) -> int | None:
    for j in range(start, min(len(lines), start + 3)):
        if lines[j].strip():
            return j
    return None


_SUB_HEADER = re.compile(
    r"(?:19|20)\d{2}年?(?:目标值?|现状值?|基准值?|实际值?|完成值?)?|目标值?|现状值?|基准值?|近期|中期|远期"
    r"|[（(](?:19|20)\d{2}年?(?:底|末)?[)）]"
    r"|名称|单位|计量单位"  # 指标 spanning 名称 | 单位
)


def _is_sub_header(cells: list[str], top: list[str] | None = None) -> bool:
    """The second row of a two-row header: only years and header words (2025年 | 2030年).

    Cells repeating the top row's cell above them (a Word cell merged down over both header
    rows is listed in each) do not count.
    """
    above = [compact(c) for c in top] if top is not None else []
    texts = [compact(c) for k, c in enumerate(cells) if compact(c) and (k >= len(above) or compact(c) != above[k])]
    return bool(texts) and all(_SUB_HEADER.fullmatch(ascii_digits(t)) for t in texts)


def _merge_header_rows(top: list[str], sub: list[str]) -> list[str]:
    """One header from a two-row header; a merged top cell is repeated over the cells below it."""
    top = [clean_text(c) for c in top]
    sub = [clean_text(c) for c in sub]
    if len(sub) > len(top):
        k = min(next((k for k, c in enumerate(sub) if c), 0), len(top) - 1)
        top = top[: k + 1] + [top[k]] * (len(sub) - len(top)) + top[k + 1 :]
    out: list[str] = []
    for k, t in enumerate(top):
        below = sub[k] if k < len(sub) else ""
        if below and compact(below) == compact(t):
            below = ""  # merged down over both header rows
        if not t and below and k > 0:
            t = top[k - 1]
            top[k] = t
        out.append(f"{t} {below}".strip() if below else t)
    return out


def _join_wrapped(lines: list[str], i: int, cells: list[str], n: int) -> tuple[list[str], int]:
    """A row wrapped onto the next line (a cell with a line break): join while it stays short."""
    while len(cells) < n - 1:
        j = i + 1
        if j >= len(lines) or "\t" not in lines[j]:
            break
        more = lines[j].split("\t")
        if len(cells) + len(more) - 1 > n or re.fullmatch(r"\s*\d{1,3}\s*", more[0] or "x"):
            break
        cells = [*cells[:-1], f"{cells[-1]} {more[0]}".strip(), *more[1:]]
        i = j
    return cells, i


@dataclass
class _Cell:
    parts: list[str]
    line: int
    blank_after: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _continuation(text: str) -> bool:
    t = clean_text(text)
    return (
        len(t) <= 40
        and not t.endswith("。")
        and not is_caption(t)
        and not _HEADING.match(t)
        and not _END_MARK.match(t)
    )


def _cell_stream(lines: list[str], start: int) -> tuple[list[_Cell], int]:
    """Cells of a one-cell-per-line table from line index ``start``, and where the stream ends."""
    cells: list[_Cell] = []
    i = start
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("\t"):
            for part in line[1:].split("\t"):
                cells.append(_Cell([part], i + 1))
            i += 1
            continue
        if not line.strip():
            if cells:
                cells[-1].blank_after = True
            i += 1
            continue
        j = i
        texts: list[str] = []
        last_blank = False
        while j < n and not lines[j].startswith("\t"):
            if lines[j].strip():
                texts.append(lines[j])
                last_blank = False
            else:
                last_blank = True
            j += 1
            if len(texts) > 12:
                break
        if cells and j < n and lines[j].startswith("\t") and all(_continuation(t) for t in texts):
            cells[-1].parts.extend(texts)
            cells[-1].blank_after = last_blank
            i = j
            continue
        if cells:
            cells[-1].blank_after = True
        break
    return cells, i


def _try_cell_layout(lines: list[str], idx: int, title: str, cap: int | None) -> RawTable | None:
    first = compact(lines[idx])
    if not first or len(first) > 20:
        return None
    cells, end = _cell_stream(lines, idx)
    if len(cells) < 3:
        return None
    completion = "完成" in title
    k = next((k for k, c in enumerate(cells) if c.blank_after), len(cells) - 1)
    cols = map_header([c.text for c in cells[: k + 1]], completion=completion) if k < 16 else None
    if cols is None:
        # No blank line after the header: take the longest prefix that reads as a header.
        for k in range(min(len(cells), 15) - 1, 1, -1):
            cols = map_header([c.text for c in cells[: k + 1]], completion=completion)
            if cols is not None and all(c.role not in ("extra",) for c in cols):
                break
            cols = None
    if cols is None:
        return None
    table = RawTable(title, cap, idx + 1, cols, "cells", completion=completion)
    has_domain = any(c.role == "domain" for c in cols)
    ncols = k + 1
    header_texts = [c.text for c in cells[:ncols]]
    i = ncols
    after_header = False
    while i < len(cells):
        c = cells[i]
        t = clean_text(c.text)
        if _END_MARK.match(t):
            end = min(end, _line_index_after(lines, c.line))
            break
        if is_header([x.text for x in cells[i : i + ncols]], table.columns) and compact(c.text) == compact(
            header_texts[0]
        ):
            i += ncols
            after_header = True
            continue
        if is_caption(t) or (len(t) > 60 and "。" in t):
            end = min(end, _line_index_after(lines, c.line))
            break
        if is_category(t) and (c.blank_after or i + 1 == len(cells) or not has_domain):
            table.rows.append(RawRow([c.text], c.line, "category"))
            i += 1
            continue
        take = _row_width(cells, i, ncols)
        split = _header_inside(cells, i, take, header_texts, table)
        if split is not None:
            # A page break inside the row: its cells go on after the repeated header.
            before = cells[i:split]
            rest = split + ncols
            need = _row_width(cells, rest - len(before), ncols) - len(before)
            group = before + cells[rest : rest + max(need, 0)]
            take = rest + max(need, 0) - i
        else:
            group = cells[i : i + take]
        table.rows.append(
            RawRow([g.text for g in group], c.line, after_header=after_header, incomplete=len(group) < ncols)
        )
        after_header = False
        i += take
    table.end_line = end
    return table


def _header_inside(cells: list[_Cell], i: int, take: int, header: list[str], table: RawTable) -> int | None:
    """Index of a repeated header starting inside the row that starts at ``i``, if any."""
    first = compact(header[0])
    for j in range(i + 1, min(i + take, len(cells))):
        if compact(cells[j].text) == first and is_header([x.text for x in cells[j : j + len(header)]], table.columns):
            return j
    return None


def _line_index_after(lines: list[str], line_no: int) -> int:
    return min(len(lines), line_no - 1)


def _row_width(cells: list[_Cell], i: int, ncols: int) -> int:
    """How many cells from ``i`` form one row: the header's count, one more, or one less."""
    n = len(cells)
    last = i + ncols - 1
    if last >= n - 1:
        return min(ncols, n - i)
    if cells[last].blank_after:
        return ncols
    if cells[last + 1].blank_after or last + 2 == n:
        return ncols + 1
    # A blank line one cell early: a row with one cell missing.
    if cells[last - 1].blank_after and not any(c.blank_after for c in cells[i : last - 1]):
        return ncols - 1
    return ncols
