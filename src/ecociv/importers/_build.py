"""Row assembly: raw table rows -> :class:`ecociv.model.Indicator` objects.

Handles, for every layout: alignment of rows with one cell too few or too many (shifted cells),
domain/category cells carried down, rows split across a page break (merged), sub-rows sharing one
indicator (an unnamed scope column), multi-value cells (see :mod:`._multi`) and rows that cannot
be placed (kept, with a ``row-unplaced`` finding).
"""

from __future__ import annotations

import re

from ecociv.importers._clean import (
    ascii_digits,
    clean_text,
    join_cell_parts,
    read_number_cell,
    strip_footnote_marker,
)
from ecociv.importers._columns import Column
from ecociv.importers._meta import five_year_period
from ecociv.importers._multi import explode
from ecociv.importers._segment import RawRow, RawTable
from ecociv.importers._spanned import filled_len, split_spanned_name
from ecociv.model import Baseline, Finding, Indicator, IndicatorTable

__all__ = ["build_table"]

_SEQ = re.compile(
    r"^\s*(?:\d{1,3}|[0-9]{1,2}[.．\-－]\d{1,2}|[（(]?\d{1,3}[)）]|[一二三四五六七八九十]{1,3})\s*$"
)
_SEQ_PREFIX = re.compile(
    r"^\s*(?:(\d{1,3})\s*[.．、]|[（(](\d{1,3})[)）]|(\d{1,2}[\-－]\d{1,2})(?=\s|[\u4e00-\u9fffA-Z]))\s*(?=\S)(?!\d)"
)
_ATTRIBUTE = re.compile(r"^(?:约束性|预期性|参考性|引导性|约束|预期|参考)$")
_STATUS = re.compile(r"^(?:已?达标|未达标|基本达标|接近达标|不达标|—|-|/)$")
_UNIT_IN_NAME = re.compile(r"[（(]([^（）()]*?(?:[%％‰/]|万吨|吨|公顷|亩|千克|万元|亿元|微克|立方米|平方米|平方公里|公里|千米|个|起|天|人|处|座|户|辆|家|分贝|dB|km|m²|m³|m2|m3|μg|mg|hm)[^（）()]*)[)）]\s*$")
_CATEGORY_MARK = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[)）]\s*|^\s*[一二三四五六七八九十]{1,3}[、.．]\s*")
_VALUE_START = re.compile(r"^[≥≤<>＞＜=≧≦±~～\[［]*\s*-?\d")
_DASHES = ("—", "-", "/", "——", "－", "─", "…")
#: OCR/conversion noise at the end of a name: a dangling hyphen after the last character.
_NAME_NOISE = re.compile(r"(?<=[\u4e00-\u9fff）)])\s*[-－‐]+\s*$")
#: Names of scopes a parent row's sub-rows stand for: 全市, 中心城区, 各县（市、区）, 山区 …
_SCOPE = re.compile(r"(?:全|各)?[\u4e00-\u9fff]{0,6}(?:市|县|区|城区|县城|乡镇|镇|全域|地区|山区|丘陵区|平原区)(?:[（(][^）)]*[)）])?$|^全[市县区域]")
#: A 序号 cell holding the name too: ``2 空气质量优良天数比率``, ``1-1、生态文明建设规划``.
_SEQ_AND_NAME = re.compile(r"^\s*(\d{1,3}(?:[\-－.．]\d{1,2})?)\s*[、.．]?\s*([^\d\s≥≤<>—\-].{1,})$")
#: A value dated in brackets after it: ``93.5（2021年）``, ``88 (2019年数据)``.
_DATED_VALUE = re.compile(r"^([^（()]+?)\s*[（(]\s*((?:19|20)\d{2})\s*年?(?:底|末)?(?:数据|数值|值)?\s*[)）]$")
#: A five-year cumulative figure as plans bracket it: ``〔18〕``, ``[1200]``, ``［60］``.
_CUMULATIVE = re.compile(r"^[〔\[［【][^〔〕\[\]［］【】]+[〕\]］】]$")
#: The enumerator of a sub-indicator's name: ``①优良天数比例``, ``（1）秸秆综合利用率``.
_SUB_ENUM = re.compile(r"^\s*(?:[①②③④⑤⑥⑦⑧⑨⑩]|[（(]\d{1,2}[)）]|\d{1,2}[)）])\s*(?=\S)")
_NUMBER_FOOTNOTE = re.compile(r"^([≥≤<>＞＜]?\s*-?\d+(?:\.\d+)?\s*[%％]?)\s*[（(]\d{1,2}[）)]$")


