"""Text PDFs printed by LibreOffice from Word documents the test writes: a ruled indicator table
over several pages (header repeated on each page, a merged vertical category label, wrapped
cells), a table aligned by whitespace only (no rulings), page numbers in the footer; and one of
its pages rasterised into an image-only PDF (a scan).  The PDF must read as the Word document
does — the .docx reader is the reference — and findings must name the page."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from _pdfmake import SOFFICE, add_table, scanned, to_pdf
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from ecociv.importers import read_plan
from ecociv.model import Indicator, Plan

pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"),
    pytest.mark.xdist_group("pdf-layout"),  # one worker builds the PDF once for the module
]

DOMAINS = ["生态制度", "生态安全", "生态空间", "生态经济"]
HEADER = ["领域", "序号", "指标名称", "单位", "现状值（2022年）", "2025年", "2030年", "指标属性"]


def _rows() -> list[list[str]]:
    rows: list[list[str]] = []
    n = 0
    for d, domain in enumerate(DOMAINS):
        for k in range(12):
            n += 1
            name = f"第{n}项{domain}建设指标" + ("（含城镇和农村地区的综合统计口径）" if k % 4 == 1 else "")
            unit = ["%", "μg/m³", "万元", "—"][k % 4]
            base = f"{50 + n}.{d}" if unit != "—" else "已建立"
            rows.append(
                [
                    domain,
                    str(n),
                    name,
                    unit,
                    base,
                    f"≥{60 + n}",
                    f"≥{70 + n}",
                    "约束性" if k % 2 else "预期性",
                ]
            )
    return rows


SPACED = [
    ["序号", "指标名称", "单位", "2022年", "2025年", "属性"],
    ["1", "城市空气质量优良天数比率", "%", "95.1", "≥96", "约束性"],
    ["2", "细颗粒物（PM2.5）浓度", "μg/m³", "26", "≤25", "约束性"],
    ["3", "地表水水质优良比例", "%", "100", "100", "约束性"],
    ["4", "森林覆盖率", "%", "80.9", "≥81", "预期性"],
]


def _page_number_footer(document: object) -> None:
    footer = document.sections[0].footer  # type: ignore[attr-defined]
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("— ")
    for xml in (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p._p.append(parse_xml(xml))
    p.add_run(" —")
    header = document.sections[0].header  # type: ignore[attr-defined]
    header.paragraphs[0].text = "某某县生态文明建设示范县规划"


def build(path: Path) -> Path:
    d = docx.Document()
    _page_number_footer(d)
    d.add_paragraph("江西省某某县生态文明建设示范县规划（2023—2030年）")
    d.add_paragraph("第一章 总则")
    d.add_paragraph("规划基准年为2022年，规划期限为2023—2030年，近期至2025年，远期至2030年。" * 3)
    d.add_paragraph("表1 某某县生态文明建设示范县指标体系")
    rows = _rows()
    add_table(d, [HEADER, *rows], repeat_header=1)
    table = d.tables[-1]
    for k, w in enumerate([1.2, 1.0, 5.0, 1.5, 2.2, 1.8, 1.8, 1.6]):
        for cell in table.columns[k].cells:
            cell.width = Cm(w)
    for start in range(1, len(rows) + 1, 12):  # one merged cell per domain, its text written once
        merged = table.cell(start, 0).merge(table.cell(start + 11, 0))
        merged.text = rows[start - 1][0]
    d.add_paragraph("第二章 主要任务")
    d.add_paragraph("（一）强化大气污染防治")
    d.add_paragraph(
        "开展城区扬尘综合整治，2025年底前完成建筑工地扬尘在线监测全覆盖。〔责任单位：县生态环境局、县住建局〕"
    )
    d.add_paragraph("表2 某某县生态环境质量主要指标")
    add_table(d, SPACED, ruled=False)
    d.add_paragraph("第三章 保障措施")
    d.add_paragraph("加强组织领导，建立规划实施考核机制。")
    d.save(str(path))
    return path


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _fields(plan: Plan) -> list[tuple[str, ...]]:
    def one(i: Indicator) -> tuple[str, ...]:
        base = i.baseline.value if i.baseline else None
        targets = tuple(_norm(i.targets.get(y)) for y in sorted(i.targets))
        return (
            _norm(i.domain),
            _norm(i.seq),
            _norm(i.name),
            _norm(i.unit),
            _norm(base),
            *targets,
            _norm(i.attribute),
        )

    return [one(i) for t in plan.indicator_tables for r in t.rows for i in r.walk()]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pdf-layout")
    source = build(folder / "某某县规划.docx")
    return source, to_pdf(source)


def test_text_pdf_reads_like_the_word_document(made: tuple[Path, Path]) -> None:
    source, pdf = made
    word, printed = read_plan(source), read_plan(pdf)
    assert len(printed.indicator_tables) == 2
    assert [len(t.rows) for t in printed.indicator_tables] == [48, 4]
    assert _fields(printed) == _fields(word)
    # the merged domain cell, written once and wrapped one character a line, labels all its rows
    assert {r.domain for r in printed.indicator_tables[0].rows} == set(DOMAINS)
    # wrapped names are joined without spaces
    assert (
        printed.indicator_tables[0].rows[1].name == "第2项生态制度建设指标（含城镇和农村地区的综合统计口径）"
    )
    assert printed.region and "某某县" in printed.region
    assert printed.base_year == 2022
    assert len(printed.tasks) == len(word.tasks) >= 1


def test_page_headers_footers_and_numbers_are_dropped(made: tuple[Path, Path]) -> None:
    _, pdf = made
    plan = read_plan(pdf)
    names = [i.name for t in plan.indicator_tables for r in t.rows for i in r.walk()]
    assert not any("—" in n or "规划" in n for n in names)
    text = " ".join(t.title for t in plan.tasks)
    assert "某某县生态文明建设示范县规划" not in text


def test_findings_name_the_page(made: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = made
    plan = read_plan(pdf)
    located = [f for f in plan.warnings if f.page is not None]
    assert all(f.line is None for f in located)
    assert all(f"第{f.page}页" in f.location() for f in located)


@pytest.mark.ocr
def test_scanned_page_reads_the_same_rows(made: tuple[Path, Path], tmp_path: Path) -> None:
    """The page with the whitespace table, rasterised at 150 dpi: OCR gives the same rows."""
    _, pdf = made
    text_plan = read_plan(pdf)
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        page = next(i for i, p in enumerate(doc.pages) if "表2" in (p.extract_text() or ""))
    scan = scanned(pdf, [page], tmp_path / "scan.pdf")
    plan = read_plan(scan, progress=lambda done, total: None)
    spaced = [t for t in plan.indicator_tables if len(t.rows) == 4]
    assert spaced, [t.title for t in plan.indicator_tables]
    want = [r for r in _fields(text_plan) if r[2] in {_norm(x[1]) for x in SPACED[1:]}]
    got = [r for r in _fields(plan) if r in want]
    assert len(got) == len(want) == 4
