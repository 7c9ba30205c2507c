"""Commands of the standards area: ``eval``, ``catalog list|show``, ``plan new``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ecociv.cli._app import app
from ecociv.errors import InputError, os_reason
from ecociv.model import TERRAINS

# ecociv.standards and the serialiser are imported inside the commands: ``ecociv --help``
# and the other commands start without loading them.

catalog_app = typer.Typer(help="指标目录：国家和江西省生态文明建设示范区（生态市县）建设指标。", no_args_is_help=True)
plan_app = typer.Typer(help="新建规划：从指标目录生成规划框架。", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(plan_app, name="plan")

_DIRECTIONS = ("higher", "lower")
_BATCH_FIELDS = {"standard", "value", "baseline", "direction", "name", "unit", "terrain", "higher_level", "confirmed"}


def _dumps(d: Any) -> str:
    return json.dumps(d, ensure_ascii=False)


def _check_direction(direction: str | None, where: str) -> None:
    if direction is not None and direction not in _DIRECTIONS:
        raise InputError(f"{where}：方向“{direction}”无效，应为 higher（越高越好）或 lower（越低越好）")


def _check_terrain(terrain: str | None, where: str) -> None:
    if terrain is not None and terrain not in TERRAINS and terrain not in ("丘陵地区", "平原区"):
        raise InputError(f"{where}：地形“{terrain}”无效，应为 {'、'.join(TERRAINS)} 之一")


def _batch_line(n: int, line: str, source: str) -> dict[str, Any]:
    where = f"{source} 第{n}行"
    try:
        d = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}：不是有效的 JSON（第{exc.colno}列出错），应为一个 JSON 对象") from None
    if not isinstance(d, dict):
        raise InputError(f"{where}：应为 JSON 对象，例如 {{\"standard\": \"≥20\", \"value\": 24.5}}")
    unknown = sorted(set(d) - _BATCH_FIELDS)
    if unknown:
        raise InputError(f"{where}：未知字段 {'、'.join(unknown)}，可用字段：{'、'.join(sorted(_BATCH_FIELDS))}")
    for key in ("standard", "name", "unit", "direction", "terrain"):
        if d.get(key) is not None and not isinstance(d[key], str):
            raise InputError(f"{where}：字段 {key} 应为文本")
    for key in ("value", "baseline"):
        v = d.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int, float))):
            raise InputError(f"{where}：字段 {key} 应为数值或文本")
    hl = d.get("higher_level")
    if hl is not None and (isinstance(hl, bool) or not isinstance(hl, (int, float))):
        raise InputError(f"{where}：字段 higher_level 应为数值")
    if d.get("confirmed") is not None and not isinstance(d["confirmed"], bool):
        raise InputError(f"{where}：字段 confirmed 应为 true 或 false")
    _check_direction(d.get("direction"), where)
    _check_terrain(d.get("terrain"), where)
    return d


def _run_batch(batch: Path) -> None:
    source = "标准输入" if str(batch) == "-" else str(batch)
    try:
        text = sys.stdin.read() if str(batch) == "-" else batch.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"找不到批量文件 {source}") from None
    except UnicodeDecodeError:
        raise InputError(f"{source}：不是 UTF-8 编码的文本文件，应为每行一个 JSON 对象") from None
    except OSError as exc:
        raise InputError(f"无法读取批量文件 {source}：{os_reason(exc)}") from None
    rows = [(n, _batch_line(n, line, source)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    from ecociv.standards import evaluate

    out = sys.stdout
    for _, d in rows:
        j = evaluate(
            d.get("standard"),
            d.get("value"),
            baseline=d.get("baseline"),
            direction=d.get("direction"),
            name=d.get("name"),
            unit=d.get("unit"),
            higher_level=float(d["higher_level"]) if d.get("higher_level") is not None else None,
            terrain=d.get("terrain"),
            confirmed=d.get("confirmed"),
        )
        out.write(_dumps(j.to_dict()) + "\n")


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
        _run_batch(batch)
        return
    if standard is None:
        raise InputError("请给出指标值，例如：ecociv eval '≥20' 24.5；或用 --batch 文件批量判断")
    _check_direction(direction, "--direction")
    _check_terrain(terrain, "--terrain")
    from ecociv.standards import evaluate

    j = evaluate(
        standard,
        value,
        baseline=baseline,
        direction=direction,
        name=name,
        unit=unit,
        higher_level=higher_level,
        terrain=terrain,
        confirmed=confirmed,
    )
    if as_json:
        typer.echo(_dumps(j.to_dict()))
    else:
        typer.echo(f"{j.label}：{j.reason}")


@catalog_app.command("list")
def catalog_list(as_json: bool = typer.Option(False, "--json", help="输出 JSON")) -> None:
    """列出随软件附带的指标目录。"""
    from ecociv.standards import list_catalogs

    cats = list_catalogs()
    if as_json:
        typer.echo(
            _dumps([{"id": c.id, "title": c.title, "version": c.version, "entries": len(c.entries)} for c in cats])
        )
        return
    for c in cats:
        typer.echo(f"{c.id}\t{c.title}\t版本 {c.version}\t{len(c.entries)} 项指标")


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
    direction_text = {"higher": "越高越好", "lower": "越低越好"}
    for e in c.entries:
        typer.echo(
            f"{e.seq}\t{e.domain or ''}\t{e.name}\t{e.unit or ''}\t{e.standard or ''}"
            f"\t{e.attribute or ''}\t{direction_text.get(e.direction or '', '')}"
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
