"""Never silent: find every block of the document that looks like a table, and say which were
not read.

A line is *table-like* when it splits into three or more cells: by tabs (Word tables, HTML and
pipe tables once rewritten), by ``|`` or by runs of two or more spaces (PDF-to-text output).
Three or more such lines in a row (single blank lines between them allowed) form a block; so
do six or more one-cell-per-line rows (a tab or ``|`` marker before each cell), and the unmarked
one-cell-per-line tables whose header was recognised but whose rows were not.  A block is read
when an indicator table spans its lines, or when tasks or 专栏 projects were taken from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ecociv.importers._clean import clean_text
from ecociv.model import Finding, Plan

__all__ = ["Block", "coverage", "nothing_read_message", "table_like_blocks", "unread_findings"]

_GAP = re.compile(r"[ \u3000]{2,}")
_MARKED_CELL = re.compile(r"^(?:\t|\s*[|｜])")
_SENTENCE_END = ("。", "；", "：", ":")
_HEADING = re.compile(r"^(?:第[一二三四五六七八九十百\d]+[章节篇]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[、.．]\D)")


@dataclass
class Block:
    start: int  # first line (1-based)
    end: int  # last line (1-based, inclusive)
    lines: list[int]  # the table-like lines of the block (1-based)
    first_cells: list[str]
    why: str = ""  # what a reader saw there, said in the warning


def _cells(line: str) -> list[str]:
    """The cells of one line, when it reads as a row of three or more cells; else []."""
    s = line.rstrip("\r\n")
    if not s.strip():
        return []
    if "\t" in s.strip() or s.startswith("\t"):
        cells = [clean_text(c) for c in s.split("\t")]
    elif s.count("|") + s.count("｜") >= 3:
        cells = [clean_text(c) for c in re.split(r"[|｜]", s)]
    elif _GAP.search(s.strip()):
        text = s.strip()
        if text.endswith(_SENTENCE_END) and len(_GAP.findall(text)) < 3:
            return []
        cells = [clean_text(c) for c in _GAP.split(text)]
    else:
        return []
    filled = [c for c in cells if c and not re.fullmatch(r":?-{2,}:?", c)]
    return filled if len(filled) >= 3 else []


def _marked(line: str) -> bool:
    """A one-cell-per-line row: one short cell after a tab or ``|`` marker."""
    if not _MARKED_CELL.match(line) or not line.strip():
        return False
    body = line.strip().strip("|｜").strip()
    return bool(body) and "\t" not in body and len(body) <= 40


def _continues(line: str) -> bool:
    """A short line inside a table: a wrapped cell's next line, indented in aligned tables."""
    text = clean_text(line)
    if _HEADING.match(text):
        return False
    return len(text) <= 40 and not text.endswith(("。", "；")) and (line[:1].isspace() or len(text) <= 16)


def table_like_blocks(lines: list[str]) -> list[Block]:
    """Every table-like block of ``lines`` (line *n* is ``lines[n-1]``)."""
    blocks: list[Block] = []
    rows: list[int] = []
    first: list[str] = []
    marked: list[int] = []
    gap = 0

    def close() -> None:
        nonlocal rows, first, marked
        if len(rows) >= 3:
            blocks.append(Block(rows[0], rows[-1], rows, first))
        elif len(marked) >= 6:
            cells = [clean_text(lines[n - 1]).strip("|｜ ") for n in marked[:4]]
            blocks.append(Block(marked[0], marked[-1], marked, cells))
        rows, first, marked = [], [], []

    for n, line in enumerate(lines, 1):
        if not line.strip():
            gap += 1
            if gap > 1 and not marked:
                close()
            continue
        cells = _cells(line)
        if cells:
            if not rows:
                first = cells[:4]
            rows.append(n)
            gap = 0
            continue
        if _marked(line):
            marked.append(n)
            gap = 0
            continue
        if (marked or rows) and (gap == 0 or marked) and _continues(line):
            continue  # a cell's second line (wrapped cells, one-cell-per-line tables)
        close()
        gap = 0
    close()
    return blocks


