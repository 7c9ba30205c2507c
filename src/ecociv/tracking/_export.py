"""The 任务分解表 bureaus circulate: 序号, 任务, 量化目标, 牵头单位, 配合单位, 完成时限, 进展."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ecociv._cells import guard_workbook
from ecociv.errors import InputError
from ecociv.model import Quantity
from ecociv.tracking._register import Register, TaskRow

__all__ = ["COLUMNS", "PROJECT_COLUMNS", "export_task_table", "progress_text", "quantity_text"]

COLUMNS = ("序号", "任务", "量化目标", "牵头单位", "配合单位", "完成时限", "进展")
_WIDTHS = (7, 60, 36, 18, 36, 14, 30)
_CMP = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


def deadline_text(d: dt.date | None) -> str:
    if d is None:
        return ""
    return f"{d.year}年{d.month}月{d.day}日前"


def quantity_text(q: Quantity) -> str:
    """``电动汽车公用和专用充电桩 ≥1510根（2024年12月31日前）``."""
    value = f"{q.value:g}"
    head = f"{q.subject} " if q.subject else ""
    when = f"（{deadline_text(q.deadline)}）" if q.deadline else ""
    return f"{head}{_CMP.get(q.comparison or '', '')}{value}{q.unit or ''}{when}"


def progress_text(row: TaskRow) -> str:
    """Status shown, with the latest note and its date."""
    s = row.standing
    text = s.status
    if s.overdue and s.recorded_status and s.recorded_status != s.status:
        text += f"（已逾期，记录为{s.recorded_status}）"
    if s.latest is not None:
        when = s.latest.as_of.isoformat() if s.latest.as_of else ""
        note = s.latest.note or ""
        text += f"：{note}（{when}）" if note else f"（{when}）"
    return text


PROJECT_COLUMNS = ("序号", "专栏", "工程名称", "主要内容", "投资（万元）", "实施期限", "责任单位", "进展")
_PROJECT_WIDTHS = (7, 24, 30, 60, 14, 14, 24, 24)


def _projects_sheet(wb: Workbook, reg: Register, border: Border, wrap: Alignment) -> None:
    """A second sheet listing the key projects, with the investment total."""
    ws = wb.create_sheet("重点工程")
    ws.append(list(PROJECT_COLUMNS))
    for c in range(1, len(PROJECT_COLUMNS) + 1):
        ws.cell(1, c).font = Font(bold=True)
        ws.cell(1, c).fill = PatternFill("solid", fgColor="DDEBF7")
        ws.cell(1, c).border = border
    for p in reg.projects:
        s = p.standing
        note = f"：{s.latest.note}（{s.latest.as_of}）" if s.latest and s.latest.note else ""
        ws.append(
            [
                p.ref[1:],
                p.project.column or "",
                p.project.name,
                p.project.content or "",
                p.project.investment_wan_yuan,
                p.project.period or "",
                "、".join(p.project.responsible),
                s.status + note,
            ]
        )
        for c in range(1, len(PROJECT_COLUMNS) + 1):
            ws.cell(ws.max_row, c).alignment = wrap
            ws.cell(ws.max_row, c).border = border
    total = sum(p.project.investment_wan_yuan or 0.0 for p in reg.projects)
    ws.append(["", "", "合计", "", total, "", "", ""])
    ws.cell(ws.max_row, 3).font = Font(bold=True)
    for k, w in enumerate(_PROJECT_WIDTHS, start=1):
        ws.column_dimensions[chr(64 + k)].width = w
    ws.freeze_panes = "A2"


def export_task_table(reg: Register, path: Path, rows: list[TaskRow] | None = None) -> int:
    """Write the 任务分解表 of ``reg`` (or of ``rows``) to an .xlsx file; returns the task count.

    A full export (no ``rows``) of a plan with key projects adds a 重点工程 sheet.
    """
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"任务分解表只能导出为 .xlsx 文件：{path}")
    chosen = reg.tasks if rows is None else rows
    wb = Workbook()
    ws = wb.active
    ws.title = "任务分解表"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([f"{reg.title} 任务分解表（进展截至 {reg.as_of.isoformat()}）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.append(list(COLUMNS))
    for c in range(1, len(COLUMNS) + 1):
        cell = ws.cell(2, c)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    section: str | None = None
    for row in chosen:
        if row.task.section and row.task.section != section:
            section = row.task.section
            ws.append([section])
            r = ws.max_row
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(COLUMNS))
            ws.cell(r, 1).font = Font(bold=True)
        ws.append(
            [
                row.ref[1:],
                row.task.text,
                "\n".join(quantity_text(q.quantity) for q in row.quantities),
                row.lead or "",
                "、".join(row.assists),
                deadline_text(row.deadline),
                progress_text(row),
            ]
        )
        r = ws.max_row
        for c in range(1, len(COLUMNS) + 1):
            ws.cell(r, c).alignment = wrap
            ws.cell(r, c).border = border
        if row.standing.overdue:
            ws.cell(r, len(COLUMNS)).font = Font(color="C00000")
    for k, w in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[chr(64 + k)].width = w
    ws.freeze_panes = "A3"
    if reg.projects and rows is None:
        _projects_sheet(wb, reg, border, wrap)
    try:
        guard_workbook(wb)
        wb.save(path)
    except OSError as exc:
        raise InputError(f"无法写入任务分解表 {path}：{exc.strerror or exc}") from exc
    return len(chosen)
