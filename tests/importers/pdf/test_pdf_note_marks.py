"""Superscript note numbers (森林覆盖率¹ pointing to 注1 under the table) printed to PDF: the
page has no styles, only small raised characters, which word extraction would read into the
name or value (森林覆盖率1, 76.51).  They are told by their size and rise and left out, as the
.docx reader leaves out the superscript runs of notes; the exponent of a unit (万m³) stays."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from _compare import indicator_rows
from _pdfmake import SOFFICE, add_table, to_pdf

from ecociv.importers import read_plan

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)

HEADER = ["序号", "指标名称", "单位", "现状值（2020年）", "2025年", "2030年", "指标属性"]
#: cells as runs: (text, superscript)
ROWS: list[list[list[tuple[str, bool]]]] = [
    [
        [("1", False)],
        [("森林覆盖率", False), ("1", True)],
        [("%", False)],
        [("76.5", False), ("2", True)],
        [("≥77", False)],
        [("≥78", False)],
        [("约束性", False)],
    ],
    [
        [("2", False)],
        [("单位GDP用水量", False)],
        [("m", False), ("3", True), ("/万元", False)],
        [("31.2", False)],
        [("≤30", False)],
        [("≤28", False)],
        [("约束性", False)],
    ],
    [
        [("3", False)],
        [("空气质量优良天数比例（市级）", False), ("1,3", True)],
        [("%", False)],
        [("95.1", False)],
        [("≥96", False)],
        [("≥97", False)],
        [("约束性", False)],
    ],
]


@pytest.mark.parametrize(
    "ruled, tagged", [(True, False), (False, False), (True, True)], ids=["ruled", "borderless", "tagged"]
)
def test_note_numbers_are_left_out(tmp_path: Path, ruled: bool, tagged: bool) -> None:
    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设规划指标")
    add_table(document, [HEADER, *[["" for _ in HEADER] for _ in ROWS]], ruled=ruled)
    for tr, row in zip(document.tables[0].rows[1:], ROWS, strict=True):
        for cell, runs in zip(tr.cells, row, strict=True):
            paragraph = cell.paragraphs[0]
            for text, sup in runs:
                paragraph.add_run(text).font.superscript = sup
    document.add_paragraph("注：1. 按省级核定口径统计；2. 2021年数据；3. 市级城市。")
    word = tmp_path / "notes.docx"
    document.save(str(word))
    want = indicator_rows(read_plan(word))
    assert [w[0] for w in want] == ["森林覆盖率", "单位GDP用水量", "空气质量优良天数比例（市级）"]
    assert [w[3] for w in want] == ["%", "m3/万元", "%"] and want[0][5] == "76.5"
    assert indicator_rows(read_plan(to_pdf(word, tagged=tagged))) == want
