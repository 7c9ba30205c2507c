"""Plan metadata after import: ``plan set`` (region, period, base year), the overrides of
``import --region/--period/--base-year``, and the ``import --explain`` listing."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console

from ecociv.cli._standards import plan_app
from ecociv.errors import InputError
from ecociv.model import Plan

__all__ = ["meta_overrides", "print_explain"]


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


@plan_app.command("set")
def plan_set(
    plan_ref: Annotated[
        str, typer.Argument(metavar="PLAN", help="规划编号，或标题/地区中的文字", show_default=False)
    ],
    region: Annotated[str | None, typer.Option("--region", help="所属地区，如 某某县", show_default=False)] = None,
    period: Annotated[str | None, typer.Option("--period", help="规划期，如 2021-2030", show_default=False)] = None,
    base_year: Annotated[int | None, typer.Option("--base-year", help="基准年，如 2020", show_default=False)] = None,
) -> None:
    """修改已保存规划的地区、规划期或基准年（导入时识别有误或未识别时使用；修改记入审计日志）。"""
    changes = meta_overrides(region, period, base_year)
    if not changes:
        raise InputError("请至少给出 --region、--period、--base-year 中的一项")
    from ecociv.store import open_store

    store = open_store()
    from ecociv.assess import refresh_summaries

    plan_id = store.resolve_plan(plan_ref)
    plan = store.update_plan_meta(plan_id, **changes)
    refresh_summaries(store, [plan_id])
    period_text = f"{plan.period[0]}—{plan.period[1]}年" if plan.period else "未注明"
    Console(highlight=False, soft_wrap=True).print(
        f"已更新“{plan.title}”：地区 {plan.region}，规划期 {period_text}，基准年 {plan.base_year or '未注明'}",
        markup=False,
    )
