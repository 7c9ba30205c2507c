"""A plan's indicator table as a bureau often has it: a scan of the signed copy.

The test writes an indicator table of a sample plan to a Word document (ruled table), prints it
to PDF with LibreOffice, rasterises the pages at 150 dpi into an image-only PDF (no text layer)
and imports that scan.  The reference is the Word document read by the .docx reader (the text
import): the OCR'd scan must give the same indicator rows, field by field (name, domain, number,
unit, standard, baseline, status, targets, attribute, cumulative).

Measured on the four indicator tables of the sample plans scanned this way: 宜春 十四五 table
1.000 (this test), 宜春 十三五 table 0.095 as written but 0.933 with full- and half-width forms
folded (％ and %, ＞ and >, Ⅴ and V print alike: the scan cannot tell them apart), 会昌 表3.1
1.000 and 表3.2 0.798 (before rows cut by a page break were joined and lone ≥ signs told by
their shape: 0.742 and 0.788).  What is left of 表3.2 is what its text PDF also misses — short
items of a narrow cell that are separate paragraphs in the Word document but fill their lines
(外来物种入侵 / 特有性…) — and what a scan cannot show: Ⅴ printed like V, a half-width ; like ；.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _compare import plan_share
from _pdfmake import SOFFICE, plan_docx, scanned, to_pdf

from conftest import YICHUN
from ecociv.importers import read_plan
from ecociv.importers._decode import decode_bytes
from ecociv.importers._segment import find_tables
from ecociv.importers.pdf import page_tables
from ecociv.model import Indicator, Plan

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.xdist_group("ocr"),  # OCR uses both cores: never two OCR tests at once
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"),
    pytest.mark.skipif(not YICHUN.exists(), reason="../shared/plans is not there"),
]


def _n(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _indicator(plan: Plan, name: str) -> Indicator:
    return next(i for t in plan.indicator_tables for r in t.rows for i in r.walk() if _n(i.name) == name)


def test_scanned_indicator_table(tmp_path: Path) -> None:
    lines = decode_bytes(YICHUN.read_bytes(), str(YICHUN), None).lines
    table = find_tables(lines)[-1]  # 宜春: the 十四五 table, two pages when printed
    start = (table.caption_line or table.header_line) - 2
    word = plan_docx(lines[max(start, 0) : table.end_line], tmp_path / "table.docx")
    pdf = to_pdf(word)
    import pypdfium2 as pdfium

    with pdfium.PdfDocument(str(pdf)) as doc:
        pages = list(range(len(doc)))
    assert len(pages) <= 2
    scan = scanned(pdf, pages, tmp_path / "scan.pdf")
    want, got = read_plan(word), read_plan(scan)

    share = plan_share(want, got)
    print(f"scanned indicator table: {share:.3f} of indicator fields equal to the text import")
    assert share >= 0.98  # measured 1.000

    # rows checked by hand against the rendered page: sign, decimal point, a dash cell, unit
    rows = [[_n(c) for c in r] for t in page_tables(scan, 1) for r in t]
    assert ["4.地表水达到或好于Ⅱ类水体比例（%）", "全市监测断面", "62.50", "≥65.00", "—"] in rows
    assert ["6.地下水环境质量（区域）V类水比例（%）", "50.00", "稳中向好", "—", "预期性"] in rows
    forest = _indicator(got, "森林覆盖率（%）")
    assert (forest.unit, forest.baseline and forest.baseline.value, forest.targets, forest.attribute) == (
        "%",
        "57.12",
        {2025: "≥57.12"},
        "约束性",
    )
    radiation = _indicator(got, "放射辐射源事故年发生率（起/万枚）")
    assert (radiation.unit, radiation.targets, radiation.attribute) == ("起/万枚", {2025: "<1.3"}, "预期性")

    # a cell read with low confidence is a warning naming its page and cell, never dropped silently
    for f in got.warnings:
        if f.slug == "ocr-low-confidence":
            assert f.page in {p + 1 for p in pages}
            assert re.search(r"第\d+行第\d+列", f.message)


_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not _FONT.exists(), reason="DejaVu Sans (fonts-dejavu-core) is not installed")
@pytest.mark.parametrize(("sign", "want"), [("≥", "≥"), ("≤", "≤"), (">", ">"), ("<", "<"), ("", None)])
def test_sign_wrapped_above_its_number(sign: str, want: str | None) -> None:
    """A narrow cell wraps ≥90 after the sign; OCR reads 90 and not the sign on its own line:
    the sign is told by its shape and put back in front of the number."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from ecociv.importers.pdf._layout import Box
    from ecociv.importers.pdf._ocr_marks import attach_signs, signs

    font = ImageFont.truetype(str(_FONT), 22)
    image = Image.new("L", (300, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.text((100, 60), sign, font=font, fill=0)
    draw.text((100, 88), "90", font=font, fill=0)
    x0, top, x1, bottom = draw.textbbox((100, 88), "90", font=font)
    number = Box("90", x0 - 2, x1 + 2, top - 3, bottom + 3, 0.99)
    found = signs(np.asarray(image), [number], em=28.0)
    assert [b.text for b in found] == ([want] if want else [])
    assert [b.text for b in attach_signs([*found, number], em=28.0)] == [f"{want or ''}90"]
