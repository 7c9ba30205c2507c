"""Spreadsheet cells that stay text: the guard against formula injection (OWASP "CSV injection").

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be taken
for a formula by Excel or WPS when the file is opened.  Every XLSX and CSV writer of ecociv passes
its texts through here: XLSX cells are stored as text with Excel's quote prefix (the text itself is
unchanged), CSV fields get a leading apostrophe (the only marker a CSV reader understands).
"""

from __future__ import annotations

from typing import Any

#: First characters that make spreadsheet programs read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True when ``text`` would be read as a formula if written as is."""
    return text.startswith(FORMULA_STARTS)


def csv_text(text: str) -> str:
    """``text`` for a CSV field: prefixed with an apostrophe when it looks like a formula."""
    return "'" + text if looks_like_formula(text) else text


def guard_workbook(workbook: Any) -> int:
    """Mark every text cell of an openpyxl ``workbook`` that looks like a formula as plain text.

    Call it just before saving.  ecociv never writes formulas of its own, so any cell openpyxl took
    for one (a string starting with ``=``) came from user text.  Returns the number of cells guarded.
    """
    guarded = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or looks_like_formula(value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    guarded += 1
    return guarded