def _fits(role: str, text: str) -> int:
    """How well a cell text fits a column role (for re-aligning shifted rows)."""
    t = clean_text(text)
    if not t:
        return 1 if role in ("domain", "seq", "sub", "extra") else 0
    if role == "seq":
        return 3 if _SEQ.match(t) else -2
    if role == "attribute":
        return 3 if _ATTRIBUTE.match(t) else -1
    if role == "status":
        return 3 if _STATUS.match(t) else -1
    if role == "name":
        if _VALUE_START.match(t) or t in _DASHES:
            return -2
        return 2 if len(t) >= 3 and not _SEQ.match(t) else -1
    if role == "sub":
        return -2 if _VALUE_START.match(t) or t in _DASHES or _ATTRIBUTE.match(t) else 1
    if role == "lead":
        return -1 if _VALUE_START.match(t) or _ATTRIBUTE.match(t) else 1
    if role == "domain":
        return 0 if len(t) <= 8 and not _SEQ.match(t) else -2
    if role == "unit":
        return -2 if _VALUE_START.match(t) or len(t) > 10 else 1
    if _ATTRIBUTE.match(t) or (_STATUS.match(t) and t not in ("—", "-", "/")):
        return -1
    return 1 if _VALUE_START.match(t) else 0


def _score(cells: list[str], cols: list[Column]) -> int:
    return sum(_fits(c.role, t) for c, t in zip(cols, cells, strict=False))


def _align(row: RawRow, cols: list[Column], findings: list[Finding]) -> list[str]:
    cells = list(row.cells)
    n = len(cols)
    while len(cells) > n and not clean_text(cells[-1]):
        cells.pop()
    if len(cells) == n:
        best = cells
        cands = [[*cells[1:], ""]] if not clean_text(cells[0]) else []
        if not clean_text(cells[-1]):
            # a trailing empty cell: one cell missing somewhere before it (an empty cell not exported)
            cands += [[*cells[:p], "", *cells[p:-1]] for p in range(n)]
        for cand in cands:
            if _score(cand, cols) > _score(best, cols) + 2:
                best = cand
        if best is not cells:
            findings.append(_shift_finding(row))
        return best
    if len(cells) == n + 1 and not clean_text(cells[0]):
        return cells[1:]
    if len(cells) == n - 1 and not row.incomplete:
        cands = [[*cells[:p], "", *cells[p:]] for p in range(n)]
        best = max(cands, key=lambda c: _score(c, cols))
        if best != cands[-1]:
            findings.append(_shift_finding(row))
        return best
    if len(cells) < n:
        findings.append(
            Finding(
                slug="row-incomplete",
                message=f"表格行只有 {len(cells)} 个单元格，表头有 {n} 列（文件可能被截断或缺列），缺少的列留空：{_raw(row)}",
                line=row.line,
                data={"cells": len(cells), "columns": n},
            )
        )
        return cells + [""] * (n - len(cells))
    findings.append(
        Finding(
            slug="row-extra-cells",
            message=f"表格行有 {len(cells)} 个单元格，多于表头的 {n} 列，多出的内容保留在“其他”中：{_raw(row)}",
            line=row.line,
            data={"cells": len(cells), "columns": n},
        )
    )
    return [*cells[: n - 1], " ".join(clean_text(c) for c in cells[n - 1 :] if clean_text(c))]


def _raw(row: RawRow) -> str:
    return " | ".join(clean_text(c) for c in row.cells)


def _shift_finding(row: RawRow) -> Finding:
    return Finding(
        slug="row-shifted",
        message=f"表格行的单元格错位（少一列或偏移一列），已按内容重新对齐：{_raw(row)}",
        line=row.line,
    )


def _value(text: str) -> tuple[str | None, str | None]:
    """A value cell as read, and the footnote mark split off it."""
    t = clean_text(text)
    if not t:
        return None, None
    m = _NUMBER_FOOTNOTE.match(t)
    if m:
        return m.group(1), None
    return read_number_cell(t)


