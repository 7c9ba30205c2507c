"""``water classify``: GB 3838 classes of surface-water sections from manual samples and from
automatic-station (hourly) data, monthly and annual, and the network shares saved into a plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ecociv._serialize import finding_to_dict
from ecociv.cli._monitor import JsonOpt, _console, _dump, _print_findings, _row_dict, _write, water_app
from ecociv.errors import InputError

_INPUT_HELP = ("断面监测数据：文件、文件夹（含子文件夹）或 .zip，.csv/.xlsx/.parquet 可混合；人工监测（每月一次）或水质自动站"
               "（每小时/每4小时）数据，列 断面名称/站点名称、监测时间、可选 断面类型（河流/湖库）、站点情况，各项目（pH、溶解氧、氨氮、总磷…）"
               "一列一项，或“项目、监测值”长表")


@water_app.command("classify")
def water_classify_cmd(
    input_: Annotated[Path, typer.Argument(help=_INPUT_HELP, show_default=False, metavar="INPUT")],
    out: Annotated[Path | None, typer.Option("-o", "--output", help="断面年度类别（.csv 或 .parquet）")] = None,
    samples_out: Annotated[Path | None, typer.Option("--samples-out", help="逐样品（自动站为逐月）类别，含数据来源和有效样品数（.csv 或 .parquet）")] = None,
    lake_tn: Annotated[bool, typer.Option("--lake-tn/--no-lake-tn", help="湖库总氮是否计入水质类别（默认按国家考核惯例单独评价、不计入）")] = False,
    below: Annotated[str, typer.Option("--below-detection", help="低于检出限的值（<0.01、0.01L）按 half（检出限的一半，默认）或 limit（检出限）计")] = "half",
    min_coverage: Annotated[float, typer.Option("--min-coverage", help="自动站数据：某月某项目有效样品数至少达到应有样品数的百分之几，该月均值才参与评价（ecociv 设定，非标准条文）")] = 75.0,
    prefer: Annotated[str, typer.Option("--prefer", help="同一断面同月既有人工监测又有自动站数据时：auto（自动站测得且覆盖达标的项目用自动站，默认）或 manual（优先人工监测）")] = "auto",
    save: Annotated[str | None, typer.Option("--save", help="把各年达到或好于Ⅲ类比例、劣Ⅴ类比例存为该规划（编号或名称）对应指标的观测值")] = None,
    scope: Annotated[str | None, typer.Option("--scope", help="与 --save 同用：指标分国考/省考等范围时，存入名称含此文字的子项（如 国考）")] = None,
    user: Annotated[str | None, typer.Option("--user", help="与 --save 同用：记录人")] = None,
    as_json: JsonOpt = False,
) -> None:
    """地表水水质类别：逐样品（自动站数据先求月均值）、逐月与断面年度（单因子法），超Ⅲ类项目，达到或优于Ⅲ类比例、劣Ⅴ类比例；--save 存入规划。"""
    from ecociv.monitor import classify_water, output_kind, water_annual_table
    from ecociv.monitor._water import BELOW_RULES

    for o in (out, samples_out):
        if o is not None:
            output_kind(o)
    if below not in ("half", "limit"):
        raise InputError(f"--below-detection 应为 half 或 limit，实际为“{below}”")
    if prefer not in ("auto", "manual"):
        raise InputError(f"--prefer 应为 auto 或 manual，实际为“{prefer}”")
    if not 0 < min_coverage <= 100:
        raise InputError(f"--min-coverage 应为 0 到 100 之间的百分数，实际为“{min_coverage:g}”")
    r = classify_water(input_, lake_tn, below, min_coverage / 100, prefer)
    if out is not None:
        _write(water_annual_table(r), out)
    if samples_out is not None:
        _write(_samples_table(r), samples_out)
    saved_lines: list[str] = []
    if save is not None:
        saved_lines = _save_water(r, input_, save, scope, user, lake_tn)
    if as_json:
        _dump({
            "standard": r.standard,
            "lake_tn": r.lake_tn,
            "lake_tn_rule": r.tn_rule(),
            "below_detection": below,
            "rules": r.rules,
            "files": r.files,
            "monthly": [_row_dict(c) for c in r.samples],
            "auto_months": [_month_dict(m) for m in r.months],
            "auto_sections": {s.section: {"rows": s.rows, "duplicates": s.duplicates, "interval_hours": s.interval_hours,
                                          "invalid": dict(s.invalid), "files": sorted(s.files)} for s in r.stats.values()},
            "annual": {str(y): [_row_dict(c) for c in cs] for y, cs in r.annual.items()},
            "network": {str(y): v for y, v in r.network.items()},
            "saved": saved_lines,
            "findings": [finding_to_dict(f) for f in r.findings],
        })
        return
    console = _console()
    console.print(f"按 {r.standard} 单因子评价；{r.tn_rule()}；低于检出限的值按{BELOW_RULES[below][0]}计")
    for name, what in r.files.items():
        console.print(f"  读取 {name}：{what}", markup=False)
    for rule in r.rules:
        console.print(f"  规则：{rule}", markup=False)
    _print_monthly(console, r)
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
    if save is not None:
        console.print("已存入规划：" + ("；".join(saved_lines) if saved_lines else "没有可存入的指标"), markup=False)
    _print_findings(console, r.findings)


def _print_monthly(console: Any, r: Any) -> None:
    """Per section, the class of every month with its source (shown when station data are in)."""
    if not r.months:
        return
    by_section: dict[str, list[Any]] = {}
    for c in r.samples:
        by_section.setdefault(c.section, []).append(c)
    console.print("逐月类别（括号内为数据来源；自动站为当月有效样品数）：")
    for section, cs in by_section.items():
        parts = []
        for c in cs:
            n = f"，自动站有效样品 {max(c.counts.values())}" if c.counts else ""
            flag = "，有项目有效样品不足" if any("不足" in x for x in c.notes) else ""
            parts.append(f"{c.date or '无日期'} {c.overall_name()}（{c.origin}{n}{flag}）")
        console.print(f"  {section}：" + "；".join(parts), markup=False)


def _month_dict(m: Any) -> dict[str, Any]:
    return {"section": m.section, "month": m.label, "lake": m.lake, "values": m.values, "valid_samples": m.counts,
            "expected_samples": m.expected, "rows": m.rows, "low_coverage": m.low,
            "ph_range": list(m.ph_range) if m.ph_range else None, "ph_outside_6_9": m.ph_outside, "files": sorted(m.files)}


def _samples_table(r: Any) -> Any:
    import pyarrow as pa

    from ecociv.monitor import water_table

    t = water_table(r.samples)
    t = t.append_column("数据来源", pa.array([c.origin for c in r.samples], pa.string()))
    t = t.append_column("有效样品数", pa.array([max(c.counts.values()) if c.counts else None for c in r.samples], pa.int64()))
    return t.append_column("说明", pa.array(["；".join(c.notes) for c in r.samples], pa.string()))


def _save_water(r: Any, input_: Path, save: str, scope: str | None, user: str | None, lake_tn: bool) -> list[str]:
    """Store the network shares of every dated year in the plan; findings join the result's."""
    from ecociv.monitor import Provenance, save_water
    from ecociv.store import open_store

    rule = "湖库总氮计入类别" if lake_tn else "湖库总氮单独评价、不计入类别"
    files = [f"{name}（{what}）" for name, what in r.files.items()] or [input_.name]
    prov = Provenance(files, f"{r.standard}（{rule}）")
    store = open_store()
    saved, found = save_water(store, save, r.network, scope=scope, user=user, provenance=prov)
    from ecociv.assess import refresh_summaries

    refresh_summaries(store, [store.resolve_plan(save)])
    r.findings.extend(found)
    return [f"{s.year}年 {s.indicator_name}（{s.indicator_key}）= {s.value:g}" for s in saved]
