"""Alembic environment: run by ``ecociv.store.open_store`` (and by ``alembic`` during development).

The caller passes an open connection in ``config.attributes["connection"]``; without one (the
``alembic`` command line) the URL comes from ``sqlalchemy.url`` or ``$ECOCIV_DATABASE_URL``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from ecociv.store.tables import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("ECOCIV_DATABASE_URL")
    if not url:
        raise SystemExit("set ECOCIV_DATABASE_URL or sqlalchemy.url")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
