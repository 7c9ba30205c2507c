"""Monitoring commands: ``air daily|annual|outlook`` (HJ 633/HJ 663); the ``water`` group is
created here and its commands live in :mod:`ecociv.cli._water`."""

from __future__ import annotations

import dataclasses
import gc
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
    from ecociv.monitor import AnnualRow

air_app = typer.Typer(help="环境空气：按数据日期施行的 HJ 633 版本计算 AQI，按 HJ 663 统计，按施行的 GB 3095 版本判定年度达标（可用 --standard 指定版本）。", no_args_is_help=True)
water_app = typer.Typer(help="地表水：按 GB 3838—2002 单因子评价水质类别。", no_args_is_help=True)
app.add_typer(air_app, name="air")
app.add_typer(water_app, name="water")

InputArg = Annotated[
    Path,
    typer.Argument(
        help="小时数据：文件、文件夹（含子文件夹）或 .zip，.csv/.xlsx/.parquet 可混合；长表（每行一个站点·小时，列名中英文均可）或国家平台宽表（date,hour,type,各站点）",
        show_default=False,
        metavar="INPUT",
    ),
]
CitiesOpt = Annotated[Path | None, typer.Option("--cities", help="站点—城市对照表（列 station,city）；不给且数据中无城市信息时全部站点视为一个整体")]
StationsOpt = Annotated[Path | None, typer.Option("--stations", help="站点表（.csv/.xlsx：站点编码、站点名称、城市、区县、经度、纬度、国控/省控），城市数据默认只用国控站点")]
AllStationsOpt = Annotated[bool, typer.Option("--all-stations", help="城市数据计入站点表中的全部站点（默认只计国控站点）")]
CityOpt = Annotated[str | None, typer.Option("--city", help="只计算这个城市（站点表或数据中的城市名）；与 --save 同用时指定存入哪个城市")]
HourLabelOpt = Annotated[str | None, typer.Option("--hour-label", help="小时标记：start（该小时起始时刻）或 end（结束时刻，如 1–24 时、国家平台宽表的 0–23 时）；数据能判断时以数据为准", show_default=False)]
CoUnitOpt = Annotated[str | None, typer.Option("--co-unit", help="CO 单位：mg（mg/m³）或 ug（µg/m³，将换算）；默认按表头或数值自动判断", show_default=False)]
StrictOpt = Annotated[bool, typer.Option("--strict", help="任一文件无法读取即停止（默认跳过并列出原因）")]
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


@dataclasses.dataclass
class _Read:
    """Options shared by the air commands (how to read the data)."""

    cities: Path | None
    stations: Path | None
    city: str | None
    all_stations: bool
    hour_label: str | None
    co_unit: str | None
    strict: bool


