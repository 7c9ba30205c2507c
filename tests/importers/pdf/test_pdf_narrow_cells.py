"""Cells of a narrow column holding several short items, each a paragraph of its own (bounds one
under another, a number under a name, numbers under numbers), next to a cell whose one long
number is cut because it is wider than the column.  Printed by LibreOffice from a Word document
the test writes, the PDF must give the indicator rows the Word document gives."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from _compare import row_fields
from _pdfmake import NARROW_HEADER as HEADER
from _pdfmake import SOFFICE, add_table, to_pdf

from ecociv.importers import read_plan

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)

ROWS = [
    [
        "生态空间",
        "1",
        "草地植被覆盖度 高寒区 丘陵区 河谷平原区",
        "%",
        ">55 >45 >30",
        "丘陵区 61.37",
        "达标",
        "≥61.374",
        "≥62.5",
        "参考性",
    ],
    [
        "",
        "2",
        "固体废物综合利用率 尾矿利用率 煤矸石利用率 粉煤灰利用率",
        "%",
        "≥60 ≥70 ≥85",
        "66.41 73.08 91.27",
        "达标",
        "≥67 ≥74 ≥92",
        "≥70 ≥76 ≥95",
        "参考性",
    ],
    ["", "3", "城市建成区绿地率", "%", "≥38", "40.12 丘陵地区", "达标", "≥40", "≥41", "约束性"],
    [
        "生态生活",
        "4",
        "污水处理率 城镇地区 农村地区",
        "%",
        "≥95 ≥50",
        "96.5 48.5",
        "未达标",
        "≥96 ≥55",
        "≥97 ≥60",
        "约束性",
    ],
]


def test_short_items_in_narrow_cells_stay_apart(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设指标")
    add_table(document, [HEADER, *ROWS], split_items=True)
    word = tmp_path / "narrow.docx"
    document.save(str(word))
    want, got = row_fields(read_plan(word)), row_fields(read_plan(to_pdf(word)))
    assert len(want) == 12  # the Word document itself: four indicators, eight scopes
    assert got == want


# short Chinese items, each a paragraph, that fill their lines in a column three characters wide:
# on the page a paragraph break there looks like a wrapped line (printed untagged, the items run
# together into one); a tagged PDF's structure tree names each line's paragraph
FILLED = [
    "",
    "5",
    "生物多样性保护 国家重点保护野生动植物保护率 外来物种入侵 特有性或指示性水生物种保持率",
    "% — %",
    "≥95 不明显 不降低",
    "≥95 不明显 不降低",
    "达标",
    "≥95 不明显 不降低",
    "≥95 不明显 不降低",
    "参考性",
]


def test_tagged_pdf_parts_items_at_its_paragraphs(tmp_path: Path) -> None:
    import pdfplumber

    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设指标")
    add_table(document, [HEADER, FILLED], split_items=True)
    word = tmp_path / "filled.docx"
    document.save(str(word))
    pdf = to_pdf(word, tagged=True)
    with pdfplumber.open(pdf) as doc:
        assert doc.pages[0].structure_tree  # LibreOffice wrote the structure tree
    want, got = row_fields(read_plan(word)), row_fields(read_plan(pdf))
    assert len(want) == 4  # one indicator, three scopes
    assert got == want


# a table drawn without borders, ten columns on a portrait page: its cells wrap over many lines
BORDERLESS = [
    [
        "生态空间",
        "1",
        "森林资源 公益林面积 天然林蓄积量",
        "万亩 万立方米",
        "不减少 不减少",
        "80.2 315.6",
        "达标",
        "≥80.5 ≥318",
        "≥81 ≥320",
        "约束性",
    ],
    [
        "",
        "2",
        "水土保持 治理面积 水土保持率",
        "平方公里 %",
        "≥25 ≥90",
        "26.3 90.8",
        "达标",
        "≥30 ≥91",
        "≥40 ≥92",
        "参考性",
    ],
    ["生态生活", "3", "农村生活污水治理率", "%", "≥40", "42.1", "达标", "≥45", "≥50", "约束性"],
]


def test_tagged_borderless_table_takes_rows_and_items_from_the_tree(tmp_path: Path) -> None:
    """Without rulings the layout cannot tell a row's wrapped lines from new rows here; a tagged
    PDF's structure tree names each word's table row and paragraph."""
    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设指标")
    add_table(document, [HEADER, *BORDERLESS], ruled=False, split_items=True)
    word = tmp_path / "borderless.docx"
    document.save(str(word))
    want, got = row_fields(read_plan(word)), row_fields(read_plan(to_pdf(word, tagged=True)))
    assert len(want) == 7  # three indicators, four scopes
    assert got == want


# two numbers stacked in a narrow cell, the second without a decimal point (91.5 / 43): on an
# untagged page that looks like one number cut at the cell's edge; the row's other cells hold
# two items each, so the cell holds two numbers
STACKED = [
    [
        "生态生活",
        "1",
        "声环境质量 昼间达标率 夜间达标率",
        "% %",
        "≥90 ≥60",
        "91.5 43",
        "未达标",
        "≥92 ≥60",
        "≥95 ≥70",
        "约束性",
    ],
    [
        "",
        "2",
        "建成区绿化 绿地率 人均公园绿地面积",
        "% 平方米",
        "≥35 ≥12",
        "38.27 12",
        "达标",
        "≥39 ≥13",
        "≥40 ≥14",
        "约束性",
    ],
    ["", "3", "森林覆盖率", "%", "≥60", "76.5", "达标", "≥77", "≥78", "约束性"],
]


def test_stacked_numbers_are_parted_by_their_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设指标")
    add_table(document, [HEADER, *STACKED], split_items=True)
    word = tmp_path / "stacked.docx"
    document.save(str(word))
    want, got = row_fields(read_plan(word)), row_fields(read_plan(to_pdf(word)))
    assert [w[4] for w in want] == ["91.543", "91.5", "43", "38.2712", "38.27", "12", "76.5"]
    assert got == want
