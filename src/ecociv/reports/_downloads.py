"""Tables as downloads (CSV and XLSX) for the indicator pages and the published site.

Spreadsheet programs run a cell that starts with = + - @ (or a tab / carriage return) as a
formula; every text cell that starts so is prefixed with an apostrophe (CSV injection).  Numbers
stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from ecociv._cells import csv_text

Cell = str | int | float | None



def safe_cell(value: Cell) -> Cell:
    """``value`` as written to a download: text that a spreadsheet would run gets a leading '."""
    return csv_text(value) if isinstance(value, str) else value


def table_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with BOM (opens in Excel/WPS as Chinese), CRLF lines."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([safe_cell(h) for h in headers])
    for row in rows:
        w.writerow(["" if c is None else safe_cell(c) for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def table_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Cell]], sheet: str = "数据") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31] or "数据"
    ws.append([safe_cell(h) for h in headers])
    for row in rows:
        ws.append([safe_cell(c) for c in row])
    for k, h in enumerate(headers):
        width = max([len(str(h))] + [len(str(r[k])) for r in rows if k < len(r) and r[k] is not None])
        ws.column_dimensions[ws.cell(row=1, column=k + 1).column_letter].width = min(60, 4 + 2 * width)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