def _open(input_: Path, o: _Read) -> Any:
    """Read the input (file, folder, zip) with a progress bar on a terminal; returns an AirInput."""
    # the modules and objects loaded so far live until the command ends: the collector need not
    # walk them again (a full collection while the year is read cost about 0.07 s)
    gc.freeze()
    from ecociv.monitor import read_city_map
    from ecociv.monitor.ingest import AirOptions, read_air, read_station_list

    if o.hour_label not in (None, "start", "end"):
        raise InputError(f"--hour-label 应为 start 或 end，实际为“{o.hour_label}”")
    co = {"mg": "mg", "mg/m3": "mg", "ug": "ug", "µg": "ug", "μg": "ug", "ug/m3": "ug"}.get((o.co_unit or "").lower()) if o.co_unit else None
    if o.co_unit and co is None:
        raise InputError(f"--co-unit 应为 mg 或 ug，实际为“{o.co_unit}”")
    opts = AirOptions(
        hour_label=o.hour_label,
        co_unit=co,
        strict=o.strict,
        stations=read_station_list(o.stations) if o.stations else None,
        cities=read_city_map(o.cities) if o.cities else None,
        city=o.city,
        all_levels=o.all_stations,
    )
    err = Console(stderr=True)
    if not err.is_terminal:  # no bar to draw (rich.progress is not even loaded)
        return read_air(input_, opts)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("读取"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"), console=err, transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=max(total, done), description=name[-40:])

        return read_air(input_, opts, progress)


def _aqi_pin(version: str | None, straddle: str) -> str | None:
    """The AQI edition ``--standard`` pins (checked before any file is read)."""
    from ecociv.monitor import STRADDLE_RULES

    if straddle not in STRADDLE_RULES:
        raise InputError(f"--straddle“{straddle}”无效，应为 {'、'.join(STRADDLE_RULES)} 之一")
    return _pinned(version)[0] if version and not version.startswith("HJ 633—") else version


def _years(src: Any, aqi: str | None, straddle: str, only_last: bool = False) -> Any:
    """AirDaily per year of the input (one year in memory at a time)."""
    from ecociv.monitor import air_daily

    years = src.years[-1:] if only_last else src.years
    for y in years:
        hourly = src.hourly(y)
        if hourly is not None:
            yield air_daily(hourly, src.city_map, aqi, straddle)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        key = (f.slug, str(f))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _print_conventions(console: Console, src: Any) -> None:
    layouts: dict[str, int] = {}
    for f in src.files:
        layouts[f.layout] = layouts.get(f.layout, 0) + 1
    console.print(f"读取 {len(src.files)} 个文件（{'、'.join(f'{k} {v} 个' for k, v in layouts.items())}）；约定：")
    for line in src.conventions():
        console.print(f"  - {line}", markup=False)


def _conventions_json(src: Any) -> dict[str, Any]:
    return {"files": [dataclasses.asdict(f) for f in src.files], "conventions": src.conventions()}


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
    stations: StationsOpt = None,
    city: CityOpt = None,
    all_stations: AllStationsOpt = False,
    hour_label: HourLabelOpt = None,
    co_unit: CoUnitOpt = None,
    strict: StrictOpt = False,
    version: VersionOpt = None,
    straddle: StraddleOpt = "split",
) -> None:
    """逐日统计：24小时平均、O3 日最大8小时滑动平均、1小时最大值、各项 IAQI、AQI、级别、类别、首要污染物（站点与城市）。"""
    from ecociv.monitor import daily_tables, output_kind

    output_kind(out)
    if out.is_dir():
        raise InputError(f"{out} 是文件夹，应为输出文件（.csv 或 .parquet）")
    aqi = _aqi_pin(version, straddle)
    src = _open(input_, _Read(cities, stations, city, all_stations, hour_label, co_unit, strict))
    findings = list(src.findings)
    n_st: set[str] = set()
    n_ct: set[str] = set()
    days = 0
    parts = []
    try:
        editions: list[str] = []
        for r in _years(src, aqi, straddle):
            parts.append(daily_tables(r))
            editions.append(r.edition_text())
            findings += r.findings
            n_st.update(r.stations.names)
            n_ct.update(r.cities.names)
            days += r.stations.n_days
    finally:
        src.close()
    if not parts:
        raise InputError(f"{input_}：选定的站点没有数据")
    import pyarrow as pa

    _write(pa.concat_tables([p.cast(parts[0].schema) for p in parts]), out)
    console = _console()
    _print_conventions(console, src)
    console.print(f"已写出 {out}：{len(n_st)} 个站点、{len(n_ct)} 个城市 × {days} 天（AQI 按 {'；'.join(dict.fromkeys(editions))}）")
    _print_findings(console, _dedupe(findings))


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


def _save_rows(rows: list[AnnualRow], src: Any, save: str, city: str | None, user: str | None, allow_insufficient: bool, confirm_region: bool, standard: str, summaries: dict[tuple[str, int], Any]) -> tuple[list[str], list[Finding]]:
    """Check every year first (all-or-nothing), then store the chosen city's figures."""
    from ecociv.monitor import Provenance, check_save, insufficient, save_annual
    from ecociv.store import open_store

    names = sorted({x.name for x in rows if x.kind == "城市"})
    if city is not None and city not in names:
        short = [n for n in names if n.rstrip("市") == city.rstrip("市")]
        city = short[0] if len(short) == 1 else city
    chosen = city if city is not None else (names[0] if len(names) == 1 else None)
    if chosen is None or chosen not in names:
        raise InputError(f"数据中有多个城市，--save 须用 --city 指定存入哪个城市（可选：{'、'.join(names[:30])}）" if chosen is None else f"数据中没有城市“{chosen}”（可选：{'、'.join(names[:30])}）")
    store = open_store()
    plan = store.get_plan(store.resolve_plan(save))
    mine = [x for x in rows if x.kind == "城市" and x.name == chosen]
    findings: list[Finding] = []
    keep = []
    for row in mine:
        if insufficient(row) and not allow_insufficient and len(mine) > 1:
            findings.append(Finding("year-not-saved", f"{row.name} {row.year}年有效日数不足，未存入（确需存入请加 --allow-insufficient）", "warning", data={"year": row.year}))
            continue
        check_save(plan, row, allow_insufficient=allow_insufficient, confirm_region=confirm_region)
        keep.append(row)
    if not keep:
        raise InputError(f"{chosen} 没有有效日数满足要求的年份，未存入（确需存入请加 --allow-insufficient）")
    prov = Provenance([f.name for f in src.files], standard)
    msgs: list[str] = []
    for row in keep:
        saved, found = save_annual(store, save, row, user=user, provenance=prov, allow_insufficient=allow_insufficient, confirm_region=confirm_region, summary=summaries.get((row.name, row.year)))
        findings.extend(found)
        mark = "（有效日数不足，仅供参考）" if insufficient(row) else ""
        msgs += [f"{s.year}年 {s.indicator_name}（{s.indicator_key}）= {s.value:g}{mark}" for s in saved]
    from ecociv.assess import refresh_summaries

    refresh_summaries(store, [store.resolve_plan(save)])
    return msgs, findings