def build_table(raw: RawTable) -> tuple[IndicatorTable, list[Finding]]:
    """Assemble the indicators of one raw table; findings carry line numbers."""
    findings: list[Finding] = []
    split_spanned_name(raw)
    cols = list(raw.columns)
    name_idx = next(k for k, c in enumerate(cols) if c.role == "name")
    if not any(c.role == "sub" for c in cols):
        wide = [r for r in raw.rows if r.kind == "data" and filled_len(r.cells) == len(cols) + 1 and clean_text(r.cells[0])]
        if (raw.layout == "cells" and wide) or len(wide) >= 2:
            cols.insert(name_idx + 1, Column("", "sub"))
            for r in raw.rows:
                if r.kind == "data" and len(r.cells) == len(cols) - 1:
                    r.cells.insert(name_idx + 1, "")
    table = IndicatorTable(
        title=raw.title,
        columns=[c.header for c in cols],
        source_line=raw.caption_line or raw.header_line,
        kind="completion" if raw.completion else "system",
    )
    has_unit_col = any(c.role == "unit" for c in cols)
    # With a domain column, categories stand in it: a name-only row is a wrapped name cell.
    has_domain_col = any(c.role == "domain" for c in cols)
    table_year = _caption_year(raw.title)
    for c in cols:
        if c.role in ("target", "actual") and c.year is None and table_year:
            c.year = table_year
    domain: str | None = None
    last: Indicator | None = None
    #: a name alone on a row taken for a category (its text, line, rows read before it)
    heading: tuple[str, int | None, int] | None = None
    for row in raw.rows:
        if row.kind == "category":
            domain = _CATEGORY_MARK.sub("", clean_text(row.cells[0])) or None
            continue
        if row.kind == "stray":
            text = clean_text(row.cells[0])
            table.rows.append(Indicator(name=text, domain=domain, source_line=row.line))
            findings.append(
                Finding(
                    slug="row-unplaced",
                    message=f"表格中的这一行没有分列（缺少制表符），无法对应到各列，已整行作为指标名称保留：{text}",
                    line=row.line,
                    data={"raw": text},
                )
            )
            continue
        cells = _align(row, cols, findings)
        by: dict[str, str] = {}
        ind = Indicator(name="", source_line=row.line)
        for c, text in zip(cols, cells, strict=False):
            v, mark = _value(text) if c.role not in ("lead", "extra") else (clean_text(text) or None, None)
            if mark:
                ind.extra[f"{c.header}（标注）"] = mark
            if c.role in ("domain", "seq", "name", "sub"):
                by[c.role] = clean_text(text)
            elif v is None:
                if c.role == "baseline":
                    ind.baseline = Baseline(c.year, None)
                elif c.role == "target" and c.year:
                    ind.targets[c.year] = None
                elif c.role == "actual" and c.year:
                    ind.actual[c.year] = None
                continue
            elif c.role == "unit":
                ind.unit = v
            elif c.role == "standard":
                ind.standard = v
            elif c.role == "baseline":
                dated = _DATED_VALUE.match(v)
                if dated:  # 93.5（2021年）: a baseline of another year than the column's
                    ind.baseline = Baseline(int(dated.group(2)), dated.group(1))
                else:
                    ind.baseline = Baseline(c.marks.get(mark or "", c.year), v)
            elif c.role == "status":
                ind.status = v
            elif c.role == "attribute":
                ind.attribute = v
            elif c.role == "target" and c.year:
                ind.targets[c.year] = v
                if _CUMULATIVE.match(v) and ind.cumulative is None:
                    ind.cumulative = v
            elif c.role == "actual" and c.year:
                ind.actual[c.year] = v
            elif c.role == "cumulative":
                ind.cumulative = v
            elif c.role == "outlook":
                ind.outlook[c.year or 0] = v
            elif c.role == "lead":
                ind.lead_unit = v
            else:
                ind.extra[c.header or f"第{len(ind.extra) + 1}列"] = v
        if by.get("domain") and not by.get("name") and not by.get("sub") and _reads_as_name(by["domain"], ind):
            # a misaligned export: the name stands in the category column, the name column is empty
            by["name"] = by.pop("domain")
            findings.append(_shift_finding(row))
        if by.get("domain"):
            domain = by["domain"]
        name = by.get("name", "")
        seq = by.get("seq") or None
        if seq and not name and (m := _SEQ_AND_NAME.match(seq)):
            # the name exported into the 序号 cell (2 空气质量优良天数比率): decided by content
            seq, name = m.group(1), m.group(2).strip()
            findings.append(_shift_finding(row))
        if seq is None and name:
            m = _SEQ_PREFIX.match(name)
            if m:
                seq, name = m.group(1) or m.group(2) or m.group(3), name[m.end() :].strip()
        name = _NAME_NOISE.sub("", strip_footnote_marker(name))
        sub = by.get("sub", "")
        if name and not sub and (_VALUE_START.match(name) or name in _DASHES):
            # a value is never an indicator's name either: the row's cells are out of place
            ind.extra["未对齐单元格"] = name
            name = ""
            findings.append(_unplaced(row, "指标名称列中是数值"))
        if sub and (_VALUE_START.match(sub) or sub in _DASHES):
            # a value is never a sub-indicator's name: keep it aside and say so
            ind.extra["未对齐单元格"] = sub
            sub = ""
            findings.append(_unplaced(row, "子项名称列中是数值"))
        has_values = _has_values(ind)
        bare = bool(name) and not (seq or sub or has_values or ind.unit or ind.standard or ind.extra)
        wrapped = bare and has_domain_col and last is not None and not by.get("domain")
        if (
            bare
            and not wrapped
            and not row.after_header
            and len(name) <= 16
            and not re.search(r"\d", name)
            and not _UNIT_IN_NAME.search(name)  # 森林覆盖率（%）: an indicator, its cells empty
            # a scope on its own line (丘陵区) goes on with the row above; a category does not
            and not (last is not None and _SCOPE.search(name) and not _CATEGORY_MARK.match(name))
        ):
            domain = _CATEGORY_MARK.sub("", name) or domain  # a category written in the name column
            heading = (name, row.line, len(table.rows))
            continue
        # the row right above: the last sub-indicator when the last indicator has some
        above = last.sub_indicators[-1] if last is not None and last.sub_indicators else last
        complete = above is not None and bool(_UNIT_IN_NAME.search(above.name)) and bool(_UNIT_IN_NAME.search(name))
        if not seq and not sub and above is not None and name and not _has_identity(ind) and not complete:
            _merge(above, name, ind)
            if (not has_unit_col or above is not last) and not above.unit and (um := _UNIT_IN_NAME.search(above.name)):
                above.unit = um.group(1).strip()
            findings.append(_continued(above, row.line))
            continue
        if (
            not seq
            and not sub
            and name
            and has_values
            and last is not None
            and not _has_values(last)
            and (last.seq or last.sub_indicators)
            and row.after_header
            and not last.sub_indicators
            and not _SCOPE.search(name)
        ):
            # A row cut by a page break: name and unit before it, the rest of the name and the
            # values after the repeated header.
            _merge(last, name, ind)
            last.baseline = ind.baseline if ind.baseline and ind.baseline.value else last.baseline
            last.targets = {**last.targets, **{y: v for y, v in ind.targets.items() if v}}
            last.actual = {**last.actual, **{y: v for y, v in ind.actual.items() if v}}
            last.status, last.attribute = last.status or ind.status, last.attribute or ind.attribute
            findings.append(_continued(last, row.line))
            continue
        if not sub and name and has_values and last is not None and _sub_row(seq, name, last):
            # A parent row without figures (3 环境空气质量) and its enumerated sub-indicators, the
            # 序号 cell merged over them (repeated on every row) or left empty: ①优良天数比例（%）
            ind.name, ind.seq, ind.domain = _SUB_ENUM.sub("", name), None, last.domain
            ind.unit = ind.unit or _unit_in(ind.name) or last.unit
            last.sub_indicators.append(ind)
            continue
        if (
            not seq
            and not sub
            and name
            and has_values
            and last is not None
            and not _has_values(last)
            and (last.seq or last.sub_indicators)
        ):
            # A parent row without values (1 细颗粒物浓度) followed by its scopes (中心城区 …).
            ind.name, ind.domain = name, last.domain
            ind.unit = ind.unit or last.unit
            last.sub_indicators.append(ind)
            continue
        if sub and last is not None and last.sub_indicators and name == last.name and (seq or None) == last.seq:
            # The same indicator again with another scope (a merged cell repeated on every row).
            ind.name, ind.domain = sub, last.domain
            ind.unit = ind.unit or _unit_in(sub) or last.unit
            last.sub_indicators.append(ind)
            continue
        if sub and not name and not seq and last is not None:
            ind.name, ind.domain = sub, last.domain
            ind.unit = ind.unit or _unit_in(sub) or last.unit
            last.sub_indicators.append(ind)
            continue
        if not name and not sub:
            if not has_values and not ind.extra:
                continue  # an empty row
            ind.name, ind.seq, ind.domain = "", seq, domain
            table.rows.append(ind)
            last = ind
            if not ind.extra.get("未对齐单元格"):
                findings.append(
                    Finding(
                        slug="row-unplaced",
                        message=f"无法确定此行属于哪个指标（缺少指标名称），已原样保留：{_raw(row)}",
                        line=row.line,
                        data={"raw": _raw(row)},
                    )
                )
            continue
        unit_from_name = None
        if not has_unit_col:
            um = _UNIT_IN_NAME.search(name)
            unit_from_name = um.group(1).strip() if um else None
        if sub:
            parent = Indicator(name=name, domain=domain, seq=seq, unit=unit_from_name or ind.unit, source_line=row.line)
            ind.name, ind.domain, ind.unit = sub, domain, ind.unit or _unit_in(sub) or unit_from_name
            parent.sub_indicators.append(ind)
            table.rows.append(parent)
            last = parent
            continue
        ind.name, ind.seq, ind.domain = name, seq, domain
        ind.unit = ind.unit or unit_from_name
        table.rows.append(ind)
        last = ind
    if heading is not None and table.rows and heading[2] == len(table.rows) and not _CATEGORY_MARK.match(heading[0]):
        # no row came under it: the end of the last row's name, after a paragraph gap
        above = table.rows[-1].sub_indicators[-1] if table.rows[-1].sub_indicators else table.rows[-1]
        _merge(above, heading[0], Indicator(name=""))
        findings.append(_continued(above, heading[1]))
    for ind in table.rows:
        explode(ind)
    return table, findings


