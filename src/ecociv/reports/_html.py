"""The html report: one self-contained printable page (inline CSS and SVG, no external assets)."""

from __future__ import annotations

import datetime as dt
from html import escape

from ecociv.reports import _svg
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

_CSS = """
@page { size: A4; margin: 18mm 15mm; }
@page wide { size: A4 landscape; margin: 15mm 12mm; }
section.wide { page: wide; }
body { font-family: 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', '宋体', serif; font-size: 14px;
       line-height: 1.7; color: #222; max-width: 1100px; margin: 0 auto; padding: 16px; }
h1, h2, h3 { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'SimHei', '黑体', sans-serif; }
h1 { font-size: 24px; text-align: center; margin: 24px 0 4px; }
.subtitle, .meta { text-align: center; color: #444; margin: 2px 0; }
h2 { font-size: 18px; border-bottom: 2px solid #2E7D32; padding-bottom: 2px; margin-top: 28px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p { text-indent: 2em; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 12px; }
th, td { border: 1px solid #777; padding: 3px 5px; vertical-align: top; }
td:first-child { white-space: nowrap; }
th { background: #E8F0E8; font-family: 'Noto Sans CJK SC', 'SimHei', sans-serif; font-weight: bold; }
tr.total td { font-weight: bold; background: #F5F5F5; }
td.l1 { padding-left: 1.6em; } td.l2 { padding-left: 3em; } td.l3 { padding-left: 4.4em; }
.charts { display: flex; flex-wrap: wrap; gap: 8px; }
.chart, .trend { border: 1px solid #ddd; background: #fff; }
ol li, ul li { margin: 3px 0; }
.note { color: #555; font-size: 12px; }
svg { max-width: 100%; height: auto; }
@media screen { .tw { overflow-x: auto; } }
@media screen and (max-width: 700px) {
  body { padding: 8px 10px; overflow-wrap: break-word; }
  h1 { font-size: 20px; margin-top: 12px; } h2 { font-size: 17px; }
  .tw table { width: max-content; min-width: 100%; max-width: 60em; }
  td:first-child { white-space: normal; min-width: 3em; }
}
@media print { body { max-width: none; padding: 0; } section.wide table { font-size: 10.5px; } h2 { break-after: avoid; } tr { break-inside: avoid; }
  .trend { break-inside: avoid; } }
"""


def _fill(grid: Grid, mark: str) -> str:
    if mark in STATUS_COLORS:
        return STATUS_COLORS[mark][1]
    return TASK_COLORS.get(mark, "")


def _table(grid: Grid, name_column: int | None = None) -> str:
    out = ['<div class="tw"><table><thead><tr>', *(f"<th>{escape(h)}</th>" for h in grid.headers), "</tr></thead><tbody>"]
    for k, row in enumerate(grid.rows):
        mark = grid.marks[k] if k < len(grid.marks) else ""
        level = grid.levels[k] if k < len(grid.levels) else 0
        cls = ' class="total"' if mark == "total" else (f' class="{escape(mark)}"' if mark in STATUS_COLORS else "")
        out.append(f"<tr{cls}>")
        for c, cell in enumerate(row):
            attrs = ""
            if c == name_column and level:
                attrs += f' class="l{min(level, 3)}"'
            fill = _fill(grid, mark) if c == grid.status_column else ""
            if fill:
                attrs += f' style="background:#{fill};white-space:nowrap"'
            out.append(f"<td{attrs}>{escape(cell)}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(p.strip())}</p>" for p in text.split("\n") if p.strip())