@air_app.command("annual")
def air_annual_cmd(
    input_: InputArg,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件（.csv 或 .parquet）")] = None,
    cities: CitiesOpt = None,
    stations: StationsOpt = None,
    city: CityOpt = None,
    all_stations: AllStationsOpt = False,
    hour_label: HourLabelOpt = None,
    co_unit: CoUnitOpt = None,
    strict: StrictOpt = False,
    version: VersionOpt = None,
    straddle: StraddleOpt = "split",
    save: Annotated[str | None, typer.Option("--save", help="把城市年度值存为该规划（编号或名称）对应指标的观测值")] = None,
    allow_insufficient: Annotated[bool, typer.Option("--allow-insufficient", help="与 --save 同用：有效日数不足的年份也存入（标注“仅供参考”）")] = False,
    confirm_region: Annotated[bool, typer.Option("--confirm-region", "--yes", help="与 --save 同用：数据城市与规划地区不一致（或数据未标明城市）时确认存入")] = False,
    user: Annotated[str | None, typer.Option("--user", help="与 --save 同用：记录人")] = None,
    as_json: JsonOpt = False,
) -> None:
    """年度评价：优良天数比例、各项年均值、CO 第95百分位、O3 第90百分位、有效天数（城市与站点）。"""
    from ecociv.monitor import air_annual, air_summary, annual_table, output_kind

    if out is not None:
        output_kind(out)
    aqi_pin, limits_pin = _pinned(version) if version or save is None else _region_pins(save)
    aqi = _aqi_pin(aqi_pin, straddle)
    src = _open(input_, _Read(cities, stations, city, all_stations, hour_label, co_unit, strict))
    findings = list(src.findings)
    rows: list[AnnualRow] = []
    summaries: dict[tuple[str, int], Any] = {}
    std = ""
    editions: dict[str, None] = {}
    aqi_editions: list[Any] = []
    try:
        for r in _years(src, aqi, straddle):
            year_rows = air_annual(r, limits_pin, straddle)
            editions[r.edition_text()] = None
            aqi_editions += [e for e in r.editions if e not in aqi_editions]
            rows += year_rows
            findings += r.findings
            if save is not None:  # what the saved figures were computed from, for the web page
                summaries.update({(x.name, x.year): air_summary(r.cities, x) for x in year_rows if x.kind == "城市"})
            if year_rows:
                std = f"AQI {r.edition_text()}；{year_rows[0].standard}；{year_rows[0].evaluation_standard or 'HJ 663—2013'}"
    finally:
        src.close()
    if not rows:
        raise InputError(f"{input_}：选定的站点没有数据")
    rows.sort(key=lambda x: (x.kind != "城市", x.name, x.year))
    if out is not None:
        _write(annual_table(rows), out)
    saved_msgs: list[str] = []
    if save is not None:
        saved_msgs, found = _save_rows(rows, src, save, city, user, allow_insufficient, confirm_region, std, summaries)
        findings += found
    findings = _dedupe(findings)
    if as_json:
        _dump({"annual": [_row_dict(x) for x in rows], "aqi_editions": aqi_editions, "straddle": straddle, "findings": [finding_to_dict(f) for f in findings], "saved": saved_msgs, **_conventions_json(src)})
        return
    console = _console()
    _print_conventions(console, src)
    console.print(f"AQI 按 {'；'.join(editions)} 计算；数据统计按 {rows[0].evaluation_standard or 'HJ 663—2013'}")
    _annual_lines(console, rows)
    if out is not None:
        console.print(f"已写出 {out}：{len(rows)} 行")
    if save is not None:
        console.print("已存入规划：" + ("；".join(saved_msgs) if saved_msgs else "无匹配指标"))
    _print_findings(console, findings)


@air_app.command("outlook")
def air_outlook_cmd(
    input_: InputArg,
    target_good_ratio: Annotated[float | None, typer.Option("--target-good-ratio", help="全年优良天数比例目标（%），如 96.8")] = None,
    target_pm25: Annotated[float | None, typer.Option("--target-pm25", help="PM2.5 年均浓度目标（µg/m³），如 24")] = None,
    cities: CitiesOpt = None,
    stations: StationsOpt = None,
    city: CityOpt = None,
    all_stations: AllStationsOpt = False,
    hour_label: HourLabelOpt = None,
    co_unit: CoUnitOpt = None,
    strict: StrictOpt = False,
    version: VersionOpt = None,
    straddle: StraddleOpt = "split",
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
    aqi = _aqi_pin(version, straddle)
    src = _open(input_, _Read(cities, stations, city, all_stations, hour_label, co_unit, strict))
    try:
        results = list(_years(src, aqi, straddle, only_last=True))
    finally:
        src.close()
    if not results:
        raise InputError(f"{input_}：选定的站点没有数据")
    r = results[-1]
    rows = outlook(r, target_good_ratio, target_pm25)
    findings = _dedupe(src.findings + r.findings)
    if out is not None:
        _write(outlook_table(rows), out)
    if as_json:
        _dump({"outlook": [_row_dict(o) for o in rows], "findings": [finding_to_dict(f) for f in findings], **_conventions_json(src)})
        return
    console = _console()
    _print_conventions(console, src)
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
    _print_findings(console, findings)
