"""A plan <-> its relational rows: writing every component, and rebuilding the model from them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection, CursorResult

from ecociv.model import Indicator, Plan, Quantity, Region
from ecociv.store._bulk import insert_many
from ecociv.store.tables import (
    findings,
    indicator_tables,
    indicators,
    observations,
    plans,
    progress,
    project_quantities,
    projects,
    regions,
    task_quantities,
    task_units,
    tasks,
)

#: Source of the observations written from a plan's baseline column.
BASELINE_SOURCE = "规划基准值"

_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def row_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def utcnow() -> dt.datetime:
    """Naive UTC timestamp, as stored in every DateTime column."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def baseline_number(text: str | None, unit: str | None = None) -> float | None:
    """The number a baseline cell states, or None when it is not a plain figure.

    Accepts ``85.2``, ``1,234``, ``95%`` / ``95％`` and a trailing unit equal to the indicator's
    unit (``12.5 吨``); rejects comparisons (≥90), ranges, texts (达标) and mixed cells.
    """
    if not text:
        return None
    s = text.strip().replace("，", ",").replace(" ", "")
    if unit:
        u = unit.strip().replace(" ", "")
        if u and s.endswith(u) and len(s) > len(u):
            s = s[: -len(u)]
    s = s.rstrip("%％")
    s = s.replace(",", "") if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", s) else s
    if not _NUMBER.match(s):
        return None
    return float(s)


# Statements built once (parameters bound at execution): a bulk load runs each thousands of times,
# and building a statement costs more than running it.
_REGION_BY_NAME = select(regions).where(regions.c.name == bindparam("name"))
_PLAN_BY_TITLE = (
    select(plans.c.id)
    .join(regions, regions.c.id == plans.c.region_id)
    .where(plans.c.title == bindparam("title"), regions.c.name == bindparam("region"))
)
_INDICATOR_IDS = (
    select(indicators.c.key, indicators.c.id)
    .join(indicator_tables, indicator_tables.c.id == indicators.c.table_id)
    .where(indicator_tables.c.plan_id == bindparam("plan_id"))
)
_IDS_BY_POSITION = {t.name: select(t.c.position, t.c.id).where(t.c.plan_id == bindparam("plan_id")) for t in (tasks, projects)}


def region_id(conn: Connection, name: str, info: Region | None) -> int:
    row = conn.execute(_REGION_BY_NAME, {"name": name}).first()
    values: dict[str, Any] = {}
    if info is not None:
        values = {k: getattr(info, k) for k in ("level", "code", "terrain") if getattr(info, k)}
        if info.parent:
            values["parent_id"] = region_id(conn, info.parent, None)
    if row is None:
        return row_id(conn.execute(insert(regions), {"name": name, **values}))
    missing = {k: v for k, v in values.items() if getattr(row, k) is None}
    if missing:
        conn.execute(update(regions).where(regions.c.id == row.id).values(**missing))
    return int(row.id)


def find_plan_id(conn: Connection, title: str, region: str) -> int | None:
    found = conn.execute(_PLAN_BY_TITLE, {"title": title, "region": region}).scalar()
    return int(found) if found is not None else None


def plan_values(plan: Plan, conn: Connection, user: str | None) -> dict[str, Any]:
    return {
        "title": plan.title,
        "region_id": region_id(conn, plan.region, plan.region_info),
        "region_detail": plan.region_info is not None,
        "kind": plan.kind,
        "base_year": plan.base_year,
        "period_start": plan.period[0] if plan.period else None,
        "period_end": plan.period[1] if plan.period else None,
        "stage_years": list(plan.stage_years),
        "source_file": plan.source_file,
        "encoding": plan.encoding,
        "table_coverage": dict(plan.table_coverage),
        "imported_at": utcnow(),
        "imported_by": user,
    }


