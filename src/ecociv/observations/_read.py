"""``observe import``: read a filled workbook (XLSX) or CSV and validate every row against a plan.

Nothing is returned as valid unless its row is entirely valid; errors are :class:`Finding` s with
sheet, row and column, in Chinese.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ecociv.errors import InputError, file_reason
from ecociv.model import Finding, Indicator, Observation, Plan
from ecociv.observations._layout import (
    KEY,
    NAME,
    NOTE,
    SOURCE,
    UNIT,
    YEAR_HEADER,
    expects_number,
    is_percent,
    plan_years,
    rows,
    signed_percent,
)
from ecociv.store import baseline_number

#: How far outside the plan's years a figure may be before it is rejected as a typo.
YEARS_BEFORE = 10
YEARS_AFTER = 5

_NUM = re.compile(r"^[-+−]?\d+(?:\.\d+)?$")
_SOURCE_HEADERS = (SOURCE, "数据来源", "填报单位", "责任单位", "来源")
_NOTE_HEADERS = (NOTE, "说明")
#: Headers that look meant as a year column, and the words of the template's other year-bearing headers.
_MEANT_AS_YEAR = re.compile(r"年|(?:19|20)\d{2}")
_NOT_A_YEAR = re.compile(r"目标|基准|规划|年限|期限|时限|周期|来源|备注|说明|单位")


@dataclass
class ObservationBatch:
    """The rows read from one file: valid observations and the errors of the invalid rows."""

    file: str
    observations: list[Observation] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    rows_read: int = 0
    rows_valid: int = 0
    errors_not_listed: int = 0  # errors beyond MAX_ERRORS, counted but not kept


#: Errors kept per file (the rest are counted): a file of millions of bad rows stays in bounded memory.
MAX_ERRORS = 1000


def _norm(s: str) -> str:
    return re.sub(r"[\s/／]", "", s or "")


def _cell_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


#: Most rows read from a figures file (a plan has at most a few thousand indicator rows): a larger
#: file is refused at once instead of holding the server or the command for minutes.
MAX_ROWS = 100_000


def _too_many(name: str) -> InputError:
    return InputError(f"{name}：超过 {MAX_ROWS:,} 行，不像是年度数据填报表（每个指标一行），请检查是否选错了文件")


def _capped(rows: Iterable[list[Any]], name: str) -> list[list[Any]]:
    out: list[list[Any]] = []
    for r in rows:
        if len(out) >= MAX_ROWS:
            raise _too_many(name)
        out.append(r)
    return out


def _read_table(path: Path, is_header: Callable[[list[Any]], bool] | None = None, wanted: str = f"“{KEY}”或“{NAME}”") -> tuple[str | None, list[list[Any]]]:
    """(sheet name, rows of cell values) of the first sheet with a header (default: a 指标 header)."""
    header = is_header or (lambda r: _header_index(r) is not None)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            wb = load_workbook(path, data_only=True, read_only=True)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            raise InputError(f"{path.name}：无法读取 Excel 工作簿（{file_reason(exc, 'Excel 工作簿（.xlsx）')}）") from exc
        try:
            for ws in wb.worksheets:
                values = _capped((list(r) for r in ws.iter_rows(values_only=True)), path.name)
                if any(header(r) for r in values[:10]):
                    return ws.title, values
        finally:
            wb.close()
        raise InputError(f"{path.name}：找不到含{wanted}表头的工作表")
    if suffix in (".csv", ".txt"):
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise InputError(f"{path.name}：无法识别文件编码（应为UTF-8或GB18030）")
        if text.count("\n") > MAX_ROWS + 10:
            raise _too_many(path.name)
        return None, _capped((list(r) for r in csv.reader(io.StringIO(text))), path.name)
    raise InputError(f"{path.name}：不支持的文件类型“{path.suffix}”（应为 .xlsx 或 .csv）")


def no_data_rows(name: str, sheet: str | None, header_line: int) -> InputError:
    """The error for a table that has its header and nothing under it (an unfilled or cut file)."""
    where = f"{name}{f' 工作表“{sheet}”' if sheet else ''}"
    return InputError(f"{where}：第{header_line}行表头之下没有数据行；请检查是否选错了文件或工作表")


def _header_index(row: list[Any]) -> int | None:
    cells = [_cell_text(c) for c in row]
    return 0 if (KEY in cells or NAME in cells) else None


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    s = _cell_text(v).replace(",", "").replace("，", "").replace("％", "%")
    s = s[:-1] if s.endswith("%") else s
    return float(s.replace("−", "-")) if _NUM.match(s) else None


def read_observations(plan: Plan, path: str | Path, *, source: str | None = None) -> ObservationBatch:
    """Read and validate ``path`` against ``plan``; see :class:`ObservationBatch`."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"找不到文件：{p}")
    sheet, table = _read_table(p)
    header_row = next((k for k, r in enumerate(table[:10]) if _header_index(r) is not None), None)
    if header_row is None:
        raise InputError(f"{p.name}：前10行中找不到含“{KEY}”或“{NAME}”的表头")
    headers = [_cell_text(c) for c in table[header_row]]
    col = {h: k for k, h in enumerate(headers) if h}
    year_cols: list[tuple[int, int]] = []
    for k, h in enumerate(headers):
        m = YEAR_HEADER.match(h)
        if m and "目标" not in h:
            year_cols.append((k, int(m.group(1))))
    # a header meant as a year that is not one (第二年, 二〇二三年, 2023年度): its figures would be lost
    year_like = {k: h for k, h in enumerate(headers) if _MEANT_AS_YEAR.search(h) and not _NOT_A_YEAR.search(h)
                 and k not in dict(year_cols)}
    batch = ObservationBatch(file=p.name)
    if not year_cols:
        raise InputError(f"{p.name}：表头中没有年度列（应为“2023年”这样的列名）")

    def err(slug: str, msg: str, row: int, k: int | None) -> Finding:
        return Finding(
            slug=slug,
            message=msg,
            severity="error",
            file=p.name,
            sheet=sheet,
            row=row,
            column=get_column_letter(k + 1) if k is not None else None,
        )

    first, last = plan_years(plan)
    lo, hi = first - YEARS_BEFORE, last + YEARS_AFTER
    bad_years = {k for k, y in year_cols if not lo <= y <= hi}
    known = rows(plan)
    by_key = {k_: (i_, n_) for k_, i_, n_, _ in known}
    by_name: dict[str, list[str]] = {}
    for k_, i_, n_, _ in known:
        for nm in {_norm(n_), _norm(i_.name)}:
            by_name.setdefault(nm, []).append(k_)
    key_col, name_col, unit_col = col.get(KEY), col.get(NAME), col.get(UNIT)
    source_col = next((col[h] for h in _SOURCE_HEADERS if h in col), None)
    note_col = next((col[h] for h in _NOTE_HEADERS if h in col), None)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    seen: dict[tuple[str, int], int] = {}  # (indicator key, year) -> first row giving it

    for r, raw in enumerate(table[header_row + 1 :], start=header_row + 2):
        cells = list(raw) + [None] * (len(headers) - len(raw))
        if all(_cell_text(c) == "" for c in cells):
            continue
        batch.rows_read += 1
        row_errors: list[Finding] = []
        key = _cell_text(cells[key_col]) if key_col is not None else ""
        name = _cell_text(cells[name_col]) if name_col is not None else ""
        ind: Indicator | None = None
        if key:
            if key in by_key:
                ind = by_key[key][0]
                if name and _norm(name) not in (_norm(by_key[key][1]), _norm(ind.name)):
                    row_errors.append(err("indicator-mismatch", f"指标键{key}对应“{by_key[key][1]}”，本行名称却是“{name}”", r, name_col))
            else:
                row_errors.append(err("unknown-indicator", f"规划中没有指标键“{key}”（{name or '无名称'}）", r, key_col))
        elif name:
            keys = by_name.get(_norm(name), [])
            if len(keys) == 1:
                key, ind = keys[0], by_key[keys[0]][0]
            elif keys:
                row_errors.append(err("ambiguous-indicator", f"指标“{name}”在规划中出现{len(keys)}次，请填写指标键", r, name_col))
            else:
                row_errors.append(err("unknown-indicator", f"规划中没有指标“{name}”", r, name_col))
        else:
            row_errors.append(err("unknown-indicator", "本行既无指标键也无指标名称", r, key_col if key_col is not None else name_col))
        if ind is not None and unit_col is not None:
            unit = _cell_text(cells[unit_col])
            if unit and _norm(unit) != _norm(ind.unit or "") and (ind.unit or "").strip() not in ("", "—", "-"):
                row_errors.append(err("unit-mismatch", f"单位“{unit}”与规划中的“{ind.unit}”不一致", r, unit_col))
        found: list[Observation] = []
        src = _cell_text(cells[source_col]) if source_col is not None else ""
        note = _cell_text(cells[note_col]) if note_col is not None else ""
        for k, h in year_like.items():
            if ind is not None and k < len(cells) and _cell_text(cells[k]):
                row_errors.append(err("year-header-unreadable", f"列表头“{h}”不是可识别的年份（应为“2023年”这样的列名），"
                                      f"该列的值“{_cell_text(cells[k])}”不能导入", r, k))
        for k, year in year_cols:
            v = cells[k] if k < len(cells) else None
            text = _cell_text(v)
            if text == "" or ind is None:
                continue
            if k in bad_years:
                row_errors.append(err("year-out-of-range", f"{year}年超出规划期过远，该值不能导入", r, k))
                continue
            first_row = seen.setdefault((key, year), r)
            if first_row != r:
                row_errors.append(err("duplicate-row", f"“{ind.name}”（{key}）{year}年的值在第{first_row}行已填过，"
                                      "同一指标同一年只能填一次", r, k))
                continue
            if expects_number(ind):
                number = _number(v)
                if number is None:
                    row_errors.append(err("not-a-number", f"“{ind.name}”{year}年应填数值，却是“{text}”", r, k))
                    continue
                if text.endswith(("%", "％")) and not is_percent(ind):
                    row_errors.append(err("unit-mismatch", f"“{ind.name}”单位为“{ind.unit}”，{year}年却填了百分数“{text}”", r, k))
                    continue
                if is_percent(ind):
                    low = -100.0 if signed_percent(ind) else 0.0
                    if not low <= number <= 100.0:
                        row_errors.append(err("percent-out-of-range", f"“{ind.name}”为百分比，{year}年的值{text}超出{low:g}—100", r, k))
                        continue
                if year == plan.base_year and ind.baseline and number == baseline_number(ind.baseline.value, ind.unit):
                    continue  # the prefilled baseline, unchanged: already stored
                found.append(Observation(key, year, value=number, source=src or source, note=note or None, recorded_at=now))
            else:
                number = _number(v)
                found.append(Observation(key, year, value=number, text=text, source=src or source, note=note or None, recorded_at=now))
        if row_errors:
            room = MAX_ERRORS - len(batch.errors)
            batch.errors.extend(row_errors[:max(room, 0)])
            batch.errors_not_listed += max(len(row_errors) - max(room, 0), 0)
        else:
            batch.rows_valid += 1
            batch.observations.extend(found)
    if batch.rows_read == 0:
        raise no_data_rows(p.name, sheet, header_row + 1)
    return batch
