"""Monitoring commands: ``air daily|annual|outlook`` (HJ 633/HJ 663) and ``water classify`` (GB 3838)."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from ecociv._serialize import finding_to_dict
from ecociv.cli._app import app
from ecociv.errors import InputError, os_reason
from ecociv.model import Finding

if TYPE_CHECKING:  # NumPy and PyArrow load when a command runs, not for ``ecociv --help``
    from ecociv.monitor import AirDaily, AnnualRow

air_app = typer.Typer(help="环境空气：按数据日期施行的 HJ 633 版本计算 AQI，按 HJ 663 统计，按施行的 GB 3095 版本判定年度达标（可用 --standard 指定版本）。", no_args_is_help=True)
water_app = typer.Typer(help="地表水：按 GB 3838—2002 单因子评价水质类别。", no_args_is_help=True)
app.add_typer(air_app, name="air")
app.add_typer(water_app, name="water")

InputArg = Annotated[Path, typer.Argument(help="小时数据（.csv 或 .parquet），列 station,time,so2,no2,pm10,co,o3,pm25（µg/m³；CO 为 mg/m³；time 为该小时的起始时刻，当地时间）", show_default=False, metavar="INPUT")]
CitiesOpt = Annotated[Path | None, typer.Option("--cities", help="站点—城市对照表（列 station,city）；不给时全部站点视为一个城市")]
VersionOpt = Annotated[
    str | None,
    typer.Option("--standard", "--standard-version", help="指定标准版本（如 HJ633-2026、GB3095-2012，或 AQI 版本年份 2012/2026；可重复给出 AQI 与 GB 3095 各一个）；默认按数据日期施行的版本，见 ecociv standards list", show_default=False),
]
StraddleOpt = Annotated[
    str,
    typer.Option("--straddle", help="新版本在年中施行的年份（如 2026）如何处理：split 按日期分段计算 AQI、年均值按年末施行的版本判定；end 整年按年末版本；start 整年按年初版本"),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出结构化 JSON")]


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True, stderr=False)


def _print_findings(console: Console, findings: list[Finding], limit: int = 30) -> None:
    if not findings:
        console.print("数据检查：未发现问题")
        return
    console.print(f"数据检查：{len(findings)} 条")
    for f in findings[:limit]:
        console.print(f"  - [{f.slug}] {f}", markup=False)
    if len(findings) > limit:
        console.print(f"  …… 其余 {len(findings) - limit} 条可用 --json 查看")


def _pinned(version: str | None) -> tuple[str | None, str | None]:
    """``--standard`` to (AQI edition, GB 3095 edition): a year or an HJ 633 number pins the AQI,
    a GB 3095 number pins the limits."""
    from ecociv.standards import find_edition

    if version is None:
        return None, None
    e = find_edition(version, kind="aqi") if version.isdigit() else find_edition(version)
    if e.kind == "aqi":
        return e.id, None
    if e.kind == "air_limits":
        return None, e.id
    raise InputError(f"--standard“{version}”是 {e.id}，不是空气质量标准（HJ 633 或 GB 3095）")


def _region_pins(plan_ref: str) -> tuple[str | None, str | None]:
    """The editions pinned for the region of the plan the results go to (ecociv standards pin)."""
    from ecociv.store import open_store

    store = open_store()
    pins = store.pinned_editions(store.get_plan(plan_ref).region)
    return pins.get("HJ 633"), pins.get("GB 3095")


def _compute(input_: Path, cities: Path | None, version: str | None, straddle: str = "split") -> AirDaily:
    from ecociv.monitor import STRADDLE_RULES, air_daily

    if straddle not in STRADDLE_RULES:
        raise InputError(f"--straddle“{straddle}”无效，应为 {'、'.join(STRADDLE_RULES)} 之一")
    aqi = _pinned(version)[0] if version and not version.startswith("HJ 633—") else version
    return air_daily(input_, cities, aqi, straddle)


def _write(table: Any, out: Path) -> None:
    from ecociv.monitor import write_table

    if out.is_dir():
        raise InputError(f"{out} 是文件夹，应为输出文件（.csv 或 .parquet）")
    try:
        write_table(table, out)
    except OSError as exc:
        raise InputError(f"无法写入 {out}：{os_reason(exc)}") from exc


def _dump(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def _row_dict(r: Any) -> dict[str, Any]:
    return dataclasses.asdict(r)


@air_app.command("daily")
def air_daily_cmd(
    input_: InputArg,
    out: Annotated[Path, typer.Option("-o", "--output", help="输出文件（.csv 或 .parquet）", show_default=False)],
    cities: CitiesOpt = None,
    version: VersionOpt = None,
) -> None:
    """逐日统计：24小时平均、O3 日最大8小时滑动平均、1小时最大值、各项 IAQI、AQI、级别、类别、首要污染物（站点与城市）。"""
    from ecociv.monitor import daily_tables, output_kind

    output_kind(out)
    r = _compute(input_, cities, version)
    _write(daily_tables(r), out)
    console = _console()
    console.print(f"已写出 {out}：{len(r.stations.names)} 个站点、{len(r.cities.names)} 个城市 × {r.stations.n_days} 天（AQI 按 {r.edition_text()}）")
    _print_findings(console, r.findings)


def _annual_lines(console: Console, rows: list[AnnualRow]) -> None:
    for row in rows:
        if row.kind != "城市":
            continue
        v = row.values
        flag = "" if all(row.year_valid.values()) else "（有效日数不足，仅供参考）"
        ratio = "—" if row.good_ratio is None else f"{row.good_ratio:g}%"

        def fmt(x: float | None) -> str:
            return "—" if x is None else f"{x:g}"

        console.print(
            f"{row.name} {row.year}年{flag}：优良天数比例 {ratio}（{row.good_days}/{row.aqi_days}天），"
            f"PM2.5 {fmt(v['pm25'])}、PM10 {fmt(v['pm10'])}、SO2 {fmt(v['so2'])}、NO2 {fmt(v['no2'])} µg/m³，"
            f"CO日均第95百分位 {fmt(v['co'])} mg/m³，O3日最大8小时第90百分位 {fmt(v['o3_8h'])} µg/m³"
        )
        console.print(f"  年度达标（{row.standard} 二级浓度限值，{row.limits_table}）：{_attain_text(row)}")


def _attain_text(row: AnnualRow) -> str:
    names = {"pm25": "PM2.5", "pm10": "PM10", "so2": "SO2", "no2": "NO2", "co": "CO", "o3_8h": "O3"}
    parts = []
    for k, label in names.items():
        ok, v = row.meets_limit.get(k), row.values.get(k)
        if ok is None or v is None:
            parts.append(f"{label} 无数据")
        else:
            parts.append(f"{label} {v:g}{'≤' if ok else '>'}{row.limits[k]:g} {'达标' if ok else '未达标'}")
    return "，".join(parts)


@air_app.command("annual")
def air_annual_cmd(
    input_: InputArg,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（.csv 或 .parquet）")] = None,
    cities: CitiesOpt = None,
    version: VersionOpt = None,
    straddle: StraddleOpt = "split",
    save: Annotated[str | None, typer.Option("--save", help="把城市年度值存为该规划（编号或名称）对应指标的观测值")] = None,
    city: Annotated[str | None, typer.Option("--city", help="与 --save 同用：存入哪个城市的值（对照表中有多个城市时必填）")] = None,
    user: Annotated[str | None, typer.Option("--user", help="与 --save 同用：记录人")] = None,
    as_json: JsonOpt = False,
) -> None:
    """年度评价：优良天数比例、各项年均值、CO 第95百分位、O3 第90百分位、有效天数（城市与站点）。"""
    from ecociv.monitor import air_annual, annual_table, output_kind, save_annual

    if out is not None:
        output_kind(out)
    aqi_pin, limits_pin = _pinned(version) if version or save is None else _region_pins(save)
    r = _compute(input_, cities, aqi_pin, straddle)
    rows = air_annual(r, limits_pin, straddle)
    if out is not None:
        _write(annual_table(rows), out)
    saved_msgs: list[str] = []
    if save is not None:
        from ecociv.store import open_store

        names = r.cities.names
        chosen = city or (names[0] if len(names) == 1 else None)
        if chosen is None or chosen not in names:
            raise InputError(f"请用 --city 指定要存入的城市（可选：{'、'.join(names)}）")
        store = open_store()
        for row in [x for x in rows if x.kind == "城市" and x.name == chosen]:
            saved, found = save_annual(store, save, row, user=user)
            r.findings.extend(found)
            saved_msgs += [f"{s.year}年 {s.indicator_name}（{s.indicator_key}）= {s.value:g}" for s in saved]
    if as_json:
        _dump({"annual": [_row_dict(x) for x in rows], "aqi_editions": r.editions, "straddle": straddle, "findings": [finding_to_dict(f) for f in r.findings], "saved": saved_msgs})
        return
    console = _console()
    console.print(f"AQI 按 {r.edition_text()} 计算；数据统计按 {rows[0].evaluation_standard if rows else 'HJ 663—2013'}")
    _annual_lines(console, rows)
    if out is not None:
        console.print(f"已写出 {out}：{len(rows)} 行")
    if save is not None:
        console.print("已存入规划：" + ("；".join(saved_msgs) if saved_msgs else "无匹配指标"))
    _print_findings(console, r.findings)


@air_app.command("outlook")
def air_outlook_cmd(
    input_: InputArg,
    target_good_ratio: Annotated[float | None, typer.Option("--target-good-ratio", help="全年优良天数比例目标（%），如 96.8")] = None,
    target_pm25: Annotated[float | None, typer.Option("--target-pm25", help="PM2.5 年均浓度目标（µg/m³），如 24")] = None,
    cities: CitiesOpt = None,
    version: VersionOpt = None,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（.csv 或 .parquet），含各站点")] = None,
    as_json: JsonOpt = False,
) -> None:
    """年中展望：剩余天数中还需多少个优良天、剩余天 PM2.5 均值须控制在多少以下，才能达到全年目标。"""
    from ecociv.monitor import outlook, outlook_table, output_kind

    if target_good_ratio is None and target_pm25 is None:
        raise InputError("请至少给出 --target-good-ratio 或 --target-pm25 之一")
    if target_good_ratio is not None and not 0 <= target_good_ratio <= 100:
        raise InputError(f"--target-good-ratio 应在 0～100 之间，实际为 {target_good_ratio:g}")
    if out is not None:
        output_kind(out)
    r = _compute(input_, cities, version)
    rows = outlook(r, target_good_ratio, target_pm25)
    if out is not None:
        _write(outlook_table(rows), out)
    if as_json:
        _dump({"outlook": [_row_dict(o) for o in rows], "findings": [finding_to_dict(f) for f in r.findings]})
        return
    console = _console()
    for o in rows:
        if o.kind != "城市":
            continue
        console.print(f"{o.name} {o.year}年：已有有效天 {o.days_so_far} 天，其中优良 {o.good_so_far} 天；剩余 {o.remaining_days} 天")
        if o.good_days_needed is not None:
            if o.good_reachable:
                console.print(f"  优良天数比例达到 {o.target_good_ratio:g}%：剩余天中至少还需 {o.good_days_needed} 个优良天（最多允许 {o.remaining_days - o.good_days_needed} 个污染天）")
            else:
                console.print(f"  优良天数比例 {o.target_good_ratio:g}% 已无法达到：需再有 {o.good_days_needed} 个优良天，但只剩 {o.remaining_days} 天")
        if o.target_pm25 is not None:
            now = "—" if o.pm25_mean_so_far is None else f"{o.pm25_mean_so_far:g}"
            if o.pm25_max_remaining is None:
                console.print(f"  PM2.5 至今均值 {now} µg/m³，全年已结束，{'达到' if o.pm25_reachable else '未达到'}目标 {o.target_pm25:g}")
            elif o.pm25_reachable:
                console.print(f"  PM2.5 年均 ≤ {o.target_pm25:g} µg/m³：至今均值 {now}，剩余天均值须不高于 {o.pm25_max_remaining:g} µg/m³")
            else:
                console.print(f"  PM2.5 年均 {o.target_pm25:g} µg/m³ 已无法达到（至今均值 {now}，剩余天均值须低于 0）")
    _print_findings(console, r.findings)


@water_app.command("classify")
def water_classify_cmd(
    input_: Annotated[Path, typer.Argument(help="断面监测数据（.csv 或 .parquet）：列 section/断面、date/日期、可选 type/类型（河流/湖库）、各项目（溶解氧、氨氮、总磷…）", show_default=False, metavar="INPUT")],
    out: Annotated[Path | None, typer.Option("-o", "--output", help="断面年度类别（.csv 或 .parquet）")] = None,
    samples_out: Annotated[Path | None, typer.Option("--samples-out", help="逐样品类别（.csv 或 .parquet）")] = None,
    lake_tn: Annotated[bool, typer.Option("--lake-tn/--no-lake-tn", help="湖库总氮是否计入水质类别（默认按国家考核惯例单独评价、不计入）")] = False,
    as_json: JsonOpt = False,
) -> None:
    """地表水水质类别：逐样品与断面年度（单因子法），超Ⅲ类项目，达到或优于Ⅲ类比例、劣Ⅴ类比例。"""
    from ecociv.monitor import classify_water, output_kind, water_annual_table, water_table

    for o in (out, samples_out):
        if o is not None:
            output_kind(o)
    r = classify_water(input_, lake_tn)
    if out is not None:
        _write(water_annual_table(r), out)
    if samples_out is not None:
        _write(water_table(r.samples), samples_out)
    if as_json:
        _dump({
            "standard": r.standard,
            "lake_tn": r.lake_tn,
            "lake_tn_rule": r.tn_rule(),
            "annual": {str(y): [_row_dict(c) for c in cs] for y, cs in r.annual.items()},
            "network": {str(y): v for y, v in r.network.items()},
            "findings": [finding_to_dict(f) for f in r.findings],
        })
        return
    console = _console()
    console.print(f"按 {r.standard} 单因子评价；{r.tn_rule()}")
    for year in sorted(r.annual):
        label = f"{year}年" if year else "（无日期）"
        for c in r.annual[year]:
            above = f"，超Ⅲ类：{'、'.join(c.above_iii)}" if c.above_iii else ""
            console.print(f"{label} {c.section}：{c.overall_name()}类{above}" if c.overall else f"{label} {c.section}：无数据")
        n = r.network[year]
        if n["sections"]:
            console.print(
                f"{label} 共 {n['sections']} 个断面：达到或优于Ⅲ类 {n['iii_or_better']} 个（{n['iii_or_better_ratio']:g}%），"
                f"劣Ⅴ类 {n['worse_than_v']} 个（{n['worse_than_v_ratio']:g}%）"
            )
    if out is not None:
        console.print(f"已写出 {out}")
    _print_findings(console, r.findings)


