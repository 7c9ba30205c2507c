"""The Excel reader: a plan's 指标体系, 重点任务分工表 or 重点工程表 kept as a workbook (.xlsx;
.xls, .et and .ods through LibreOffice).  Every sheet becomes the document lines the Word reader
gives for a table — the sheet's name and its title rows as paragraphs (the table's caption), one
tab-separated line per row, a cell merged down repeated on every row it covers, a cell merged
across kept once — so the shared builder reads it.  Cells are written as Excel shows them
(number format: decimals, percentages, dates).  Findings name the sheet and row (工作表“X”第N行)
instead of a line of the made-up text.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecociv.errors import InputError, file_reason
from ecociv.importers._clean import join_cell_paragraphs
from ecociv.importers._legacy import OLE, convert, plausible_plan
from ecociv.importers._segment import is_caption
from ecociv.importers._text import plan_from_lines
from ecociv.model import Finding, Plan

__all__ = ["XlsxReader", "cell_text", "workbook_lines"]

_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: names Excel, WPS and LibreOffice give a new sheet: no caption
_DEFAULT_SHEET = re.compile(r"^(?:Sheet|工作表|Tabelle|Feuille)\s*\d*$", re.IGNORECASE)
#: 附件1 / 附件2： / 附表3 before a title or a file name
_ATTACHMENT = re.compile(r"^\s*附\s*[件表]\s*[0-9０-９一二三四五六七八九十]*\s*[:：.．、\-—_ ]*\s*")


@dataclass
class SheetLines:
    """The lines of a workbook and, for each, the sheet and 1-based row it comes from."""

    lines: list[str] = field(default_factory=list)
    origin: list[tuple[str, int] | None] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    title: str | None = None  # the first title row of the first sheet that has one

    def add(self, line: str, where: tuple[str, int] | None = None) -> None:
        self.lines.append(line)
        self.origin.append(where)


def _format_number(value: float, number_format: str) -> str:
    """A number as Excel shows it: ``0.0`` one decimal, ``0%`` a percentage, General up to 10 digits."""
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", number_format.split(";")[0])
    percent = "%" in section
    if percent:
        value *= 100
    if section.strip().lower() in ("general", "") or "e+" in section.lower() or not re.search(r"[0#?]", section):
        text = f"{value:.10g}"
        if "e" in text:
            text = f"{value:.10f}".rstrip("0").rstrip(".")
    else:
        decimals = re.search(r"\.([0#?]+)", section)
        text = f"{value:.{len(decimals.group(1)) if decimals else 0}f}"
        if decimals and "0" not in decimals.group(1):  # 0.## : up to two decimals, none written when none
            text = text.rstrip("0").rstrip(".")
    if re.fullmatch(r"-0(?:\.0*)?", text):
        text = text[1:]
    return text + ("%" if percent else "")


def _format_date(value: dt.datetime | dt.date | dt.time, number_format: str) -> str:
    """A date cell as a Chinese date: 2025年12月31日, or 2025年12月 when its format shows no day."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]', "", number_format).lower()
    if "d" in fmt or "m" not in fmt:
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.year}年{value.month}月"


def cell_text(value: Any, number_format: str) -> str:
    """One cell's text as Excel shows it; a cell's lines (Alt+Enter) joined as the Word reader
    joins a cell's paragraphs."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _format_date(value, number_format)
    if isinstance(value, (int, float)):
        return _format_number(float(value), number_format)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return join_cell_paragraphs([p.strip() for p in text.split("\n")]).replace("\t", " ").strip()


def _merged_ranges(ws: Any) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of a read-only sheet (its
    ``<mergeCells>``, which read-only mode does not parse)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    out: list[tuple[int, int, int, int]] = []
    source = ws._get_source()
    try:
        for _, element in iterparse(source):
            if element.tag == f"{_MAIN}mergeCell" and element.get("ref"):
                bounds = range_boundaries(str(element.get("ref")))
                if None not in bounds:
                    out.append(bounds)
            elif element.tag == f"{_MAIN}row":
                element.clear()  # the rows are read by openpyxl: keep memory flat
    finally:
        source.close()
    return out


def _grid(ws: Any, formulas: Any, name: str, warnings: list[Finding]) -> list[list[str]]:
    """The sheet's cells as texts, merged ranges expanded; formulas without a computed value warned."""
    grid: list[list[str]] = []
    for row in ws.iter_rows():
        grid.append([cell_text(getattr(c, "value", None), getattr(c, "number_format", "General") or "General") for c in row])
    width = max((len(r) for r in grid), default=0)
    for r in grid:
        r.extend([""] * (width - len(r)))
    if formulas is not None:
        uncomputed: list[str] = []
        for r_idx, row in enumerate(formulas.iter_rows(), 1):
            for c in row:
                value = getattr(c, "value", None)
                col = getattr(c, "column", None)
                if isinstance(value, str) and value.startswith("=") and col and r_idx <= len(grid) and not grid[r_idx - 1][col - 1]:
                    uncomputed.append(f"{c.coordinate}")
        if uncomputed:
            shown = "、".join(uncomputed[:8]) + ("等" if len(uncomputed) > 8 else "")
            warnings.append(
                Finding(
                    slug="formula-not-computed",
                    message=f"工作表“{name}”的公式单元格 {shown} 没有保存计算结果（文件由程序生成、未经 Excel/WPS 打开保存），按空白读取；请用 Excel/WPS 打开后保存再导入。",
                    sheet=name,
                    row=int(re.sub(r"\D", "", uncomputed[0])),
                    data={"cells": uncomputed},
                )
            )
    for min_col, min_row, max_col, max_row in _merged_ranges(ws):
        if min_row > len(grid) or min_col > width:
            continue
        text = grid[min_row - 1][min_col - 1]
        for row_no in range(min_row, min(max_row, len(grid)) + 1):
            for col_no in range(min_col, min(max_col, width) + 1):
                grid[row_no - 1][col_no - 1] = text if col_no == min_col else ""
    return grid