def _section_overview(ctx: ReportContext) -> str:
    out = [f"<h2>{SECTION_TITLES[0]}</h2>", *(f"<p>{escape(s)}</p>" for s in ctx.summary)]
    if ctx.binding_not_met:
        items = "".join(f"<li>{escape(n)}</li>" for n in ctx.binding_not_met)
        out.append(f'<h3>约束性指标未达标（{len(ctx.binding_not_met)}项）</h3><ol class="binding">{items}</ol>')
    if ctx.by_domain:
        out.append("<h3>按领域统计</h3>" + _table(counts_grid(ctx.by_domain, "领域")))
        out.append('<div class="charts">' + _svg.status_bars(ctx.by_domain, "各领域指标达标情况") + "</div>")
    if ctx.by_attribute:
        out.append("<h3>按指标属性统计</h3>" + _table(counts_grid(ctx.by_attribute, "指标属性")))
    if len(ctx.by_table) > 1:
        out.append("<h3>按指标表统计</h3>" + _table(counts_grid(ctx.by_table, "指标表")))
    return "".join(out)


def _section_indicators(ctx: ReportContext) -> str:
    wide = ' class="wide"' if ctx.indicator_blocks else ""  # printed on landscape pages
    out = [f"<section{wide}><h2>{SECTION_TITLES[1]}</h2>"]
    if not ctx.indicator_blocks:
        out.append("<p>规划中未识别出指标体系表。</p>")
    for block in ctx.indicator_blocks:
        out.append(f"<h3>{escape(block.title)}</h3>" + _table(indicator_grid(ctx, block), name_column=2))
    if ctx.trends:
        out.append("<h3>指标年度变化趋势</h3>")
        out.append('<p class="note">实线为历年数值（颜色表示达标情况），蓝色虚线为各阶段目标值。</p>')
        out.append('<div class="charts">' + "".join(_svg.trend_line(s) for s in ctx.trends) + "</div>")
    out.append("</section>")
    return "".join(out)


def _section_tasks(ctx: ReportContext) -> str:
    out = [f"<h2>{SECTION_TITLES[3]}</h2>", f"<p>{escape(tasks_sentence(ctx))}</p>"]
    if ctx.departments:
        out.append("<h3>各责任单位任务推进情况</h3>" + _table(departments_grid(ctx)))
    if ctx.overdue_tasks:
        out.append(f"<h3>逾期未完成任务（{len(ctx.overdue_tasks)}项）</h3>" + _table(tasks_grid(ctx.overdue_tasks)))
    return "".join(out)


def _section_projects(ctx: ReportContext) -> str:
    out = [f"<h2>{SECTION_TITLES[4]}</h2>", f"<p>{escape(projects_sentence(ctx))}</p>"]
    if ctx.projects:
        out.append("<h3>各专栏投资汇总</h3>" + _table(project_columns_grid(ctx)))
        out.append("<h3>重点工程清单</h3>" + _table(projects_grid(ctx)))
    return "".join(out)


def _section_problems(ctx: ReportContext) -> str:
    out = [f"<h2>{SECTION_TITLES[5]}</h2>", "<h3>（一）存在问题</h3>"]
    if ctx.problems:
        out.append(_table(problems_grid(ctx)))
    else:
        out.append("<p>未发现明显问题。</p>")
    out.append("<h3>（二）工作建议</h3><ol>" + "".join(f"<li>{escape(s)}</li>" for s in ctx.suggestions) + "</ol>")
    return "".join(out)


class HtmlReport:
    name = "html"
    suffix = ".html"
    label = "网页（单个文件，可直接打印）"

    def render(self, ctx: ReportContext) -> bytes:
        meta = f"评估年度：{ctx.year_label}　任务进展截至：{as_of_text(ctx)}　生成日期：{dt.date.today().isoformat()}"
        body = [
            f"<h1>{escape(ctx.title)}</h1>",
            f'<p class="subtitle">{escape(ctx.subtitle)}</p>',
            f'<p class="meta">{escape(meta)}</p>',
            _section_overview(ctx),
            _section_indicators(ctx),
            f"<h2>{SECTION_TITLES[2]}</h2>" + _paragraphs(ctx.reachability),
            _section_tasks(ctx),
            _section_projects(ctx),
            _section_problems(ctx),
        ]
        page = (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(ctx.title)}</title><style>{_CSS}</style></head><body>"
            + "".join(body)
            + "</body></html>\n"
        )
        return page.encode("utf-8")


register(HtmlReport())