def _indicator_row(table_id: int, position: int, key: str, ind: Indicator) -> dict[str, Any]:
    b = ind.baseline
    return {
        "table_id": table_id,
        "position": position,
        "key": key,
        "domain": ind.domain,
        "seq": ind.seq,
        "name": ind.name,
        "unit": ind.unit,
        "standard": ind.standard,
        "has_baseline": b is not None,
        "baseline_year": b.year if b else None,
        "baseline_value": b.value if b else None,
        "status": ind.status,
        "targets": {str(y): v for y, v in ind.targets.items()},
        "actual": {str(y): v for y, v in ind.actual.items()},
        "attribute": ind.attribute,
        "extra": dict(ind.extra),
        "direction": ind.direction,
        "catalog_id": ind.catalog_id,
        "source_line": ind.source_line,
        "cumulative": ind.cumulative,
        "outlook": {str(y): v for y, v in ind.outlook.items()},
        "lead_unit": ind.lead_unit,
    }


def _insert_indicators(conn: Connection, plan_id: int, plan: Plan) -> dict[str, int]:
    """Every indicator row, one multi-row INSERT per depth (rows first, then their sub-rows with
    the parents' ids read back by key): a plan costs a few statements, not one per row.  Returns
    the row ids by key."""
    table_ids: list[int] = []
    for t, table in enumerate(plan.indicator_tables):
        table_ids.append(row_id(conn.execute(insert(indicator_tables), {
            "plan_id": plan_id, "position": t, "title": table.title, "kind": table.kind,
            "source_line": table.source_line, "columns": list(table.columns), "explain": dict(table.explain),
        })))
    # (parent key or None, table id, position, key, indicator) of the current depth
    level: list[tuple[str | None, int, int, str, Indicator]] = [
        (None, table_ids[t], r, f"{t}/{r}", row)
        for t, table in enumerate(plan.indicator_tables)
        for r, row in enumerate(table.rows)
    ]
    ids: dict[str, int] = {}
    while level:
        rows = []
        for parent, table_id, position, key, ind in level:
            row = _indicator_row(table_id, position, key, ind)
            row["parent_id"] = ids[parent] if parent is not None else None
            rows.append(row)
        insert_many(conn, indicators, rows)
        ids = indicator_ids(conn, plan_id)
        level = [
            (key, table_id, k, f"{key}/{k}", sub)
            for _, table_id, _, key, ind in level
            for k, sub in enumerate(ind.sub_indicators)
        ]
    return ids


def _ids_by_position(conn: Connection, table: Table, plan_id: int) -> dict[int, int]:
    """Row id by position of a plan's tasks or projects."""
    return {int(p): int(i) for p, i in conn.execute(_IDS_BY_POSITION[table.name], {"plan_id": plan_id})}


def insert_components(conn: Connection, plan_id: int, plan: Plan, user: str | None) -> list[tuple[str, dict[str, Any]]]:
    """Write tables, indicators, baseline observations, tasks, projects and findings of ``plan``
    (multi-row INSERTs: each kind of row is written in one statement); returns the baseline
    observation rows written, with their indicator keys."""
    ids = _insert_indicators(conn, plan_id, plan)
    baselines = _insert_baselines(conn, ids, plan, user)
    if plan.tasks:
        insert_many(conn, tasks, [
            {"plan_id": plan_id, "position": position, "section": task.section, "title": task.title,
             "text": task.text, "deadline": task.deadline, "source_line": task.source_line,
             "placeholders": list(task.placeholders)}
            for position, task in enumerate(plan.tasks)
        ])
        task_ids = _ids_by_position(conn, tasks, plan_id)
        units = [{"task_id": task_ids[p], "position": k, "unit_name": u}
                 for p, task in enumerate(plan.tasks) for k, u in enumerate(task.units)]
        if units:
            insert_many(conn, task_units, units)
        quantities = [q for p, task in enumerate(plan.tasks)
                      for q in _quantity_rows("task_id", task_ids[p], task.quantities)]
        if quantities:
            insert_many(conn, task_quantities, quantities)
    if plan.projects:
        insert_many(conn, projects, [
            {"plan_id": plan_id, "position": position, "name": p.name, "column_name": p.column,
             "content": p.content, "investment_wan_yuan": p.investment_wan_yuan, "period": p.period,
             "responsible": list(p.responsible), "source_line": p.source_line}
            for position, p in enumerate(plan.projects)
        ])
        project_ids = _ids_by_position(conn, projects, plan_id)
        quantities = [q for k, p in enumerate(plan.projects)
                      for q in _quantity_rows("project_id", project_ids[k], p.quantities)]
        if quantities:
            insert_many(conn, project_quantities, quantities)
    if plan.warnings:
        insert_many(
            conn,
            findings,
            [
                {
                    "plan_id": plan_id,
                    "position": k,
                    "slug": f.slug,
                    "severity": f.severity,
                    "message": f.message,
                    "line": f.line,
                    "file": f.file,
                    "sheet": f.sheet,
                    "row": f.row,
                    "column": f.column,
                    "data": dict(f.data),
                }
                for k, f in enumerate(plan.warnings)
            ],
        )
    return baselines


