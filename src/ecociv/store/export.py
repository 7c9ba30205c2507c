"""A plan as rows for people: the columns of an indicator table, and an Excel workbook.

Used by ``ecociv show`` (terminal tables) and ``ecociv export --format xlsx``; the web app may
use the same functions.  Column labels are the plan's own headers where one matches the field
(``现状值（2022年）``, ``2025年目标值`` …) and a plain Chinese label otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv._cells import guard_workbook
from ecociv.model import Indicator, IndicatorTable, Plan

if TYPE_CHECKING:  # openpyxl (and the NumPy it loads) only when a workbook is written
    from openpyxl.styles import Font


@dataclass
class TableColumn:
    label: str
    cell: Callable[[Indicator], str | None]
    is_name: bool = False


class _Headers:
    """Picks the plan's own header for each field: patterns in priority order, each header once."""

    def __init__(self, table: IndicatorTable) -> None:
        self.headers = [h for h in table.columns if h.strip()]
        self.used: set[str] = set()

    def __call__(self, default: str, *patterns: str) -> str:
        for p in patterns:
            for h in self.headers:
                if h not in self.used and re.search(p, h.replace(" ", "")):
                    self.used.add(h)
                    return h
        return default


def _baseline(ind: Indicator) -> str | None:
    b = ind.baseline
    if b is None or b.value is None:
        return None
    return b.value


def _target(year: int) -> Callable[[Indicator], str | None]:
    return lambda i: i.targets.get(year)


def _actual(year: int) -> Callable[[Indicator], str | None]:
    return lambda i: i.actual.get(year)


def _extra(key: str) -> Callable[[Indicator], str | None]:
    return lambda i: i.extra.get(key) or None


def indicator_columns(table: IndicatorTable) -> list[TableColumn]:
    """The columns worth showing for ``table``: every model field that some row fills, in plan order."""
    everyone = [i for row in table.rows for i in row.walk()]
    target_years = sorted({y for i in everyone for y in i.targets})
    actual_years = sorted({y for i in everyone for y in i.actual})
    extra_keys: list[str] = []
    for i in everyone:
        extra_keys.extend(k for k in i.extra if k not in extra_keys)
    base_years = sorted({i.baseline.year for i in everyone if i.baseline and i.baseline.year})
    base_default = f"基准值（{base_years[0]}年）" if len(base_years) == 1 else "基准值"

    header = _Headers(table)
    name = TableColumn(
        header("指标名称", r"指标名称", r"^指标$", r"名称|项目", r"指标(?!属性|值)"), lambda i: i.name, True
    )
    attribute = TableColumn(header("指标属性", r"属性|性质"), lambda i: i.attribute)
    status = TableColumn(header("达标情况", r"达标", r"完成情况|状态"), lambda i: i.status)
    actual = {
        y: TableColumn(header(f"{y}年实际", rf"{y}.*(完成|实际|实现)|(完成|实际|实现).*{y}"), _actual(y))
        for y in actual_years
    }
    target = {
        y: TableColumn(header(f"{y}年目标", rf"{y}.*(目标|规划)|(目标|规划).*{y}"), _target(y))
        for y in target_years
    }
    for y in actual_years:  # a bare year column left over is the actual of a completion table
        if actual[y].label == f"{y}年实际":
            actual[y].label = header(actual[y].label, rf"^{y}年?$")
    for y in target_years:
        if target[y].label == f"{y}年目标":
            target[y].label = header(target[y].label, rf"^{y}年?$")
    cols = [
        TableColumn(header("领域", r"领域|类别|分类|方面"), lambda i: i.domain),
        TableColumn(header("序号", r"序号|编号"), lambda i: i.seq),
        name,
        TableColumn(header("单位", r"单位"), lambda i: i.unit),
        TableColumn(header("指标值", r"指标值|标准值|考核要求|标准"), lambda i: i.standard),
        TableColumn(header(base_default, r"现状|基准|基期|基础"), _baseline),
        *target.values(),
        *actual.values(),
        status,
        attribute,
    ]
    cols += [TableColumn(k, _extra(k)) for k in extra_keys]
    return [c for c in cols if c.is_name or any(c.cell(i) not in (None, "") for i in everyone)]


