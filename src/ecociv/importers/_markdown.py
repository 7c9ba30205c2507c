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
