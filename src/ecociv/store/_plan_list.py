"""The list of stored plans (``ecociv plans``): one set of queries for every database.

:meth:`Store.list_plans` runs :data:`_QUERIES` through SQLAlchemy.  :func:`plan_summaries` is the
light read path of the command line: on a SQLite file whose migration stamp is the newest
shipped migration it runs the same queries through the standard library's ``sqlite3`` module,
so that listing plans does not import SQLAlchemy at all.  Any other database — PostgreSQL, a
SQLite file that is missing or behind (it is then upgraded, with a line saying so) — goes
through :func:`~ecociv.store.open_store`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ecociv.store import _engine


@dataclass
class PlanSummary:
    """One stored plan as listed by ``ecociv plans``.

    ``n_indicators`` counts the indicator rows of all tables (a row with sub-rows counts once);
    ``n_sub_indicators`` counts the sub-rows.
    """

    id: int
    title: str
    region: str
    kind: str | None
    base_year: int | None
    period: tuple[int, int] | None
    stage_years: list[int] = field(default_factory=list)
    n_tables: int = 0
    n_indicators: int = 0
    n_tasks: int = 0
    n_projects: int = 0
    imported_at: dt.datetime | None = None
    n_sub_indicators: int = 0


_PLANS = (
    "SELECT p.id, p.title, r.name, p.kind, p.base_year, p.period_start, p.period_end, p.stage_years,"
    " p.imported_at FROM plans p JOIN regions r ON r.id = p.region_id ORDER BY p.id"
)
#: per plan: (count name, grouped query).  Every query reads an index only: all indicator rows
#: of a plan through ``indicators.table_id``; its sub-rows (``parent_id`` set; row ids are
#: positive) through ``indicators.parent_id``, which holds only the few sub-rows a plan has.
_COUNTS = (
    ("tables", "SELECT plan_id, count(*) FROM indicator_tables GROUP BY plan_id"),
    ("rows",
     "SELECT t.plan_id, count(*) FROM indicator_tables t JOIN indicators i ON i.table_id = t.id"
     " GROUP BY t.plan_id"),
    ("subs",
     "SELECT t.plan_id, count(*) FROM indicators i JOIN indicator_tables t ON t.id = i.table_id"
     " WHERE i.parent_id > 0 GROUP BY t.plan_id"),
    ("tasks", "SELECT plan_id, count(*) FROM tasks GROUP BY plan_id"),
    ("projects", "SELECT plan_id, count(*) FROM projects GROUP BY plan_id"),
)

Rows = Callable[[str], Iterable[Sequence[Any]]]


def summaries(rows: Rows) -> list[PlanSummary]:
    """Every stored plan, oldest first, from ``rows(sql)`` (any DB-API or SQLAlchemy connection).

    Values come as the driver gives them: JSON and timestamps as text from SQLite, as Python
    objects from PostgreSQL.
    """
    counts: dict[int, dict[str, int]] = {}
    for name, sql in _COUNTS:
        for row in rows(sql):
            counts.setdefault(int(row[0]), {})[name] = int(row[1])
    out = []
    for pid, title, region, kind, base_year, start, end, stages, imported in rows(_PLANS):
        c = counts.get(pid, {})
        if isinstance(stages, str):
            stages = json.loads(stages)
        if isinstance(imported, str):
            imported = dt.datetime.fromisoformat(imported)
        out.append(PlanSummary(
            id=pid, title=title, region=region, kind=kind, base_year=base_year,
            period=(start, end) if start is not None else None,
            stage_years=list(stages or []),
            n_tables=c.get("tables", 0),
            n_indicators=c.get("rows", 0) - c.get("subs", 0),
            n_sub_indicators=c.get("subs", 0),
            n_tasks=c.get("tasks", 0),
            n_projects=c.get("projects", 0),
            imported_at=imported,
        ))
    return out


def _sqlite_file(url: str) -> str | None:
    """The file of a plain ``sqlite:///PATH`` address; None for anything else (memory, options,
    escapes, ``~``), which SQLAlchemy then reads."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            path = url.removeprefix(prefix)
            if path and path != ":memory:" and not any(ch in path for ch in "?%~#"):
                return path
    return None


@contextmanager
def current_sqlite(url: str) -> Iterator[sqlite3.Connection | None]:
    """A read-only ``sqlite3`` connection to the SQLite file of ``url`` when it is stamped with the
    newest migration; None when ``url`` is no plain SQLite file, or the file is missing, has no
    stamp or another one (the full path then creates or upgrades it)."""
    path = _sqlite_file(url)
    head = _engine.head_revision() if path is not None else None
    conn = None
    if head is not None:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
            if [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")] != [head]:
                conn.close()
                conn = None
        except sqlite3.Error:
            if conn is not None:
                conn.close()
            conn = None
    try:
        yield conn
    finally:
        if conn is not None:
            conn.close()


def _current_sqlite(url: str) -> list[PlanSummary] | None:
    """The plan list of a current SQLite file (:func:`current_sqlite`); None for any other."""
    with current_sqlite(url) as conn:
        if conn is None:
            return None
        try:
            return summaries(conn.execute)
        except sqlite3.Error:
            return None


def plan_summaries(url: str | None = None) -> list[PlanSummary]:
    """Every plan stored at ``url`` (default as :func:`~ecociv.store.open_store`), as
    :meth:`Store.list_plans` gives them; without SQLAlchemy on a current SQLite file."""
    url = url or _engine.default_database_url()
    found = _current_sqlite(url)
    if found is not None:
        return found
    from ecociv.store._store import open_store

    return open_store(url).list_plans()
