"""Plan commands: import, plans, show, export, sample load, demo."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from ecociv._serialize import plan_from_dict, plan_to_dict
from ecociv.cli._app import app
from ecociv.cli._plan_import import meta_overrides, open_store, read_file, save_plans, write_import
from ecociv.cli._plan_show import console as _console
from ecociv.cli._plan_show import print_plan_overview, write_show
from ecociv.cli._plan_text import write_plans
from ecociv.errors import InputError, os_reason
from ecociv.model import Plan

if TYPE_CHECKING:  # the store (SQLAlchemy, Alembic, openpyxl) loads when a command needs it
    from ecociv.store import Store


def _summarise(store: Store, plan_ids: list[int]) -> None:
    """Store the saved plans' dashboard summaries now, so that the dashboard never waits for them."""
    from ecociv.assess import refresh_summaries

    refresh_summaries(store, plan_ids)


sample_app = typer.Typer(help="示例数据：随软件附带的三份示例规划。", no_args_is_help=True)
app.add_typer(sample_app, name="sample")


_PLAN_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".json", ".html", ".htm", ".doc", ".wps", ".rtf", ".odt", ".xlsx", ".xls", ".et", ".ods")


def _plan_files(paths: list[Path]) -> list[Path]:
    """The files named, a folder standing for its plan files (.txt .md .docx .pdf .json .html .doc .xlsx …, by name)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in _PLAN_SUFFIXES)
            if not found:
                raise InputError(f"文件夹 {path} 中没有规划文件（.txt / .md / .docx / .doc / .pdf / .html / .xlsx / .json）")
            out.extend(found)
        else:
            out.append(path)
    return out


@app.command("import")
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="规划文件（.txt / .md，UTF-8 或 GBK/GB18030；.docx；.doc/.wps/.rtf/.odt，经 LibreOffice 转换；.html 网页；.pdf，含扫描件；Excel 工作簿 .xlsx（指标体系、任务分工表），.xls/.et/.ods 经 LibreOffice 转换；.png/.jpg/.tif 图片；或 ecociv.plan/1 格式的 .json），"
            "可给多个文件或文件夹（与 --save 同用时在一个事务中全部保存）",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="输出结构化 JSON（ecociv.plan/1）")] = False,
    save: Annotated[bool, typer.Option("--save", help="保存到数据库")] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="与 --save 同用：替换数据库中同标题同地区的规划（保留已录入的数据）"),
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="说明每张指标表由哪种读法读出、表头在哪一行、各列如何对应")
    ] = False,
    allow_empty: Annotated[
        bool, typer.Option("--allow-empty", help="文档中有表格样式的内容却没有读出指标表时，仍然导入")
    ] = False,
    region: Annotated[
        str | None, typer.Option("--region", help="所属地区（覆盖从标题识别的结果），如 某某县", show_default=False)
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="规划期（覆盖识别结果），如 2021-2030", show_default=False)
    ] = None,
    base_year: Annotated[
        int | None, typer.Option("--base-year", help="基准年（覆盖识别结果），如 2020", show_default=False)
    ] = None,
) -> None:
    """导入规划文件：识别指标表、任务、重点工程，显示摘要或输出 JSON，可保存到数据库。"""
    overrides = meta_overrides(region, period, base_year)
    paths = _plan_files(files)
    if len(paths) > 1 or files[0].is_dir():
        if as_json:
            raise InputError("--json 只能用于单个规划文件")
        if overrides:
            raise InputError("--region、--period、--base-year 只能用于单个规划文件")
        _import_many(paths, save=save or replace, replace=replace, allow_empty=allow_empty)
        return
    write_import(
        paths[0], as_json=as_json, save=save, replace=replace, explain=explain, allow_empty=allow_empty,
        overrides=overrides,
    )


def _import_many(paths: list[Path], *, save: bool, replace: bool, allow_empty: bool = False) -> None:
    """Many plans: one line each; with ``save`` they are saved as they are read, in one
    transaction (all or none: a file that cannot be read leaves the database unchanged)."""

    def read_all() -> Iterator[Plan]:
        for path in paths:
            plan = read_file(path)
            if path.suffix.lower() != ".json" and not allow_empty:
                from ecociv.importers import nothing_read_message

                message = nothing_read_message(plan)
                if message:
                    raise InputError(message)
            n_warn = f"，{len(plan.warnings)} 条提示" if plan.warnings else ""
            typer.echo(f"{path.name}：{plan.title}（{plan.region}），指标 {len(plan.indicators())} 项，"
                       f"任务 {len(plan.tasks)} 项，工程 {len(plan.projects)} 项{n_warn}")
            yield plan

    if not save:
        n = sum(1 for _ in read_all())
        typer.echo(f"共读取 {n} 份规划（未保存；加 --save 保存到数据库）")
        return
    store = open_store()
    ids = save_plans(store, read_all(), replace=replace)
    typer.echo(f"已保存 {len(ids)} 份规划到数据库（编号 {min(ids)}—{max(ids)}）：{store.url}")


@app.command("plans")
def plans(
    as_json: Annotated[
        bool, typer.Option("--json", help="输出 JSON（每份规划的编号、标题、地区、数量等）")
    ] = False,
) -> None:
    """列出数据库中已保存的规划。"""
    write_plans(as_json)


@app.command("show")
def show(
    plan_ref: Annotated[
        str, typer.Argument(metavar="PLAN", help="规划编号，或标题/地区中的文字", show_default=False)
    ],
    table_no: Annotated[
        int | None, typer.Option("--table", "-t", help="只显示第几张指标表（从 1 开始）", show_default=False)
    ] = None,
) -> None:
    """显示一份已保存规划的指标表（子项缩进显示）。"""
    write_show(plan_ref, table_no)


@app.command("delete")
def delete(
    plan_ref: Annotated[
        str, typer.Argument(metavar="PLAN", help="规划编号，或标题/地区中的文字", show_default=False)
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不再询问，直接删除")] = False,
) -> None:
    """从数据库删除一份规划及其全部指标、年度数据、任务、工程和进展记录（审计日志保留）。"""
    store = open_store()
    plan_id = store.resolve_plan(plan_ref)
    summary = next(s for s in store.list_plans() if s.id == plan_id)
    if not yes and not typer.confirm(
        f"确定删除规划“{summary.title}”（编号 {plan_id}）及其全部数据？", default=False
    ):
        _console().print("未删除。")
        raise typer.Exit(1)
    store.delete_plan(plan_id)
    _console().print(f"已删除规划“{summary.title}”（编号 {plan_id}）。", markup=False)


class ExportFormat(StrEnum):
    json = "json"
    xlsx = "xlsx"


def _export_format(output: Path, fmt: ExportFormat | None) -> ExportFormat:
    """The format asked for, else the one the output's suffix names; a mismatch is an error."""
    by_suffix = {f".{f.value}": f for f in ExportFormat}.get(output.suffix.lower())
    if fmt is None:
        if by_suffix is None:
            raise InputError(f"无法从输出文件名 {output.name} 判断格式：请用 .json 或 .xlsx 结尾，或用 --format 指定")
        return by_suffix
    if by_suffix is not None and by_suffix is not fmt:
        raise InputError(f"输出文件 {output.name} 的后缀与 --format {fmt.value} 不符")
    return fmt


