"""``ecociv show PLAN [--table N]`` and the plan overview, without Typer (Rich writes the tables).

The Typer command (:mod:`ecociv.cli._plans`) and the fast dispatch (:mod:`ecociv.cli._fast`)
both call :func:`write_show`.  On a current SQLite file the plan is read with ``sqlite3``
(:func:`ecociv.store._plan_read.plan_to_show`: its indicator tables and the number of its tasks
and projects, which is all ``show`` prints); any other database through the store.
"""

from __future__ import annotations

from rich.console import Console

from ecociv.cli._plan_text import period_text
from ecociv.errors import InputError
from ecociv.model import Plan


def console() -> Console:
    return Console(highlight=False, soft_wrap=True)


def print_plan_overview(out: Console, plan: Plan, counts: tuple[int, int] | None = None) -> None:
    """A few lines about ``plan``: metadata, tables with row counts, tasks, projects, warnings.

    ``counts`` (tasks, projects) stands for ``plan.tasks`` and ``plan.projects`` when those were
    not read."""
    out.print(plan.title, style="bold", markup=False)
    out.print(
        f"  地区：{plan.region}　类型：{plan.kind or '未注明'}　基准年：{plan.base_year or '未注明'}"
        f"　规划期：{period_text(plan.period)}　目标年：{'、'.join(map(str, plan.stage_years)) or '未注明'}",
        markup=False,
    )
    if plan.source_file or plan.encoding:
        out.print(f"  来源：{plan.source_file or '—'}" + (f"（编码 {plan.encoding}）" if plan.encoding else ""), markup=False)
    if not plan.indicator_tables:
        out.print("  指标表：无")
    else:
        out.print(f"  指标表 {len(plan.indicator_tables)} 张：")
    for table in plan.indicator_tables:
        subs = sum(len(r.walk()) - 1 for r in table.rows)
        more = f"，另有子项 {subs} 行" if subs else ""
        out.print(f"    - {table.title}：指标 {len(table.rows)} 项{more}", markup=False)
    n_tasks, n_projects = counts if counts is not None else (len(plan.tasks), len(plan.projects))
    out.print(f"  任务 {n_tasks} 项，重点工程 {n_projects} 项")
    cov = plan.table_coverage
    if cov.get("rate") is not None:
        out.print(
            f"  表格行识别率 {float(cov['rate']):.0%}（表格样式的 {cov['table_like_lines']} 行中，"
            f"{cov['read_lines']} 行读入指标表、任务或重点工程；未识别的表格 {cov['unread_blocks']} 处）",
            markup=False,
        )


def _read(plan_ref: str) -> tuple[Plan, tuple[int, int]]:
    from ecociv.store._plan_read import plan_to_show

    found = plan_to_show(plan_ref)
    if found is not None:
        return found.plan, (found.n_tasks, found.n_projects)
    from ecociv.store import open_store

    plan = open_store().get_plan(plan_ref)
    return plan, (len(plan.tasks), len(plan.projects))


def write_show(plan_ref: str, table_no: int | None) -> None:
    """What ``ecociv show PLAN [--table N]`` prints."""
    plan, counts = _read(plan_ref)
    tables = list(enumerate(plan.indicator_tables))
    if table_no is not None:
        if not tables:
            raise InputError(f"规划“{plan.title}”没有指标表，不能用 --table")
        if not 1 <= table_no <= len(tables):
            raise InputError(f"--table 应在 1 到 {len(tables)} 之间，收到 {table_no}")
        tables = [tables[table_no - 1]]
    out = console()
    print_plan_overview(out, plan, counts)
    from rich.table import Table
    from rich.text import Text

    from ecociv.store.export import indicator_columns, indicator_rows

    for _, table in tables:
        cols = indicator_columns(table)
        view = Table(title=Text(table.title), show_lines=False, title_justify="left")
        for c in cols:
            view.add_column(Text(c.label), overflow="fold")
        for depth, ind in indicator_rows(table):
            cells = []
            for c in cols:
                text = c.cell(ind) or ""
                if c.is_name and depth:
                    text = "　" * depth + "└─" + text
                cells.append(Text(text))  # cell texts as written, never read as markup
            view.add_row(*cells, style="dim" if depth else None)
        out.print(view)
