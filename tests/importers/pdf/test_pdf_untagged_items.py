"""Short Chinese items that fill their lines in a narrow column, printed to an *untagged* PDF.

On the page such an item's end looks like a wrapped line.  The row tells how many items its cells
hold (the unit cell, a semicolon), and the document tells which pieces are items: the same item
written whole elsewhere (after an enumeration mark in another table, in a list with 、), or a
Latin word after a full Chinese line.  The PDF must give the rows the Word document gives; a cell
whose row has one item each is left as read, even where a piece of it is a word known elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from _compare import row_fields
from _pdfmake import NARROW_HEADER, SOFFICE, add_table, to_pdf

from ecociv.importers import read_plan

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)

PROSE = "已完成的指标包括：生态保护红线、声环境质量、饮用水源保护。"
ROWS = [
    # items written whole: after enumeration marks, or short enough to end before the edge
    [
        "生态生活",
        "1",
        "声环境保护 (1) 区域噪声达标 (2) 夜间功能区达标率",
        "— %",
        "稳定 不下降",
        "稳定 88",
        "达标",
        "稳定 ≥90",
        "稳定 ≥92",
        "参考性",
    ],
    # the same items fill their lines here: 区域噪声达标 | 夜间功能区达标率, 稳定 | 不下降
    [
        "",
        "2",
        "城市声环境 区域噪声达标 夜间功能区达标率",
        "— %",
        "稳定 不下降",
        "稳定 不下降",
        "达标",
        "稳定 不下降",
        "稳定 不下降",
        "参考性",
    ],
    # a list item of the prose (声环境质量) filling its lines, a Latin word after a full line
    [
        "",
        "3",
        "声环境质量 昼间达标比例 夜间达标比例",
        "% %",
        "≥90；≥80",
        "91.5；80.6",
        "达标",
        "≥91；≥82",
        "≥92；≥85",
        "约束性",
    ],
    [
        "",
        "4",
        "重点污染物 排放总量削减 COD",
        "% 吨",
        "≥10；≥8",
        "12.5 3.1",
        "达标",
        "≥10；≥8",
        "≥12；≥9",
        "约束性",
    ],
    # LaTeX maths cut in a narrow cell
    ["", "5", "生态质量指数", "—", r"$\Delta EQI \geq -1$", "0.35", "达标", "稳定", "稳定", "约束性"],
    # one item a cell: 生态保护红线 is known from the prose, but the row has nothing to part
    ["", "6", "生态保护红线面积", "平方公里", "不减少", "1203.5", "达标", "不减少", "不减少", "约束性"],
]


def test_untagged_pdf_parts_items_that_fill_their_lines(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph(PROSE)
    document.add_paragraph("表1 某县生态文明建设指标")
    add_table(document, [NARROW_HEADER, *ROWS], split_items=True, repeat_header=1)
    word = tmp_path / "filled.docx"
    document.save(str(word))
    want, got = row_fields(read_plan(word)), row_fields(read_plan(to_pdf(word)))
    names = [w[0] for w in want]
    assert {"区域噪声达标", "昼间达标比例", "COD"} <= set(names)  # the Word document has the sub-rows
    assert want[names.index("生态质量指数")][:4] == ("生态质量指数", "5", "—", "ΔEQI≥-1")
    assert got == want
