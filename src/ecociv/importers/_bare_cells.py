"""Tables exported as plain text with one cell per line and no marker at all (LibreOffice
"Text" export of a Word plan): every cell on its own line, an empty cell an empty line, a cell
merged down written once and then as empty lines, a cell merged across written once.

A block is taken only after a 表题 or 专栏 line, when the short lines after it read as the
header of an indicator table (:func:`map_header`), a task table (重点任务 | 牵头单位 …) or a
project table (项目名称 | 建设内容 …), optionally followed by a second header row (years under a
merged 目标值; empty lines under cells merged down), and when the lines after the header group
into rows of that many cells whose 序号 (属性, 投资, 年限) column holds 序号 (约束性/预期性, an
amount, years) throughout; a label on one line between rows (``一、绿色低碳``) is a row merged
across the table.
The rows are rewritten as tab-separated lines at each row's first line, the row's other lines
left blank, so line numbers stay those of the document.
"""

from __future__ import annotations

import re

from ecociv.importers._bare_long_rows import MAX_EXTRA, VALUE_START, join_long_row
from ecociv.importers._clean import ascii_digits, clean_text
from ecociv.importers._columns import is_header_word, map_header
from ecociv.importers._projects_boxes import box_title, is_project_header_word, project_header_roles
from ecociv.importers._segment import is_caption
from ecociv.importers._tasks_table import is_task_header_word, task_header_roles

__all__ = ["bare_cells_to_tabs"]

#: A cell of a second header row: a year (2025年), a header word under a merged cell.
_SUB_WORD = re.compile(r"(?:19|20)\d{2}年?(?:目标值?|现状值?)?|目标值?|现状值?|名称|单位|近期|中期|远期")
_SEQ = re.compile(r"\d{1,3}|[（(]?\d{1,2}[)）]")
_ATTRIBUTE = re.compile(r"约束性|预期性|参考性|引导性")
#: a project table's investment cell (56000, 1.8, 3,500万元) and its period (2025—2028年, 2026年)
_INVESTMENT = re.compile(r"\d[\d,，.]*\s*(?:万元|亿元)?|[—\-/／]+")
_PERIOD = re.compile(r"(?:19|20)\d{2}\s*年?(?:\s*[—\-–~～至到]+\s*(?:(?:19|20)\d{2}\s*年?)?)?|[—\-/／]+|长期|持续")
#: a task table's deadline cell (2024年11月底前, 6月底前, 长期坚持, 持续推进, 每季度)
_DEADLINE = re.compile(r".{0,12}?(?:(?:19|20)\d{2}\s*年|\d{1,2}\s*月|年底|年内|[上下]半年|季度|长期|持续|常态|每年|每月|立即).{0,12}")
#: The title of an annexed table: ``附件 2025年重点工作任务分解表``, ``附件2 重点任务清单``.
_ANNEX_TITLE = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?\s*\S.{1,50}(?:表|清单)$")
#: A line no table cell is: a chapter/section heading, a caption, a note under the table.
_OUTSIDE = re.compile(r"^(?:第[一二三四五六七八九十\d]+[章节]|[一二三四五六七八九十]+、|注[：:]|专栏|表\s*\d)")


def _headers(lines: list[str], start: int) -> list[int]:
    """The numbers of lines from ``start`` that read as an indicator header, longest first:
    header words, with at most two other words between them (任务, a column kept aside)."""
    out: list[int] = []
    k = start
    others = 0
    while k < len(lines) and k - start < 16:
        t = clean_text(lines[k])
        if not t or "\t" in lines[k] or len(t) > 16:
            break
        known = is_header_word(t) or is_task_header_word(t) or is_project_header_word(t)
        others = 0 if known else others + 1
        if others > 2:
            break
        k += 1
        if known and k - start >= 3 and _checks(lines[start:k]) is not None:
            out.append(k - start)
    return out[::-1]


