"""The report's tables as headers + rows of cell texts, shared by every format.

Each function returns a :class:`Grid`; ``marks`` carries per-row styling hints renderers map to
colours (an indicator status, a task status, ``total`` for a sum row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ecociv.reports._context import ReportContext
from ecociv.reports._sections import CountRow, IndicatorBlock, TaskItem, number_text
from ecociv.reports._style import STATUS_LABELS, STATUSES


@dataclass
class Grid:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    #: per row: status code (met/not_met/…), task status (滞后 …), "total", or ""
    marks: list[str] = field(default_factory=list)
    #: per row: indentation level (sub-indicators)
    levels: list[int] = field(default_factory=list)
    #: index of the column carrying the status colour, if any
    status_column: int | None = None


def counts_grid(rows: list[CountRow], first: str) -> Grid:
    g = Grid([first, "指标数", *(STATUS_LABELS[s] for s in STATUSES), "达标率"])
    total = CountRow("合计")
    for r in rows:
        rate = f"{r.met / r.total * 100:.1f}%" if r.total else "—"
        g.rows.append([r.group, str(r.total), *(str(r.get(s)) for s in STATUSES), rate])
        g.marks.append("")
        total.total += r.total
        for s in STATUSES:
            setattr(total, s, total.get(s) + r.get(s))
    if len(rows) > 1:
        rate = f"{total.met / total.total * 100:.1f}%" if total.total else "—"
        g.rows.append(["合计", str(total.total), *(str(total.get(s)) for s in STATUSES), rate])
        g.marks.append("total")
    g.levels = [0] * len(g.rows)
    return g


def indicator_headers(ctx: ReportContext) -> list[str]:
    return [
        "领域",
        "序号",
        "指标名称",
        "单位",
        "指标值",
        f"最新值（{ctx.year_label}）",
        "达标情况",
        *(f"{y}年目标值" for y in ctx.stage_years),
        "进展",
        "指标属性",
    ]


def indicator_grid(ctx: ReportContext, block: IndicatorBlock) -> Grid:
    g = Grid(indicator_headers(ctx), status_column=6)
    for r in block.rows:
        status = r.status_label + ("（约束性）" if r.binding and r.status == "not_met" and r.level == 0 else "")
        g.rows.append(
            [
                r.domain if r.level == 0 else "",
                r.seq if r.level == 0 else "",
                r.name,
                r.unit,
                r.standard,
                r.latest,
                status,
                *r.targets,
                r.progress,
                r.attribute if r.level == 0 else "",
            ]
        )
        g.marks.append(r.status)
        g.levels.append(r.level)
    return g


def departments_grid(ctx: ReportContext) -> Grid:
    g = Grid(["责任单位", "牵头任务", "配合任务", "已完成", "推进中", "未启动", "滞后（逾期）"], status_column=6)
    for d in ctx.departments:
        g.rows.append(
            [
                d.name,
                str(d.leads),
                str(d.assists),
                str(d.counts.get("已完成", 0)),
                str(d.counts.get("推进中", 0)),
                str(d.counts.get("未启动", 0)),
                str(d.overdue),
            ]
        )
        g.marks.append("滞后" if d.overdue else "")
        g.levels.append(0)
    return g


def tasks_grid(items: list[TaskItem]) -> Grid:
    g = Grid(["编号", "任务", "牵头单位", "配合单位", "完成时限", "状态", "最新进展"], status_column=5)
    for t in items:
        g.rows.append([t.ref, t.title, t.lead, t.assists, t.deadline, t.status, t.note])
        g.marks.append(t.status)
        g.levels.append(0)
    return g


def project_columns_grid(ctx: ReportContext) -> Grid:
    g = Grid(["专栏", "项目数", "列明投资的项目数", "投资额（万元）"])
    for c in ctx.project_columns:
        g.rows.append([c.column, str(c.projects), str(c.with_investment), number_text(round(c.investment, 2))])
        g.marks.append("")
    if ctx.project_columns:
        g.rows.append(
            [
                "合计",
                str(sum(c.projects for c in ctx.project_columns)),
                str(sum(c.with_investment for c in ctx.project_columns)),
                number_text(round(ctx.investment_total, 2)),
            ]
        )
        g.marks.append("total")
    g.levels = [0] * len(g.rows)
    return g


def projects_grid(ctx: ReportContext) -> Grid:
    g = Grid(["编号", "项目名称", "专栏", "建设内容", "投资（万元）", "建设期限", "责任单位", "状态"], status_column=7)
    for p in ctx.projects:
        content = p.content if len(p.content) <= 120 else p.content[:119] + "…"
        inv = number_text(round(p.investment, 2)) if p.investment is not None else ""
        g.rows.append([p.ref, p.name, p.column, content, inv, p.period, p.responsible, p.status])
        g.marks.append(p.status)
        g.levels.append(0)
    return g


def problems_grid(ctx: ReportContext) -> Grid:
    g = Grid(["序号", "类别", "问题"])
    for k, p in enumerate(ctx.problems, start=1):
        g.rows.append([str(k), p.kind, p.text])
        g.marks.append("not_met" if p.kind == "约束性指标未达标" else "")
        g.levels.append(0)
    return g


def as_of_text(ctx: ReportContext) -> str:
    """The follow-up date as users read it: 2024年底 for 1 January after the report year."""
    if ctx.year is not None and ctx.as_of == dt.date(ctx.year + 1, 1, 1):
        return f"{ctx.year}年底"
    return f"{ctx.as_of.year}年{ctx.as_of.month}月{ctx.as_of.day}日"


def tasks_sentence(ctx: ReportContext) -> str:
    """The opening sentence of section 四."""
    if not ctx.task_total:
        return "规划中未识别出重点任务。"
    if not ctx.departments:
        return f"规划共有重点任务{ctx.task_total}项，均未标注责任单位，暂无法按部门统计。"
    done = sum(d.counts.get("已完成", 0) for d in ctx.departments if d.leads)
    return (
        f"截至{as_of_text(ctx)}，规划共有重点任务{ctx.task_total}项，涉及责任单位{len(ctx.departments)}个；"
        f"逾期未完成任务{len(ctx.overdue_tasks)}项。"
        + (f"各单位牵头任务中已完成{done}项。" if done else "")
    )


def projects_sentence(ctx: ReportContext) -> str:
    if not ctx.projects:
        return "规划中未识别出重点工程。"
    n_inv = sum(c.with_investment for c in ctx.project_columns)
    inv = (
        f"其中{n_inv}项列明投资，合计{number_text(round(ctx.investment_total, 2))}万元"
        if n_inv
        else "规划未列明各项目投资额"
    )
    return f"规划共安排重点工程{len(ctx.projects)}项，分属{len(ctx.project_columns)}个专栏，{inv}。"
