"""Positioned text on a page — words of a text PDF or boxes read by OCR — grouped into lines and
cell-like segments.  Coordinates are in the page's own units (points or pixels), y grows downwards.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

__all__ = [
    "ASCII_END",
    "ASCII_START",
    "Box",
    "group_lines",
    "join_wrapped",
    "line_text",
    "segments",
    "typical_height",
]

ASCII_END = re.compile(r"[A-Za-z0-9.%)]$")
ASCII_START = re.compile(r"^[A-Za-z0-9(]")


@dataclass(frozen=True)
class Box:
    """One piece of text and where it sits; ``score`` is the OCR confidence (1.0 for a text layer)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    score: float = 1.0
    #: the paragraph the text was written in, where a tagged PDF says (see :mod:`._tags`)
    para: int | None = None
    #: the table row the text was written in, where a tagged PDF says
    row: int | None = None

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


def join_wrapped(parts: list[str]) -> str:
    """Pieces of a cell wrapped over lines, joined: no space between Chinese pieces (生/态/空/间
    → 生态空间), one space between two Latin words or numbers."""
    out = ""
    for p in (x.strip() for x in parts):
        if not p:
            continue
        if out and ASCII_END.search(out) and ASCII_START.match(p):
            out += " "
        out += p
    return out


def group_lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into text lines (vertical overlap of at least half the smaller height),
    lines top to bottom, boxes left to right."""
    lines: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: (b.yc, b.x0)):
        if lines:
            # compare with the line's typical box, so a tall box (a merged cell) does not chain lines
            top = statistics.median(x.top for x in lines[-1])
            bottom = statistics.median(x.bottom for x in lines[-1])
            overlap = min(bottom, b.bottom) - max(top, b.top)
            if overlap >= 0.5 * min(bottom - top, b.height):
                lines[-1].append(b)
                continue
        lines.append([b])
    return [sorted(m, key=lambda b: b.x0) for m in lines]


def _merge(a: Box, b: Box) -> Box:
    return Box(
        join_wrapped([a.text, b.text]) if a.text[-1:].isascii() or b.text[:1].isascii() else a.text + b.text,
        min(a.x0, b.x0),
        max(a.x1, b.x1),
        min(a.top, b.top),
        max(a.bottom, b.bottom),
        min(a.score, b.score),
        a.para if a.para == b.para else None,
        a.row if a.row == b.row else None,
    )


def segments(line: list[Box], em: float) -> list[Box]:
    """Boxes of one line merged where the gap is less than ``0.8 × em`` (a word space, letter
    spacing of justified text): what is left apart are cells."""
    out: list[Box] = []
    for b in sorted(line, key=lambda b: b.x0):
        if out and b.x0 - out[-1].x1 < 0.8 * em:
            out[-1] = _merge(out[-1], b)
        else:
            out.append(b)
    return out


def line_text(line: list[Box]) -> str:
    """The boxes of one line as text: a space where the page shows one (a gap of a quarter of
    the text height or more), none between boxes that touch."""
    out = ""
    prev: Box | None = None
    for b in sorted(line, key=lambda b: b.x0):
        if prev is not None and b.x0 - prev.x1 >= 0.25 * min(prev.height, b.height):
            out += " "
        out += b.text.strip()
        prev = b
    return out


def typical_height(boxes: list[Box]) -> float:
    return statistics.median(b.height for b in boxes) if boxes else 10.0
