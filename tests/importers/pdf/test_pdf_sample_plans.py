"""The sample plans printed to PDF (their text as a Word document — indicator tables as ruled
Word tables, header repeated on each page — printed by LibreOffice) read back field by field.

The reference is the Word document that was printed, read by the .docx reader: the PDF must give
the same indicator rows.  Measured share of equal fields (whitespace ignored): 会昌 1.00, 宜春
1.00 (赣县 has no indicator table: tasks and projects are compared).  会昌's tables have ten
columns on a portrait page, so the name and value columns hold three characters a line, and
short Chinese items written as separate paragraphs (外来物种入侵 / 特有性或指示性水生物种保持率,
不明显 / 不降低) fill their lines exactly: on an untagged page such a paragraph break looks the
same as a wrapped line.  The row (how many items its other cells hold) and the document (the
same item written whole in another table or in a list of the prose) tell them apart
(``importers/pdf/_items.py``); before that, 会昌 read 0.93.

Printed as a tagged PDF (LibreOffice's UseTaggedPDF, as Word's 另存为 PDF and WPS print by
default), every paragraph is an element of the PDF's structure tree and the items part exactly:
measured 1.00 for all three.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _compare import equal_share as shared_share
from _pdfmake import SOFFICE, plan_docx, to_pdf

from conftest import GANXIAN, HUICHANG, YICHUN
from ecociv.importers import read_plan
from ecociv.importers._decode import decode_bytes
from ecociv.model import Plan

pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed"
)


def _n(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _fields(plan: Plan) -> list[list[str]]:
    out = []
    for t in plan.indicator_tables:
        for r in t.rows:
            for i in r.walk():
                base = i.baseline.value if i.baseline else None
                targets = str(sorted((y, _n(v)) for y, v in i.targets.items()))
                out.append(
                    [_n(i.name), _n(i.domain), _n(i.seq), _n(i.unit), _n(i.standard), _n(base), targets]
                )
    return out


def equal_share(want: Plan, got: Plan) -> float:
    return shared_share(_fields(want), _fields(got))


@pytest.mark.parametrize(
    ("source", "tagged", "floor"),
    [
        (HUICHANG, False, 1.0),
        (YICHUN, False, 0.98),
        (GANXIAN, False, 1.0),
        (HUICHANG, True, 0.98),
        (YICHUN, True, 0.98),
        (GANXIAN, True, 1.0),
    ],
    ids=["huichang", "yichun", "ganxian", "huichang-tagged", "yichun-tagged", "ganxian-tagged"],
)
def test_sample_plan_printed_to_pdf(source: Path, tagged: bool, floor: float, tmp_path: Path) -> None:
    lines = decode_bytes(source.read_bytes(), str(source), None).lines
    word = plan_docx(lines, tmp_path / f"{source.stem}.docx")
    pdf = to_pdf(word, tagged=tagged)
    from_word, from_pdf = read_plan(word), read_plan(pdf)
    assert [t.title.replace(" ", "") for t in from_pdf.indicator_tables] == [
        t.title.replace(" ", "") for t in from_word.indicator_tables
    ]
    share = equal_share(from_word, from_pdf)
    print(f"{source.name}{' (tagged)' if tagged else ''}: {share:.3f} of indicator fields equal")
    assert share >= floor
    from_text = read_plan(source)
    assert len(from_pdf.tasks) >= 0.9 * len(from_text.tasks)
    assert len(from_pdf.projects) >= 0.9 * len(from_text.projects)