def _sub_row(lines: list[str], start: int, top: int) -> list[str] | None:
    """The second header row after a first row of ``top`` cells: each empty line stands under a
    cell merged down, each run of sub-header words under one cell merged across."""
    cells: list[str] = []
    used = 0
    k = start
    in_run = False
    while k < len(lines) and used < top:
        t = clean_text(lines[k])
        if not t:
            used, in_run = used + 1, False
        elif _SUB_WORD.fullmatch(ascii_digits(re.sub(r"\s+", "", t))):
            used += 0 if in_run else 1
            in_run = True
        else:
            break
        cells.append(t)
        k += 1
    if not any(cells) or used < top:
        return None
    # the last group may go on after the last top cell was used (a run at the end of the row)
    while k < len(lines) and in_run and _SUB_WORD.fullmatch(ascii_digits(re.sub(r"\s+", "", clean_text(lines[k])))):
        cells.append(clean_text(lines[k]))
        k += 1
    return cells


def _spread(top: list[str], sub: list[str]) -> list[str]:
    """The first header row laid over the grid of the second: a cell merged across is written
    once, followed by empty cells."""
    out: list[str] = []
    it = iter(top)
    prev_word = False
    for cell in sub:
        if cell and prev_word:
            out.append("")
        else:
            out.append(next(it, ""))
        prev_word = bool(cell)
    return out


def _fits(lines: list[str], k: int, n: int, check: list[tuple[int, re.Pattern[str]]]) -> bool:
    """Whether the ``n`` lines from ``k`` are a row: no caption or heading among them, and the
    checked columns hold what they should (or are empty: a merged cell)."""
    if k + n > len(lines):
        return False
    chunk = [clean_text(x) for x in lines[k : k + n]]
    if not any(chunk) or any("\t" in x or _OUTSIDE.match(c) or is_caption(c) for x, c in zip(lines[k : k + n], chunk, strict=True)):
        return False
    return all(not chunk[c] or p.fullmatch(chunk[c]) for c, p in check)


def _group_line(lines: list[str], k: int, n: int, check: list[tuple[int, re.Pattern[str]]]) -> bool:
    """Whether line ``k`` is a row merged across the table (``一、绿色低碳``, written once): a short
    label that is no 序号, followed by a row whose checked cells are filled."""
    text = clean_text(lines[k])
    if not text or "\t" in lines[k] or len(text) > 20 or is_caption(text) or not check:
        return False
    if re.search(r"\d|[≥≤<>%％]", ascii_digits(text)) or _ATTRIBUTE.search(text) or is_header_word(text):
        return False  # a value, an attribute or a header cell: a cell of a row, no label
    if not _fits(lines, k + 1, n, check):
        return False
    return all(clean_text(lines[k + 1 + c]) for c, _ in check)


def _ends_table(lines: list[str], k: int) -> bool:
    """Whether the table ends before line ``k``: the text goes on with a paragraph."""
    if k >= len(lines):
        return True
    t = clean_text(lines[k])
    if not t:
        return k + 1 >= len(lines) or not clean_text(lines[k + 1])
    return "\t" in lines[k] or len(t) > 40 or t.endswith(("。", "；")) or bool(_OUTSIDE.match(t)) or is_caption(t)


def _next_seq_at(lines: list[str], k: int, seq_col: int, seq: int, *, exact: bool = False) -> bool:
    """Whether a row numbered ``seq + 1`` (or 1, numbering again after a group row, unless
    ``exact``) starts at ``k``."""
    wanted = (str(seq + 1),) if exact else (str(seq + 1), "1")
    for at in (k, k + 1):  # the row itself, or a group row (一、绿色低碳) before it
        j = at + seq_col
        label = clean_text(lines[k]) if k < len(lines) else ""
        if j < len(lines) and clean_text(lines[j]) in wanted and (at == k or (label and not re.search(r"\d", label) and len(label) <= 20)):
            return True
    return False


def _next_row_inside(lines: list[str], k: int, size: int, seq: int) -> bool:
    """Whether the row numbered ``seq + 1`` starts within ``size`` lines from ``k``: its number
    followed by a name (a value 3 over 4 in a cell of two lines is no row start)."""
    wanted = str(seq + 1)
    for j in range(k + 1, k + size):
        if clean_text(lines[j]) == wanted and j + 1 < len(lines):
            after = clean_text(lines[j + 1])
            if after and not VALUE_START.search(after):
                return True
    return False