Row = tuple[int, list[str]]  # (1-based sheet row, cell texts)


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _sheet_lines(name: str, grid: list[list[str]], out: SheetLines) -> None:
    """One sheet's lines: its name, then each table with its title rows above and its note rows
    below as paragraphs (empty rows and columns dropped)."""
    used = sorted({k for r in grid for k, c in enumerate(r) if c.strip()})
    if not used:
        out.warnings.append(Finding(slug="sheet-empty", message=f"工作表“{name}”是空的，已跳过。", sheet=name, severity="info"))
        return
    first, last = used[0], used[-1]
    # a table ends at empty rows followed by a row of one cell (the next table's title, a note)
    blocks: list[list[Row]] = [[]]
    gap = False
    for n, r in enumerate(grid, 1):
        cells = r[first : last + 1]
        if not _filled(cells):
            gap = True
            continue
        if gap and blocks[-1] and _filled(cells) == 1:
            blocks.append([])
        gap = False
        blocks[-1].append((n, cells))
    out.add("")
    if not _DEFAULT_SHEET.match(name.strip()):
        out.add(name.strip(), (name, blocks[0][0][0]))
    tables = [_block_lines(name, block, out) for block in blocks]
    if not any(tables):
        out.warnings.append(
            Finding(
                slug="sheet-not-table",
                message=f"工作表“{name}”没有表格（每行只有一个单元格有内容），按段落文字读取；指标表、任务分工表应每列一项（序号、指标名称、单位、现状值、目标值……）。",
                sheet=name,
                row=blocks[0][0][0],
            )
        )


def _block_lines(name: str, rows: list[Row], out: SheetLines) -> bool:
    """The lines of one block of rows: rows of one cell above the table (its title) and below it
    (注：…) as paragraphs, the table's rows tab-separated; False when no row holds two cells."""
    multi = [k for k, (_, r) in enumerate(rows) if _filled(r) >= 2]
    top, end = (multi[0], multi[-1] + 1) if multi else (len(rows), len(rows))
    for n, r in rows[:top]:
        text = " ".join(c for c in r if c.strip())
        out.add(text, (name, n))
        if multi and out.title is None and not _ATTACHMENT.fullmatch(text) and not is_caption(text):  # 表1 …: a table's own
            out.title = _ATTACHMENT.sub("", text) or text
    if multi:
        out.add("")
        unit = _unit_column(rows[top:end])
        for n, r in rows[top:end]:
            if unit is not None and r[unit].strip() in ("%", "％"):
                # 95% in a row whose 单位 is %: the number (the unit is stated once, as in a Word table)
                r = [_PERCENT.sub(r"\1", c) for c in r]
            out.add("\t".join(r), (name, n))
        out.add("")
    for n, r in rows[end:]:
        out.add(" ".join(c for c in r if c.strip()), (name, n))
    out.add("")
    return bool(multi)


_PERCENT = re.compile(r"^([<>≤≥＜＞]?=?\s*-?\d+(?:\.\d+)?)\s*[%％]$")


def _unit_column(rows: list[Row]) -> int | None:
    """The 单位 column of a sheet's table (its header within the first rows), or None."""
    for _, r in rows[:4]:
        for k, c in enumerate(r):
            if re.fullmatch(r"(?:计量)?单位", re.sub(r"\s+", "", c)):
                return k
    return None


