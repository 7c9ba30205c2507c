"""``ecociv import FILE`` for one plan file, without Typer: read, apply the user's metadata, print
the overview (or the ``ecociv.plan/1`` JSON), optionally save.

The Typer command (:mod:`ecociv.cli._plans`) and the fast dispatch (:mod:`ecociv.cli._fast`) both
call :func:`write_import`; folders and several files go through Typer's command, which reads them
one by one with :func:`read_file` and saves them with :func:`save_plans`.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ecociv.errors import InputError
from ecociv.model import Plan

if TYPE_CHECKING:  # Rich, the store (SQLAlchemy, Alembic) load when a command needs them
    from rich.console import Console

    from ecociv.store import Store

__all__ = ["meta_overrides", "print_explain", "read_file", "save_plans", "write_import"]


def meta_overrides(region: str | None, period: str | None, base_year: int | None) -> dict[str, Any]:
    """The metadata a user states on the command line, checked (Chinese errors)."""
    from ecociv.importers import parse_period

    out: dict[str, Any] = {}
    if region is not None:
        if not region.strip():
            raise InputError("--region 不能为空")
        out["region"] = region.strip()
    if period is not None:
        try:
            out["period"] = parse_period(period)
        except ValueError as exc:
            raise InputError(f"--period：{exc}") from None
    if base_year is not None:
        if not 1949 <= base_year <= 2100:
            raise InputError(f"--base-year 应为 1949 到 2100 之间的年份，收到 {base_year}")
        out["base_year"] = base_year
    return out


def read_file(file: Path) -> Plan:
    """One plan file as read by its importer (or an ``ecociv.plan/1`` JSON file)."""
    if not file.exists():
        raise InputError(f"文件不存在：{file}")
    if file.is_dir():
        raise InputError(f"{file} 是文件夹，应为规划文件（.txt / .md / .docx / .doc / .pdf / .html / .xlsx / 图片 / .json）")
    if file.suffix.lower() == ".json":
        from ecociv.cli._plan_json import read_plan_json

        return read_plan_json(file)
    from ecociv.importers import read_plan  # the importer registry: text/Markdown, docx, PDF, images

    with _ocr_progress() as progress:
        return read_plan(file, progress=progress)


@contextlib.contextmanager
def _ocr_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar (on stderr) for pages read by OCR; nothing is shown (nor Rich's progress
    loaded) for other documents."""
    bar: Any = None
    task: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(
                TextColumn("OCR 识别扫描页"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(stderr=True), transient=True,
            )
            bar.start()
            task = bar.add_task("ocr", total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def print_warnings(console: Console, plan: Plan, limit: int = 20) -> None:
    if not plan.warnings:
        console.print("  导入警告：无")
        return
    console.print(f"  导入警告 {len(plan.warnings)} 条：")
    for w in plan.warnings[:limit]:
        console.print(f"    - [{w.slug}] {w}", markup=False)
    if len(plan.warnings) > limit:
        console.print(f"    …… 其余 {len(plan.warnings) - limit} 条可用 --json 查看")


def print_explain(console: Console, plan: Plan) -> None:
    """Which reader took each table and why; and what looked like a table but was not read."""
    console.print("  读表说明：", markup=False)
    if not plan.indicator_tables:
        console.print("    没有读出指标表。", markup=False)
    for k, table in enumerate(plan.indicator_tables, 1):
        why = table.explain.get("why") or "（此规划不是从文档导入的，没有读表记录）"
        console.print(f"    {k}. {table.title}：{why}", markup=False)
    for w in plan.warnings:
        if w.slug == "table-unread":
            console.print(f"    未读：{w.message}", markup=False)


def open_store() -> Store:
    from ecociv.store import open_store as _open

    return _open()


def save_plans(store: Store, plans: Iterable[Plan], *, replace: bool) -> list[int]:
    """Save plans in one transaction with their dashboard summaries, computed from the rows just
    written as each plan is saved (nothing read back)."""
    from ecociv.assess._summaries import SummariesOnSave

    summaries = SummariesOnSave()
    ids = store.save_plans(plans, replace=replace, listener=summaries)
    summaries.store(store)
    return ids


def write_import(
    file: Path,
    *,
    as_json: bool = False,
    save: bool = False,
    replace: bool = False,
    explain: bool = False,
    allow_empty: bool = False,
    overrides: dict[str, Any] | None = None,
) -> None:
    """What ``ecociv import FILE [options]`` does for one file."""
    plan = read_file(file)
    if overrides:
        from ecociv.importers import apply_meta

        apply_meta(plan, **overrides)
    if file.suffix.lower() != ".json" and not allow_empty:
        from ecociv.importers import nothing_read_message

        message = nothing_read_message(plan)
        if message:
            raise InputError(message)
    console = None
    if as_json:
        import orjson

        from ecociv._serialize import plan_to_dict

        text = orjson.dumps(plan_to_dict(plan), option=orjson.OPT_INDENT_2).decode()
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    else:
        from ecociv.cli._plan_show import console as make_console
        from ecociv.cli._plan_show import print_plan_overview

        console = make_console()
        print_plan_overview(console, plan)
        print_warnings(console, plan)
        if explain:
            print_explain(console, plan)
    if save or replace:
        store = open_store()
        plan_id = save_plans(store, [plan], replace=replace)[0]
        msg = f"已保存到数据库（编号 {plan_id}）：{store.url}"
        if console is None:
            print(msg, file=sys.stderr)
        else:
            console.print(msg, markup=False)
