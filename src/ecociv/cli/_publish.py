"""The publish command: a static public results site of one plan (评估结果向社会公布)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ecociv.cli._app import app


@app.command("publish")
def publish(
    plan: Annotated[str, typer.Argument(help="规划（编号或名称）", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录（如 site/）", show_default=False)],
    year: Annotated[int | None, typer.Option("--year", help="发布年份：只发布该年及以前的数值（默认：最新有正式数值的年份）")] = None,
) -> None:
    """生成可公开发布的静态结果网站：总览、每个指标的图表与数据表、地图和下载（CSV、XLSX、JSON）。

    只发布正式数值：各年度现行记录，且未标注“仅供参考”“暂定”“未审核”等；不含账户、内部说明、录入人和佐证材料。
    网站可直接用浏览器打开（file://），也可放到任何网站服务器上。"""
    from ecociv.publish import build_site, map_for_site
    from ecociv.store import open_store

    store = open_store()
    plan_id = store.resolve_plan(plan)
    if year is not None:
        from ecociv.cli._assess import check_year

        check_year(store.get_plan(plan_id), year)
    result = build_site(store, plan_id, output, year=year, map_html=map_for_site(store, plan_id, year))
    c = result.counts
    typer.echo(f"已生成结果网站：{output / 'index.html'}（{len(result.pages)} 页；正式数值 {result.n_official} 个；"
               f"达标{c.get('达标', 0)}、未达标{c.get('未达标', 0)}、待核定{c.get('待核定', 0)}、无数据{c.get('无数据', 0)}）")
    if result.left_out:
        reasons: dict[str, int] = {}
        for _, _, why in result.left_out:
            reasons[why] = reasons.get(why, 0) + 1
        typer.echo("未发布的数值：" + "；".join(f"{why} {n} 个" for why, n in sorted(reasons.items())))
