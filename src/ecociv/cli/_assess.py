"""Commands of the assessment area: observe template/import/set/history, assess, lint."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ecociv._serialize import finding_to_dict
from ecociv.cli._app import app
from ecociv.errors import InputError, os_reason
from ecociv.model import Observation, Plan

if TYPE_CHECKING:  # the store and the assessment load when a command needs them
    from ecociv.store import Store

observe_app = typer.Typer(help="年度数据：生成填报模板、导入填报表、手工录入、查看历史。", no_args_is_help=True)
app.add_typer(observe_app, name="observe")


def _console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def _dump(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _store() -> Store:
    from ecociv.store import open_store

    return open_store()


@observe_app.command("template")
def observe_template(
    plan: Annotated[str, typer.Argument(help="规划（编号或名称）", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出的 .xlsx 文件")] = Path("填报表.xlsx"),
    first: Annotated[int | None, typer.Option("--from", help="第一年（默认：基准年）")] = None,
    last: Annotated[int | None, typer.Option("--to", help="最后一年（默认：规划期末）")] = None,
) -> None:
    """生成年度数据填报工作簿：每个指标（子指标）一行，每年一列，带数据验证。"""
    from ecociv.observations import write_template
    from ecociv.observations._layout import plan_years, rows
    from ecociv.observations._read import YEARS_AFTER, YEARS_BEFORE

    if output.suffix.lower() != ".xlsx":
        raise InputError(f"输出文件应为 .xlsx：{output}")
    if output.is_dir():
        raise InputError(f"{output} 是文件夹，应为输出文件（.xlsx）")
    if not output.parent.exists():
        raise InputError(f"输出文件夹不存在：{output.parent}")
    store = _store()
    p = store.get_plan(store.resolve_plan(plan))
    a, b = plan_years(p)
    years = (first or a, last or b)
    if years[0] > years[1]:
        raise InputError(f"年份范围有误：{years[0]}—{years[1]}（--from 应不晚于 --to）")
    lo, hi = a - YEARS_BEFORE, b + YEARS_AFTER  # the years an import accepts
    if years[0] < lo or years[1] > hi:
        raise InputError(f"年份范围 {years[0]}—{years[1]} 超出可填报的年份（{lo}—{hi}年，规划期 {a}—{b}年）")
    try:
        write_template(p, output, years)
    except OSError as exc:
        raise InputError(f"无法写入 {output}：{os_reason(exc)}") from exc
    typer.echo(f"已生成填报表：{output}（{len(rows(p))} 行，{years[0]}—{years[1]}年）")


@observe_app.command("import")
def observe_import(
    plan: Annotated[str, typer.Argument(help="规划（编号或名称）；只给一个文件时为多地区长表（地区或地区代码、指标、年份、数值），按地区写入各规划", show_default=False)],
    file: Annotated[Path | None, typer.Argument(help="填好的 .xlsx 或 .csv", show_default=False)] = None,
    partial: Annotated[bool, typer.Option("--partial", help="只导入正确的行，并列出有错误的行")] = False,
    user: Annotated[str | None, typer.Option("--user", help="录入人")] = None,
    source: Annotated[str | None, typer.Option("--source", help="数据来源（表中未填时使用）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """导入填报表：逐行校验，全部正确才写入（--partial 时写入正确的行）。"""
    from dataclasses import asdict

    from ecociv.observations import import_observations, import_region_table, is_region_table

    if file is None:  # one argument: a long table of many regions' figures
        path = Path(plan)
        if not path.is_file():
            raise InputError(f"找不到文件：{plan}（只给一个参数时应为多地区长表：地区、指标、年份、数值；导入单个规划的填报表请写 observe import 规划 文件）")
        if partial:
            raise InputError("多地区长表全部正确才写入，不支持 --partial")
        if not is_region_table(path):
            raise InputError(f"{path.name}：不是多地区长表（表头应含 地区或地区代码、指标、年份、数值）")
        store = _store()
        regional = import_region_table(store, path, user=user, source=source)
        from ecociv.assess import refresh_summaries

        refresh_summaries(store)  # the plans of every region in the table
        if as_json:
            _dump(asdict(regional))
            return
        typer.echo(f"{regional.file}：读取 {regional.rows_read} 行，{regional.regions} 个地区、{regional.plans} 个规划，写入数据 {regional.written} 个。")
        return
    store = _store()
    report = import_observations(store, plan, file, partial=partial, user=user, source=source)
    from ecociv.assess import refresh_summaries

    refresh_summaries(store, [store.resolve_plan(plan)])
    if as_json:
        _dump(asdict(report))
        return
    typer.echo(f"{report.file}：读取 {report.rows_read} 行，正确 {report.rows_valid} 行，写入数据 {report.written} 个。")
    if report.skipped:
        typer.echo(f"未导入的错误 {len(report.skipped)} 处：")
        for f in report.skipped:
            typer.echo(f"  - {f}")


def _find_key(plan_obj: Plan, key: str) -> str:
    items = plan_obj.indicators()
    keys = {k for k, _ in items}
    if key in keys:
        return key
    hits = [k for k, ind in items if ind.name.replace(" ", "") == key.replace(" ", "")]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise InputError(f"指标“{key}”有 {len(hits)} 个（{'、'.join(hits)}），请用指标键")
    raise InputError(f"规划中没有指标“{key}”（可用指标键如 0/3，或完整指标名称）")


@observe_app.command("set")
def observe_set(
    plan: Annotated[str, typer.Argument(help="规划（编号或名称）", show_default=False)],
    indicator: Annotated[str, typer.Argument(help="指标键（如 0/3）或指标名称", show_default=False)],
    year: Annotated[int, typer.Argument(help="年份", show_default=False)],
    value: Annotated[str, typer.Argument(help="数值，或定性指标的文字（达标、已建立 …）", show_default=False)],
    source: Annotated[str | None, typer.Option("--source", help="数据来源（部门）")] = None,
    note: Annotated[str | None, typer.Option("--note", help="备注")] = None,
    user: Annotated[str | None, typer.Option("--user", help="录入人")] = None,
) -> None:
    """手工录入一个年度数值（旧值保留为历史）。"""
    from ecociv.observations._layout import expects_number, is_percent, plan_years, signed_percent
    from ecociv.observations._read import YEARS_AFTER, YEARS_BEFORE, _number

    store = _store()
    plan_id = store.resolve_plan(plan)
    p = store.get_plan(plan_id)
    key = _find_key(p, indicator)
    ind = dict(p.indicators())[key]
    first, last = plan_years(p)
    if not first - YEARS_BEFORE <= year <= last + YEARS_AFTER:
        raise InputError(f"{year}年超出规划期（{first}—{last}年）过远")
    number = _number(value)
    if expects_number(ind):
        if number is None:
            raise InputError(f"“{ind.name}”应填数值，却是“{value}”")
        if is_percent(ind) and not (-100.0 if signed_percent(ind) else 0.0) <= number <= 100.0:
            raise InputError(f"“{ind.name}”为百分比，{value}超出范围")
        obs = Observation(key, year, value=number, source=source, note=note)
    else:
        obs = Observation(key, year, value=number, text=value, source=source, note=note)
    store.add_observations(plan_id, [obs], user=user)
    from ecociv.assess import refresh_summaries

    refresh_summaries(store, [plan_id])
    typer.echo(f"已录入：{ind.name}（{key}）{year}年 = {value}")


@observe_app.command("history")
def observe_history(
    plan: Annotated[str, typer.Argument(help="规划（编号或名称）", show_default=False)],
    indicator: Annotated[str, typer.Argument(help="指标键或指标名称", show_default=False)],
) -> None:
    """查看一个指标的全部录入历史（含被更正的旧值）。"""
    store = _store()
    plan_id = store.resolve_plan(plan)
    key = _find_key(store.get_plan(plan_id), indicator)
    t = Table("年份", "数值", "文字", "来源", "录入人", "录入时间")
    for o in store.observation_history(plan_id, key):
        when = o.recorded_at.strftime("%Y-%m-%d %H:%M:%S") if o.recorded_at else ""
        t.add_row(str(o.year), "" if o.value is None else f"{o.value:g}", o.text or "", o.source or "", o.recorded_by or "", when)
    _console().print(t)


def check_year(plan_obj: Plan, year: int) -> None:
    """``--year`` must be a year figures can be entered for (the plan period and a margin)."""
    from ecociv.observations._layout import plan_years
    from ecociv.observations._read import YEARS_AFTER, YEARS_BEFORE

    first, last = plan_years(plan_obj)
    lo, hi = first - YEARS_BEFORE, last + YEARS_AFTER
    if not lo <= year <= hi:
        raise InputError(f"--year {year} 超出可评估的年份（{lo}—{hi}年，规划期 {first}—{last}年）")


@app.command("assess")
def assess(
    plan: Annotated[str | None, typer.Argument(help="规划（编号或名称）", show_default=False)] = None,
    year: Annotated[int | None, typer.Option("--year", help="评估年份（默认：最新有数据的年份）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（assess_plan 的结果）")] = False,
    text: Annotated[bool, typer.Option("--text", help="输出可粘贴进规划的可达性分析文字")] = False,
    all_plans: Annotated[
        bool, typer.Option("--all", help="一次评估数据库中的全部规划（每个规划一行达标统计，与逐个 assess 相同）")
    ] = False,
) -> None:
    """评估达标情况、进展与可达性（约束性未达标指标列在最前）；--all 评估全部规划。"""
    if all_plans:
        if plan is not None or text:
            raise InputError("--all 评估全部规划：不能同时给出规划或 --text")
        _assess_all(year, as_json)
        return
    if plan is None:
        raise InputError("请给出要评估的规划（编号或名称），或用 --all 评估全部规划")
    from ecociv.assess import assess_plan, assessment_to_dict, reachability_text

    if as_json and text:
        raise InputError("--json 与 --text 只能选一个")
    store = _store()
    plan_id = store.resolve_plan(plan)
    p = store.get_plan(plan_id)
    if year is not None:
        check_year(p, year)
    a = assess_plan(p, store.observations(plan_id), year)
    if as_json:
        _dump(assessment_to_dict(a))
        return
    if not p.indicator_tables:
        typer.echo(f"规划“{p.title}”没有指标表，没有可评估的指标。")
        return
    if text:
        typer.echo(reachability_text(a))
        return
    c = a.counts
    console = _console()
    console.print(f"[bold]{a.plan}[/bold]　{a.year or '—'}年评估", markup=True)
    console.print(f"  指标 {c['total']} 项：达标 {c['met']}，未达标 {c['not_met']}，待核定 {c['needs_review']}，无数据 {c['no_data']}")
    for label, groups in (("按领域", a.by_domain), ("按属性", a.by_attribute)):
        console.print(f"  {label}：" + "；".join(f"{g} 达标{v['met']}/{v['total']}" for g, v in groups.items()))
    t = Table("键", "指标", "属性", f"{a.year}年值", "达标情况", "下一阶段目标", "进展")
    for i in a.indicators:
        prog = "；".join(f"{p.target_year or ''}{p.label}" for p in i.progress)
        tgt = f"{i.target.year}年{i.target.label}" if i.target else ""
        value = f"{i.value:g}" if i.value is not None else (i.text or "")
        t.add_row(i.key, ("　" * i.level) + i.name, i.attribute or "", value, i.standard.label, tgt, prog)
    console.print(t)
    issues = [i for i in a.indicators if i.level == 0 and i.standard.status in ("not_met", "needs_review")]
    if issues:
        console.print("未达标及待核定指标的理由：")
        for i in issues:
            console.print(f"  - {i.key} {i.name}（{i.standard.label}）：{i.standard.reason}", markup=False)
    for f in a.findings:
        console.print(f"  [{f.slug}] {f}", markup=False)


def _assess_all(year: int | None, as_json: bool) -> None:
    """Every plan of the store, counted as ``ecociv assess PLAN`` counts it.  Without ``--year``
    each plan is judged for its own latest year with figures, and the counts come from the plan
    summaries the write paths store (a summary whose figures changed since is assessed again);
    with ``--year`` every plan is assessed for that year."""
    from ecociv.assess._summaries import current_summaries

    store = _store()
    names = store.plan_names()
    if year is None:
        summaries = current_summaries(store)
        found = {pid: (s.assessed_year, s.assessed_counts or {}) for pid, s in summaries.items()}
    else:
        from ecociv.assess import assess_plan

        found = {}
        for pid in names:
            plan = store.get_plan(pid, indicators_only=True)
            found[pid] = (year, dict(assess_plan(plan, store.observations(pid), year, check_plan=False).counts))
    order = (("met", "达标"), ("not_met", "未达标"), ("needs_review", "待核定"), ("no_data", "无数据"))
    rows: list[dict[str, Any]] = []
    for pid, (title, region) in names.items():
        y, c = found.get(pid, (None, {}))
        rows.append({"id": pid, "title": title, "region": region, "year": y, "total": c.get("total", 0),
                     "counts": {label: c.get(k, 0) for k, label in order}})
    if as_json:
        import orjson

        sys.stdout.buffer.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2) + b"\n")
        return
    total = {label: sum(r["counts"][label] for r in rows) for _, label in order}
    when = f"{year}年" if year is not None else "各规划最新有数据的年份（与 ecociv assess 规划 相同）"
    lines = [f"评估{when}：{len(rows)} 个规划，{sum(r['total'] for r in rows)} 项指标："
             + "，".join(f"{k} {v}" for k, v in total.items())]
    lines.append("编号\t地区\t年份\t" + "\t".join(label for _, label in order) + "\t规划")
    for r in rows:
        lines.append(f"{r['id']}\t{r['region']}\t{r['year'] or '—'}\t"
                     + "\t".join(str(r["counts"][label]) for _, label in order) + f"\t{r['title']}")
    sys.stdout.write("\n".join(lines) + "\n")


@app.command("lint")
def lint(
    file: Annotated[Path, typer.Argument(help="规划文件（.txt / .md / .docx）", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """检查规划文本的前后矛盾（专家评审会发现的问题）。"""
    from ecociv.assess import lint_file

    if not file.exists():
        raise InputError(f"文件不存在：{file}")
    findings = lint_file(file)
    if as_json:
        _dump([finding_to_dict(f) for f in findings])
        return
    if not findings:
        typer.echo(f"{file.name}：未发现问题。")
        return
    typer.echo(f"{file.name}：发现 {len(findings)} 处问题。")
    for f in findings:
        level = {"error": "错误", "warning": "警告", "info": "提示"}[f.severity]
        typer.echo(f"  [{level}][{f.slug}] {f}")
