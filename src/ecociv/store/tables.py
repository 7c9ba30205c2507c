"""The relational schema of ecociv (SQLAlchemy Core tables).

This module describes the *current* schema; the Alembic migrations in ``store/migrations``
create and evolve it.  Other areas may query these tables through ``Store.session()`` or
``Store.engine``; they change the schema only through a new migration.

Every plan component lives in its own rows (no JSON copy of the document): export rebuilds the
:class:`ecociv.model.Plan` from them.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _owner(name: str, target: str) -> Column[int]:
    """A foreign key to the owning row; the row goes when its owner is deleted."""
    return Column(name, Integer, ForeignKey(target, ondelete="CASCADE"), nullable=False, index=True)


regions = Table(
    "regions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("level", String(20)),  # 省 / 市 / 县区
    Column("parent_id", Integer, ForeignKey("regions.id", ondelete="SET NULL")),
    Column("code", String(20)),  # 行政区划代码
    Column("terrain", String(40)),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("region_id", Integer, ForeignKey("regions.id"), nullable=False, index=True),
    #: False when the imported plan carried no ``region_info`` (only the region's name).
    Column("region_detail", Boolean, nullable=False, default=False),
    Column("kind", String(100)),
    Column("base_year", Integer),
    Column("period_start", Integer),
    Column("period_end", Integer),
    Column("stage_years", JSON, nullable=False, default=list),
    Column("source_file", Text),
    Column("encoding", String(40)),
    Column("imported_at", DateTime, nullable=False),
    Column("imported_by", String(100)),
    #: one plan per title and region (``save_plan(replace=True)`` replaces it)
    Index("uq_plans_title_region", "title", "region_id", unique=True),
)

indicator_tables = Table(
    "indicator_tables",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("plan_id", "plans.id"),
    Column("position", Integer, nullable=False),
    Column("title", Text, nullable=False),
    Column("kind", String(20), nullable=False, default="system"),
    Column("source_line", Integer),
    Column("columns", JSON, nullable=False, default=list),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("table_id", "indicator_tables.id"),
    Column("parent_id", Integer, ForeignKey("indicators.id", ondelete="CASCADE"), index=True),
    Column("position", Integer, nullable=False),
    #: "table/row[/sub…]" as in ``Plan.indicators()``; unique within a plan.
    Column("key", String(40), nullable=False),
    Column("domain", Text),
    Column("seq", String(40)),
    Column("name", Text, nullable=False),
    Column("unit", Text),
    Column("standard", Text),
    #: False when the indicator had no baseline at all (distinct from an empty one).
    Column("has_baseline", Boolean, nullable=False, default=False),
    Column("baseline_year", Integer),
    Column("baseline_value", Text),
    Column("status", Text),
    Column("targets", JSON, nullable=False, default=dict),
    Column("actual", JSON, nullable=False, default=dict),
    Column("attribute", String(40)),
    Column("extra", JSON, nullable=False, default=dict),
    Column("direction", String(10)),
    Column("catalog_id", String(100)),
    Column("source_line", Integer),
    UniqueConstraint("table_id", "key", name="uq_indicators_table_key"),
)

observations = Table(
    "observations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("indicator_id", Integer, ForeignKey("indicators.id", ondelete="CASCADE"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("value", Float),
    Column("text", Text),
    Column("source", Text),
    Column("note", Text),
    Column("recorded_by", String(100)),
    Column("recorded_at", DateTime, nullable=False),
    #: set when a newer value for the same (indicator, year) was recorded; history is never lost.
    Column("superseded_at", DateTime),
    Index("ix_observations_indicator_year", "indicator_id", "year"),
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("plan_id", "plans.id"),
    Column("position", Integer, nullable=False),
    Column("section", Text),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("deadline", Date),
    Column("source_line", Integer),
    #: names among the task's units that stand for unnamed units (各乡镇 …), as the importer marked them
    Column("placeholders", JSON, nullable=False, default=list),
)

task_units = Table(
    "task_units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False),  # 0 leads (牵头)
    Column("unit_name", Text, nullable=False),
)

task_quantities = Table(
    "task_quantities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False, default=0),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(40)),
    Column("comparison", String(4)),
    Column("deadline", Date),
    Column("subject", Text),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("plan_id", "plans.id"),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("column_name", Text),
    Column("content", Text),
    Column("investment_wan_yuan", Float),
    Column("period", String(100)),
    Column("responsible", JSON, nullable=False, default=list),
    Column("source_line", Integer),
)

project_quantities = Table(
    "project_quantities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("position", Integer, nullable=False, default=0),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("unit", String(40)),
    Column("comparison", String(4)),
    Column("deadline", Date),
    Column("subject", Text),
)

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("placeholder", Boolean, nullable=False, default=False),
)

unit_aliases = Table(
    "unit_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alias", String(200), nullable=False, unique=True),
    Column("unit_id", Integer, ForeignKey("units.id", ondelete="CASCADE"), nullable=False, index=True),
)

progress = Table(
    "progress",
    metadata,
    Column("id", Integer, primary_key=True),
    #: task / quantity (a task's) / project / project_quantity
    Column("entity_type", String(20), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("status", String(20), nullable=False),  # 未启动 / 推进中 / 已完成 / 滞后
    Column("note", Text),
    Column("evidence", Text),
    Column("as_of", Date),
    Column("recorded_by", String(100)),
    Column("recorded_at", DateTime, nullable=False),
    Index("ix_progress_entity", "entity_type", "entity_id"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("plan_id", "plans.id"),
    Column("position", Integer, nullable=False),
    Column("slug", String(100), nullable=False),
    Column("severity", String(10), nullable=False, default="warning"),
    Column("message", Text, nullable=False),
    Column("line", Integer),
    Column("file", Text),
    Column("sheet", Text),
    Column("row", Integer),
    Column("column", String(40)),
    Column("data", JSON, nullable=False, default=dict),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(20), nullable=False, default="viewer"),  # admin / editor / viewer
    Column("region_id", Integer, ForeignKey("regions.id", ondelete="SET NULL")),
    Column("created_at", DateTime, nullable=False),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime),
    Column("disabled_at", DateTime),  # a disabled account cannot log in; its sessions and tokens end
)

# Server-side login sessions: the cookie holds a random token whose SHA-256 is ``id``.  Logout,
# password change, disabling the account and "sign out everywhere" delete the rows.
sessions = Table(
    "sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    _owner("user_id", "users.id"),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("address", String(64)),
)

# Named API tokens (``Authorization: Bearer``): listed, expiring and revoked one by one.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("user_id", "users.id"),
    Column("name", String(100), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
    Column("revoked_at", DateTime),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("username", String(100)),
    Column("action", String(40), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer),
    Column("old", JSON),
    Column("new", JSON),
)
