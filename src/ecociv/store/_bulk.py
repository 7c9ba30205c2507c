"""Many rows into one table in one statement, without SQLAlchemy's per-row work.

``conn.execute(insert(table), rows)`` builds every row's parameters through the compiled
statement (a few hundred microseconds a row): for a plan's hundreds of rows that was most of the
time of saving it.  On SQLite :func:`insert_many` compiles the statement once per table and set of
columns, converts the values with the columns' own types (JSON, dates, booleans: the stored rows
are the same) and hands the tuples to the driver's ``executemany``.  Other databases take
SQLAlchemy's own path (on PostgreSQL it batches rows into multi-row VALUES itself).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, insert
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.types import TypeEngine

_Plan = tuple[str, tuple[str, ...], tuple[Callable[[Any], Any] | None, ...], tuple[tuple[str, Any], ...]]


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) as ``conn.execute(insert(table), rows)`` does."""
    if not rows:
        return
    plan = _compiled(conn.dialect, table, tuple(rows[0])) if conn.dialect.name == "sqlite" else None
    if plan is None:
        conn.execute(insert(table), list(rows))
        return
    sql, keys, processors, defaults = plan
    get = itemgetter(*keys)
    convert = [(i, p) for i, p in enumerate(processors) if p is not None]
    params = []
    for row in rows:
        got = get({**row, **dict(defaults)} if defaults else row)
        if len(keys) == 1:
            got = (got,)
        if convert:
            values = list(got)
            for i, p in convert:
                values[i] = p(values[i])
            got = tuple(values)
        params.append(got)
    conn.exec_driver_sql(sql, params)


@cache
def _compiled(dialect: Dialect, table: Table, keys: tuple[str, ...]) -> _Plan | None:
    """The statement, its parameters' order and converters, and the scalar defaults of columns
    the rows leave out; None when a left-out column has a computed default (SQLAlchemy's path)."""
    defaults: list[tuple[str, Any]] = []
    for col in table.columns:
        if col.key in keys or col.default is None:
            continue
        if not getattr(col.default, "is_scalar", False):
            return None
        defaults.append((col.key, getattr(col.default, "arg", None)))
    compiled = insert(table).compile(dialect=dialect, column_keys=[*keys, *(k for k, _ in defaults)])
    order = tuple(compiled.positiontup or ())
    if not order or set(order) != {*keys, *(k for k, _ in defaults)}:
        return None
    processors = tuple(_processor(table.c[k].type, dialect) for k in order)
    return str(compiled), order, processors, tuple(defaults)


def _processor(type_: TypeEngine[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's own converter; for JSON, empty objects and lists (most JSON cells of a
    plan) are written as the default serializer writes them without calling it."""
    process = type_.dialect_impl(dialect).bind_processor(dialect)
    if process is None or not isinstance(type_, JSON) or getattr(dialect, "_json_serializer", None) is not None:
        return process
    full = process

    def fast(value: Any) -> Any:
        if type(value) is dict and not value:
            return "{}"
        if type(value) is list and not value:
            return "[]"
        return full(value)

    return fast
