"""The PDF and image readers: text PDFs through pdfplumber (words with positions, ruled tables),
pages without a text layer and image files through OCR (:mod:`._ocr`).  Every page becomes
document lines (:mod:`._page`) and the plan is built by the shared builder, as for .txt and .docx;
findings name the page (第N页) instead of a line of the made-up text.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ecociv.errors import InputError
from ecociv.importers._text import plan_from_lines
from ecociv.importers.pdf._cells import Cell, cell_text
from ecociv.importers.pdf._items import resolve_items, vocabulary
from ecociv.importers.pdf._layout import Box, group_lines, typical_height
from ecociv.importers.pdf._ocr import DPI, fix_cell, fix_text, ocr_images
from ecociv.importers.pdf._ocr_tables import scan_tables
from ecociv.importers.pdf._page import Block, PageText, page_lines, running_lines
from ecociv.importers.pdf._scripts import settle_scripts
from ecociv.importers.pdf._split import join_cut_rows, join_split_rows
from ecociv.importers.pdf._tables import find_tables
from ecociv.importers.pdf._tags import tagged_words
from ecociv.model import Finding, Plan

__all__ = ["ImageReader", "PdfReader", "Progress", "page_tables"]

#: ``progress(done, total)`` after each OCR'd page
Progress = Callable[[int, int], None]

_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _ruled_blocks(page: Any, words: list[Box]) -> list[tuple[tuple[float, float, float, float], Block]]:
    """Ruled tables of a text page with their cell texts; a merged cell repeated down the rows
    it covers, kept once over the columns it spans (as the .docx reader lists Word tables)."""
    out: list[tuple[tuple[float, float, float, float], Block]] = []
    em = typical_height(words)
    for table in page.find_tables(_TABLE_SETTINGS):
        if max(len(r.cells) for r in table.rows) < 2:
            continue  # a framed box (专栏) is prose: its words stay on the page
        grid: list[list[str]] = []
        cells: list[list[Cell]] = []
        for r, row in enumerate(table.rows):
            own: list[Cell | None] = [
                ([w for w in words if _inside(w, bbox)], bbox[0], bbox[2]) if bbox is not None else None
                for bbox in row.cells
            ]
            line = [cell_text(*c, em) if c is not None else "" for c in own]
            for c, bbox in enumerate(row.cells):
                if bbox is not None:
                    continue
                above = next((k for k in range(r - 1, -1, -1) if table.rows[k].cells[c] is not None), None)
                spans_down = above is not None and table.rows[above].cells[c][3] >= row.bbox[3] - 1
                line[c] = grid[above][c] if spans_down and above is not None else ""
            grid.append(line)
            cells.append([c if c is not None else ([], 0.0, 0.0) for c in own])
        out.append((table.bbox, Block(table.bbox[1], table.bbox[3], grid, cells, em)))
    return out


def _inside(w: Box, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    return x0 <= w.xc <= x1 and top <= w.yc <= bottom


def _words(page: Any) -> list[Box]:
    """The page's words (:mod:`._scripts`); on a tagged page each with its paragraph and table
    row (:mod:`._tags`)."""
    from pdfplumber.utils.text import extract_words

    options: dict[str, Any] = {"x_tolerance": 1.5, "y_tolerance": 2, "keep_blank_chars": False}
    chars = settle_scripts(page.chars)  # note marks (¹) left out, subscripts kept in their word
    words = tagged_words(page, chars, **options) or extract_words(chars, **options)
    return [
        Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], para=w.get("para"), row=w.get("row"))
        for w in words
    ]


def _open_pdf(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # parses the page tree: a damaged file fails here
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise InputError(
                f"{path}：PDF 已加密（需要密码），无法读取；请先用 PDF 阅读器去除密码后再导入。"
            ) from None
        raise InputError(
            f"{path}：PDF 文件已损坏或不是有效的 PDF（{type(cause).__name__}），无法读取。"
        ) from None
    except Exception as exc:  # pdfminer raises many types for a damaged file
        raise InputError(
            f"{path}：PDF 文件已损坏或不是有效的 PDF（{type(exc).__name__}），无法读取。"
        ) from None
    if not pdf.pages:
        pdf.close()
        raise InputError(f"{path}：PDF 没有任何页面，没有可导入的内容。")
    return pdf


def _has_text(page: Any) -> bool:
    return sum(1 for ch in page.chars if str(ch.get("text", "")).strip()) >= 10


def _plan(path: Path, pages: list[PageText], scanned: list[int]) -> Plan:
    """The plan from the pages' lines; ``scanned``: 0-based indexes of the pages read by OCR."""
    lines: list[str] = []
    page_of: list[int] = []
    findings: list[Finding] = []
    for n, page in enumerate(pages, 1):
        lines.extend(page.lines)
        page_of.extend([n] * len(page.lines))
        findings.extend(
            Finding(slug="ocr-low-confidence", message=f"{d}识别置信度较低，请核对原件。", page=n)
            for d in page.doubtful
        )
        findings.extend(
            Finding(
                slug="table-rows-uncertain",
                message=(
                    f"第{n}页无框线的表格（首行：{' | '.join(first)}）有单元格不从行首开始（如垂直居中排版），"
                    "行的划分无法确定，已按文字位置读取；请核对该表各行，或导入原 Word 文档。"
                ),
                page=n,
                data={"first_cells": first},
            )
            for first in page.unsure
        )
    empty = [i + 1 for i in scanned if not any(x.strip() for x in pages[i].lines)]
    if not any(line.strip() for line in lines):
        where = f"第{'、'.join(map(str, empty))}页" if 0 < len(empty) <= 5 else f"全部 {len(pages)} 页"
        raise InputError(
            f"{path}：{where}没有文字层，OCR 也没有识别出文字（空白页或不含文字的图片），没有可导入的内容。"
        )
    findings.extend(
        Finding(
            slug="page-no-text",
            message=f"第{n}页没有文字层，OCR 也没有识别出文字（空白页或图片），已跳过。",
            page=n,
        )
        for n in empty
    )
    reader = "ocr" if len(scanned) == len(pages) else "pdf"
    plan = plan_from_lines(lines, source_file=path.name, encoding=None, reader=reader)
    for f in plan.warnings:
        if f.line is not None and 0 < f.line <= len(page_of) and f.page is None:
            f.page = page_of[f.line - 1]
            f.line = None
            # other lines a message mentions are lines of the made-up text: name their pages
            f.message = _LINE_REF.sub(lambda m: _page_ref(m, page_of), f.message)
    plan.warnings = [*findings, *plan.warnings]
    for f in findings:
        f.file = path.name
    return plan


