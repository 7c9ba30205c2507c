"""A ruled indicator table over two pages whose tall row is cut by the page break: its name,
wrapped over many lines of a narrow column, starts on one page and goes on after the repeated
header on the next.  Read from the PDF it must be one row, as the Word document it was printed
from has it — no second row, no false sub-indicator made of the name's second part."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from _pdfmake import SOFFICE, add_table, to_pdf

from ecociv.importers import read_plan

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)

HEADER = ["序号", "指标名称", "单位", "现状值（2022年）", "2025年", "2030年", "指标属性"]
#: one paragraph, wrapped over some twenty lines of the narrow name column
TALL = "县域内重点流域水功能区水质达标率及城镇集中式饮用水水源地水质达到或优于三类标准的比例"
SUBS = ["（1）城区断面达标率", "（2）乡镇断面达标率"]


def _rows() -> list[list[str]]:
    rows = [
        [str(n), f"第{n}项生态建设指标", "%", f"{40 + n}.5", f"≥{50 + n}", f"≥{60 + n}", "约束性"]
        for n in range(1, 31)
    ]
    # the name, then two scopes, each a paragraph; a value of each scope a paragraph too
    rows.append(["31", f"{TALL} {SUBS[0]} {SUBS[1]}", "%", "92.3 88.1", "≥95 ≥90", "100 ≥95", "约束性"])
    rows.extend(
        [str(n), f"第{n}项生态建设指标", "%", f"{40 + n}.5", f"≥{50 + n}", f"≥{60 + n}", "约束性"]
        for n in range(32, 36)
    )
    return rows


def _n(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("split-row")
    document = docx.Document()
    document.add_paragraph("表1 某县生态文明建设指标")
    add_table(document, [HEADER, *_rows()], repeat_header=1, split_items=True)
    for row in document.tables[0].rows:
        row.cells[1].width = docx.shared.Cm(1.6)  # a narrow name column: the tall row wraps
    word = folder / "split.docx"
    document.save(str(word))
    return word, to_pdf(word)


def test_the_tall_row_is_cut_by_the_page_break(printed: tuple[Path, Path]) -> None:
    """The fixture does what it is for: the row starts on one page and ends on the next."""
    _, pdf = printed
    with pdfplumber.open(pdf) as doc:
        texts = [_n(p.extract_text()) for p in doc.pages]
    holding = [
        k for k, t in enumerate(texts) if any(TALL[i : i + 3] in t for i in range(0, len(TALL) - 3, 3))
    ]
    assert len(holding) == 2 and holding[1] == holding[0] + 1, holding
    assert texts[holding[1]].count(_n(HEADER[1])) == 1  # the header is repeated on the next page
    # the page break falls inside the name's first paragraph, before its scopes
    assert _n(SUBS[0])[3:6] not in texts[holding[0]] and not texts[holding[1]].startswith(TALL[:6])


def test_a_row_cut_by_the_page_break_is_read_as_one_row(printed: tuple[Path, Path]) -> None:
    word, pdf = printed
    from_word, from_pdf = read_plan(word), read_plan(pdf)
    want = [i for t in from_word.indicator_tables for i in t.rows]
    got = [i for t in from_pdf.indicator_tables for i in t.rows]
    assert len(got) == len(want) == 35
    tall, ref = next(i for i in got if i.seq == "31"), next(i for i in want if i.seq == "31")
    assert _n(tall.name) == _n(ref.name) and TALL in _n(tall.name)
    # the two scopes and nothing else: no scope made of the name's part after the break
    assert len(ref.sub_indicators) == 2
    assert [_n(s.name) for s in tall.sub_indicators] == [_n(s.name) for s in ref.sub_indicators]
    assert [(s.baseline.value if s.baseline else None) for s in tall.sub_indicators] == ["92.3", "88.1"]
    assert [_n(s.targets.get(2030)) for s in tall.sub_indicators] == ["100", "≥95"]
    for a, b in zip(want, got, strict=True):
        assert (_n(b.name), b.seq, b.unit, len(b.sub_indicators)) == (
            _n(a.name),
            a.seq,
            a.unit,
            len(a.sub_indicators),
        )
