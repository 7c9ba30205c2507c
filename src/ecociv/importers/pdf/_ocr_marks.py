"""Marks of a scanned table that PP-OCR does not read, found in the pixels: lone dashes (— or ——,
a cell's "no value") and comparison signs (≥ ≤ > <) that a narrow cell wrapped onto a line of
their own above the number they belong to.  Signs read apart (a lone ≥, or N for it) are put
back in front of their number when the page is used (:func:`attach_signs`).
"""

from __future__ import annotations

import re
from typing import Any

from ecociv.importers.pdf._layout import Box

__all__ = ["DASH_LIKE", "SIGN_LIKE", "attach_signs", "dashes", "signs", "with_marks"]

#: what PP-OCR makes of a lone dash: these boxes are replaced by the dash found in the pixels
DASH_LIKE = frozenset({"一", "二", "-", "－", "—", "_", "一一"})
_SIGNS = frozenset("≥≤><")
#: what PP-OCR makes of a lone comparison sign it is unsure of (≥ read as = or N)
SIGN_LIKE = frozenset({"=", "N", "Z", "z", "≥", "≤", ">", "<", "≧", "≦"})
#: a box starting with a number, signed or not (≥-1 wraps as ≥ / -1)
_NUMBER = re.compile(r"^[-+−－]?\d")
#: confidence given to a sign told by its shape: above the warning threshold, below a clean read
_SIGN_SCORE = 0.85


def _over(a: Box, b: Box) -> bool:
    return b.x0 - 2 <= a.xc <= b.x1 + 2 and b.top - 2 <= a.yc <= b.bottom + 2


def _components(gray: Any, em: float) -> tuple[Any, Any, set[int]]:
    """Connected dark components of the page: labels, stats (x, y, w, h, area) and the rules."""
    import cv2
    import numpy as np

    dark = (np.asarray(gray) < 160).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    rules = {k for k in range(1, count) if max(stats[k][2], stats[k][3]) > 3 * em}
    return labels, stats, rules


def dashes(gray: Any, boxes: list[Box], em: float) -> list[Box]:
    """Lone dashes that OCR did not read: thin horizontal strokes a third of a character to a
    character long, side by side on one line (—— is two), with nothing else dark within half a
    character around them and outside every text box read (or in a box read as 一/二)."""
    import numpy as np

    labels, stats, rules = _components(gray, em)
    strokes = sorted(
        (
            k
            for k in range(1, len(stats))
            if em / 3 <= stats[k][2] <= 1.3 * em and stats[k][3] <= max(em / 8, 2)
        ),
        key=lambda k: (int(stats[k][1]), int(stats[k][0])),
    )
    runs: list[list[int]] = []  # strokes side by side on one line: one dash each
    for k in strokes:
        last = stats[runs[-1][-1]] if runs else None
        beside = last is not None and 0 <= int(stats[k][0]) - int(last[0] + last[2]) <= em / 4
        if last is not None and beside and abs(int(stats[k][1]) - int(last[1])) <= 1:
            runs[-1].append(k)
            continue
        runs.append([k])
    found: list[Box] = []
    pad = max(int(em / 2), 2)
    for run in runs:
        x0, y0 = int(stats[run[0]][0]), int(stats[run[0]][1])
        x1 = int(stats[run[-1]][0] + stats[run[-1]][2])
        y1 = y0 + max(int(stats[k][3]) for k in run)
        near = set(np.unique(labels[max(y0 - pad, 0) : y1 + pad, max(x0 - pad, 0) : x1 + pad]).tolist())
        if near - rules - {0, *run}:  # another mark nearby: part of a character (一 of 二, 三 …)
            continue
        yc = (y0 + y1) / 2
        dash = Box("—" * len(run), float(x0), float(x1), yc - em / 2, yc + em / 2, 1.0)
        if all(b.text in DASH_LIKE for b in boxes if _over(dash, b)):
            found.append(dash)
    return found


def with_marks(gray: Any, boxes: list[Box], em: float) -> list[Box]:
    """The page's boxes with the unread dashes and signs added (a box read as 一 where a dash is,
    or a lone sign read with low confidence where a sign is told by its shape, replaced by it)."""
    found = dashes(gray, boxes, em)
    kept = [b for b in boxes if not (b.text in DASH_LIKE and any(_over(d, b) for d in found))] + found
    # a lone sign read with little confidence (= or N for ≥) is left to its shape
    unsure = {id(b) for b in kept if b.text.strip() in SIGN_LIKE and b.score < _SIGN_SCORE}
    told = signs(gray, [b for b in kept if id(b) not in unsure], em)
    kept = [b for b in kept if id(b) not in unsure or not any(_over(t, b) for t in told)]
    return kept + told