@app.command("export")
def export(
    plan_ref: Annotated[
        str, typer.Argument(metavar="PLAN", help="规划编号，或标题/地区中的文字", show_default=False)
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件（.json 或 .xlsx）", show_default=False)],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", "-f", help="json 或 xlsx（默认按输出文件后缀）", show_default=False),
    ] = None,
) -> None:
    """导出一份已保存的规划：JSON（与 import --json 相同）或 Excel（每张指标表一个工作表，另有任务、重点工程）。"""
    fmt = _export_format(output, fmt)
    if output.is_dir():
        raise InputError(f"{output} 是文件夹，应为输出文件（.{fmt.value}）")
    if output.parent and not output.parent.exists():
        raise InputError(f"输出文件夹不存在：{output.parent}")
    store = open_store()
    plan = store.get_plan(plan_ref)
    try:
        if fmt is ExportFormat.json:
            output.write_text(
                json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        else:
            from ecociv.store.export import plan_to_xlsx

            plan_to_xlsx(plan, output)
    except OSError as exc:
        raise InputError(f"无法写入 {output}：{os_reason(exc)}") from exc
    _console().print(f"已导出“{plan.title}”到 {output}", markup=False)


# --- sample data and demo ---------------------------------------------------------------------


def sample_plans() -> list[Plan]:
    """The sample plans shipped in ``ecociv/sample_data`` (produced by the importer)."""
    folder = resources.files("ecociv") / "sample_data"
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            out.append(plan_from_dict(json.loads(entry.read_text(encoding="utf-8"))))
    return out


def load_samples(store: Store) -> tuple[list[int], list[int]]:
    """Save every sample plan not yet in ``store``; returns (new ids, ids already there)."""
    existing = {(s.title, s.region): s.id for s in store.list_plans()}
    added, kept = [], []
    for plan in sample_plans():
        known = existing.get((plan.title, plan.region))
        if known is not None:
            kept.append(known)
        else:
            added.append(store.save_plan(plan, user="sample"))
    _summarise(store, added)
    return added, kept


@sample_app.command("load")
def sample_load() -> None:
    """把随软件附带的示例规划加载到数据库（已加载的不会重复加载）。"""
    store = open_store()
    added, kept = load_samples(store)
    _console().print(
        f"示例规划：新加载 {len(added)} 份，已存在 {len(kept)} 份。数据库：{store.url}", markup=False
    )


def _demo_load(store: Store, console: Console) -> None:
    added, kept = load_samples(store)
    console.print(
        f"示例规划：新加载 {len(added)} 份，已存在 {len(kept)} 份。数据库：{store.url}", markup=False
    )


def _demo_summaries(store: Store, console: Console) -> None:
    for summary in store.list_plans():
        console.rule()
        console.print(f"编号 {summary.id}", markup=False)
        print_plan_overview(console, store.get_plan(summary.id))


#: What ``ecociv demo`` (and so ``make run``) does, in order.  Other areas extend it by appending
#: or replacing steps from their CLI module, e.g. the web app adds a step that creates the demo
#: account and starts the server.
DEMO_STEPS: list[Callable[[Store, Console], None]] = [_demo_load, _demo_summaries]


def run_demo(store: Store, console: Console | None = None) -> None:
    console = console or _console()
    for step in DEMO_STEPS:
        step(store, console)


@app.command("demo")
def demo() -> None:
    """演示（make run 调用）：加载示例规划到默认数据库，显示每份规划的摘要，再创建演示账户并启动网页仪表板。"""
    run_demo(open_store())
