"""OCR of scanned pages and images: rapidocr-onnxruntime (PP-OCRv4 models shipped inside the
wheel, nothing downloaded) on pages rendered by pypdfium2 at 150 dpi.

Each page gives text boxes (with confidence) and the horizontal rulings drawn on it; results are
cached by the file's hash under ``$ECOCIV_HOME/cache/ocr/`` so a second import does not OCR
again.  Known confusions of this field (PM2.s, 03 for O3, μg/m²…) are corrected by the data
table ``ocr_fixes.json``.
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

__all__ = ["DPI", "OcrPage", "fix_text", "ocr_images", "rulings"]

DPI = 150
_ENGINE_VERSION = "rapidocr-onnxruntime-1.4.4/rules-2"
#: onnxruntime threads per page: both cores of a 2-core machine (measured faster than two pages at once)
_THREADS = 2

OcrPage = tuple[
    list[Box], list[Ruling], list[Ruling], float, float
]  # boxes, rules across, rules down, width, height


@cache
def _fixes() -> list[tuple[re.Pattern[str], str]]:
    data = json.loads(resources.files("ecociv.importers.pdf").joinpath("ocr_fixes.json").read_text("utf-8"))
    return [(re.compile(f["pattern"]), f["replace"]) for f in data["fixes"] if not f.get("disabled")]


def fix_text(text: str) -> str:
    """OCR text with the field's known confusions corrected."""
    for pattern, repl in _fixes():
        text = pattern.sub(repl, text)
    return text


def rulings(gray: Any, min_len: float) -> list[Ruling]:
    """Horizontal rules in a grayscale image (numpy array): dark runs at least ``min_len`` long,
    adjacent pixel rows of one rule merged.  The transposed image gives the vertical rules."""
    import numpy as np

    dark = np.asarray(gray) < 140
    found: list[Ruling] = []
    for y in np.nonzero(dark.sum(axis=1) >= min_len)[0]:
        row = np.concatenate(([0], dark[y].view(np.int8), [0]))
        edges = np.diff(row)
        starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
        for x0, x1 in zip(starts, ends, strict=True):
            if x1 - x0 >= min_len:
                found.append(Ruling(float(y), float(x0), float(x1)))
    merged: list[Ruling] = []
    for r in sorted(found, key=lambda r: (r.x0, r.y)):
        m = next((k for k, q in enumerate(merged) if abs(q.x0 - r.x0) < 4 and 0 <= r.y - q.y <= 3), None)
        if m is None:
            merged.append(r)
        else:
            q = merged[m]
            merged[m] = Ruling(r.y, q.x0, max(q.x1, r.x1))
    return sorted(merged, key=lambda r: r.y)


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(intra_op_num_threads=_THREADS, inter_op_num_threads=1)


def _read_image(image: Any) -> OcrPage:
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))
    result, _ = _engine()(rgb)
    boxes: list[Box] = []
    for quad, text, score in result or []:
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        t = fix_text(str(text).strip())
        if t:
            boxes.append(Box(t, min(xs), max(xs), min(ys), max(ys), float(score)))
    height = sorted(b.bottom - b.top for b in boxes)[len(boxes) // 2] if boxes else 20.0
    gray = np.asarray(image.convert("L"))
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


def _from_json(d: dict[str, Any]) -> OcrPage:
    return (
        [Box(**b) for b in d["boxes"]],
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
