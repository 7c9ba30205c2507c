"""Serialising writers of one plan: replacing a plan and writing its figures or progress never interleave.

Every transaction that writes a plan's rows calls :func:`lock_plan` first.  On PostgreSQL it locks the
plan's row (``SELECT … FOR UPDATE``): a replacement waits for figures being written, and figures wait for
the replacement, then see its new rows.  On SQLite it starts the transaction with ``BEGIN IMMEDIATE``
(the database's write lock, taken before anything is read), so the same order holds across processes.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ecociv.store.tables import plans


def lock_plan(conn: Connection, plan_id: int | None) -> None:
    """Take the write lock for ``plan_id`` (on SQLite: for the database) before reading what to write.

    Must be the first statement of the transaction on SQLite.
    """
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not getattr(raw, "in_transaction", True):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    if plan_id is not None:
        conn.execute(select(plans.c.id).where(plans.c.id == plan_id).with_for_update())
