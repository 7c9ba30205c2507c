"""OCR of scanned pages and images: rapidocr-onnxruntime (PP-OCRv4 models shipped inside the
wheel, nothing downloaded) on pages rendered by pypdfium2 at 150 dpi, a page scanned askew
turned level first (:mod:`._ocr_skew`).

Each page gives text boxes (with confidence) and the horizontal rulings drawn on it; results are
cached by the file's hash under ``$ECOCIV_HOME/cache/ocr/`` so a second import does not OCR
again.  The cache keeps what the engine read, with the dashes and signs it missed found in the
pixels (:mod:`._ocr_marks`); when a page is used, known confusions of this field (PM2.s, 03 for
O3, μg/m², LaTeX ≥ …) are corrected by the data table ``ocr_fixes.json`` and Latin brackets
that take the width of full-width ones become （）.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ecociv.importers.pdf._grid import Ruling
from ecociv.importers.pdf._layout import Box
from ecociv.importers.pdf._ocr_marks import attach_signs, with_marks
from ecociv.importers.pdf._ocr_skew import deskew

__all__ = ["DPI", "OcrPage", "fix_cell", "fix_text", "ocr_images", "rulings"]

DPI = 150
#: the cache holds what the engine read (and the dashes found in the pixels); the corrections of
#: ``ocr_fixes.json`` are applied when a page is used, so a new fix needs no new OCR
_ENGINE_VERSION = "rapidocr-onnxruntime-1.4.4/raw-5"
#: onnxruntime threads per page: both cores of a 2-core machine (measured faster than two pages at once)
_THREADS = 2
#: boxes read with a lower confidence are dropped by the engine; its default, 0.5, drops lone
#: signs of narrow cells (≥ read as = or N at 0.4), which are kept for :mod:`._ocr_marks` and
#: the table reader (:data:`._ocr_tables.TEXT_SCORE`)
_MIN_TEXT_SCORE = 0.3

OcrPage = tuple[
    list[Box], list[Ruling], list[Ruling], float, float
]  # boxes, rules across, rules down, width, height


@cache
def _fixes(cell: bool) -> list[tuple[re.Pattern[str], str]]:
    data = json.loads(resources.files("ecociv.importers.pdf").joinpath("ocr_fixes.json").read_text("utf-8"))
    return [
        (re.compile(f["pattern"]), f["replace"])
        for f in data["fixes"]
        if not f.get("disabled") and not (cell and f.get("line_only"))
    ]


def fix_text(text: str) -> str:
    """OCR text of one line with the field's known confusions corrected."""
    for pattern, repl in _fixes(False):
        text = pattern.sub(repl, text)
    return text


def fix_cell(text: str) -> str:
    """The same for a table cell whose lines are joined: a space there may part two lines and
    not be a gap on the page, so fixes that read a space as one (``line_only``) are left out."""
    for pattern, repl in _fixes(True):
        text = pattern.sub(repl, text)
    return text


def rulings(gray: Any, min_len: float) -> list[Ruling]:
    """Horizontal rules in a grayscale image (numpy array): dark runs at least ``min_len`` long,
    adjacent pixel rows of one rule merged.  The transposed image gives the vertical rules."""
    import numpy as np

    g = np.asarray(gray)
    # a thin rule drawn between two pixel rows is two grey rows: the darker of each pair
    dark = np.minimum(g, np.vstack([g[1:], g[-1:]])) < 150
    found: list[Ruling] = []
    for y in np.nonzero(dark.sum(axis=1) >= min_len)[0]:
        row = np.concatenate(([0], dark[y].view(np.int8), [0]))
        edges = np.diff(row)
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        for x0, x1 in zip(starts, ends, strict=True):
            if x1 - x0 >= min_len:
                found.append(Ruling(float(y), float(x0), float(x1)))
    merged: list[Ruling] = []
    for r in sorted(found, key=lambda r: (r.y, r.x0)):
        m = next(
            (
                k
                for k, q in enumerate(merged)
                if 0 <= r.y - q.y <= 3 and r.x0 <= q.x1 + 2 and r.x1 >= q.x0 - 2
            ),
            None,
        )
        if m is None:
            merged.append(r)
        else:
            q = merged[m]
            merged[m] = Ruling(q.y, min(q.x0, r.x0), max(q.x1, r.x1))
    return sorted(merged, key=lambda r: r.y)


def _full_width_openings(boxes: list[Box], em: float) -> list[Box]:
    """A line starting with ( half a character right of the line above it (the same cell's
    left edge): the empty left half of a full-width （, which PP-OCR reads as a Latin (."""
    out: list[Box] = []
    for b in boxes:
        if b.text.startswith("("):
            above = [
                a
                for a in boxes
                if 0 <= b.top - a.bottom + 0.3 * em < em and a.x0 < b.x1 and b.x0 < a.x1 and a is not b
            ]
            if any(0.25 * em <= b.x0 - a.x0 <= 0.75 * em for a in above):
                b = Box("（" + b.text[1:], b.x0, b.x1, b.top, b.bottom, b.score)
        out.append(b)
    return out


