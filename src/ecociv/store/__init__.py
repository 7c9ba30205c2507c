"""The store: plans, observations with history, and the audit log in SQLite or PostgreSQL.

>>> from ecociv.store import open_store
>>> store = open_store()            # $ECOCIV_DATABASE_URL or $ECOCIV_HOME/ecociv.sqlite3
>>> plan_id = store.save_plan(plan)

The schema is created and upgraded by the Alembic migrations shipped in ``store/migrations``;
:mod:`ecociv.store.tables` describes it for other areas' queries.
"""

from __future__ import annotations

from ecociv.store import tables
from ecociv.store._engine import default_database_url, ecociv_home
from ecociv.store._history import AuditEntry, write_audit
from ecociv.store._monitoring import MonitoringSummary
from ecociv.store._plan_rows import BASELINE_SOURCE, baseline_number
from ecociv.store._store import PlanSummary, Store, open_store

__all__ = [
    "BASELINE_SOURCE",
    "AuditEntry",
    "MonitoringSummary",
    "PlanSummary",
    "Store",
    "baseline_number",
    "default_database_url",
    "ecociv_home",
    "open_store",
    "tables",
    "write_audit",
]
