"""An indicator table drawn without column rulings — no lines at all, or only the rules of a
three-line table (三线表) — printed to an *untagged* PDF, as LibreOffice exports by default.

The names wrap over two or three lines in a narrow column, a target wraps in its cell, the
header wraps too, and the 2.5 of PM2.5 is set small and lowered.  Only the positions of the words
tell the rows: the PDF must give the rows the Word document gives, field for field — also with
cells centred vertically, where the room between rows tells them.  Centred and set tight,
nothing tells them: then the import says so."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from _compare import indicator_rows
from _pdfmake import SOFFICE, add_table, to_pdf
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt

from ecociv.importers import read_plan

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)

HEADER = ["序号", "指标名称", "单位", "现状值（2020年）", "2025年目标", "2030年目标", "指标属性"]
ROWS = [
    ["1", "生态保护红线面积占国土面积比例", "%", "21.36", "≥21.36", "≥21.36", "约束性"],
    ["2", "森林覆盖率", "%", "76.5", "≥77", "≥78", "约束性"],
    ["3", "城市空气质量优良天数比例", "%", "97.3", "≥96", "≥97", "约束性"],
    ["4", "细颗粒物（PM2.5）年均浓度", "微克/立方米", "28", "≤27", "≤25", "约束性"],
    ["5", "集中式饮用水水源地水质优良比例", "%", "100", "100", "100", "约束性"],
    ["6", "受污染耕地安全利用率", "%", "93", "≥93", "≥95", "约束性"],
    ["7", "农村生活污水治理率", "%", "35", "≥45", "≥60", "预期性"],
    ["8", "单位地区生产总值能耗降低", "%", "—", "完成上级下达任务", "完成上级下达任务", "约束性"],
]
WIDTHS = [1.2, 2.6, 2.0, 2.4, 2.6, 2.6, 1.8]


def _rule(element: object, edges: tuple[str, ...], tag: str) -> None:
    element.append(  # type: ignore[attr-defined]
        parse_xml(
            f"<w:{tag} {nsdecls('w')}>"
            + "".join(f'<w:{e} w:val="single" w:sz="8" w:color="000000"/>' for e in edges)
            + f"</w:{tag}>"
        )
    )


def _document(path: Path, *, rules: bool = False, centred: bool = False, tight: bool = False) -> Path:
    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设规划指标")
    add_table(document, [HEADER, *ROWS], ruled=False)
    table = document.tables[0]
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = Cm(width)
            if centred:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            if tight:
                cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    # PM with its 2.5 set small and lowered, as a subscript: on the page a line of its own
    name = table.rows[4].cells[1].paragraphs[0]
    name.clear()
    name.add_run("细颗粒物（PM")
    low = name.add_run("2.5")
    low.font.size = Pt(7)
    low._r.get_or_add_rPr().append(parse_xml(f'<w:position {nsdecls("w")} w:val="-8"/>'))
    name.add_run("）年均浓度")
    if rules:  # a three-line table: rules above and below the table and under the header
        borders = table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblBorders"))
        table._tbl.tblPr.remove(borders)
        _rule(table._tbl.tblPr, ("top", "bottom"), "tblBorders")
        for cell in table.rows[0].cells:
            _rule(cell._tc.get_or_add_tcPr(), ("bottom",), "tcBorders")
    document.add_paragraph("以上指标按年度评估。")
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "rules, tight", [(False, False), (True, False), (False, True)], ids=["no-rules", "three-line", "tight"]
)
def test_borderless_table_is_read_row_for_row(tmp_path: Path, rules: bool, tight: bool) -> None:
    word = _document(tmp_path / "borderless.docx", rules=rules, tight=tight)
    pdf = to_pdf(word)
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1 and not doc.pages[0].structure_tree  # untagged, one page
        names = "".join(w["text"] for w in doc.pages[0].extract_words())
    assert "占国土面" in names  # the long name wraps on the page
    plan = read_plan(pdf)
    want = indicator_rows(read_plan(word))
    assert len(want) == len(ROWS)
    assert indicator_rows(plan) == want
    assert "table-rows-uncertain" not in {w.slug for w in plan.warnings}


def test_centred_cells_are_read_by_the_room_between_rows(tmp_path: Path) -> None:
    """Centred vertically, a wrapped name starts above its 序号; the rows are told by the room
    the table leaves between them (each cell's paragraph spacing)."""
    pdf = to_pdf(_document(tmp_path / "centred.docx", centred=True))
    plan = read_plan(pdf)
    assert indicator_rows(plan) == indicator_rows(read_plan(tmp_path / "centred.docx"))
    assert "table-rows-uncertain" not in {w.slug for w in plan.warnings}


def test_centred_cells_without_room_between_rows_are_reported_not_guessed(tmp_path: Path) -> None:
    """Centred and set tight (no spacing after the cells' paragraphs): nothing on the page tells
    which row a wrapped line belongs to, and the import says so."""
    pdf = to_pdf(_document(tmp_path / "tight.docx", centred=True, tight=True))
    plan = read_plan(pdf)
    unsure = [w for w in plan.warnings if w.slug == "table-rows-uncertain"]
    assert unsure  # the table may read as one or more tables: each is said to be unsure
    assert all(w.page == 1 and w.data["first_cells"] and "第1页" in w.message for w in unsure)


LONG_NAMES = ["生态保护红线面积占国土面积比例", "森林覆盖率", "城市空气质量优良天数比例", "农村生活污水治理率"]


@pytest.mark.parametrize("repeat", [0, 1], ids=["no-header-repeat", "header-repeated"])
def test_row_cut_by_a_page_break_is_joined(tmp_path: Path, repeat: int) -> None:
    """A long borderless table over pages: where a row's wrapped name runs over the page break,
    its last lines start the next page (after the repeated header, if any) and join the row."""
    import pdfplumber

    rows = [
        [str(n), LONG_NAMES[n % 4], "%", f"{50 + n}.5", f"≥{51 + n}", f"≥{52 + n}", "约束性"] for n in range(1, 27)
    ]
    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设规划指标")
    add_table(document, [HEADER, *rows], ruled=False, repeat_header=repeat)
    for row in document.tables[0].rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = Cm(width)
    document.add_paragraph("以上指标按年度评估。")
    word = tmp_path / "long.docx"
    document.save(str(word))
    pdf = to_pdf(word)
    with pdfplumber.open(pdf) as doc:
        first = [w for w in doc.pages[1].extract_words() if w["text"] not in HEADER]
        numbers = [w for w in first if w["text"].isdigit() and w["x0"] < 100]
        # the page starts with the end of a cut row: words above the first 序号 on the page
        assert len(doc.pages) >= 2 and min(w["top"] for w in first) < numbers[0]["top"] - 5
    plan = read_plan(pdf)
    want = indicator_rows(read_plan(word))
    assert len(want) == 26
    assert indicator_rows(plan) == want
    assert not {w.slug for w in plan.warnings} & {"table-rows-uncertain", "row-unplaced"}