_CJK = re.compile(r"[\u3400-\u9fff]")
_HALF = str.maketrans("()", "（）")


def _advance(text: str, full_brackets: bool) -> float:
    """Width of ``text`` in characters: a Chinese character 1, a Latin letter or digit about
    0.6, a Latin bracket 0.35 (a full-width one 1)."""
    return sum(
        (1.0 if full_brackets else 0.35) if c in "()" else 1.0 if _CJK.match(c) or ord(c) > 0x2E80 else 0.6
        for c in text
    )


def _bracket_widths(boxes: list[Box]) -> list[Box]:
    """Brackets read as Latin ( ) in a box whose width on the page only fits full-width （）:
    PP-OCR does not tell the two apart, the space they take does.  The width of a character is
    the median over the boxes of Chinese text on the page."""
    widths = [
        (b.x1 - b.x0) / len(b.text) for b in boxes if len(b.text) >= 3 and all(_CJK.match(c) for c in b.text)
    ]
    if len(widths) < 3:
        return boxes
    char = sorted(widths)[len(widths) // 2]
    out: list[Box] = []
    for b in boxes:
        if ("(" in b.text or ")" in b.text) and len(b.text) >= 3:
            width = b.x1 - b.x0
            if abs(width - char * _advance(b.text, True)) < abs(width - char * _advance(b.text, False)):
                b = Box(b.text.translate(_HALF), b.x0, b.x1, b.top, b.bottom, b.score)
        out.append(b)
    return out


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # no text-direction classifier: it turns short boxes of an upright page upside down
    # (≥99 read as 66z); a box read with less than _MIN_TEXT_SCORE is kept, to be warned about
    return RapidOCR(
        intra_op_num_threads=_THREADS,
        inter_op_num_threads=1,
        use_cls=False,
        text_score=_MIN_TEXT_SCORE,
    )


def _read_image(image: Any) -> OcrPage:
    import numpy as np

    image, _ = deskew(image)
    rgb = np.asarray(image.convert("RGB"))
    result, _ = _engine()(rgb)
    boxes: list[Box] = []
    for quad, text, score in result or []:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        t = str(text).strip()
        if t:
            boxes.append(Box(t, min(xs), max(xs), min(ys), max(ys), float(score)))
    height = sorted(b.bottom - b.top for b in boxes)[len(boxes) // 2] if boxes else 20.0
    gray = np.asarray(image.convert("L"))
    boxes = with_marks(gray, boxes, height)
    return (
        boxes,
        rulings(gray, 3 * height),
        rulings(gray.T, 3 * height),
        float(rgb.shape[1]),
        float(rgb.shape[0]),
    )


def _cache_dir() -> Path:
    home = Path(os.environ.get("ECOCIV_HOME") or Path.home() / ".local" / "share" / "ecociv")
    return home / "cache" / "ocr"


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _load(file: Path) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("engine") == _ENGINE_VERSION else {}


def _to_json(page: OcrPage) -> dict[str, Any]:
    boxes, across, down, w, h = page
    return {
        "boxes": [asdict(b) for b in boxes],
        "rulings": [asdict(r) for r in across],
        "verticals": [asdict(r) for r in down],
        "size": [w, h],
    }


def _corrected(boxes: list[Box]) -> list[Box]:
    """Boxes as read, with the field's known confusions corrected (``ocr_fixes.json``)."""
    em = sorted(b.bottom - b.top for b in boxes)[len(boxes) // 2] if boxes else 20.0
    out = [
        Box(fix_text(b.text), b.x0, b.x1, b.top, b.bottom, b.score)
        for b in _bracket_widths(_full_width_openings(boxes, em))
    ]
    return attach_signs([b for b in out if b.text.strip()], em)


def _from_json(d: dict[str, Any]) -> OcrPage:
    return (
        _corrected([Box(**b) for b in d["boxes"]]),
        [Ruling(**r) for r in d["rulings"]],
        [Ruling(**r) for r in d["verticals"]],
        float(d["size"][0]),
        float(d["size"][1]),
    )


def ocr_images(
    path: Path,
    pages: list[int],
    render: Callable[[int], Any],
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[int, OcrPage]]:
    """OCR of the given pages (0-based) of ``path``; ``render(i)`` gives page *i* as a PIL image.

    Pages already read are taken from the cache; ``progress(done, total)`` is called after each page.
    """
    cache_file = _cache_dir() / f"{_digest(path)}.json"
    cached = _load(cache_file)
    store: dict[str, Any] = cached.get("pages", {}) if cached else {}
    for n, i in enumerate(pages, 1):
        key = f"{i}@{DPI}"
        if key not in store:
            store[key] = _to_json(_read_image(render(i)))
            try:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache_file.with_suffix(".tmp")
                tmp.write_text(
                    json.dumps({"engine": _ENGINE_VERSION, "pages": store}, ensure_ascii=False), "utf-8"
                )
                tmp.replace(cache_file)
            except OSError:
                pass  # a read-only home: OCR still works, only without the cache
        if progress is not None:
            progress(n, len(pages))
        yield i, _from_json(store[key])