def _quantity_rows(owner: str, owner_id: int, quantities: list[Quantity]) -> list[dict[str, Any]]:
    return [
        {
            owner: owner_id,
            "position": k,
            "text": q.text,
            "value": q.value,
            "unit": q.unit,
            "comparison": q.comparison,
            "deadline": q.deadline,
            "subject": q.subject,
        }
        for k, q in enumerate(quantities)
    ]


def _insert_baselines(conn: Connection, ids: dict[str, int], plan: Plan, user: str | None) -> list[tuple[str, dict[str, Any]]]:
    now = utcnow()
    rows = []
    keys = []
    for key, ind in plan.indicators():
        if ind.baseline is None:
            continue
        value = baseline_number(ind.baseline.value, ind.unit)
        year = ind.baseline.year or plan.base_year
        if value is None or year is None:
            continue
        keys.append(key)
        rows.append(
            {
                "indicator_id": ids[key],
                "year": year,
                "value": value,
                "text": ind.baseline.value,
                "source": BASELINE_SOURCE,
                "recorded_by": user,
                "recorded_at": now,
            }
        )
    insert_many(conn, observations, rows)
    return list(zip(keys, rows, strict=True))


def indicator_ids(conn: Connection, plan_id: int) -> dict[str, int]:
    return {str(k): int(i) for k, i in conn.execute(_INDICATOR_IDS, {"plan_id": plan_id})}


def delete_components(conn: Connection, plan_id: int) -> None:
    """Delete everything that belongs to a plan except the plan row itself."""
    table_ids = select(indicator_tables.c.id).where(indicator_tables.c.plan_id == plan_id)
    ind_ids = select(indicators.c.id).where(indicators.c.table_id.in_(table_ids))
    task_ids = select(tasks.c.id).where(tasks.c.plan_id == plan_id)
    quantity_ids = select(task_quantities.c.id).where(task_quantities.c.task_id.in_(task_ids))
    project_ids = select(projects.c.id).where(projects.c.plan_id == plan_id)
    pq_ids = select(project_quantities.c.id).where(project_quantities.c.project_id.in_(project_ids))
    owned = (
        ("task", task_ids),
        ("quantity", quantity_ids),
        ("project", project_ids),
        ("project_quantity", pq_ids),
    )
    for kind, ids in owned:
        conn.execute(delete(progress).where(progress.c.entity_type == kind, progress.c.entity_id.in_(ids)))
    conn.execute(delete(observations).where(observations.c.indicator_id.in_(ind_ids)))
    # children before parents: sub-indicators reference their parent row
    conn.execute(update(indicators).where(indicators.c.table_id.in_(table_ids)).values(parent_id=None))
    conn.execute(delete(indicators).where(indicators.c.table_id.in_(table_ids)))
    conn.execute(delete(indicator_tables).where(indicator_tables.c.plan_id == plan_id))
    conn.execute(delete(task_units).where(task_units.c.task_id.in_(task_ids)))
    conn.execute(delete(task_quantities).where(task_quantities.c.task_id.in_(task_ids)))
    conn.execute(delete(tasks).where(tasks.c.plan_id == plan_id))
    conn.execute(delete(project_quantities).where(project_quantities.c.project_id.in_(project_ids)))
    conn.execute(delete(projects).where(projects.c.plan_id == plan_id))
    conn.execute(delete(findings).where(findings.c.plan_id == plan_id))
