"""The image-only scan of GB 3095—2026 (../shared/standards): table 1 read through the PDF/OCR
table layer gives the 14 limit rows, every number as verified in the standards README."""

from __future__ import annotations

import re

import pytest

from conftest import SHARED
from ecociv.importers.pdf import page_tables

PDF = SHARED / "standards" / "GB3095-2026.pdf"
README = SHARED / "standards" / "README.md"
POLLUTANTS = {"SO2": "SO2", "NO2": "NO2", "CO": "CO", "O3": "O3", "PM10": "PM10", "PM2.5": "PM2.5"}

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.xdist_group("ocr"),  # OCR uses both cores: never two OCR tests at once
    pytest.mark.skipif(not PDF.exists(), reason="../shared/standards is not there"),
]


def _expected() -> list[tuple[str, list[str]]]:
    """(pollutant, [transitional I, II, final I, II]) per averaging period, from the README table."""
    text = README.read_text("utf-8").split("## GB 3095—2026, table 1", 1)[1].split("##", 1)[0]
    rows: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] not in POLLUTANTS:
            continue
        transitional = [p.split("/") for p in cells[2].split(", ")]
        final = [p.split("/") for p in cells[3].split(", ")]
        rows.extend((cells[0], [*t, *f]) for t, f in zip(transitional, final, strict=True))
    return rows


def _pollutant(name: str) -> str | None:
    m = re.search(r"PM2\.5|PM10|SO2|NO2|O3|CO", name)
    return m.group(0) if m else None


def test_gb3095_2026_table1_by_ocr() -> None:
    want = _expected()
    assert len(want) == 14
    tables = page_tables(PDF, 6)
    table = max(tables, key=len)
    got = [
        (_pollutant(row[1]), [c.strip() for c in row[3:7]])
        for row in table
        if _pollutant(row[1]) and all(re.fullmatch(r"\d+", c.strip()) for c in row[3:7])
    ]
    assert got == want
    # the averaging periods and units of the rows are read too
    assert [row[2] for row in table if _pollutant(row[1])][:3] == ["年平均", "日平均", "1小时平均"]
    assert {row[-1] for row in table if _pollutant(row[1])} == {"μg/m³", "mg/m³"}