def _long_row(
    lines: list[str], k: int, roles: list[str], check: list[tuple[int, re.Pattern[str]]], *, exact: bool = False
) -> tuple[int, list[str]] | None:
    """A row of more lines than cells (a cell of several paragraphs), up to the next 序号 (the
    very next number when ``exact``)."""
    seq_col = next((c for c, p in check if p is _SEQ), None)
    n = len(roles)
    seq = clean_text(lines[k + seq_col]) if seq_col is not None and k + seq_col < len(lines) else ""
    if seq_col is None or not seq.isdigit():
        return None
    for size in range(n + 1, n + MAX_EXTRA + 1):
        chunk = lines[k : k + size]
        if len(chunk) < size or any("\t" in x or _OUTSIDE.match(clean_text(x)) or is_caption(clean_text(x)) for x in chunk):
            return None
        if seq_col == 0 and _next_row_inside(lines, k, size, int(seq)):
            return None  # the next row starts inside: this row is short of a cell, not long
        if _next_seq_at(lines, k + size, seq_col, int(seq), exact=exact) or (not exact and _ends_table(lines, k + size)):
            cells = join_long_row(chunk, roles, check)
            if cells is not None:
                return size, cells
    return None


def _rows(
    lines: list[str], start: int, roles: list[str], check: list[tuple[int, re.Pattern[str]]]
) -> tuple[list[int], set[int], dict[int, tuple[int, list[str]]]]:
    """First line indexes of the rows of ``len(roles)`` lines from ``start``, those of them that
    are one line merged across the table (group rows), and the rows of more lines than cells
    (first line -> number of lines, cells)."""
    n = len(roles)
    out: list[int] = []
    groups: set[int] = set()
    long: dict[int, tuple[int, list[str]]] = {}
    k = start
    seq_col = next((c for c, p in check if p is _SEQ), None)
    while k < len(lines):
        fits = _fits(lines, k, n, check)
        seq = clean_text(lines[k + seq_col]) if fits and seq_col is not None else ""
        if seq.isdigit() and not _next_seq_at(lines, k + n, seq_col or 0, int(seq)) and (
            row := _long_row(lines, k, roles, check, exact=True)
        ):
            # the next number stands further down than one line a cell: a cell of several lines
            out.append(k)
            long[k] = row
            k += row[0]
        elif fits and (
            _fits(lines, k + n, n, check) or _group_line(lines, k + n, n, check) or _ends_table(lines, k + n)
            or (seq.isdigit() and _next_seq_at(lines, k + n, seq_col or 0, int(seq), exact=True))
        ):
            # a row of one line a cell, the next number right after it (even where that row is longer)
            out.append(k)
            k += n
        elif (row := _long_row(lines, k, roles, check)) is not None:
            out.append(k)
            long[k] = row
            k += row[0]
        elif fits:
            out.append(k)
            k += n
        elif _group_line(lines, k, n, check):
            out.append(k)
            groups.add(k)
            k += 1
        else:
            break
    return out, groups, long


def _roles(header: list[str]) -> list[str] | None:
    """The role of each column when ``header`` is the header of an indicator, task or project
    table, else None."""
    cells = [clean_text(x) for x in header]
    cols = map_header(cells)
    if cols is not None:
        return [c.role for c in cols]
    if (task := task_header_roles(cells)) is not None:
        return [next((r for r, k in task.items() if k == j), "") for j in range(len(cells))]
    if (project := project_header_roles(cells)) is not None:
        return [project.get(j, "") for j in range(len(cells))]
    return None


def _checks(header: list[str]) -> list[tuple[int, re.Pattern[str]]] | None:
    """The columns a row's cells are checked by (序号, 属性) when ``header`` is the header of an
    indicator, task or project table, else None."""
    roles = _roles(header)
    if roles is None:
        return None
    check = [(k, _SEQ) for k, r in enumerate(roles) if r == "seq"]
    check += [(k, _INVESTMENT) for k, r in enumerate(roles) if r == "investment"]
    check += [(k, _PERIOD) for k, r in enumerate(roles) if r == "period"]
    check += [(k, _ATTRIBUTE) for k, r in enumerate(roles) if r == "attribute"]
    # a task list without 序号 (工作任务 | 责任单位 | 配合单位 | 完成时限): rows line up on the deadline
    return check or [(k, _DEADLINE) for k, r in enumerate(roles) if r == "deadline"]


