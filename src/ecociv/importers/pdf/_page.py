"""One page — positioned text, ruled tables already cut into rows — turned into document lines:
prose lines (wrapped paragraph lines joined; on a tagged page as its paragraphs say), table rows
as tab-separated lines, page headers, footers and page numbers left out."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ecociv.importers._pages import is_page_number
from ecociv.importers.pdf._layout import Box, group_lines, join_wrapped, line_text, typical_height
from ecociv.importers.pdf._tables import find_tables

__all__ = ["Block", "PageText", "is_residue", "page_lines", "running_lines"]

_SENTENCE_END = ("。", "：", ":", "；", ";", "！", "？")
_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百0-9]+[章节篇部分条]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[)）]|\d+[.．、]|表\s*\d|专栏|附件|附表)"
)
_DIGITS = re.compile(r"\d+")


@dataclass
class PageText:
    """What a page gives: its lines, and cells read with low OCR confidence."""

    lines: list[str] = field(default_factory=list)
    doubtful: list[str] = field(default_factory=list)
    #: first rows of the tables without rulings whose rows could not be told apart with certainty
    unsure: list[list[str]] = field(default_factory=list)
    #: the first line is the end of a table row cut by the page break (see :func:`join_cut_rows`)
    continues: bool = False


@dataclass
class Block:
    """A ruled table found by the PDF library: its top edge and its rows."""

    top: float
    bottom: float
    rows: list[list[str]]
    #: per row and column: the cell's words and its left and right rulings (no words for a
    #: merged cell repeated from the row above) — a row cut by a page break is joined by them
    cells: list[list[tuple[list[Box], float, float]]] = field(default_factory=list)
    #: the page's text height, which the cells' lines were read with
    em: float = 10.0


def _margin_key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def running_lines(pages: list[list[list[Box]]], heights: list[float]) -> set[str]:
    """Texts (digits masked) of the lines in the top or bottom 8 % of pages that repeat on at
    least two pages and a third of them: running headers and footers."""
    seen: dict[str, int] = {}
    for lines, h in zip(pages, heights, strict=True):
        keys = {
            _margin_key(line_text(line))
            for line in lines
            if line and (line[0].bottom < 0.08 * h or line[0].top > 0.92 * h)
        }
        for k in keys:
            seen[k] = seen.get(k, 0) + 1
    need = max(2, len(pages) // 3)
    return {k for k, n in seen.items() if n >= need and k}


def is_residue(line: list[Box], height: float, running: set[str]) -> bool:
    text = line_text(line)
    in_margin = line[0].bottom < 0.08 * height or line[0].top > 0.92 * height
    return is_page_number(text) or (in_margin and (_margin_key(text) in running or text.strip().isdigit()))


def page_lines(
    boxes: list[Box],
    width: float,
    height: float,
    *,
    blocks: list[Block] | None = None,
    running: set[str] | None = None,
    fix: Callable[[str], str] = str,
) -> PageText:
    """The page's document lines (see the module docstring); ``fix`` corrects the text of each
    cell and line (OCR confusions)."""
    out = PageText()
    lines = [ln for ln in group_lines(boxes) if not is_residue(ln, height, running or set())]
    em = typical_height(boxes)
    tables = find_tables(lines, width, em)
    starts = {t.first_line: t for t in tables}
    inside = {k for t in tables for k in range(t.first_line, t.last_line + 1)}
    pending = sorted(blocks or [], key=lambda b: b.top)
    right = max((ln[-1].x1 for ln in lines), default=width)
    left = min((ln[0].x0 for ln in lines), default=0.0)
    prev_full = False
    prev_para: int | None = None
    for k, line in enumerate(lines):
        while pending and pending[0].top <= line[0].top:
            out.lines.extend(["", *("\t".join(r) for r in pending.pop(0).rows), ""])
            prev_full, prev_para = False, None
        if k in starts:
            table = starts[k]
            out.continues = out.continues or (table.continues and not out.lines)
            out.lines.extend(["", *("\t".join(fix(c) for c in r) for r in table.rows), ""])
            out.doubtful.extend(
                f"表格第{r + 1}行第{c + 1}列“{t}”（置信度 {s:.0%}）" for r, c, t, s in table.doubtful
            )
            if table.unsure:
                out.unsure.append([fix(c) for c in table.rows[0] if c.strip()])
            prev_full, prev_para = False, None
        if k in inside:
            continue
        text = fix(line_text(line))
        indented = line[0].x0 - left > 1.2 * em
        # a tagged PDF names the paragraphs (._tags): a line goes on the paragraph it is in
        tagged = prev_para is not None and line[0].para is not None
        if out.lines and (
            line[0].para == prev_para if tagged else prev_full and not indented and not _HEADING.match(text)
        ):
            out.lines[-1] = join_wrapped([out.lines[-1], text])
        else:
            out.lines.append(text)
        # a line running to the right margin without closing its sentence goes on below
        prev_full = line[-1].x1 >= right - 1.5 * em and not text.rstrip().endswith(_SENTENCE_END)
        prev_para = line[-1].para
    for block in pending:
        out.lines.extend(["", *("\t".join(r) for r in block.rows), ""])
    return out
