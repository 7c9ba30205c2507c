"""Markdown pipe tables (``| 序号 | 指标名称 | … |``) rewritten as tab-separated lines, one for
one, so the table reader sees them like tables converted from Word; line numbers are kept."""

from __future__ import annotations

import re

__all__ = ["pipe_tables_to_tabs"]

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    body = line.strip()[1:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [c.strip().replace("\\|", "|").replace("<br>", " ").replace("<br/>", " ") for c in cells]


def pipe_tables_to_tabs(lines: list[str]) -> list[str]:
    """The same lines, with pipe-table rows as tab-separated cells and separator rows blank."""
    if not any(_PIPE_ROW.match(x) for x in lines):
        return lines
    out: list[str] = []
    for line in lines:
        if _PIPE_ROW.match(line):
            out.append("" if _SEPARATOR.match(line) else "\t".join(_cells(line)))
        else:
            out.append(line)
    return out


#: One cell on a line of its own after a ``|`` marker: ``| 指标名称`` or ``| 63.2 |``.
_MARKED_CELL = re.compile(r"^\s*[|｜]\s*([^|｜\t]*?)\s*[|｜]?\s*$")


def marked_cells_to_tabs(lines: list[str]) -> list[str]:
    """One-cell-per-line tables written with ``|`` markers, rewritten with the tab marker the
    table reader knows (``\\t指标名称``).  Only runs of six or more marked lines are taken;
    short unmarked lines between them (a cell's second line) and blank lines stay as they are."""
    if not any(_MARKED_CELL.match(x) for x in lines):
        return lines
    out = list(lines)
    i = 0
    n = len(lines)
    while i < n:
        if not _MARKED_CELL.match(lines[i]) or not lines[i].strip().strip("|｜").strip():
            i += 1
            continue
        run: list[int] = []
        j = i
        while j < n:
            line = lines[j]
            if _MARKED_CELL.match(line) and line.strip().strip("|｜").strip():
                run.append(j)
            elif line.strip() and (len(line.strip()) > 40 or "\t" in line or line.strip().endswith("。")):
                break
            j += 1
        if len(run) >= 6:
            for k in run:
                m = _MARKED_CELL.match(lines[k])
                out[k] = "\t" + (m.group(1) if m else lines[k].strip())
        i = max(j, i + 1)
    return out
