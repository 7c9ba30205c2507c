"""Scans as they come from a bureau's scanner: at 200 or 300 dpi instead of 150, fed a little
askew, saved as an image file instead of a PDF, and a ruled table whose row runs over a page
break.  Each scan is made by the test from a Word document it writes itself (LibreOffice prints
it, the pages are rasterised and turned), and must read as the Word document does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from _compare import indicator_rows, plan_share
from _pdfmake import SOFFICE, add_table, plan_docx, scanned, to_pdf

from ecociv.importers import read_plan
from ecociv.importers.pdf._ocr_skew import skew_angle

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.xdist_group("ocr"),  # OCR uses both cores: never two OCR tests at once
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"),
]

#: a made-up county's indicator table (not from the sample plans): bounds, decimals, a dash, a
#: unit in words, text targets
TABLE = [
    "表1 某县“十四五”生态环境保护主要指标",
    "序号\t指标名称\t单位\t2020年\t2025年\t指标属性",
    "1\t地表水国控断面水质优良比例\t%\t86.7\t≥90\t约束性",
    "2\t城市细颗粒物（PM2.5）浓度\t微克/立方米\t31\t≤28\t约束性",
    "3\t受污染耕地安全利用率\t%\t91.2\t≥93\t约束性",
    "4\t森林覆盖率\t%\t63.45\t63.5\t约束性",
    "5\t单位地区生产总值二氧化碳排放降低\t%\t—\t完成省下达任务\t约束性",
    "6\t生态质量指数（EQI）\t—\t62.3\t稳中向好\t预期性",
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("scan")
    word = plan_docx(TABLE, folder / "table.docx")
    yield word, to_pdf(word)


@pytest.mark.parametrize(
    ("dpi", "angle", "suffix"),
    [(200, 0.7, ".pdf"), (300, 0.0, ".pdf"), (300, -1.0, ".png")],
    ids=["200dpi-turned-0.7", "300dpi", "png-300dpi-turned-minus-1"],
)
def test_scan_resolution_and_skew(
    printed: tuple[Path, Path], dpi: int, angle: float, suffix: str, tmp_path: Path
) -> None:
    word, pdf = printed
    scan = scanned(pdf, [0], tmp_path / f"scan{suffix}", dpi=dpi, angle=angle)
    want, got = read_plan(word), read_plan(scan)
    assert len(indicator_rows(want)) == 6
    assert plan_share(want, got) == 1.0, (indicator_rows(want), indicator_rows(got))


def test_low_confidence_cell_is_a_warning(printed: tuple[Path, Path], tmp_path: Path) -> None:
    """A cell whose ink is mostly gone (a worn or badly copied sheet: 72 % of the pixels of the
    2025 value of row 4 wiped) is read with low confidence: a warning names the page and the
    cell, never a silent wrong value (measured: 63.5 read as 83.3 at 75 %)."""
    import numpy as np
    import pdfplumber
    import pypdfium2 as pdfium
    from PIL import Image

    _, pdf = printed
    scale = 150 / 72
    with pdfplumber.open(pdf) as doc:
        word = next(w for w in doc.pages[0].extract_words() if w["text"] == "63.5")
    with pdfium.PdfDocument(str(pdf)) as doc:
        page = np.asarray(doc[0].render(scale=scale).to_pil().convert("RGB")).copy()
    x0, x1, top, bottom = (int(word[k] * scale) for k in ("x0", "x1", "top", "bottom"))
    ink = page[top + 4 : bottom - 2, x0 : x1 + 1]  # inside the cell's rules
    ink[np.random.default_rng(0).random(ink.shape[:2]) < 0.72] = 255
    scan = tmp_path / "worn.png"
    Image.fromarray(page).save(scan)
    got = read_plan(scan)
    doubtful = [f for f in got.warnings if f.slug == "ocr-low-confidence"]
    assert any("表格第5行第5列" in f.message for f in doubtful), [f.message for f in doubtful]
    for f in doubtful:
        assert f.page == 1
        assert re.search(r"表格第\d+行第\d+列“.+”（置信度 \d+%）", f.message), f.message


def test_skew_is_measured() -> None:
    """The skew of a page is found to a twentieth of a degree either way, and a level page is
    left level."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font_file.exists():
        pytest.skip("DejaVu Sans (fonts-dejavu-core) is not installed")
    font = ImageFont.truetype(str(font_file), 24)
    page = Image.new("L", (1240, 1750), 255)
    draw = ImageDraw.Draw(page)
    for k in range(30):
        draw.text(
            (120, 120 + 45 * k), f"Row {k}: 2025 target 95.5 percent, baseline 88.{k}", font=font, fill=0
        )
    for angle in (0.0, 0.4, -0.7, 1.5, -2.5):
        turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        assert abs(skew_angle(np.asarray(turned)) + angle) <= 0.05, angle


def test_row_over_a_page_break(tmp_path: Path) -> None:
    """A ruled table whose tall row runs over the page break, the header repeated on the next
    page: the two parts of the row are one indicator again, its sub-items and values whole."""
    import docx

    document = docx.Document()
    for _ in range(22):  # the table starts low on the first page
        document.add_paragraph("")
    rows = [
        ["序号", "指标名称", "单位", "现状值", "目标值"],
        ["1", "空气质量优良天数比例", "%", "93.2", "≥95"],
        [
            "2",
            "农业废弃物综合利用率 秸秆综合利用率 畜禽粪污综合利用率 农膜回收利用率 废旧农药包装回收率",
            "%",
            "89.1 95.6 80.2 76.4",
            "≥90 ≥96 ≥85 ≥80",
        ],
        ["3", "森林覆盖率", "%", "64.1", "≥64.5"],
    ]
    add_table(document, rows, repeat_header=1, split_items=True)
    word = tmp_path / "split.docx"
    document.save(str(word))
    pdf = to_pdf(word)
    import pypdfium2 as pdfium

    with pdfium.PdfDocument(str(pdf)) as doc:
        pages = len(doc)
    assert pages == 2, "the table must run over the page break for this test"
    scan = scanned(pdf, [0, 1], tmp_path / "scan.pdf")
    want, got = read_plan(word), read_plan(scan)
    names = [r[0] for r in indicator_rows(want)]
    assert "废旧农药包装回收率" in names
    assert plan_share(want, got) == 1.0, (indicator_rows(want), indicator_rows(got))
