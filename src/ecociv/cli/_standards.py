"""Commands of the standards area: ``eval``, ``catalog list|show``, ``plan new``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from ecociv.cli._app import app
from ecociv.cli._eval_batch import run_batch
from ecociv.cli._judge import _check_terrain, eval_line
from ecociv.errors import InputError, os_reason

# ecociv.standards and the serialiser are imported inside the commands: ``ecociv --help``
# and the other commands start without loading them.

catalog_app = typer.Typer(help="指标目录：国家和江西省生态文明建设示范区（生态市县）建设指标。", no_args_is_help=True)
plan_app = typer.Typer(help="新建规划：从指标目录生成规划框架。", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(plan_app, name="plan")

def _dumps(d: Any) -> str:
    return json.dumps(d, ensure_ascii=False)


@app.command("eval")
def eval_command(
    standard: str | None = typer.Argument(None, help="指标值（标准值或目标值），如 “≥20”、“完成上级规定的考核任务”"),
    value: str | None = typer.Argument(None, help="现状值或实际值，如 24.5"),
    baseline: str | None = typer.Option(None, "--baseline", help="基准值（趋势、变化量类标准需要）"),
    direction: str | None = typer.Option(None, "--direction", help="higher（越高越好）或 lower（越低越好）"),
    name: str | None = typer.Option(None, "--name", help="指标名称（用于推断方向、识别 EQI 等）"),
    unit: str | None = typer.Option(None, "--unit", help="单位（用于推断方向）"),
    terrain: str | None = typer.Option(None, "--terrain", help="地形类型：山区、丘陵区、平原地区 …"),
    higher_level: float | None = typer.Option(None, "--higher-level", help="上级下达的目标值"),
    confirmed: bool | None = typer.Option(
        None, "--confirmed/--not-confirmed", help="人工确认已达到（或未达到）定性指标值"
    ),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    batch: Annotated[
        Path | None, typer.Option("--batch", help="批量判断：每行一个 JSON 对象的文件（- 为标准输入）")
    ] = None,
) -> None:
    """判断一个数值是否达到指标值：达标 / 未达标 / 待核定 / 无数据。"""
    if batch is not None:
        if standard is not None:
            raise InputError("使用 --batch 时不能同时给出指标值参数")
        run_batch(batch)
        return
    typer.echo(eval_line(standard, value, baseline=baseline, direction=direction, name=name, unit=unit,
                         terrain=terrain, higher_level=higher_level, confirmed=confirmed, as_json=as_json))


@catalog_app.command("list")
def catalog_list(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """列出随软件附带的指标目录。"""
    from ecociv.standards import list_catalogs

    cats = list_catalogs()
    if as_json:
        typer.echo(
            _dumps([
                {"id": c.id, "title": c.title, "version": c.version, "entries": len(c.entries), "document": c.document,
                 "year": c.year, "verified": c.verified, "verification_note": c.verification_note}
                for c in cats
            ])
        )
        return
    for c in cats:
        flag = "" if c.verified else "\t【未从官方文本核实】"
        typer.echo(f"{c.id}\t{c.title}\t版本 {c.version}\t{c.document or ''}{f' {c.year}年' if c.year else ''}\t{len(c.entries)} 项指标{flag}")


def _scope(e: Any) -> str:
    parts = ["、".join(e.scope)] if e.scope else []
    if e.terrains:
        parts.append("按地形：" + "、".join(e.terrains))
    return "；".join(parts)


@catalog_app.command("show")
def catalog_show(
    catalog_id: str = typer.Argument(..., help="目录编号，见 ecociv catalog list"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """显示一个指标目录的全部指标。"""
    from ecociv.standards import load_catalog

    c = load_catalog(catalog_id)
    if as_json:
        typer.echo(_dumps(c.to_dict()))
        return
    typer.echo(f"{c.title}（{c.id}，版本 {c.version}）")
    if c.source:
        typer.echo(f"来源：{c.source}")
    if c.document:
        typer.echo(f"文件：{c.document}{f'（{c.year}年）' if c.year else '（年份未核实）'}")
    if not c.verified:
        typer.echo(f"【未从官方文本核实】{c.verification_note or ''}")
    typer.echo("序号\t领域\t指标\t单位\t指标值\t属性\t方向\t适用范围")
    direction_text = {"higher": "越高越好", "lower": "越低越好"}
    for e in c.entries:
        typer.echo(
            f"{e.seq}\t{e.domain or ''}\t{e.name}\t{e.unit or ''}\t{e.standard or ''}"
            f"\t{e.attribute_text}\t{direction_text.get(e.direction or '', '')}\t{_scope(e)}"
        )
        for s in e.sub_indicators:
            typer.echo(f"\t\t  · {s.name}\t{s.unit or ''}\t{s.standard or ''}")


@plan_app.command("new")
def plan_new(
    region: str = typer.Option(..., "--region", help="地区名称或行政区划代码，如 会昌县、360733（按官方代码表：省 → 市 → 县区）"),
    catalog: str = typer.Option(..., "--catalog", help="指标目录编号，见 ecociv catalog list"),
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入的 JSON 文件；省略时输出到屏幕")
    ] = None,
    terrain: str | None = typer.Option(None, "--terrain", help="地形类型（按地形区分的指标用）"),
    title: str | None = typer.Option(None, "--title", help="规划标题"),
    force: bool = typer.Option(False, "--force", help="覆盖已存在的输出文件"),
) -> None:
    """从指标目录新建规划框架（指标齐全，基准值和目标值留空），输出 ecociv.plan/1 JSON。"""
    _check_terrain(terrain, "--terrain")
    if output is not None and not output.is_dir() and output.suffix.lower() != ".json":
        raise InputError(f"输出文件“{output}”的扩展名应为 .json（规划框架以 ecociv.plan/1 JSON 格式写出）")
    from ecociv._serialize import plan_to_dict
    from ecociv.standards import plan_skeleton
    from ecociv.store._divisions import by_code, resolve

    division = resolve(region)
    plan = plan_skeleton(division.name if division else region, catalog, title=title, terrain=terrain)
    if division is not None and plan.region_info is not None:  # the official code, level and parent
        up = by_code(division.parent) if division.parent else None
        plan.region_info.code, plan.region_info.level = division.code, division.level
        plan.region_info.parent = up.name if up else None
    elif division is None:
        typer.echo(f"提示：“{region}”不在官方行政区划代码表中，地区未带代码（可用 ecociv map regions 查询）", err=True)
    text = json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
        return
    if output.is_dir():
        raise InputError(f"{output} 是文件夹，应为输出文件（.json）")
    if output.exists() and not force:
        raise InputError(f"{output} 已存在；如需覆盖请加 --force")
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"无法写入 {output}：{os_reason(exc)}") from None
    n = sum(1 for _ in plan.indicators())
    typer.echo(f"已写入 {output}：{plan.title}，{n} 项指标（含分项）")


standards_app = typer.Typer(help="标准版本：GB 3095、HJ 633、HJ 663、GB 3838 各版本及其施行日期、来源；按数据日期选用。", no_args_is_help=True)
app.add_typer(standards_app, name="standards")


def _edition_line(e: Any) -> str:
    verified = "" if e.verified else "（未从官方文本核实）"
    where = "软件附带" if e.builtin else f"用户添加：{e.file}"
    return f"{e.id}\t{e.title}\t{e.publisher}\t{e.published.isoformat()} 发布\t{e.in_force.isoformat()} 实施\t{where}{verified}"


@standards_app.command("list")
def standards_list(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """列出全部标准版本（软件附带的和用户添加的），及跨版本年份的处理规则。"""
    from ecociv.standards import STRADDLE_RULES, editions, user_edition_dir

    eds = editions()
    if as_json:
        typer.echo(_dumps({"editions": [e.to_dict() for e in eds], "straddle_rules": STRADDLE_RULES, "user_dir": str(user_edition_dir())}))
        return
    for e in eds:
        typer.echo(_edition_line(e))
        for p in e.phases:
            if p.name:
                typer.echo(f"\t  {p.name}：{p.start.isoformat()}～{p.end.isoformat() if p.end else ''}（{p.table}）")
    typer.echo("")
    typer.echo("按数据日期选用施行的版本；新版本在年中施行的年份（如 2026 年，3月1日起）按 --straddle 规则处理：")
    for k, v in STRADDLE_RULES.items():
        typer.echo(f"  {k}：{v}{'（默认）' if k == 'split' else ''}")
    typer.echo(f"用户可把同格式的版本文件（ecociv.edition/1）放入 {user_edition_dir()}，用 ecociv standards check 文件 校验")


@standards_app.command("show")
def standards_show(
    edition: str = typer.Argument(..., help="版本号，如 GB3095-2026、HJ 633—2026"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON（含全部限值、浓度限值和来源表）"),
) -> None:
    """显示一个标准版本：编号、名称、发布单位、日期、来源，以及全部限值或分指数浓度限值。"""
    from ecociv.standards import find_edition

    e = find_edition(edition)
    if as_json:
        typer.echo(_dumps({**e.to_dict(), "data": e.data}))
        return
    typer.echo(_edition_line(e))
    typer.echo(f"来源：{e.source}")
    d = e.data
    if e.kind == "aqi":
        typer.echo(f"{d.get('table', '')}：空气质量分指数 {d['iaqi']}")
        for k, v in d["breakpoints"].items():
            typer.echo(f"  {k}\t{v}")
        for k, v in {**d.get("not_computed_above", {}), **d.get("fixed_iaqi_above", {})}.items():
            typer.echo(f"  {k}：{v['rule']}")
    for p in e.phases:
        typer.echo(f"{p.name or '限值'}（{p.start.isoformat()}～{p.end.isoformat() if p.end else ''}，{p.table}）二级：")
        for period, vals in p.data["grade2"].items():
            typer.echo(f"  {period}\t" + "，".join(f"{k} {v:g}" for k, v in vals.items()))
    for key in ("not_supported_after", "verification_note", "lake_tn_note"):
        if key in d:
            v = d[key]
            typer.echo(f"说明：{v['message'] if isinstance(v, dict) else v}")


@standards_app.command("check")
def standards_check(path: Annotated[Path, typer.Argument(help="版本文件（JSON，格式 ecociv.edition/1）", show_default=False)]) -> None:
    """校验一个用户添加的标准版本文件（格式、日期、限值、分指数浓度限值递增等）。"""
    from ecociv.standards import load_edition_file

    e = load_edition_file(path)
    typer.echo(f"校验通过：{e.id} {e.title}，{e.in_force.isoformat()} 实施")


@standards_app.command("pin")
def standards_pin(
    region: Annotated[str, typer.Argument(help="地区名称，如 会昌县", show_default=False)],
    edition: Annotated[str, typer.Argument(help="版本号，如 GB3095-2012、HJ633-2012", show_default=False)],
    unpin: Annotated[bool, typer.Option("--unpin", help="取消该标准（同一标准号）的指定，恢复按日期选用")] = False,
    user: Annotated[str | None, typer.Option("--user", help="记录人")] = None,
) -> None:
    """为地区指定标准版本（如仍按 GB 3095—2012 评价）；air annual --save 存入该地区规划时使用。"""
    from ecociv.standards import find_edition
    from ecociv.store import open_store

    e = find_edition(edition)
    store = open_store()
    store.pin_edition(region, e.family, None if unpin else e.id, user=user)
    if unpin:
        typer.echo(f"已取消 {region} 对 {e.family} 的版本指定，按数据日期选用施行的版本")
    else:
        typer.echo(f"已为 {region} 指定 {e.id}（{e.title}）")


@standards_app.command("pins")
def standards_pins(region: Annotated[str, typer.Argument(help="地区名称", show_default=False)]) -> None:
    """显示为地区指定的标准版本。"""
    from ecociv.store import open_store

    pins = open_store().pinned_editions(region)
    if not pins:
        typer.echo(f"{region} 未指定标准版本：按数据日期选用施行的版本")
    for family, edition in sorted(pins.items()):
        typer.echo(f"{family}\t{edition}")