_LINE_REF = re.compile(r"第(\d+)(?:\s*[—–-]\s*(\d+))?行")


def _page_ref(m: re.Match[str], page_of: list[int]) -> str:
    """``第12行`` / ``第12—15行`` of the made-up text as the page(s) they are on."""
    first = int(m.group(1))
    last = int(m.group(2) or first)
    if not (0 < first <= len(page_of) and 0 < last <= len(page_of)):
        return m.group(0)
    a, b = page_of[first - 1], page_of[last - 1]
    return f"第{a}页" if a == b else f"第{a}—{b}页"


def _ocr_pages(
    path: Path, indexes: list[int], render: Callable[[int], Any], progress: Progress | None
) -> dict[int, PageText]:
    scans = dict(ocr_images(path, indexes, render, progress))
    running = running_lines(
        [_grouped(boxes) for boxes, *_ in scans.values()], [page[-1] for page in scans.values()]
    )
    found = {
        i: scan_tables(boxes, across, down, h, fix_cell) for i, (boxes, across, down, _, h) in scans.items()
    }
    pages = {i: (found[i].free, found[i].blocks, w, h) for i, (_, _, _, w, h) in scans.items()}
    join_split_rows(pages, running)
    out: dict[int, PageText] = {}
    for i, (free, blocks, w, h) in pages.items():
        for block in blocks:  # a row joined over a page break: its cells read again
            block.rows = [[fix_cell(c) for c in row] for row in block.rows]
        out[i] = page_lines(free, w, h, blocks=blocks, running=running, fix=fix_text)
        out[i].doubtful[:0] = found[i].doubtful
    return out


def _grouped(boxes: list[Box]) -> list[list[Box]]:
    return group_lines(boxes)


def page_tables(path: Path | str, page: int, progress: Progress | None = None) -> list[list[list[str]]]:
    """The tables of one page (1-based) of a PDF as rows of cell texts, read by the layer import
    uses: ruled tables of the text layer, whitespace tables from word positions, OCR'd scans."""
    path = Path(path)
    with contextlib.closing(_open_pdf(path)) as pdf:
        if not 0 < page <= len(pdf.pages):
            raise InputError(f"{path}：没有第{page}页（共 {len(pdf.pages)} 页）。")
        p = pdf.pages[page - 1]
        if _has_text(p):
            every = _words(p)
            ruled = _ruled_blocks(p, every)
            free = [w for w in every if not any(_inside(w, b) for b, _ in ruled)]
            found = find_tables(group_lines(free), p.width, typical_height(free))
            return [b.rows for _, b in ruled] + [t.rows for t in found]
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        _, (boxes, across, down, w, h) = next(
            ocr_images(path, [page - 1], lambda i: doc[i].render(scale=DPI / 72).to_pil(), progress)
        )
    finally:
        doc.close()
    scan = scan_tables(boxes, across, down, h, fix_cell)
    found = find_tables(group_lines(scan.free), w, typical_height(scan.free))
    return [b.rows for b in scan.blocks] + [[[fix_text(c) for c in row] for row in t.rows] for t in found]


