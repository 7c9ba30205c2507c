"""Rebuilding a stored plan (the model) from its relational rows."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Column, Row, Select, Table, select
from sqlalchemy.engine import Connection

from ecociv.model import Finding, Plan, Project, Quantity, Region, Task
from ecociv.store import _plan_model
from ecociv.store._plan_model import plan_from_row
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
    plan, bad = plan_from_row(p, region.name, region_info=region_info)
    plan.indicator_tables = _plan_model.indicator_tables(tables_, ind_rows)
    invalid = [Finding(slug="stored-value-invalid", message=m, severity="error") for m in bad]
    if indicators_only:
        plan.warnings = invalid  # values of the plan row no reader can use are said on every load
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
    plan.warnings += invalid
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
