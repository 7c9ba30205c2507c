"""One stored plan for ``ecociv show``, read with Python's ``sqlite3`` (no SQLAlchemy).

On a SQLite file stamped with the newest migration (:func:`~ecociv.store._plan_list.current_sqlite`)
:func:`plan_to_show` finds the plan as :meth:`Store.resolve_plan` does (the same SQL, the same
messages) and rebuilds it as :meth:`Store.get_plan` does with ``indicators_only`` (the same
:mod:`~ecociv.store._plan_model` functions), with the number of its tasks and projects instead of
the tasks and projects themselves — what ``show`` prints.  Any other database returns None: the
caller then opens the store.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple

from ecociv.model import Plan, Region
from ecociv.store import _engine
from ecociv.store._plan_list import current_sqlite
from ecociv.store._plan_model import indicator_tables, no_plan_numbered, one_plan, plan_from_row

#: the JSON columns of plans, regions, indicator tables and indicators (SQLAlchemy decodes them)
_JSON = frozenset({"stage_years", "table_coverage", "columns", "explain", "targets", "actual", "extra", "outlook"})

# the statements SQLAlchemy writes for Store.resolve_plan on SQLite (same rows, same order)
_BY_ID = "SELECT plans.id FROM plans WHERE plans.id = ?"
_NAMED = "SELECT plans.id, plans.title, regions.name FROM plans JOIN regions ON regions.id = plans.region_id WHERE "
_EXACT = _NAMED + "plans.title = ? OR regions.name = ?"
_CONTAINS = (_NAMED + "(plans.title LIKE '%' || ? || '%' ESCAPE '/') OR (regions.name LIKE '%' || ? || '%' ESCAPE '/')")


class _Row:
    """A row whose columns are attributes, JSON columns decoded (as SQLAlchemy gives rows)."""

    def __init__(self, names: list[str], values: tuple[Any, ...]) -> None:
        for name, value in zip(names, values, strict=True):
            if name in _JSON and isinstance(value, str):
                value = json.loads(value)
            setattr(self, name, value)

    def __getattr__(self, name: str) -> Any:  # columns only; declared for the type checker
        raise AttributeError(name)


def _rows(conn: sqlite3.Connection, sql: str, *params: Any) -> list[Any]:
    cur = conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [_Row(names, r) for r in cur]


def _escaped(text: str) -> str:
    """``text`` for ``LIKE … ESCAPE '/'`` as SQLAlchemy's ``contains(autoescape=True)`` sends it."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


def _resolve(conn: sqlite3.Connection, ref: str) -> int:
    """:meth:`Store.resolve_plan` of a text reference."""
    text = ref.strip()
    if text.isdigit():
        found = conn.execute(_BY_ID, (int(text),)).fetchone()
        if found is not None:
            return int(found[0])
        if len(text) < 4:
            raise no_plan_numbered(text)
    hits = conn.execute(_EXACT, (text, text)).fetchall() or conn.execute(
        _CONTAINS, (_escaped(text), _escaped(text))
    ).fetchall()
    return one_plan(text, hits)


class PlanToShow(NamedTuple):
    plan: Plan  #: with its indicator tables; no tasks, projects or import findings
    n_tasks: int
    n_projects: int


def _load(conn: sqlite3.Connection, plan_id: int) -> PlanToShow:
    [p] = _rows(conn, "SELECT * FROM plans WHERE id = ?", plan_id)
    [region] = _rows(conn, "SELECT * FROM regions WHERE id = ?", p.region_id)
    region_info = None
    if p.region_detail:
        parent = None
        if region.parent_id is not None:
            found = conn.execute("SELECT name FROM regions WHERE id = ?", (region.parent_id,)).fetchone()
            parent = found[0] if found else None
        region_info = Region(name=region.name, level=region.level, parent=parent, code=region.code,
                             terrain=region.terrain)
    plan, _bad = plan_from_row(p, region.name, region_info=region_info)
    tables = _rows(conn, "SELECT * FROM indicator_tables WHERE plan_id = ? ORDER BY position", plan_id)
    ind_rows = _rows(
        conn,
        "SELECT i.* FROM indicators i JOIN indicator_tables t ON t.id = i.table_id WHERE t.plan_id = ?"
        " ORDER BY i.position, i.id",
        plan_id,
    )
    plan.indicator_tables = indicator_tables(tables, ind_rows)
    count = "SELECT count(*) FROM {} WHERE plan_id = ?"
    n_tasks = conn.execute(count.format("tasks"), (plan_id,)).fetchone()[0]
    n_projects = conn.execute(count.format("projects"), (plan_id,)).fetchone()[0]
    return PlanToShow(plan, int(n_tasks), int(n_projects))


def plan_to_show(ref: str, url: str | None = None) -> PlanToShow | None:
    """The plan ``ref`` names (an id, or text of one plan's title or region) on a current SQLite
    file; None for any other database."""
    with current_sqlite(url or _engine.default_database_url()) as conn:
        if conn is None:
            return None
        plan_id = _resolve(conn, ref)
        return _load(conn, plan_id)