def indicator_rows(table: IndicatorTable) -> list[tuple[int, Indicator]]:
    """Every indicator of ``table`` with its depth (0 for a row, 1 for its sub-rows …), depth first."""
    out: list[tuple[int, Indicator]] = []

    def visit(depth: int, ind: Indicator) -> None:
        out.append((depth, ind))
        for sub in ind.sub_indicators:
            visit(depth + 1, sub)

    for row in table.rows:
        visit(0, row)
    return out


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("", title).strip().strip("'") or "表"
    name = base[:31]
    k = 2
    while name in used:
        suffix = f"({k})"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(name)
    return name


def _fit(ws: Any, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for k, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = min(max(w, 6), 60)


def _width(text: object) -> int:
    s = "" if text is None else str(text)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s) + 2


def plan_to_xlsx(plan: Plan, path: Path) -> None:
    """Write one sheet per indicator table (plus 任务 and 重点工程 when the plan has them)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for t, table in enumerate(plan.indicator_tables):
        ws = wb.create_sheet(_sheet_name(table.title, used))
        cols = indicator_columns(table)
        ws.append([table.title])
        ws.cell(1, 1).font = bold
        header = ["指标键", *[c.label for c in cols]]
        ws.append(header)
        widths = [_width(h) for h in header]
        for cell in ws[2]:
            cell.font = bold
        keys = _keys(t, table)
        for (depth, ind), key in zip(indicator_rows(table), keys, strict=True):
            values = [key, *[c.cell(ind) for c in cols]]
            ws.append(values)
            widths = [max(w, _width(v)) for w, v in zip(widths, values, strict=True)]
            if depth:
                name_at = 2 + next(k for k, c in enumerate(cols) if c.is_name)  # 1-based, after 指标键
                ws.cell(ws.max_row, name_at).alignment = Alignment(indent=2 * depth)
        _fit(ws, widths)
        ws.freeze_panes = "B3"
    if plan.tasks:
        _task_sheet(wb.create_sheet(_sheet_name("任务", used)), plan, bold)
    if plan.projects:
        _project_sheet(wb.create_sheet(_sheet_name("重点工程", used)), plan, bold)
    if not wb.sheetnames:
        wb.create_sheet("规划").append([plan.title, plan.region])
    guard_workbook(wb)
    wb.save(path)


def _keys(t: int, table: IndicatorTable) -> list[str]:
    out: list[str] = []

    def visit(prefix: str, ind: Indicator) -> None:
        out.append(prefix)
        for k, sub in enumerate(ind.sub_indicators):
            visit(f"{prefix}/{k}", sub)

    for r, row in enumerate(table.rows):
        visit(f"{t}/{r}", row)
    return out


def _task_sheet(ws: Any, plan: Plan, bold: Font) -> None:
    header = ["序号", "章节", "标题", "任务内容", "牵头单位", "配合单位", "完成时限", "量化目标", "原文行号"]
    ws.append(header)
    widths = [_width(h) for h in header]
    for k, task in enumerate(plan.tasks, start=1):
        values = [
            k,
            task.section,
            task.title,
            task.text,
            task.lead,
            "、".join(task.units[1:]) or None,
            task.deadline.isoformat() if task.deadline else None,
            "；".join(q.text for q in task.quantities) or None,
            task.source_line,
        ]
        ws.append(values)
        widths = [max(w, _width(v)) for w, v in zip(widths, values, strict=True)]
    for cell in ws[1]:
        cell.font = bold
    _fit(ws, widths)


def _project_sheet(ws: Any, plan: Plan, bold: Font) -> None:
    header = ["序号", "专栏", "工程名称", "建设内容", "投资（万元）", "建设期限", "责任单位", "原文行号"]
    ws.append(header)
    widths = [_width(h) for h in header]
    for k, p in enumerate(plan.projects, start=1):
        values = [
            k,
            p.column,
            p.name,
            p.content,
            p.investment_wan_yuan,
            p.period,
            "、".join(p.responsible) or None,
            p.source_line,
        ]
        ws.append(values)
        widths = [max(w, _width(v)) for w, v in zip(widths, values, strict=True)]
    for cell in ws[1]:
        cell.font = bold
    _fit(ws, widths)