def _read(block: Block, spans: list[tuple[int, int]], item_lines: set[int], lost: set[int]) -> set[int]:
    """The lines of ``block`` that were read (``lost``: rows kept only as written, unplaced)."""
    if any(block.start <= n <= block.end for n in item_lines):
        return set(block.lines)  # tasks or projects were taken from it
    return {n for n in block.lines if n not in lost and any(a <= n <= b for a, b in spans)}


def coverage(
    lines: list[str],
    spans: list[tuple[int, int]],
    item_lines: Iterable[int],
    lost: Iterable[int] = (),
    extra: Iterable[Block] = (),
) -> tuple[dict[str, int | float | None], list[Block]]:
    """How much table-like text became rows, and the blocks that were not read at all or only
    in small part.  ``spans`` are (first, last) line numbers of the tables read; ``lost`` the
    lines of rows that could not be placed in their columns; ``extra`` blocks found by a reader
    that the line shapes here cannot see (one-cell-per-line tables without markers)."""
    items = set(item_lines)
    lost_lines = set(lost)
    blocks = table_like_blocks(lines)
    for b in extra:
        if not any(o.start <= b.end and b.start <= o.end for o in blocks):
            blocks.append(b)
    blocks.sort(key=lambda b: b.start)
    total = sum(len(b.lines) for b in blocks)
    read = 0
    unread: list[Block] = []
    for b in blocks:
        got = _read(b, spans, items, lost_lines)
        read += len(got)
        rest = [n for n in b.lines if n not in got and n not in lost_lines]
        if len(rest) >= 3:
            cells = _cells(lines[rest[0] - 1])[:4] or b.first_cells
            unread.append(Block(rest[0], rest[-1], rest, cells, b.why))
    stats: dict[str, int | float | None] = {
        "table_like_blocks": len(blocks),
        "table_like_lines": total,
        "read_lines": read,
        "rate": round(read / total, 4) if total else None,
        "unread_blocks": len(unread),
    }
    return stats, unread


_CAPTION_QUOTE = re.compile(r"表题“(.+?)”")


def unread_findings(unread: list[Block], captions: dict[int, str] | None = None) -> list[Finding]:
    """One ``table-unread`` warning per block; ``captions``: line -> message of a 表题 found
    above a block (its title is named in the block's warning)."""
    out: list[Finding] = []
    for b in unread:
        title = ""
        for line, message in (captions or {}).items():
            m = _CAPTION_QUOTE.search(message)
            if m and line < b.start <= line + 12 and not b.why:  # a block's own reason names its caption
                title = f"表题“{m.group(1)}”下"
        out.append(
            Finding(
                slug="table-unread",
                message=(
                    f"{title}第{b.start}—{b.end}行有 {len(b.lines)} 行表格样式的内容（首行：{' | '.join(b.first_cells)}），"
                    + (b.why or "未能识别为指标表，未导入；如是指标表，请检查其表头（需要指标名称列和数值列）。")
                ),
                line=b.start,
                data={"lines": len(b.lines), "end_line": b.end, "first_cells": list(b.first_cells)},
            )
        )
    return out


def nothing_read_message(plan: Plan) -> str | None:
    """The error for a document that has table-like blocks none of which became an indicator
    table (import refuses it unless the user allows an empty import), else None."""
    unread = [w for w in plan.warnings if w.slug == "table-unread"]
    if plan.indicator_tables or not unread:
        return None
    where = "、".join(f"第{w.page}页" if w.page is not None else f"第{w.line}行" for w in unread[:5]) + (
        "等" if len(unread) > 5 else ""
    )
    return (
        f"{plan.source_file or '文档'}：有 {len(unread)} 处表格样式的内容（{where}），但没有读出任何指标表，"
        "未导入。请检查表头是否含指标名称列和数值列（可用 --explain 查看）；确认文档没有指标表时，加 --allow-empty 仍然导入。"
    )
