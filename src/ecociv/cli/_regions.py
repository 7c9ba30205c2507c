"""Region commands: a region's terrain, level, parent and code (地区设置)."""

from __future__ import annotations

from typing import Annotated

import typer

from ecociv.cli._app import app
from ecociv.model import REGION_LEVELS, TERRAINS

region_app = typer.Typer(help="地区设置：地形类型（用于按地形区分的指标值）、级别、上级地区、行政区划代码。",
                         no_args_is_help=True)
app.add_typer(region_app, name="region")


@region_app.command("set")
def region_set(
    name: Annotated[str, typer.Argument(help="地区名称，如 会昌县")],
    terrain: Annotated[str | None, typer.Option("--terrain", help=f"地形类型：{'、'.join(TERRAINS)}")] = None,
    level: Annotated[str | None, typer.Option("--level", help=f"级别：{'、'.join(REGION_LEVELS)}")] = None,
    parent: Annotated[str | None, typer.Option("--parent", help="上级地区名称，如 赣州市")] = None,
    code: Annotated[str | None, typer.Option("--code", help="行政区划代码；auto：按官方代码表查找（名称唯一时）")] = None,
    user: Annotated[str | None, typer.Option("--user", help="操作人（记入审计日志）")] = None,
) -> None:
    """设置地区属性；评估时按地形区分的指标值（森林覆盖率 山区/丘陵区/平原地区 …）按此判定。"""
    from ecociv.store import open_store

    if code == "auto":
        from ecociv.errors import InputError
        from ecociv.store._divisions import describe, find

        hits = find(name, parent)
        if len(hits) != 1:
            raise InputError(f"官方行政区划代码表中“{name}”" + (f"对应多个地区：{describe(hits)}；请用 --parent 或直接给出代码"
                                                       if hits else "不存在；请直接给出代码"))
        code = hits[0].code
    changes = {k: v for k, v in {"terrain": terrain, "level": level, "parent": parent, "code": code}.items()
               if v is not None}
    if not changes:
        raise typer.BadParameter("请至少指定 --terrain、--level、--parent、--code 中的一项")
    store = open_store()
    region = store.update_region(name, user=user, **changes)
    from ecociv.assess._summaries import plans_of_region, refresh_summaries

    refresh_summaries(store, plans_of_region(store.engine, region.name))
    typer.echo(
        f"已更新地区“{region.name}”：地形 {region.terrain or '未设置'}，级别 {region.level or '未设置'}，"
        f"上级 {region.parent or '无'}，代码 {region.code or '未设置'}"
    )
