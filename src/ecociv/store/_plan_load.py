"""Rebuilding a stored plan (the model) from its relational rows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Column, Row, Select, Table, select
from sqlalchemy.engine import Connection

from ecociv.model import (
    Baseline,
    Finding,
    Indicator,
    IndicatorTable,
    Plan,
    Project,
    Quantity,
    Region,
    Task,
    year_problem,
)
from ecociv.store.tables import (
    findings,
    indicator_tables,
    indicators,
    plans,
    project_quantities,
    projects,
    regions,
    task_quantities,
    task_units,
    tasks,
)


def _indicator(row: Row[Any], children: dict[int | None, list[Row[Any]]]) -> Indicator:
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


def stored_region(conn: Connection, region: Row[Any]) -> Region:
    """A plan's region as stored (a region row gathers what every plan of it said)."""
    parent = None
    if region.parent_id is not None:
        parent = conn.execute(select(regions.c.name).where(regions.c.id == region.parent_id)).scalar()
    return Region(name=region.name, level=region.level, parent=parent, code=region.code, terrain=region.terrain)


def load_plan(conn: Connection, plan_id: int, *, indicators_only: bool = False) -> Plan:
    p = conn.execute(select(plans).where(plans.c.id == plan_id)).one()
    region = conn.execute(select(regions).where(regions.c.id == p.region_id)).one()
    region_info = stored_region(conn, region) if p.region_detail else None
    tables_ = list(
        conn.execute(
            select(indicator_tables)
            .where(indicator_tables.c.plan_id == plan_id)
            .order_by(indicator_tables.c.position)
        )
    )
    ind_rows = conn.execute(
        select(indicators)
        .where(indicators.c.table_id.in_([t.id for t in tables_]))
        .order_by(indicators.c.position, indicators.c.id)
    )
    children: dict[int | None, list[Row[Any]]] = defaultdict(list)
    top: dict[int, list[Row[Any]]] = defaultdict(list)
    for r in ind_rows:
        if r.parent_id is None:
            top[r.table_id].append(r)
        else:
            children[r.parent_id].append(r)
    base_year, period, stage_years, bad = _stored_years(p)
    plan = Plan(
        title=p.title,
        region=region.name,
        kind=p.kind,
        base_year=base_year,
        period=period,
        stage_years=stage_years,
        source_file=p.source_file,
        encoding=p.encoding,
        region_info=region_info,
        table_coverage=dict(p.table_coverage or {}),
    )
    plan.indicator_tables = [
        IndicatorTable(
            title=t.title,
            rows=[_indicator(r, children) for r in top.get(t.id, [])],
            columns=list(t.columns or []),
            source_line=t.source_line,
            kind=t.kind,
            explain=dict(t.explain or {}),
        )
        for t in tables_
    ]
    if indicators_only:
        return plan
    plan.tasks = _load_tasks(conn, plan_id)
    plan.projects = _load_projects(conn, plan_id)
    plan.warnings = [
        Finding(
            slug=r.slug,
            message=r.message,
            severity=r.severity,
            line=r.line,
            file=r.file,
            sheet=r.sheet,
            row=r.row,
            column=r.column,
            data=dict(r.data or {}),
        )
        for r in conn.execute(
            select(findings).where(findings.c.plan_id == plan_id).order_by(findings.c.position)
        )
    ]
    plan.warnings += [Finding(slug="stored-value-invalid", message=m, severity="error") for m in bad]
    return plan


def _quantities_of(
    conn: Connection, table: Table, owner: Column[int], owners: Select[Any]
) -> dict[int, list[Quantity]]:
    out: dict[int, list[Quantity]] = defaultdict(list)
    stmt = select(table).where(owner.in_(owners)).order_by(table.c.position, table.c.id)
    for r in conn.execute(stmt):
        out[r._mapping[owner.name]].append(
            Quantity(
                text=r.text,
                value=r.value,
                unit=r.unit,
                comparison=r.comparison,
                deadline=r.deadline,
                subject=r.subject,
            )
        )
    return out


def _load_projects(conn: Connection, plan_id: int) -> list[Project]:
    project_ids = select(projects.c.id).where(projects.c.plan_id == plan_id)
    quantities_of = _quantities_of(conn, project_quantities, project_quantities.c.project_id, project_ids)
    return [
        Project(
            name=r.name,
            column=r.column_name,
            content=r.content,
            investment_wan_yuan=r.investment_wan_yuan,
            period=r.period,
            responsible=list(r.responsible or []),
            source_line=r.source_line,
            quantities=quantities_of.get(r.id, []),
        )
        for r in conn.execute(
            select(projects).where(projects.c.plan_id == plan_id).order_by(projects.c.position)
        )
    ]


def _load_tasks(conn: Connection, plan_id: int) -> list[Task]:
    task_ids = select(tasks.c.id).where(tasks.c.plan_id == plan_id)
    units_of: dict[int, list[str]] = defaultdict(list)
    for r in conn.execute(
        select(task_units).where(task_units.c.task_id.in_(task_ids)).order_by(task_units.c.position)
    ):
        units_of[r.task_id].append(r.unit_name)
    quantities_of = _quantities_of(conn, task_quantities, task_quantities.c.task_id, task_ids)
    return [
        Task(
            text=r.text,
            units=units_of.get(r.id, []),
            section=r.section,
            title=r.title,
            deadline=r.deadline,
            quantities=quantities_of.get(r.id, []),
            source_line=r.source_line,
            placeholders=list(r.placeholders or []),
        )
        for r in conn.execute(select(tasks).where(tasks.c.plan_id == plan_id).order_by(tasks.c.position))
    ]


def _stored_years(p: Any) -> tuple[int | None, tuple[int, int] | None, list[int], list[str]]:
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