def _open(path: Path, *, data_only: bool) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(str(path), read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises several types for a damaged package
        raise InputError(f"{path}：无法作为 Excel 工作簿（.xlsx）打开：{file_reason(exc, 'Excel 工作簿（.xlsx）')}") from None


def workbook_lines(path: Path, shown: Path | None = None) -> SheetLines:
    """The lines of every sheet of the .xlsx ``path`` (``shown``: the file the user gave, for messages)."""
    shown = shown or path
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            # an encrypted workbook is an OLE file naming its EncryptionInfo stream somewhere
            encrypted = head.startswith(OLE) and _ENCRYPTED in head + fh.read()
    except OSError as exc:
        raise InputError(f"{shown}：无法读取文件（{exc.strerror or exc}）。") from None
    if head.startswith(OLE):
        if encrypted:
            raise InputError(f"{shown}：工作簿设有打开密码（已加密），无法读取；请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入。")
        raise InputError(f"{shown}：这不是 .xlsx 工作簿，而是旧版 Excel（.xls）或 WPS 表格文件；请把扩展名改为 .xls，或用 Excel/WPS 另存为 .xlsx 后再导入。")
    if not head.startswith(b"PK"):
        raise InputError(f"{shown}：无法作为 Excel 工作簿（.xlsx）打开：文件已损坏或不是 Excel 工作簿。")
    values = _open(path, data_only=True)
    formulas = _open(path, data_only=False)
    out = SheetLines()
    try:
        for ws, fs in zip(values.worksheets, formulas.worksheets, strict=True):
            name = str(ws.title)
            if getattr(ws, "sheet_state", "visible") != "visible":
                out.warnings.append(
                    Finding(slug="sheet-hidden", message=f"工作表“{name}”是隐藏的工作表（下拉列表、计算用表等），未读取。", severity="info", sheet=name)
                )
                continue
            try:
                grid = _grid(ws, fs, name, out.warnings)
            except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
                raise InputError(f"{shown}：工作表“{name}”已损坏，无法读取（{exc}）；请用 Excel/WPS 打开检查后另存为 .xlsx 再导入。") from None
            _sheet_lines(name, grid, out)
    finally:
        values.close()
        formulas.close()
    return out


_LINE_REF = re.compile(r"第(\d+)(?:\s*[—–-]\s*(\d+))?行")


def _row_ref(m: re.Match[str], origin: list[tuple[str, int] | None]) -> str:
    """``第12行`` / ``第12—15行`` of the made-up text as the sheet rows they come from."""
    a, b = _nearest(origin, int(m.group(1))), _nearest(origin, int(m.group(2) or m.group(1)))
    if a is None or b is None:
        return m.group(0)
    if a[0] != b[0]:
        return f"工作表“{a[0]}”第{a[1]}行—工作表“{b[0]}”第{b[1]}行"
    return f"工作表“{a[0]}”第{a[1]}行" if a[1] == b[1] else f"工作表“{a[0]}”第{a[1]}—{b[1]}行"


def _nearest(origin: list[tuple[str, int] | None], line: int) -> tuple[str, int] | None:
    """The sheet row of line ``line`` (1-based); for a blank line between a table and what follows,
    the row of the nearest line before it, else after it, that has one."""
    if not 0 < line <= len(origin):
        return None
    before = origin[max(0, line - 6) : line][::-1]
    after = origin[line : line + 3]
    return next((where for where in [*before, *after] if where is not None), None)


class XlsxReader:
    """Excel workbooks (.xlsx); .xls, .et (WPS 表格) and .ods through LibreOffice."""

    name = "xlsx"
    suffixes: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".et", ".ods")

    def sniff(self, path: Path, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as z:
                return "xl/workbook.xml" in z.namelist()
        except (OSError, zipfile.BadZipFile):
            return False

    def read(self, path: Path, *, encoding: str | None = None) -> Plan:
        notes: list[Finding] = []
        if path.suffix.lower() in (".xlsx", ".xlsm", ""):  # without a suffix: taken by sniff()
            sheets = workbook_lines(path)
        else:
            with tempfile.TemporaryDirectory(prefix="ecociv-convert-") as tmp:
                # WPS 表格 (.et) is the Excel 97 format under another name
                suffix = ".xls" if path.suffix.lower() == ".et" else path.suffix.lower()
                out = convert(path, Path(tmp), suffix, "xlsx", "Excel/WPS 表格/ODS 工作簿", "用 Excel/WPS 另存为 .xlsx")
                sheets = workbook_lines(out, path)
            if any(line.strip() for line in sheets.lines) and not plausible_plan(sheets.lines):
                raise InputError(f"{path}：LibreOffice 转换后几乎没有中文文字，文件可能已损坏或不是规划的工作簿；请用 Excel/WPS 打开检查，另存为 .xlsx 后再导入。")
            notes.append(Finding("converted-by-libreoffice", "已用 LibreOffice 转换为 .xlsx 后读取。", "info", file=path.name))
        if not any(line.strip() for line in sheets.lines):
            raise InputError(f"{path}：工作簿中没有任何内容，没有可导入的内容。")
        stem = _ATTACHMENT.sub("", re.sub(r"\.[A-Za-z0-9]+$", "", path.name)) or path.stem
        origin = sheets.origin
        plan = plan_from_lines(sheets.lines, source_file=path.name, encoding=None, reader="xlsx", title=sheets.title or stem)
        for f in plan.warnings:
            if f.line is not None and 0 < f.line <= len(origin) and f.sheet is None:
                where = _nearest(origin, f.line)
                f.message = _LINE_REF.sub(lambda m: _row_ref(m, origin), f.message)
                if where is not None:
                    f.sheet, f.row, f.line = where[0], where[1], None
        for table in plan.indicator_tables:
            if isinstance(table.explain.get("why"), str):
                table.explain["why"] = _LINE_REF.sub(lambda m: _row_ref(m, origin), table.explain["why"])
        for f in [*notes, *sheets.warnings]:
            f.file = path.name
        plan.warnings = [*notes, *sheets.warnings, *plan.warnings]
        return plan
