"""Plan metadata after import: ``plan set`` (region, period, base year), checked as
``import --region/--period/--base-year`` are (:func:`ecociv.cli._plan_import.meta_overrides`)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from ecociv.cli._plan_import import meta_overrides
from ecociv.cli._standards import plan_app
from ecociv.errors import InputError

__all__ = ["plan_set"]


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
