"""Characters set small above or below the text they follow: superscripts and subscripts.

A PDF has no text styles, only characters with a size and a position.  A character clearly
smaller than the one before it, touching it, and raised or lowered, is a script:

* a raised note number (森林覆盖率¹, 76.5¹ pointing to 注1) after Chinese text, a number or a
  closing bracket is not part of the name or value: it is left out (the note itself stays in the
  text under the table; see :func:`ecociv.importers._clean.is_note_number`);
* any other script (the 2.5 of PM₂.₅ set as a subscript, the ³ of m³) belongs to the word before
  it: it is put on that word's line, so that words and lines are formed as if it were not
  raised or lowered (a lowered 2.5 would otherwise make a line of its own inside a cell).
"""

from __future__ import annotations

from typing import Any

from ecociv.importers._clean import is_note_number

__all__ = ["settle_scripts"]

#: a script is at most this share of the size of the text it follows
_SMALL = 0.8


def settle_scripts(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's characters with note marks left out and other scripts moved onto the line of
    the character they follow."""
    out: list[dict[str, Any]] = []
    base: dict[str, Any] | None = None  # the last character of normal size
    before = ""  # the last few characters of normal size
    run: list[dict[str, Any]] = []  # the scripts after it so far

    def close() -> None:
        if not run or base is None:
            return
        text = "".join(str(c["text"]) for c in run)
        raised = _centre(run[0]) < _centre(base) - 0.15 * _height(base)
        if raised and is_note_number(text, before):
            return
        for c in run:
            out.append({**c, **{k: base[k] for k in ("top", "bottom", "doctop", "y0", "y1") if k in base}})

    for c in chars:
        last = run[-1] if run else base
        if base is not None and last is not None and _is_script(c, base, last):
            run.append(c)
            continue
        close()
        run = []
        out.append(c)
        if str(c.get("text", "")).strip():
            base = c
        before = (before + str(c.get("text", "")))[-4:]
    close()
    return out


def _centre(c: dict[str, Any]) -> float:
    return (float(c["top"]) + float(c["bottom"])) / 2


def _height(c: dict[str, Any]) -> float:
    return max(float(c["bottom"]) - float(c["top"]), 0.1)


def _is_script(c: dict[str, Any], base: dict[str, Any], last: dict[str, Any]) -> bool:
    """``c`` is small beside ``base``, right after ``last`` on its line, and off its middle."""
    size, base_size = float(c.get("size", 0)), float(base.get("size", 0))
    if not str(c.get("text", "")).strip() or not 0 < size <= _SMALL * base_size:
        return False
    gap = float(c["x0"]) - float(last["x1"])
    if not -1.0 <= gap <= 0.25 * base_size:
        return False
    shift = abs(_centre(c) - _centre(base))
    return 0.1 * _height(base) < shift < 0.8 * _height(base)
