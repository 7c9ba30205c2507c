"""The docx report (python-docx): A4, 仿宋/宋体 body and 黑体 headings set through the eastAsia run
property, bordered tables with repeated headers and status shading, PNG charts when possible."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ecociv._word import set_font
from ecociv.reports import _png
from ecociv.reports._context import SECTION_TITLES, ReportContext
from ecociv.reports._registry import register
from ecociv.reports._style import STATUS_COLORS, TASK_COLORS
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

BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"
#: At most this many trend charts go into the document (the html and xlsx have every figure).
MAX_TRENDS = 27




def _setup(doc: Any) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT)
    normal.font.size = Pt(12)
    for level, size in ((1, 16), (2, 14), (3, 12)):
        st = doc.styles[f"Heading {level}"]
        set_font(st, HEADING_FONT)
        st.font.size = Pt(size)
        st.font.bold = level < 3
        st.font.color.rgb = RGBColor(0, 0, 0)


def _landscape(doc: Any, landscape: bool) -> None:
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Cm(29.7), Cm(21)
    sec.page_width, sec.page_height = (long, short) if landscape else (short, long)
    sec.left_margin = sec.right_margin = Cm(2.0 if landscape else 2.5)


def _para(doc: Any, text: str, *, indent: bool = True, bold: bool = False, color: str | None = None) -> Any:
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(24)
    p.paragraph_format.line_spacing = 1.4
    run = p.add_run(text)
    run.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return p


def _shade(cell: Any, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row: Any) -> None:
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(el)


def _cell_text(cell: Any, text: str, *, bold: bool = False, size: float = 9, indent: int = 0) -> None:
    p = cell.paragraphs[0]
    if indent:
        p.paragraph_format.left_indent = Pt(9 * indent)
    run = p.add_run(text)
    set_font(run, HEADING_FONT if bold and size > 0 else TABLE_FONT)
    run.font.size = Pt(size)
    run.bold = bold


def _table(doc: Any, grid: Grid, name_column: int | None = None, size: float = 9) -> Any:
    table = doc.add_table(rows=1 + len(grid.rows), cols=len(grid.headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _repeat_header(head)
    for c, h in enumerate(grid.headers):
        _cell_text(head.cells[c], h, bold=True, size=size)
        _shade(head.cells[c], "E8F0E8")
    for k, values in enumerate(grid.rows):
        mark = grid.marks[k] if k < len(grid.marks) else ""
        level = grid.levels[k] if k < len(grid.levels) else 0
        cells = table.rows[k + 1].cells
        for c, v in enumerate(values):
            _cell_text(cells[c], v, bold=mark == "total", size=size, indent=level if c == name_column else 0)
            if c == grid.status_column:
                fill = STATUS_COLORS[mark][1] if mark in STATUS_COLORS else TASK_COLORS.get(mark)
                if fill:
                    _shade(cells[c], fill)
    doc.add_paragraph()
    return table


def _picture(doc: Any, data: bytes, width_cm: float) -> None:
    doc.add_picture(io.BytesIO(data), width=Cm(width_cm))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _overview(doc: Any, ctx: ReportContext, charts: bool) -> None:
    doc.add_heading(SECTION_TITLES[0], level=1)
    for s in ctx.summary:
        _para(doc, s)
    if ctx.binding_not_met:
        doc.add_heading(f"约束性指标未达标（{len(ctx.binding_not_met)}项）", level=3)
        for k, name in enumerate(ctx.binding_not_met, start=1):
            _para(doc, f"{k}. {name}", color=STATUS_COLORS["not_met"][0])
    if ctx.by_domain:
        doc.add_heading("按领域统计", level=3)
        _table(doc, counts_grid(ctx.by_domain, "领域"))
        if charts:
            _picture(doc, _png.status_bars_png(ctx.by_domain, "各领域指标达标情况"), 15)
    if ctx.by_attribute:
        doc.add_heading("按指标属性统计", level=3)
        _table(doc, counts_grid(ctx.by_attribute, "指标属性"))
    if len(ctx.by_table) > 1:
        doc.add_heading("按指标表统计", level=3)
        _table(doc, counts_grid(ctx.by_table, "指标表"))


def _indicators(doc: Any, ctx: ReportContext, charts: bool) -> None:
    """Section 二 on landscape pages (the table is wide); back to portrait afterwards."""
    wide = bool(ctx.indicator_blocks)
    if wide:
        _landscape(doc, True)
    doc.add_heading(SECTION_TITLES[1], level=1)
    if not ctx.indicator_blocks:
        _para(doc, "规划中未识别出指标体系表。")
    for block in ctx.indicator_blocks:
        doc.add_heading(block.title, level=3)
        _table(doc, indicator_grid(ctx, block), name_column=2, size=8)
    if charts and ctx.trends:
        doc.add_heading("指标年度变化趋势", level=3)
        _para(doc, "图中实线为历年数值（颜色表示达标情况），蓝色虚线为各阶段目标值。")
        shown = ctx.trends[:MAX_TRENDS]
        for k in range(0, len(shown), _png.TRENDS_PER_FIGURE):
            _picture(doc, _png.trends_png(shown[k : k + _png.TRENDS_PER_FIGURE]), 20)
        if len(ctx.trends) > MAX_TRENDS:
            _para(doc, f"另有{len(ctx.trends) - MAX_TRENDS}项指标的趋势图见网页版报告。")
    if wide:
        _landscape(doc, False)


class DocxReport:
    name = "docx"
    suffix = ".docx"
    label = "Word 文档（A4，可直接报送）"

    def render(self, ctx: ReportContext) -> bytes:
        problem = _png.chart_problem()
        if problem is not None and all(f.slug != problem.slug for f in ctx.findings):
            ctx.findings.append(problem)
        charts = problem is None
        doc = Document()
        _setup(doc)
        doc.core_properties.title = ctx.title
        doc.core_properties.subject = ctx.plan.title
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(ctx.title)
        set_font(run, HEADING_FONT)
        run.font.size = Pt(20)
        run.bold = True
        for line in (ctx.subtitle, f"评估年度：{ctx.year_label}　任务进展截至：{as_of_text(ctx)}　"
                     f"生成日期：{dt.date.today().isoformat()}"):
            p = _para(doc, line, indent=False)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _overview(doc, ctx, charts)
        _indicators(doc, ctx, charts)
        doc.add_heading(SECTION_TITLES[2], level=1)
        for p in (x.strip() for x in ctx.reachability.split("\n")):
            if p:
                _para(doc, p)
        doc.add_heading(SECTION_TITLES[3], level=1)
        _para(doc, tasks_sentence(ctx))
        if ctx.departments:
            doc.add_heading("各责任单位任务推进情况", level=3)
            _table(doc, departments_grid(ctx))
        if ctx.overdue_tasks:
            doc.add_heading(f"逾期未完成任务（{len(ctx.overdue_tasks)}项）", level=3)
            _table(doc, tasks_grid(ctx.overdue_tasks), size=8)
        doc.add_heading(SECTION_TITLES[4], level=1)
        _para(doc, projects_sentence(ctx))
        if ctx.projects:
            doc.add_heading("各专栏投资汇总", level=3)
            _table(doc, project_columns_grid(ctx))
            doc.add_heading("重点工程清单", level=3)
            _table(doc, projects_grid(ctx), size=8)
        doc.add_heading(SECTION_TITLES[5], level=1)
        doc.add_heading("（一）存在问题", level=2)
        if ctx.problems:
            _table(doc, problems_grid(ctx))
        else:
            _para(doc, "未发现明显问题。")
        doc.add_heading("（二）工作建议", level=2)
        for k, s in enumerate(ctx.suggestions, start=1):
            _para(doc, f"{k}. {s}")
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


register(DocxReport())
