"""What a replaced plan keeps: recorded observations and follow-up progress.

Replacing a plan (a re-import after a better reading of the document) rewrites its tables,
tasks and projects.  Values users recorded move to the new rows that stand for the same thing:
observations by indicator key, progress by the task text, project name and quantity text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, Select, insert, or_, select
from sqlalchemy.engine import Connection

from ecociv.store._plan_rows import BASELINE_SOURCE
from ecociv.store.tables import (
    indicator_tables,
    indicators,
    observations,
    progress,
    project_quantities,
    projects,
    task_quantities,
    tasks,
)

Snapshot = tuple[list[tuple[str, dict[str, Any]]], list[tuple[tuple[str, ...], dict[str, Any]]]]


def _recorded_observations(conn: Connection, plan_id: int) -> list[tuple[str, dict[str, Any]]]:
    """Observations recorded by users (not written from the plan's baselines), with their keys."""
    stmt = (
        select(indicators.c.key, observations)
        .join(indicators, indicators.c.id == observations.c.indicator_id)
        .join(indicator_tables, indicator_tables.c.id == indicators.c.table_id)
        .where(
            indicator_tables.c.plan_id == plan_id,
            or_(observations.c.source.is_(None), observations.c.source != BASELINE_SOURCE),
        )
        .order_by(observations.c.id)
    )
    out = []
    for r in conn.execute(stmt):
        d = dict(r._mapping)
        key = d.pop("key")
        d.pop("id")
        out.append((str(key), d))
    return out


def _natural_keys(conn: Connection, plan_id: int) -> dict[tuple[str, ...], int]:
    """(entity type, texts that name it) -> row id; the first of identical texts wins."""
    out: dict[tuple[str, ...], int] = {}

    def put(kind: str, stmt: Select[Any], name: Callable[[Any], tuple[str, ...]]) -> None:
        for r in conn.execute(stmt):
            out.setdefault((kind, *name(r)), int(r.id))

    put(
        "task",
        select(tasks.c.id, tasks.c.text).where(tasks.c.plan_id == plan_id).order_by(tasks.c.position),
        lambda r: (r.text,),
    )
    put(
        "quantity",
        select(task_quantities.c.id, task_quantities.c.text, tasks.c.text.label("owner"))
        .join(tasks, tasks.c.id == task_quantities.c.task_id)
        .where(tasks.c.plan_id == plan_id)
        .order_by(tasks.c.position, task_quantities.c.position),
        lambda r: (r.owner, r.text),
    )
    put(
        "project",
        select(projects.c.id, projects.c.name)
        .where(projects.c.plan_id == plan_id)
        .order_by(projects.c.position),
        lambda r: (r.name,),
    )
    put(
        "project_quantity",
        select(project_quantities.c.id, project_quantities.c.text, projects.c.name.label("owner"))
        .join(projects, projects.c.id == project_quantities.c.project_id)
        .where(projects.c.plan_id == plan_id)
        .order_by(projects.c.position, project_quantities.c.position),
        lambda r: (r.owner, r.text),
    )
    return out


def _progress_rows(conn: Connection, plan_id: int) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    by_id = {(k[0], v): k for k, v in _natural_keys(conn, plan_id).items()}
    if not by_id:
        return []
    kinds: dict[str, list[int]] = {}
    for kind, row_id in by_id:
        kinds.setdefault(kind, []).append(row_id)
    clauses: list[ColumnElement[bool]] = [
        (progress.c.entity_type == kind) & progress.c.entity_id.in_(ids) for kind, ids in kinds.items()
    ]
    out = []
    for r in conn.execute(select(progress).where(or_(*clauses)).order_by(progress.c.id)):
        d = dict(r._mapping)
        d.pop("id")
        out.append((by_id[(r.entity_type, r.entity_id)], d))
    return out


def snapshot(conn: Connection, plan_id: int) -> Snapshot:
    """Take what users recorded for ``plan_id`` before its rows are replaced."""
    return _recorded_observations(conn, plan_id), _progress_rows(conn, plan_id)


def restore(conn: Connection, plan_id: int, kept: Snapshot, indicator_ids: dict[str, int]) -> dict[str, int]:
    """Attach the snapshot to the new rows; returns how many observations/progress notes moved and were dropped."""
    obs, notes = kept
    carried = [dict(r, indicator_id=indicator_ids[k]) for k, r in obs if k in indicator_ids]
    if carried:
        conn.execute(insert(observations), carried)
    new_ids = _natural_keys(conn, plan_id)
    moved = [dict(r, entity_id=new_ids[k]) for k, r in notes if k in new_ids]
    if moved:
        conn.execute(insert(progress), moved)
    return {
        "observations": len(carried),
        "observations_dropped": len(obs) - len(carried),
        "progress": len(moved),
        "progress_dropped": len(notes) - len(moved),
    }
