"""PDFs the tests make themselves: a Word document (python-docx) printed to PDF by LibreOffice
(Debian's libreoffice-writer-nogui), and a page of it rasterised into an image-only PDF (a scan)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ecociv.importers._segment import find_tables

SOFFICE = shutil.which("soffice")


#: ten columns on a portrait page: three or four characters a line in each
NARROW_HEADER = [
    "领域",
    "序号",
    "指标名称",
    "单位",
    "指标值",
    "现状值（2022年）",
    "达标情况",
    "2025年",
    "2030年",
    "属性",
]

#: LibreOffice's PDF export with a structure tree (as Word's 另存为 PDF and WPS make by default)
_TAGGED = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def to_pdf(source: Path, *, tagged: bool = False) -> Path:
    """``source`` (.docx) printed to PDF beside it by LibreOffice (own profile, so runs in
    parallel); ``tagged``: with a structure tree (each paragraph a P element)."""
    assert SOFFICE, "LibreOffice (soffice) is needed: Debian package libreoffice-writer-nogui"
    profile = source.parent / f".lo-{os.getpid()}"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            _TAGGED if tagged else "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = source.with_suffix(".pdf")
    assert out.exists(), f"LibreOffice made no PDF of {source}"
    return out


def _borderless(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    tbl_pr.append(
        parse_xml(
            f"<w:tblBorders {nsdecls('w')}>"
            + "".join(
                f'<w:{e} w:val="nil"/>' for e in ("top", "left", "bottom", "right", "insideH", "insideV")
            )
            + "</w:tblBorders>"
        )
    )


def add_table(
    document: object,
    rows: list[list[str]],
    *,
    ruled: bool = True,
    repeat_header: int = 0,
    split_items: bool = False,
) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)  # type: ignore[attr-defined]
    if ruled:
        table.style = "Table Grid"
    else:
        _borderless(table)
    for tr, row in zip(table.rows, rows, strict=True):
        cells = tr.cells  # once a row: table.cell(r, c) walks the whole table each time
        for c, text in enumerate(row):
            # a cell's items (sub-indicators, their units and values) each on a line of its own
            parts = text.split(" ") if split_items else [text]
            cells[c].text = parts[0]
            for part in parts[1:]:
                cells[c].add_paragraph(part)
    for r in range(repeat_header):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")} w:val="true"/>'))


def plan_docx(lines: list[str], path: Path) -> Path:
    """A Word document of a plan's text: its indicator tables as ruled Word tables with the header
    repeated on every page, every other line a paragraph."""
    document = docx.Document()
    tables = {t.header_line: t for t in find_tables(lines)}
    n = 1
    while n <= len(lines):
        table = tables.get(n)
        if table is None:
            document.add_paragraph(lines[n - 1].replace("\t", " "))
            n += 1
            continue
        rows = [[c.header for c in table.columns]] + [r.cells for r in table.rows if r.kind != "stray"]
        width = len(table.columns)
        add_table(document, [(r + [""] * width)[:width] for r in rows], repeat_header=1, split_items=True)
        n = max(table.end_line, n + 1)
    document.save(str(path))
    return path


def scanned(pdf: Path, pages: list[int], out: Path, dpi: int = 150, angle: float = 0.0) -> Path:
    """Pages of ``pdf`` rendered to images and saved as an image-only PDF (no text layer), or
    as one image file when ``out`` ends in .png/.jpg; ``angle``: degrees turned counter-clockwise
    (a sheet fed askew into the scanner)."""
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(str(pdf))
    images = [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in pages]
    doc.close()
    if angle:
        images = [
            im.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255)) for im in images
        ]
    if out.suffix.lower() in {".png", ".jpg", ".jpeg"}:
        images[0].save(out, dpi=(dpi, dpi))
        return out
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out
