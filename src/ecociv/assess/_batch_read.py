"""What ``ecociv assess --all`` judges, read straight from the database.

The command prints each plan's 达标情况 for one year, so it reads every indicator's standard and
that year's current figure — not every year's.  The indicators come grouped by what judging them
depends on (name, unit, standard, direction: parsed once per group), their ids and plans as one
text per group; the year's figures as (indicator, value) rows, so values arrive as the stored
floats.  The two reads run side by side on two connections.

On a SQLite file stamped with the newest migration the reads go through Python's ``sqlite3``
module (read-only, without SQLAlchemy), as ``ecociv plans`` does; any other database — PostgreSQL,
a SQLite file that is new or behind (upgraded first, with a line saying so) — through the
driver connection of :func:`~ecociv.store.open_store`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import numpy as np

from ecociv.assess._batch import F, I, Standard
from ecociv.store import _engine
from ecociv.store._plan_list import _sqlite_file

_CURRENT = "superseded_at IS NULL AND value IS NOT NULL"
_FROM = "FROM indicators i JOIN indicator_tables t ON t.id = i.table_id"
_KEY = "i.name, i.unit, i.standard, i.direction"
#: per dialect: the indicators grouped by standard, ids and plans as aligned comma-separated texts
_GROUPED = {
    "sqlite": f"SELECT {_KEY}, group_concat(i.id), group_concat(t.plan_id) {_FROM} GROUP BY {_KEY}",
    "postgresql": f"SELECT {_KEY}, string_agg(CAST(i.id AS TEXT), ',' ORDER BY i.id),"
    f" string_agg(CAST(t.plan_id AS TEXT), ',' ORDER BY i.id) {_FROM} GROUP BY {_KEY}",
}
_UNGROUPED = f"SELECT {_KEY}, i.id, t.plan_id {_FROM}"
_PLANS = "SELECT p.id, p.title, r.name FROM plans p JOIN regions r ON r.id = p.region_id ORDER BY p.id"

Connect = Callable[[], Any]  # a new DB-API connection


@dataclass
class Latest:
    """Every indicator of every plan with its figure of :attr:`year`."""

    year: int | None  # None: no figures at all (and no year asked for)
    ids: I  # indicator ids
    plan_ids: I  # per indicator
    desc: I  # per indicator: index into standards
    standards: list[Standard]
    obs_ids: I  # the year's current figures: indicator id, value
    obs_values: F
    plans: dict[int, tuple[str, str]]  # id -> (title, region), by id


def read_latest(url: str | None = None, year: int | None = None, *, grouped: bool = True) -> Latest:
    """Indicators, ``year``'s figures (default: the newest year with a figure) and plan names of
    the database at ``url`` (default as :func:`~ecociv.store.open_store`).  ``grouped=False``
    groups the indicators in Python (what any database other than SQLite and PostgreSQL gets)."""
    connect, dialect = _connection(url or _engine.default_database_url())
    with ThreadPoolExecutor(max_workers=1) as pool:  # the drivers release the GIL while they read
        figures = pool.submit(_figures, connect, year)
        with closing(connect()) as conn:
            cur = conn.cursor()
            sql = _GROUPED.get(dialect) if grouped else None
            ids, plan_ids, desc, standards = _grouped(cur, sql) if sql else _ungrouped(cur)
            cur.execute(_PLANS)
            plans = {int(i): (str(t), str(r)) for i, t, r in cur.fetchall()}
        year, obs_ids, obs_values = figures.result()
    return Latest(year, ids, plan_ids, desc, standards, obs_ids, obs_values, plans)


def _connection(url: str) -> tuple[Connect, str]:
    path = _sqlite_file(url)
    if path is not None and _current_sqlite(path):
        return (lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)), "sqlite"
    from ecociv.store import open_store

    engine = open_store(url).engine
    return engine.raw_connection, engine.dialect.name


def _current_sqlite(path: str) -> bool:
    """Whether the SQLite file exists and is stamped with the newest shipped migration."""
    head = _engine.head_revision()
    if head is None:
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)) as conn:
            return [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")] == [head]
    except sqlite3.Error:
        return False


def _figures(connect: Connect, year: int | None) -> tuple[int | None, I, F]:
    """The year (given, or the newest with a current figure) and its current figures, in the
    order written (of two current figures of one indicator and year the later one counts)."""
    select = f"SELECT indicator_id, value, year FROM observations WHERE {_CURRENT} AND year = "
    rows: list[Any] = []
    with closing(connect()) as conn:
        cur = conn.cursor()
        if year is None:
            # the newest year of any figure comes from the (indicator, year) index; that year
            # nearly always has current figures, else the newest year with one is looked for
            cur.execute(f"{select}(SELECT max(year) FROM observations) ORDER BY id")
            rows = cur.fetchall()
            if not rows:
                cur.execute(f"SELECT max(year) FROM observations WHERE {_CURRENT}")
                newest = cur.fetchone()[0]
                if newest is None:
                    return None, np.zeros(0, dtype=np.int64), np.zeros(0)
                year = int(newest)
            else:
                year = int(rows[0][2])
        if not rows:
            cur.execute(f"{select}{int(year)} ORDER BY id")
            rows = cur.fetchall()
    try:
        arr = np.array(rows, dtype=np.float64).reshape(-1, 3)
    except (TypeError, ValueError):  # a value that is not a number (written by hand): no figure
        arr = np.array([r for r in rows if isinstance(r[1], (int, float))], dtype=np.float64).reshape(-1, 3)
    return year, arr[:, 0].astype(np.int64), arr[:, 1]


def _grouped(cur: Any, sql: str) -> tuple[I, I, I, list[Standard]]:
    cur.execute(sql)
    groups = cur.fetchall()
    standards: list[Standard] = [(g[0], g[1], g[2], g[3]) for g in groups]
    ids = _ints([g[4] for g in groups])
    plan_ids = _ints([g[5] for g in groups])
    sizes = np.fromiter((g[4].count(",") + 1 for g in groups), dtype=np.int64, count=len(groups))
    return ids, plan_ids, np.repeat(np.arange(len(groups), dtype=np.int64), sizes), standards


def _ints(texts: list[str]) -> I:
    return np.fromstring(",".join(texts), sep=",", dtype=np.int64) if texts else np.zeros(0, dtype=np.int64)


def _ungrouped(cur: Any) -> tuple[I, I, I, list[Standard]]:
    cur.execute(_UNGROUPED)
    rows = cur.fetchall()
    index: dict[Standard, int] = {}
    desc = np.fromiter((index.setdefault((r[0], r[1], r[2], r[3]), len(index)) for r in rows),
                       dtype=np.int64, count=len(rows))
    ids = np.fromiter((r[4] for r in rows), dtype=np.int64, count=len(rows))
    plan_ids = np.fromiter((r[5] for r in rows), dtype=np.int64, count=len(rows))
    return ids, plan_ids, desc, list(index)