_TextPage = tuple[list[Box], list[Block], float, float]  # free words, ruled tables, width, height

#: documents of at least this many pages are parsed by two processes (pdfminer is pure Python)
_PARALLEL_PAGES = 16


def _text_pages(path: Path, start: int, stop: int) -> dict[int, _TextPage]:
    """Words and ruled tables of the pages with a text layer among pages ``start``..``stop - 1``."""
    out: dict[int, _TextPage] = {}
    with contextlib.closing(_open_pdf(path)) as pdf:
        for i in range(start, stop):
            page = pdf.pages[i]
            if _has_text(page):
                every = _words(page)
                ruled = _ruled_blocks(page, every)
                free = [w for w in every if not any(_inside(w, b) for b, _ in ruled)]
                out[i] = (free, [b for _, b in ruled], float(page.width), float(page.height))
            page.flush_cache()
    return out


def _layer(path: Path, count: int) -> dict[int, _TextPage]:
    """The text layer of every page that has one; long documents on both cores."""
    if count < _PARALLEL_PAGES or (os.cpu_count() or 1) < 2:
        return _text_pages(path, 0, count)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    half = count // 2
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("fork")) as pool:
        parts = [pool.submit(_text_pages, path, 0, half), pool.submit(_text_pages, path, half, count)]
        return {k: v for part in parts for k, v in part.result().items()}


class PdfReader:
    """PDF documents: the text layer where there is one, OCR for pages without (scans)."""

    name = "pdf"
    suffixes: tuple[str, ...] = (".pdf",)
    accepts_progress = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.lstrip()[:5] == b"%PDF-"

    def read(self, path: Path, *, encoding: str | None = None, progress: Progress | None = None) -> Plan:
        with contextlib.closing(_open_pdf(path)) as pdf:
            count = len(pdf.pages)
        words = _layer(path, count)
        scanned = [i for i in range(count) if i not in words]
        running = running_lines(
            [_grouped(w) for w, _, _, _ in words.values()], [h for *_, h in words.values()]
        )
        join_split_rows(words, running)
        texts = {
            i: page_lines(boxes, w, h, blocks=blocks, running=running)
            for i, (boxes, blocks, w, h) in words.items()
        }
        # cells the page cannot part are read again with what the whole document writes
        known = vocabulary(line for page in texts.values() for line in page.lines)
        for i, (boxes, blocks, w, h) in words.items():
            if resolve_items(blocks, known):
                texts[i] = page_lines(boxes, w, h, blocks=blocks, running=running)
        if scanned:
            import pypdfium2 as pdfium

            doc = pdfium.PdfDocument(str(path))
            try:
                texts.update(
                    _ocr_pages(path, scanned, lambda i: doc[i].render(scale=DPI / 72).to_pil(), progress)
                )
            finally:
                doc.close()
        pages = [texts.get(i, PageText()) for i in range(count)]
        join_cut_rows(pages)
        return _plan(path, pages, scanned)


class ImageReader:
    """Scanned pages as image files (.png, .jpg, .tif — every frame of a multi-page TIFF)."""

    name = "image"
    suffixes: tuple[str, ...] = _IMAGE_SUFFIXES
    accepts_progress = True

    def sniff(self, path: Path, head: bytes) -> bool:
        return head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"))

    def read(self, path: Path, *, encoding: str | None = None, progress: Progress | None = None) -> Plan:
        from PIL import Image, UnidentifiedImageError

        try:
            image = Image.open(path)
            frames = getattr(image, "n_frames", 1)
        except (UnidentifiedImageError, OSError) as exc:
            raise InputError(f"{path}：无法作为图片打开（{type(exc).__name__}），文件可能已损坏。") from None

        def render(i: int) -> Any:
            image.seek(i)
            return image.copy()

        with contextlib.closing(image):
            texts = _ocr_pages(path, list(range(frames)), render, progress)
        return _plan(path, [texts[i] for i in range(frames)], list(range(frames)))