_Table = tuple[list[str], list[str] | None, list[int], set[int], dict[int, tuple[int, list[str]]]]


def _table(lines: list[str], start: int, m: int) -> _Table:
    """Grid header, second header row, row starts, group rows and rows of several lines per cell
    when the header is ``m`` lines long."""
    top = [clean_text(x) for x in lines[start : start + m]]
    sub = _sub_row(lines, start + m, m)
    grid = _spread(top, sub) if sub else top
    header = grid if not sub else [f"{a} {b}".strip() for a, b in zip(grid, sub, strict=True)]
    check, roles = _checks(header), _roles(header)
    if not check or roles is None:
        return grid, sub, [], set(), {}
    rows, groups, long = _rows(lines, start + m + (len(sub) if sub else 0), roles, check)
    return grid, sub, rows, groups, long


def _cell_run_end(lines: list[str], start: int) -> int:
    """The last index of the run of short cell lines from ``start`` (single empty lines are empty
    cells; two, a sentence, a heading or a caption end it)."""
    end = start
    k = start
    while k < len(lines):
        t = clean_text(lines[k])
        if not t:
            if k + 1 < len(lines) and not clean_text(lines[k + 1]):
                break
        elif "\t" in lines[k] or len(t) > 40 or t.endswith(("。", "；")) or _OUTSIDE.match(t) or is_caption(t):
            break
        else:
            end = k
        k += 1
    return end


def bare_cells_to_tabs(lines: list[str], misses: list[tuple[int, int, int, list[str]]] | None = None) -> list[str]:
    """The same lines, with unmarked one-cell-per-line tables as tab-separated rows.

    ``misses`` receives (caption, first, last line index, header cells) of each block whose header was
    recognised after a 表题 but whose following lines do not group into rows of it: a table
    that was there and was not read, which the caller must say."""
    out = list(lines)
    i = 0
    while i < len(lines):
        text = clean_text(lines[i])
        if not text or "\t" in lines[i] or not (is_caption(text) or box_title(text) or _ANNEX_TITLE.match(text)) or len(text) > 60:
            i += 1
            continue
        start = next((k for k in range(i + 1, min(len(lines), i + 3)) if clean_text(lines[k])), None)
        # the header length whose rows check best (a data cell may hold a header word: 目标责任…)
        tried = [(_table(lines, start, m), m) for m in _headers(lines, start)] if start is not None else []
        # most rows, then fewest group rows (a row's last cell is no group label of the next);
        # a grouping with as many groups as rows is cells shifted, not groups
        plausible = [t for t in tried if not t[0][3] or len(t[0][3]) < len(t[0][2]) - len(t[0][3])]
        best = max(plausible, key=lambda t: (len(t[0][2]) - len(t[0][3]), -len(t[0][3])), default=None)
        if start is None or best is None or len(best[0][2]) - len(best[0][3]) < 2:
            if tried and start is not None and misses is not None:
                misses.append((i, start, _cell_run_end(lines, start), tried[0][0][0]))
            i += 1
            continue
        (grid, sub, rows, groups, long), m = best
        n = len(grid)
        for k in range(start + 1, rows[0]):
            out[k] = ""
        out[start] = "\t".join(grid)
        if sub:
            out[start + m] = "\t".join(sub)
        for r in rows:
            if r in groups:
                out[r] = clean_text(lines[r])  # one cell, as a Word row merged across reads
                continue
            size, cells = long.get(r, (n, [clean_text(x) for x in lines[r : r + n]]))
            out[r] = "\t".join(cells)
            for k in range(r + 1, r + size):
                out[k] = ""
        i = rows[-1] + (1 if rows[-1] in groups else long.get(rows[-1], (n,))[0])
    return out
