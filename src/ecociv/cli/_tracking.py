"""Task and department follow-up commands: tasks, units, progress, projects."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ecociv.cli._app import app
from ecociv.errors import InputError

if TYPE_CHECKING:  # the tracking area and the store load when a command needs them
    from ecociv.store import Store
    from ecociv.tracking._register import ProjectRow, QuantityRow, TaskRow

_STATUS_STYLE = {"未启动": "dim", "推进中": "cyan", "已完成": "green", "滞后": "bold red"}


def _console() -> Console:
    return Console(highlight=False)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def open_store() -> Store:
    from ecociv.store import open_store as _open

    return _open()


def _as_of(text: str | None) -> dt.date | None:
    from ecociv.tracking import parse_date

    return parse_date(text, "--as-of 日期") if text else None


def _styled(status: str) -> str:
    return f"[{_STATUS_STYLE.get(status, '')}]{status}[/]"


@app.command("tasks")
def tasks_cmd(
    plan: Annotated[str, typer.Argument(help="已保存的规划：编号、标题或地区", show_default=False)],
    unit: Annotated[str | None, typer.Option("--unit", help="只看该单位牵头或配合的任务（可写简称）")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="只看已逾期（滞后）的任务")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="按该日期判断进展与逾期（默认今天）")] = None,
    export: Annotated[Path | None, typer.Option("--export", help="导出任务分解表（.xlsx）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """任务清单：每项任务的牵头、配合单位，量化目标，完成时限与进展。"""
    from ecociv.tracking import export_task_table, load_register, quantity_text, task_row_to_dict
    from ecociv.tracking._export import deadline_text, progress_text

    if export is not None:
        if export.is_dir():
            raise InputError(f"{export} 是文件夹，应为输出文件（.xlsx）")
        if not export.parent.exists():
            raise InputError(f"输出文件夹不存在：{export.parent}")
    store = open_store()
    reg = load_register(store, plan, as_of=_as_of(as_of))
    rows = reg.tasks
    if unit:
        rows = reg.for_unit(unit)
        if not rows:
            canonical = reg.aliases.canonical(unit)
            also = f"（标准名称：{canonical}）" if canonical != unit else ""
            raise InputError(f"规划“{reg.title}”中没有“{unit}”{also}承担的任务（用 ecociv units 规划 查看各单位）")
    if overdue:
        wanted = {r.ref for r in reg.overdue()}
        rows = [r for r in rows if r.ref in wanted]
    if export is not None:
        n = export_task_table(reg, export, rows)
        _console().print(f"已导出任务分解表：{export}（任务 {n} 项，进展截至 {reg.as_of.isoformat()}）")
        return
    if as_json:
        _print_json([task_row_to_dict(r) for r in rows])
        return
    console = _console()
    what = "逾期任务" if overdue else "任务"
    scope = f"（{reg.aliases.canonical(unit)}）" if unit else ""
    console.print(f"[bold]{reg.title}[/bold] {what}{scope} {len(rows)} 项，进展截至 {reg.as_of.isoformat()}")
    table = Table(show_lines=True)
    for col in ("序号", "任务", "量化目标", "牵头单位", "配合单位", "完成时限", "进展"):
        table.add_column(col, overflow="fold")
    for r in rows:
        role = ""
        if unit:
            role = "【牵头】" if r.lead == reg.aliases.canonical(unit) else "【配合】"
        table.add_row(
            r.ref,
            f"{role}{r.task.section or ''}\n{r.task.text}",
            "\n".join(quantity_text(q.quantity) for q in r.quantities),
            r.lead or "",
            "、".join(r.assists),
            deadline_text(r.deadline),
            _styled(r.standing.status) + progress_text(r)[len(r.standing.status) :],
        )
    console.print(table)


def _aliases(suggest: bool, add: list[str], remove: list[str], as_json: bool) -> None:
    from ecociv.tracking import (
        add_alias,
        default_alias_table,
        load_alias_table,
        remove_alias,
        stored_unit_names,
        suggest_aliases,
        suggestion_to_dict,
    )

    store = open_store()
    user = getpass.getuser()
    for entry in add:
        alias, sep, canonical = entry.partition("=")
        if not sep:
            raise InputError(f"--add 的格式应为 别名=标准名称，收到：“{entry}”")
        add_alias(store, alias, canonical, user=user)
    for alias in remove:
        remove_alias(store, alias, user=user)
    table = load_alias_table(store)
    if suggest:
        suggestions = suggest_aliases(stored_unit_names(store), table)
        if as_json:
            _print_json([suggestion_to_dict(s) for s in suggestions])
            return
        console = _console()
        if not suggestions:
            console.print("未发现可能的别名（已保存规划中的单位名称都已归并）。")
            return
        console.print(f"发现 {len(suggestions)} 组可能是同一单位的名称：")
        for s in suggestions:
            console.print(
                f"  {s.alias}（{s.count_alias} 次）→ {s.canonical}（{s.count_canonical} 次）：{s.reason}",
                markup=False,
            )
        console.print("确认后可执行：ecociv units aliases --add 别名=标准名称")
        return
    if as_json:
        _print_json(
            {
                "aliases": dict(sorted(table.aliases.items())),
                "user_aliases": sorted(table.user_aliases),
                "placeholders": sorted(table.placeholders),
            }
        )
        return
    console = _console()
    defaults = default_alias_table().aliases
    t = Table(title="单位别名表")
    t.add_column("别名")
    t.add_column("标准名称")
    t.add_column("来源")
    for alias, canonical in sorted(table.aliases.items(), key=lambda kv: (kv[1], kv[0])):
        source = "用户设置" if alias in table.user_aliases else "内置" if alias in defaults else ""
        t.add_row(alias, canonical, source)
    console.print(t)
    console.print(f"占位单位（不指具体部门）：{'、'.join(sorted(table.placeholders))}", markup=False)


@app.command("units")
def units_cmd(
    plan: Annotated[
        str, typer.Argument(help="已保存的规划（编号、标题或地区），或 aliases 查看/编辑别名表", show_default=False)
    ],
    suggest: Annotated[bool, typer.Option("--suggest", help="（aliases）列出可能是同一单位的名称")] = False,
    add: Annotated[list[str] | None, typer.Option("--add", help="（aliases）添加别名：别名=标准名称")] = None,
    remove: Annotated[list[str] | None, typer.Option("--remove", help="（aliases）删除用户设置的别名")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="按该日期判断进展与逾期（默认今天）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """部门视图：每个单位牵头、配合哪些任务，进展如何。ecociv units aliases 管理单位别名表。"""
    if plan == "aliases":
        _aliases(suggest, add or [], remove or [], as_json)
        return
    if suggest or add or remove:
        raise InputError("--suggest、--add、--remove 用于别名表：ecociv units aliases --suggest")
    from ecociv.tracking import STATUSES, department_view, load_register, suggest_aliases, unit_view_to_dict

    store = open_store()
    reg = load_register(store, plan, as_of=_as_of(as_of))
    views = department_view(reg)
    if as_json:
        _print_json([unit_view_to_dict(v) for v in views])
        return
    console = _console()
    if not views:
        console.print(f"规划“{reg.title}”的任务没有注明责任单位（〔责任单位：…〕），没有部门视图。", markup=False)
        return
    named = [v for v in views if not v.placeholder]
    console.print(
        f"[bold]{reg.title}[/bold] 责任单位 {len(views)} 个（其中占位 {len(views) - len(named)} 个），"
        f"进展截至 {reg.as_of.isoformat()}"
    )
    t = Table()
    for col in ("单位", "牵头", "配合", *STATUSES, "逾期", "牵头任务"):
        t.add_column(col, overflow="fold")
    for v in views:
        c = v.counts
        name = v.name + ("（占位）" if v.placeholder else "")
        if v.written_as:
            name += f"\n又作：{'、'.join(v.written_as)}"
        t.add_row(
            name,
            str(len(v.leads)),
            str(len(v.assists)),
            *(str(c[s]) for s in STATUSES),
            f"[bold red]{v.overdue}[/]" if v.overdue else "0",
            " ".join(r.ref for r in v.leads),
        )
    console.print(t)
    hints = suggest_aliases([u for r in reg.tasks for u in r.task.units], reg.aliases)
    if hints:
        console.print(
            f"提示：有 {len(hints)} 组名称可能是同一单位（如“{hints[0].alias}”与“{hints[0].canonical}”），"
            "运行 ecociv units aliases --suggest 查看。",
            markup=False,
        )


@app.command("progress")
def progress_cmd(
    plan: Annotated[str, typer.Argument(help="已保存的规划：编号、标题或地区", show_default=False)],
    target: Annotated[
        str, typer.Argument(help="任务 T12、量化目标 T12.1、重点工程 P3，或名称", show_default=False)
    ],
    status: Annotated[str | None, typer.Option("--status", help="未启动 / 推进中 / 已完成 / 滞后")] = None,
    note: Annotated[str | None, typer.Option("--note", help="进展说明")] = None,
    evidence: Annotated[str | None, typer.Option("--evidence", help="佐证材料（文件名、文号、链接）")] = None,
    date: Annotated[str | None, typer.Option("--date", help="进展日期（默认今天）")] = None,
    user: Annotated[str | None, typer.Option("--user", help="记录人（默认当前系统用户）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """记录任务、量化目标或重点工程的进展；不带 --status 时显示进展记录。"""
    from ecociv.tracking import entry_to_dict, load_register, parse_date, record_progress

    store = open_store()
    if status is None:
        if note or evidence or date:
            raise InputError("记录进展需要 --status（未启动 / 推进中 / 已完成 / 滞后）")
        row = load_register(store, plan).find(target)
        entries = row.entries
        if as_json:
            _print_json([entry_to_dict(e) for e in entries])
            return
        console = _console()
        console.print(f"{row.ref} {_label(row)}：当前{_styled(row.standing.status)}")
        if not entries:
            console.print("  暂无进展记录")
        for e in entries:
            extra = f"；佐证：{e.evidence}" if e.evidence else ""
            console.print(
                f"  {e.as_of} {e.status} {e.note or ''}{extra}（{e.recorded_by or '未知'}记录）", markup=False
            )
        return
    day = parse_date(date, "--date 日期") if date else None
    row, entry = record_progress(
        store, plan, target, status, note=note, evidence=evidence, as_of=day, user=user or getpass.getuser()
    )
    if as_json:
        _print_json(entry_to_dict(entry))
        return
    _console().print(f"已记录 {row.ref} {_label(row)}：{entry.status}（{entry.as_of}）", markup=False)


def _label(row: TaskRow | QuantityRow | ProjectRow) -> str:
    from ecociv.tracking import quantity_text
    from ecociv.tracking._register import ProjectRow, QuantityRow

    if isinstance(row, ProjectRow):
        return row.project.name
    if isinstance(row, QuantityRow):
        return quantity_text(row.quantity)
    return row.task.title or row.task.text[:30]


@app.command("projects")
def projects_cmd(
    plan: Annotated[str, typer.Argument(help="已保存的规划：编号、标题或地区", show_default=False)],
    as_of: Annotated[str | None, typer.Option("--as-of", help="按该日期判断进展（默认今天）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """重点工程清单：所属专栏、内容、投资（万元）、实施期限、责任单位与进展，附投资合计。"""
    from ecociv.tracking import load_register, projects_to_dict

    store = open_store()
    reg = load_register(store, plan, as_of=_as_of(as_of))
    data = projects_to_dict(reg)
    if as_json:
        _print_json(data)
        return
    console = _console()
    if not reg.projects:
        console.print(f"规划“{reg.title}”没有重点工程。", markup=False)
        return
    console.print(f"[bold]{reg.title}[/bold] 重点工程 {len(reg.projects)} 项")
    t = Table(show_lines=True)
    for col in ("序号", "专栏", "工程名称", "主要内容", "投资（万元）", "期限", "责任单位", "进展"):
        t.add_column(col, overflow="fold")
    for p in reg.projects:
        inv = p.project.investment_wan_yuan
        content = p.project.content or ""
        t.add_row(
            p.ref,
            p.project.column or "",
            p.project.name,
            content[:80] + ("…" if len(content) > 80 else ""),
            f"{inv:,.2f}" if inv is not None else "未注明",
            p.project.period or "",
            "、".join(p.project.responsible),
            _styled(p.standing.status),
        )
    console.print(t)
    for c in data["columns"]:
        console.print(
            f"  {c['column'] or '（未归入专栏）'}：{c['projects']} 项，"
            f"注明投资 {c['with_investment']} 项，合计 {c['investment_wan_yuan']:,.2f} 万元"
        )
    console.print(
        f"  投资合计：{data['total_investment_wan_yuan']:,.2f} 万元"
        f"（{data['projects_with_investment']}/{len(reg.projects)} 项注明投资）"
    )
