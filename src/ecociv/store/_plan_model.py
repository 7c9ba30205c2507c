"""Stored plan rows -> the model: the part of rebuilding a plan that needs no SQLAlchemy.

:func:`ecociv.store._plan_load.load_plan` (SQLAlchemy, every database) and the light read path
of ``ecociv show`` (:mod:`ecociv.store._plan_read`, Python's ``sqlite3``) both build the plan,
its indicator tables and their rows here, from rows whose columns are attributes and whose JSON
columns are decoded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from ecociv.errors import NotFoundError
from ecociv.model import Baseline, Indicator, IndicatorTable, Plan, year_problem


def no_plan_numbered(text: str) -> NotFoundError:
    """What :meth:`Store.resolve_plan` says of an id that names no plan."""
    return NotFoundError(f"没有编号为 {text} 的规划（用 ecociv plans 查看已保存的规划）")


def one_plan(text: str, hits: Sequence[tuple[Any, Any, Any]]) -> int:
    """The plan a text reference names, from the (id, title, region) rows matching it: exactly
    one, else the Chinese message of :meth:`Store.resolve_plan` (none, or several to choose from)."""
    if len(hits) == 1:
        return int(hits[0][0])
    if not hits:
        raise NotFoundError(f"没有标题或地区包含“{text}”的规划（用 ecociv plans 查看已保存的规划）")
    names = "；".join(f"{h[0]}：{h[1]}（{h[2]}）" for h in hits[:10])
    raise NotFoundError(f"“{text}”对应多个规划，请用编号指定：{names}")


def _indicator(row: Any, children: dict[int | None, list[Any]]) -> Indicator:
    return Indicator(
        name=row.name,
        domain=row.domain,
        seq=row.seq,
        unit=row.unit,
        standard=row.standard,
        baseline=Baseline(year=row.baseline_year, value=row.baseline_value) if row.has_baseline else None,
        status=row.status,
        targets={int(y): v for y, v in (row.targets or {}).items()},
        actual={int(y): v for y, v in (row.actual or {}).items()},
        attribute=row.attribute,
        sub_indicators=[_indicator(c, children) for c in children.get(row.id, [])],
        source_line=row.source_line,
        extra=dict(row.extra or {}),
        direction=row.direction,
        catalog_id=row.catalog_id,
        cumulative=row.cumulative,
        outlook={int(y): v for y, v in (row.outlook or {}).items()},
        lead_unit=row.lead_unit,
    )


def indicator_tables(tables: list[Any], indicator_rows: Iterable[Any]) -> list[IndicatorTable]:
    """The plan's indicator tables from its table rows (in order) and their indicator rows
    (ordered by position, then id)."""
    children: dict[int | None, list[Any]] = defaultdict(list)
    top: dict[int, list[Any]] = defaultdict(list)
    for r in indicator_rows:
        if r.parent_id is None:
            top[r.table_id].append(r)
        else:
            children[r.parent_id].append(r)
    return [
        IndicatorTable(
            title=t.title,
            rows=[_indicator(r, children) for r in top.get(t.id, [])],
            columns=list(t.columns or []),
            source_line=t.source_line,
            kind=t.kind,
            explain=dict(t.explain or {}),
        )
        for t in tables
    ]


def plan_from_row(p: Any, region: str, **more: Any) -> tuple[Plan, list[str]]:
    """The plan of a ``plans`` row (without components) and what in it no reader can use."""
    base_year, period, stage_years, bad = stored_years(p)
    plan = Plan(
        title=p.title,
        region=region,
        kind=p.kind,
        base_year=base_year,
        period=period,
        stage_years=stage_years,
        source_file=p.source_file,
        encoding=p.encoding,
        table_coverage=dict(p.table_coverage or {}),
        **more,
    )
    return plan, bad


def stored_years(p: Any) -> tuple[int | None, tuple[int, int] | None, list[int], list[str]]:
    """Base year, period and stage years of a stored plan row; values no reader can use (written by
    hand or by an older version) are left out and said, so that pages show the plan, not an error."""
    bad: list[str] = []

    def year(value: Any, label: str) -> int | None:
        if value is None:
            return None
        problem = year_problem(value)
        if problem:
            bad.append(f"数据库中的{label}无效（{problem}），已忽略")
            return None
        return int(value)

    base = year(p.base_year, "基准年")
    start, end = year(p.period_start, "规划期起始年"), year(p.period_end, "规划期结束年")
    period = (start, end) if start is not None and end is not None else None
    if period and period[0] > period[1]:
        bad.append(f"数据库中的规划期 {start}—{end} 起止颠倒，已忽略")
        period = None
    stages = p.stage_years if isinstance(p.stage_years, list) else []
    return base, period, [y for y in (year(v, "目标年") for v in stages) if y is not None], bad
