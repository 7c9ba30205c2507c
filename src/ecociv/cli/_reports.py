"""The report command: the yearly 生态文明建设（示范区创建）评估报告 as docx, xlsx or html."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ecociv.cli._app import app


@app.command("report")
def report(
    plan: Annotated[str, typer.Argument(help="规划（编号或名称）", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件（.docx / .xlsx / .html）", show_default=False)],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="报告格式：docx、xlsx、html（默认按输出文件后缀）")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="评估年份（默认：最新有数据的年份）")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="任务进展截至日期 YYYY-MM-DD（默认：评估年末或今天）")
    ] = None,
) -> None:
    """生成年度生态文明建设（示范区创建）评估报告：总体情况、指标达标、可达性、任务、工程、问题与建议。"""
    from ecociv.reports import build_context, get_report, report_for_path, write_report
    from ecociv.store import open_store
    from ecociv.tracking import parse_date

    chosen = get_report(fmt) if fmt else report_for_path(output)  # fail before any work on a bad format
    day = parse_date(as_of, "--as-of 日期") if as_of else None
    store = open_store()
    if year is not None:
        from ecociv.cli._assess import check_year

        check_year(store.get_plan(store.resolve_plan(plan)), year)
    ctx = build_context(store, plan, year, as_of=day)
    write_report(ctx, chosen.name, output)
    c = ctx.assessment.counts
    typer.echo(
        f"已生成{chosen.label}：{output}（{ctx.title}；指标{c['total']}项，达标{c['met']}、未达标{c['not_met']}、"
        f"待核定{c['needs_review']}、无数据{c['no_data']}）"
    )
    for f in ctx.findings:
        typer.echo(f"  提示[{f.slug}]：{f}", err=True)