def _has_figures(ind: Indicator) -> bool:
    """A standard, baseline or target figure (a parent row of sub-indicators has none)."""
    return bool(ind.standard or (ind.baseline and ind.baseline.value) or any(ind.targets.values()) or any(ind.actual.values()))


def _sub_row(seq: str | None, name: str, last: Indicator) -> bool:
    """A row that is a sub-indicator of ``last``: the same 序号 (a merged cell) or none, and an
    enumerated name, under a parent without figures of its own."""
    if _has_figures(last) or not _SUB_ENUM.match(name):
        return False
    return seq is None or seq == last.seq


def _unit_in(name: str) -> str | None:
    """The unit a name states in brackets at its end: ``氨氮（千克）`` -> ``千克``."""
    m = _UNIT_IN_NAME.search(name)
    return m.group(1).strip() if m else None


def _reads_as_name(text: str, ind: Indicator) -> bool:
    """A cell of the category column that is an indicator's name: it states a unit in brackets,
    or values follow it on its row (a category row carries none)."""
    return bool(_UNIT_IN_NAME.search(text)) or _has_values(ind) or bool(ind.unit)


def _unplaced(row: RawRow, why: str) -> Finding:
    return Finding(
        slug="row-unplaced",
        message=f"表格行无法完全对应到各列（{why}），已保留原文：{_raw(row)}",
        line=row.line,
        data={"raw": _raw(row)},
    )


