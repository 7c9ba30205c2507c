"""The xlsx report: a sheet per section, frozen headers, status colours, a native bar chart."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ecociv._cells import guard_workbook
from ecociv.reports._context import SECTION_TITLES, ReportContext
from ecociv.reports._registry import register
from ecociv.reports._sections import number_text
from ecociv.reports._style import STATUS_COLORS, STATUS_LABELS, STATUSES, TASK_COLORS
from ecociv.reports._tables import (
    Grid,
    as_of_text,
    counts_grid,
    departments_grid,
    indicator_grid,
    problems_grid,
    project_columns_grid,
    projects_grid,
    projects_sentence,
    tasks_grid,
    tasks_sentence,
)

#: Sheet names (Excel allows 31 characters, no []:*?/\).
SHEETS = ("总体情况", "指标达标情况", "可达性分析", "重点任务推进情况", "重点工程", "存在问题与建议", "历年数据")

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="E8F0E8")
_FONT = "宋体"
_HEAD_FONT = "黑体"


def _fill(mark: str) -> PatternFill | None:
    if mark in STATUS_COLORS:
        return PatternFill("solid", fgColor=STATUS_COLORS[mark][1])
    if mark in TASK_COLORS:
        return PatternFill("solid", fgColor=TASK_COLORS[mark])
    return None


def _title(ws: Any, row: int, text: str, size: int = 12) -> int:
    ws.cell(row=row, column=1, value=text).font = Font(name=_HEAD_FONT, bold=True, size=size)
    return row + 1


def _text(ws: Any, row: int, text: str, width: int = 10) -> int:
    c = ws.cell(row=row, column=1, value=text)
    c.font = Font(name=_FONT)
    c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 15 * max(1, len(text) // 90 + 1)
    return row + 1


def _grid(ws: Any, row: int, grid: Grid, name_column: int | None = None) -> int:
    """Write ``grid`` with its header at ``row``; returns the next free row."""
    for c, h in enumerate(grid.headers, start=1):
        cell = ws.cell(row=row, column=c, value=h)
        cell.font = Font(name=_HEAD_FONT, bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for k, values in enumerate(grid.rows, start=1):
        mark = grid.marks[k - 1] if k - 1 < len(grid.marks) else ""
        level = grid.levels[k - 1] if k - 1 < len(grid.levels) else 0
        for c, v in enumerate(values):
            cell = ws.cell(row=row + k, column=c + 1, value=_value(v))
            cell.border = _BORDER
            cell.font = Font(name=_FONT, bold=mark == "total")
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=level * 2 if c == name_column else 0)
            if c == grid.status_column:
                fill = _fill(mark)
                if fill is not None:
                    cell.fill = fill
    return row + len(grid.rows) + 2


def _value(text: str) -> str | int | float:
    """Counts, sums and figures as numbers, so the sheet can compute; everything else as written."""
    if re.fullmatch(r"-?(0|[1-9]\d*)", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def _widths(ws: Any, widths: list[int]) -> None:
    for k, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(k)].width = w


def _overview(ws: Any, ctx: ReportContext) -> None:
    row = _title(ws, 1, ctx.title, 14)
    row = _text(ws, row, f"{ctx.subtitle}　评估年度：{ctx.year_label}　任务进展截至：{as_of_text(ctx)}　"
                f"生成日期：{dt.date.today().isoformat()}", 8)
    row = _title(ws, row + 1, SECTION_TITLES[0])
    for s in ctx.summary:
        row = _text(ws, row, s, 8)
    if ctx.binding_not_met:
        row = _text(ws, row, f"约束性指标未达标：{'、'.join(ctx.binding_not_met)}", 8)
        ws.cell(row=row - 1, column=1).font = Font(name=_FONT, bold=True, color=STATUS_COLORS["not_met"][0])
    row += 1
    header_row = row
    if ctx.by_domain:
        row = _title(ws, row, "按领域统计")
        header_row = row
        row = _grid(ws, row, counts_grid(ctx.by_domain, "领域"))
        _chart(ws, header_row, len(ctx.by_domain))
    if ctx.by_attribute:
        row = _title(ws, row, "按指标属性统计")
        row = _grid(ws, row, counts_grid(ctx.by_attribute, "指标属性"))
    if len(ctx.by_table) > 1:
        row = _title(ws, row, "按指标表统计")
        _grid(ws, row, counts_grid(ctx.by_table, "指标表"))
    ws.freeze_panes = "A2"
    _widths(ws, [40, 10, 10, 10, 10, 10, 10])


def _chart(ws: Any, header_row: int, n: int) -> None:
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各领域指标达标情况"
    chart.height = max(6.0, 0.9 * n + 3)
    chart.width = 16
    data = Reference(ws, min_col=3, max_col=6, min_row=header_row, max_row=header_row + n)
    cats = Reference(ws, min_col=1, min_row=header_row + 1, max_row=header_row + n)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    for series, status in zip(chart.series, STATUSES, strict=True):
        series.graphicalProperties.solidFill = STATUS_COLORS[status][0]
        series.graphicalProperties.line.solidFill = STATUS_COLORS[status][0]
    ws.add_chart(chart, "I3")


def _indicators(ws: Any, ctx: ReportContext) -> None:
    """One table: the blocks follow each other, the first header row is frozen."""
    row = 1
    first_header = None
    for block in ctx.indicator_blocks:
        if len(ctx.indicator_blocks) > 1 or first_header is not None:
            row = _title(ws, row, block.title)
        if first_header is None:
            first_header = row
        row = _grid(ws, row, indicator_grid(ctx, block), name_column=2)
    if not ctx.indicator_blocks:
        _text(ws, 1, "规划中未识别出指标体系表。")
    ws.freeze_panes = f"D{(first_header or 1) + 1}"
    _widths(ws, [10, 6, 36, 10, 22, 14, 12, *([20] * len(ctx.stage_years)), 26, 10])


def _sheet_with_grids(ws: Any, lead: str, grids: list[tuple[str, Grid]], widths: list[int]) -> None:
    row = _text(ws, 1, lead, len(widths))
    frozen = False
    for title, grid in grids:
        if not grid.rows:
            continue
        row = _title(ws, row + 1, title)
        if not frozen:
            ws.freeze_panes = f"A{row + 1}"
            frozen = True
        row = _grid(ws, row, grid, name_column=1)
    _widths(ws, widths)


def _history(ws: Any, ctx: ReportContext) -> None:
    """The figures behind the trend charts: one row per indicator, one column per year."""
    years = sorted({y for t in ctx.trends for y, _ in t.points})
    target_years = sorted({y for t in ctx.trends for y, _ in t.targets})
    g = Grid(["指标键", "指标名称", "单位", "达标情况", *(f"{y}年" for y in years),
              *(f"{y}年目标" for y in target_years)], status_column=3)
    for t in ctx.trends:
        values, targets = dict(t.points), dict(t.targets)
        g.rows.append([t.key, t.name, t.unit, STATUS_LABELS[t.status],
                       *(number_text(values[y]) if y in values else "" for y in years),
                       *(number_text(targets[y]) if y in targets else "" for y in target_years)])
        g.marks.append(t.status)
        g.levels.append(0)
    if not g.rows:
        _text(ws, 1, "没有两年及以上数值的指标。", 6)
        return
    _grid(ws, 1, g)
    ws.freeze_panes = "C2"
    _widths(ws, [8, 36, 14, 10, *([10] * (len(years) + len(target_years)))])


class XlsxReport:
    name = "xlsx"
    suffix = ".xlsx"
    label = "Excel 工作簿（每节一个工作表）"

    def render(self, ctx: ReportContext) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = SHEETS[0]
        _overview(ws, ctx)
        _indicators(wb.create_sheet(SHEETS[1]), ctx)
        reach = wb.create_sheet(SHEETS[2])
        row = _title(reach, 1, SECTION_TITLES[2])
        for p in (x.strip() for x in ctx.reachability.split("\n")):
            if p:
                row = _text(reach, row, p, 1)
        reach.column_dimensions["A"].width = 120
        reach.freeze_panes = "A2"
        _sheet_with_grids(
            wb.create_sheet(SHEETS[3]),
            tasks_sentence(ctx),
            [("各责任单位任务推进情况", departments_grid(ctx)), ("逾期未完成任务", tasks_grid(ctx.overdue_tasks)),
             ("全部任务（逾期在前）", tasks_grid(ctx.tasks))],
            [10, 50, 22, 30, 12, 10, 30],
        )
        _sheet_with_grids(
            wb.create_sheet(SHEETS[4]),
            projects_sentence(ctx),
            [("各专栏投资汇总", project_columns_grid(ctx)), ("重点工程清单", projects_grid(ctx))],
            [8, 36, 30, 60, 12, 14, 24, 10],
        )
        problems = wb.create_sheet(SHEETS[5])
        row = _title(problems, 1, "（一）存在问题")
        problems.freeze_panes = "A3"
        row = _grid(problems, row, problems_grid(ctx), name_column=2)
        row = _title(problems, row, "（二）工作建议")
        for k, s in enumerate(ctx.suggestions, start=1):
            problems.cell(row=row, column=1, value=k)
            c = problems.cell(row=row, column=3, value=s)
            c.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        _widths(problems, [6, 18, 100])
        _history(wb.create_sheet(SHEETS[6]), ctx)
        for sheet in wb.worksheets:
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
            sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
            sheet.page_setup.orientation = "landscape"
            sheet.page_setup.fitToWidth = 1
            sheet.page_setup.fitToHeight = 0
        buf = io.BytesIO()
        guard_workbook(wb)
        wb.save(buf)
        return buf.getvalue()


register(XlsxReport())

__all__ = ["SHEETS", "STATUS_LABELS", "XlsxReport"]
