"""The store: plans, observations with history, and the audit log in SQLite or PostgreSQL.

>>> from ecociv.store import open_store
>>> store = open_store()            # $ECOCIV_DATABASE_URL or $ECOCIV_HOME/ecociv.sqlite3
>>> plan_id = store.save_plan(plan)

The schema is created and upgraded by the Alembic migrations shipped in ``store/migrations``;
:mod:`ecociv.store.tables` describes it for other areas' queries.

The names below load on first use, so that :func:`plan_summaries` on a current SQLite file
(``ecociv plans``) runs without importing SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ecociv.store import tables
    from ecociv.store._engine import default_database_url, ecociv_home
    from ecociv.store._history import AuditEntry, write_audit
    from ecociv.store._locks import lock_plan
    from ecociv.store._monitoring import MonitoringSummary
    from ecociv.store._plan_list import PlanSummary, plan_summaries
    from ecociv.store._plan_rows import BASELINE_SOURCE, baseline_number
    from ecociv.store._store import Store, open_store

#: public name -> the module that defines it
_WHERE = {
    "BASELINE_SOURCE": "_plan_rows",
    "AuditEntry": "_history",
    "MonitoringSummary": "_monitoring",
    "PlanSummary": "_plan_list",
    "Store": "_store",
    "baseline_number": "_plan_rows",
    "default_database_url": "_engine",
    "ecociv_home": "_engine",
    "lock_plan": "_locks",
    "open_store": "_store",
    "plan_summaries": "_plan_list",
    "write_audit": "_history",
}


def __getattr__(name: str) -> Any:
    if name == "tables":
        return import_module("ecociv.store.tables")
    if name in _WHERE:
        value = getattr(import_module(f"ecociv.store.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ecociv.store' has no attribute {name!r}")


__all__ = [
    "BASELINE_SOURCE",
    "AuditEntry",
    "MonitoringSummary",
    "PlanSummary",
    "Store",
    "baseline_number",
    "default_database_url",
    "ecociv_home",
    "lock_plan",
    "open_store",
    "plan_summaries",
    "tables",
    "write_audit",
]