def _chevron(mask: Any) -> str | None:
    """``>`` or ``<`` for the pixels of an open angle (its tip at mid-height), else None."""
    import numpy as np

    h, w = mask.shape
    if h < 4 or w < 3 or not 0.4 <= w / h <= 2.0 or mask.sum() > 0.6 * w * h:
        return None
    cols = [np.nonzero(mask[r])[0] for r in range(h)]
    band = max(h // 5, 1)
    top = np.concatenate([c for c in cols[:band] if len(c)] or [np.array([w / 2])]).mean()
    bottom = np.concatenate([c for c in cols[-band:] if len(c)] or [np.array([w / 2])]).mean()
    mid = np.concatenate(
        [c for c in cols[h // 2 - band // 2 : h // 2 + band // 2 + 1] if len(c)] or [np.array([w / 2])]
    )
    if mid.mean() > max(top, bottom) + w / 4:
        return ">"
    if mid.mean() < min(top, bottom) - w / 4:
        return "<"
    return None


def signs(gray: Any, boxes: list[Box], em: float) -> list[Box]:
    """Comparison signs on a line of their own, unread, just above a number's box and at its
    left edge (≥90 wrapped after ≥ in a narrow cell): told by shape — an angle opening left or
    right, with a bar under it for ≥/≤."""
    labels, stats, rules = _components(gray, em)
    found: list[Box] = []
    for d in boxes:
        if not _NUMBER.match(d.text):
            continue
        x0, x1 = d.x0 - 0.3 * em, d.x0 + 1.0 * em
        y0, y1 = d.top - 1.1 * em, d.top + 0.15 * em
        if any(b is not d and b.x0 < x1 and b.x1 > x0 and y0 < b.yc < d.top - 0.2 * em for b in boxes):
            continue  # something was read there
        inside = [
            k
            for k in range(1, len(stats))
            if k not in rules
            and x0 <= stats[k][0]
            and stats[k][0] + stats[k][2] <= x1
            and y0 <= stats[k][1]
            and stats[k][1] + stats[k][3] <= y1
        ]
        if not 1 <= len(inside) <= 2:
            continue
        inside.sort(key=lambda k: int(stats[k][3]), reverse=True)
        cx, cy, cw, ch = (int(v) for v in stats[inside[0]][:4])
        if not 0.25 * em <= ch <= 0.9 * em:
            continue
        shape = _chevron(labels[cy : cy + ch, cx : cx + cw] == inside[0])
        if shape is None:
            continue
        if len(inside) == 2:
            _, by, bw, bh = (int(v) for v in stats[inside[1]][:4])
            if not (bh <= max(em / 8, 3) and bw >= 0.5 * cw and by >= cy + ch / 2):
                continue  # a second mark that is not the bar under the angle
            shape = "≥" if shape == ">" else "≤"
        found.append(Box(shape, float(cx), float(cx + cw), float(cy), float(cy + ch), _SIGN_SCORE))
    return found


def attach_signs(boxes: list[Box], em: float) -> list[Box]:
    """A box holding only a comparison sign put in front of the number just below it at the same
    left edge (a narrow cell wrapped ≥90 after the sign)."""
    below: dict[int, Box] = {}
    for s in boxes:
        if s.text.strip() not in _SIGNS:
            continue
        for j, d in enumerate(boxes):
            if (
                j not in below
                and _NUMBER.match(d.text)
                and -0.3 * em <= d.top - s.bottom <= 0.6 * em
                and abs(d.x0 - s.x0) <= 0.5 * em
            ):
                below[j] = s
                break
    if not below:
        return boxes
    used = {id(s) for s in below.values()}
    out: list[Box] = []
    for j, b in enumerate(boxes):
        if id(b) in used:
            continue
        sign = below.get(j)
        if sign is not None:
            b = Box(
                sign.text.strip() + b.text,
                min(sign.x0, b.x0),
                b.x1,
                b.top,
                b.bottom,
                min(sign.score, b.score),
            )
        out.append(b)
    return out
