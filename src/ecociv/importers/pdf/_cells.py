"""The text of a ruled table's cell from the words inside it, and where its lines part items.

A cell's lines are joined without a space where a paragraph was wrapped and with one where a
paragraph ended (a sub-item on its own line), as the .docx reader joins a cell's paragraphs.
A tagged PDF names each line's paragraph (:mod:`._tags`): that decides.  Otherwise the layout:
room left on a line for the next line's first word marks a paragraph's end.  In a narrow column
the next word often would not have fitted either way; then the text decides (:func:`_break`),
and for short Chinese items that fill their lines, the cell's other items.
"""

from __future__ import annotations

import itertools
import re

from ecociv.importers._clean import latex_to_text
from ecociv.importers.pdf._layout import ASCII_END, ASCII_START, Box, group_lines, line_text

__all__ = ["Cell", "cell_parts", "cell_text", "joined"]

#: the words inside a cell, and its left and right rulings
Cell = tuple[list[Box], float, float]

_NUMBER_END = re.compile(r"[0-9][.．]$")
_NUMBER_START = re.compile(r"^[0-9.．%‰]")
_FRACTION = re.compile(r"^[.．]\d")
_DECIMAL = re.compile(r"\d[.．]\d+[%％‰]?$|^\d+[.．]\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
_OPENING = "（(“‘《〈【〔「『"
#: a LaTeX command at the end of a line (``$\\Delta``) and letters starting the next
_COMMAND_END = re.compile(r"\\([A-Za-z]+)$")
_LETTERS = re.compile(r"^[A-Za-z]+")


def cell_text(boxes: list[Box], left: float, right: float, em: float) -> str:
    """The text of one table cell (``left``/``right``: its rulings; see the module docstring)."""
    return _joined(*_parts(boxes, left, right, em))


def cell_parts(
    boxes: list[Box], left: float, right: float, em: float
) -> tuple[list[str], list[str | None], set[int]]:
    """The cell's lines, what parts each from the next (None: undecided, read as no space), and
    the breaks read as no space that may yet part items: where a full Chinese line is followed
    by a Latin word that would not have fitted (``…比例`` / ``PM2.5浓度``), and between two lines
    that are each a number (``91.5`` / ``43``: one number cut, or two) — a wrapped line or a new
    item, the layout cannot tell."""
    texts, breaks = _parts(boxes, left, right, em)
    lines = group_lines(boxes)
    start = min((line[0].x0 for line in lines), default=left)
    limit = right - max(start - left, 0.0)
    script = {
        k
        for k, b in enumerate(breaks)
        if b == ""
        and (
            (
                _CJK.match(texts[k][-1:])
                and _LETTERS.match(texts[k + 1])
                and limit - lines[k][-1].x1 < lines[k + 1][0].x1 - lines[k + 1][0].x0
            )
            or (_VALUE_LINE.match(texts[k]) and _BARE_NUMBER.match(texts[k + 1]))
        )
    }
    return texts, breaks, script


def joined(texts: list[str], breaks: list[str | None]) -> str:
    """A cell's lines joined as ``breaks`` say (undecided: no space)."""
    return _joined(texts, breaks)


def _joined(texts: list[str], breaks: list[str | None]) -> str:
    return "".join(t + (b or "") for t, b in zip(texts, [*breaks, ""], strict=True)) if texts else ""


def _parts(boxes: list[Box], left: float, right: float, em: float) -> tuple[list[str], list[str | None]]:
    """The cell's lines and what parts each from the next (None: undecided)."""
    lines = group_lines(boxes)
    if not lines:
        return [], []
    start = min(line[0].x0 for line in lines)
    pad = max(start - left, 0.0)
    limit = right - pad
    texts = [line_text(line) for line in lines]
    breaks = [_break(prev, line, start, limit, em) for prev, line in itertools.pairwise(lines)]
    if None in breaks and " " in breaks and limit - start < _NARROW * em:
        # Items of a narrow column that each fill their last line can only be told from the
        # text: a full line ending as the cell's other items end (…率 / …率, …区 / …区) closes one.
        # The first item is left out: it is often the heading of the others (森林覆盖率: 山区 …).
        items = "".join(t + (b or "") for t, b in zip(texts, [*breaks, " "], strict=True)).split(" ")
        ends = {item.rstrip(_CLOSING)[-1:] for item in items[1:] if item}
        breaks = [
            " "
            if b is None and texts[k].rstrip(_CLOSING)[-1:] in ends and _room_after(texts, breaks, k)
            else b
            for k, b in enumerate(breaks)
        ]
    for k in range(len(breaks) - 1):
        if breaks[k] == " " and _inside_sentence(lines, texts, k, limit):
            breaks[k] = breaks[k + 1] = ""
    for k, b in enumerate(breaks):
        if b != " " and _command_then_word(_joined(texts[: k + 1], breaks[:k]), texts[k + 1]):
            breaks[k] = " "
    return texts, breaks


def _inside_sentence(lines: list[list[Box]], texts: list[str], k: int, limit: float) -> bool:
    """Whether line ``k + 1`` is a number wrapped inside Chinese text (稳定在 / 95% / 以上): it
    follows and precedes Chinese, and neither line before it had room for what came next."""
    if lines[k][0].para is not None or not _VALUE_LINE.match(texts[k + 1]) or _ITEM_START.match(texts[k + 1]):
        return False
    if not (_CJK.match(texts[k][-1:]) and _CJK.match(texts[k + 2][:1])):
        return False
    return all(limit - lines[j][-1].x1 < _unit(lines[j + 1][0]) for j in (k, k + 1))


def _room_after(texts: list[str], breaks: list[str | None], k: int) -> bool:
    """Whether what would follow a break after line ``k`` up to the next item is more than one
    character: an item is not a lone character wrapped from the line above (减量 / 化)."""
    after = texts[k + 1]
    for t, b in zip(texts[k + 2 :], breaks[k + 1 :], strict=False):
        if b == " ":
            break
        after += t
    return len(after.strip()) > 1


#: a column narrower than this many text heights holds a few characters a line
_NARROW = 8


#: a line starting so begins a new item: a bound (≥95, >60) or an enumeration mark ((1), ①)
_ITEM_START = re.compile(r"^(?:[≥≤><＞＜≯≮](?![A-Za-z/])|[(（]\s*\d{1,2}\s*[)）]|[\u2460-\u2473])")
#: an HTML-ish tag left open at a line's end (``PM <sub`` / ``>2.5</sub>``): it goes on
_OPEN_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*$")
#: a whole line that is one value: a bound or number with its percent sign
_VALUE_LINE = re.compile(r"^[≥≤><＞＜≯≮]?\s*[-+]?\d+(?:[.．]\d+)?\s*[%％‰]?$")
#: a line that is a plain number, without bound or sign (the second of two stacked numbers)
_BARE_NUMBER = re.compile(r"^\d+(?:[.．]\d+)?[%％‰]?$")
#: characters that may not begin a line: they are pushed down with the character before them
_CLOSING = "、，。；：！？）)」』】〕》〉”’%％‰"


def _unit(first: Box) -> float:
    """Width of what the line above would have taken next: a Latin word whole, else one Chinese
    character with the closing punctuation that may not be parted from it (家、)."""
    if first.text[:1].isascii():
        return first.x1 - first.x0
    n = 1
    while n < len(first.text) and first.text[n] in _CLOSING + "/":
        # a slash binds the characters on both sides (克/立方米 is not broken after 克/)
        n += 2 if first.text[n] == "/" else 1
    return (first.x1 - first.x0) * min(n, len(first.text)) / max(len(first.text), 1)


def _break(prev: list[Box], line: list[Box], start: float, limit: float, em: float) -> str | None:
    """What separates two lines of a cell: " " between paragraphs (items), "" inside one, None
    where a Chinese line is full and either may be (decided in :func:`cell_text`).

    A line followed by room for the next line's first word ended its paragraph.  Otherwise the
    next line may still start a new item — a bound or an enumeration mark, a number after text,
    anything after a line that is a whole value (≥95 / 不明显) — unless one word was cut
    because it is wider than the cell (≥80.8 / 7)."""
    first, last = line[0], prev[-1]
    text, before = line_text(line), line_text(prev)
    if first.para is not None and last.para is not None:
        return _tagged_break(last, first, before, text, start, limit)
    # an opening bracket or quote may not end a line: it is pushed down with the next character
    slack = em if first.text[:1] in _OPENING else 0.0
    if text[:1] in _CLOSING and (_CJK.match(before[-1:]) or before[-1:].isdigit()):
        return ""  # closing punctuation or a percent sign is carried down with what it follows
    if _OPEN_TAG.search(before) and text[:1] in "> ":
        return ""
    if limit - last.x1 >= _unit(first) + slack:
        return " "
    if _ITEM_START.match(text):
        return " "
    if (_NUMBER_END.search(before) and _NUMBER_START.match(text)) or (
        before[-1:].isdigit() and _FRACTION.match(text)
    ):
        return ""  # a number broken at its decimal point
    if ASCII_END.search(before) and ASCII_START.match(text):
        # one Latin word or number wider than the cell is cut where the line is full; two words
        # that fit were parted at their space
        # 95.62 / 98.09, 98.6% / 17: a number has one decimal point, a percent sign ends it
        two_numbers = (_DECIMAL.search(last.text) and _DECIMAL.match(first.text)) or before[-1:] in "%％‰"
        return "" if (last.x1 - last.x0) + (first.x1 - first.x0) > limit - start and not two_numbers else " "
    if _VALUE_LINE.match(before) or (text[:1].isdigit() and not before[-1:].isdigit()):
        return " "
    return None if _CJK.match(before[-1:]) and _CJK.match(text[:1]) else ""


def _command_then_word(before: str, text: str) -> bool:
    """Whether a line ends with a whole LaTeX command (``$\\Delta``) and the next starts with
    letters that would make it another, unknown one (``EQI``): LaTeX needs a space there, so
    the writer put one (``\\Delta EQI``), whatever the layout shows."""
    m, n = _COMMAND_END.search(before), _LETTERS.match(text)
    if m is None or n is None:
        return False
    name = m.group(1)
    known = latex_to_text("\\" + name) != name
    return known and latex_to_text("\\" + name + n.group(0)) == name + n.group(0)


def _tagged_break(last: Box, first: Box, before: str, text: str, start: float, limit: float) -> str:
    """Between two lines whose paragraphs a tagged PDF names: a new paragraph is a new item;
    inside one, a wrapped line goes on without a space — but for two Latin words that both fit
    on a line, which were parted at their space (a number is never parted inside itself)."""
    if first.para != last.para:
        return " "
    if (
        ASCII_END.search(before)
        and ASCII_START.match(text)
        and not (before[-1:].isdigit() or before[-1:] == ".")
    ):
        return " " if (last.x1 - last.x0) + (first.x1 - first.x0) <= limit - start else ""
    return ""
