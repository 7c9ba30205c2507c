"""Rows written by :func:`ecociv.store._bulk.insert_many` (the driver's executemany on SQLite) are
the rows SQLAlchemy's own multi-row INSERT writes: same stored text for JSON, dates, booleans and
scalar defaults."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from sqlalchemy import Table, insert
from tests.store._plans import rich_plan

from ecociv.store import open_store
from ecociv.store._bulk import insert_many
from ecociv.store._plan_rows import _indicator_row
from ecociv.store.tables import findings, indicator_tables, indicators, observations, plans, regions


def _raw(path: Path, table: Table) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as c:
        return c.execute(f"SELECT * FROM {table.name} ORDER BY id").fetchall()


def test_insert_many_writes_what_sqlalchemy_writes(tmp_path: Path) -> None:
    plan = rich_plan()
    now = dt.datetime(2024, 5, 6, 7, 8, 9, 123456)
    ind_rows = [{**_indicator_row(1, k, key, ind), "parent_id": None} for k, (key, ind) in enumerate(plan.indicators())]
    obs_rows = [{"indicator_id": 1, "year": 2020 + k, "value": [85.5, None, 1e-7][k], "text": ["85.5", "达标", None][k],
                 "source": "规划基准值", "recorded_by": None if k else "甲", "recorded_at": now} for k in range(3)]
    # severity left out: its scalar default is written
    finding_rows = [{"plan_id": 1, "position": k, "slug": f.slug, "message": f.message, "line": f.line, "file": f.file,
                     "sheet": None, "row": None, "column": None, "data": dict(f.data)} for k, f in enumerate(plan.warnings)]
    written = {}
    for how in ("bulk", "sqlalchemy"):
        path = tmp_path / f"{how}.sqlite3"
        store = open_store(f"sqlite:///{path}")
        with store.engine.begin() as conn:
            conn.execute(insert(regions).values(name="会昌县"))
            conn.execute(insert(plans).values(title="t", region_id=1, region_detail=True, imported_at=now))
            conn.execute(insert(indicator_tables).values(plan_id=1, position=0, title="表"))
            for table, rows in ((indicators, ind_rows), (observations, obs_rows), (findings, finding_rows)):
                if how == "bulk":
                    insert_many(conn, table, rows)
                else:
                    conn.execute(insert(table), rows)
        store.engine.dispose()
        written[how] = {t.name: _raw(path, t) for t in (indicators, observations, findings)}
    assert written["bulk"] == written["sqlalchemy"]
    assert len(written["bulk"]["indicators"]) == len(ind_rows) >= 8
    with sqlite3.connect(tmp_path / "bulk.sqlite3") as c:
        assert c.execute("SELECT DISTINCT severity FROM findings").fetchall() == [("warning",)]
        assert c.execute("SELECT recorded_at FROM observations").fetchone() == ("2024-05-06 07:08:09.123456",)