def _caption_year(title: str) -> int | None:
    """The target year a caption names: ``…“十四五”…`` -> 2025, ``…（2021-2025年）…`` -> 2025."""
    title = ascii_digits(title)
    fy = five_year_period(title)
    if fy:
        return fy[1]
    years = re.findall(r"(?:19|20)\d{2}", title)
    return int(years[-1]) if years else None


def _has_values(ind: Indicator) -> bool:
    return bool(
        ind.standard
        or (ind.baseline and ind.baseline.value)
        or ind.status
        or ind.attribute
        or any(ind.targets.values())
        or any(ind.actual.values())
    )


def _has_identity(ind: Indicator) -> bool:
    """Cells a real row has and a page-break continuation lacks: status, attribute, baseline."""
    return bool(
        ind.status
        or ind.attribute
        or (ind.baseline and ind.baseline.value)
        or any(ind.targets.values())
        or any(ind.actual.values())
    )


def _join(a: str | None, b: str | None) -> str | None:
    """A cell continued on the next row: a list of space-separated items (``山区 丘陵地区``,
    ``≥60 ≥40``) goes on as a list; one run of text cut mid-word joins as one word."""
    if not b:
        return a
    if not a:
        return b
    return f"{a} {b}" if " " in a.strip() else join_cell_parts(a, b)


def _merge(last: Indicator, name: str, cont: Indicator) -> None:
    """Append the cells of a continuation row to the row it continues."""
    last.name = _join(last.name, name) or ""
    last.unit = _join(last.unit, cont.unit)
    last.standard = _join(last.standard, cont.standard)
    for k, v in cont.extra.items():
        last.extra[k] = _join(last.extra.get(k), v) or ""

def _continued(last: Indicator, line: int | None) -> Finding:
    """The finding for a row merged into the one above it (cut by a page break)."""
    return Finding(
        slug="row-continued",
        severity="info",
        message=f"此行是上一行（第{last.source_line}行“{last.name}”）跨页后的续行，已合并。",
        line=line,
    )
