"""Map commands: the region boundaries (GeoJSON) that maps of regions are drawn with."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ecociv.cli._app import app

map_app = typer.Typer(help="地图设置：各地区边界（GeoJSON），用于按地区着色的地图。", no_args_is_help=True)
app.add_typer(map_app, name="map")


@map_app.command("set-boundaries")
def set_boundaries(file: Annotated[Path, typer.Argument(help="GeoJSON 文件（FeatureCollection，要素带行政区划代码 adcode/code 或名称 name）")]) -> None:
    """导入地区边界（GeoJSON）；地图按行政区划代码匹配地区，无代码时按名称匹配。"""
    from ecociv.store._boundaries import set_boundaries as keep

    where, n = keep(file)
    typer.echo(f"已导入地区边界：{n} 个要素，保存于 {where}")


@map_app.command("regions")
def regions(query: Annotated[str, typer.Argument(help="地区名称或行政区划代码，如 赣州市、360733")]) -> None:
    """查询官方行政区划代码表：地区的代码、上级（省 → 市 → 县区）和下辖地区。"""
    from ecociv.errors import InputError
    from ecociv.store._divisions import by_code, children, find, path, source

    hits = [d] if query.strip().isdigit() and (d := by_code(query)) else find(query)
    if not hits:
        raise InputError(f"行政区划代码表中没有“{query}”（来源：{source()}）")
    for d in hits:
        chain = " → ".join(f"{x.name}（{x.code}）" for x in path(d.code))
        typer.echo(f"{chain}  [{d.level}]")
        kids = children(d.code)
        if kids:
            typer.echo("  下辖：" + "、".join(f"{k.name}（{k.code}）" for k in kids))
