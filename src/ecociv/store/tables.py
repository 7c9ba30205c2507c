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

#: A standard edition pinned for a region (GB 3095 → GB 3095—2012): used instead of the
#: edition in force by date when the region's data are computed.
region_editions = Table(
    "region_editions",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("region_id", "regions.id"),
    Column("family", String(40), nullable=False),
    Column("edition", String(80), nullable=False),
    UniqueConstraint("region_id", "family", name="uq_region_editions_region_family"),
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
    #: what import saw: table-like lines, lines read, their ratio (``Plan.table_coverage``)
    Column("table_coverage", JSON),
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
    #: how import read the table (``IndicatorTable.explain``)
    Column("explain", JSON),
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
    Column("cumulative", Text),
    Column("outlook", JSON),
    Column("lead_unit", Text),
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

#: monthly means and days by AQI class behind a computed yearly figure (one current per plan,
#: kind, entity and year; earlier ones are kept with ``superseded_at`` set)
monitoring_summaries = Table(
    "monitoring_summaries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("entity", String(200), nullable=False),
    Column("year", Integer, nullable=False),
    Column("data", JSON, nullable=False, default=dict),
    Column("files", JSON, nullable=False, default=list),
    Column("standard", String(200), nullable=False, default=""),
    Column("computed_at", DateTime, nullable=False),
    Column("recorded_by", String(100)),
    Column("superseded_at", DateTime),
    Index("ix_monitoring_summaries_plan_year", "plan_id", "year"),
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

# --- the dispatch-and-review cycle (调度/销号/考评), see ecociv.workflow -------------------------

user_units = Table(
    "user_units",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    #: the unit's standard name (after the alias table)
    Column("unit_name", String(200), nullable=False),
    UniqueConstraint("user_id", "unit_name", name="uq_user_units_user_unit"),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("plan_id", "plans.id"),
    Column("title", Text, nullable=False),
    Column("kind", String(20), nullable=False),  # monthly / quarterly / yearly / adhoc
    Column("due", Date, nullable=False),
    #: what the round covers: {"kinds": ["task", "quantity", "project", "indicator"], "refs": [...]}
    Column("scope", JSON, nullable=False, default=dict),
    Column("opened_by", String(100)),
    Column("opened_at", DateTime, nullable=False),
    Column("closed_at", DateTime),
)

round_reports = Table(
    "round_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("round_id", "rounds.id"),
    Column("item_ref", String(40), nullable=False),  # T3 / T3.1 / P2 / I0/3
    Column("unit_name", String(200), nullable=False),
    Column("state", String(20), nullable=False),  # draft / submitted / returned / approved
    Column("progress_text", Text),
    Column("problems", Text),
    Column("percent", Float),
    Column("done_value", Float),
    Column("investment_wan_yuan", Float),
    Column("updated_by", String(100)),
    Column("updated_at", DateTime, nullable=False),
    Column("submitted_at", DateTime),
    Column("reviewed_by", String(100)),
    Column("reviewed_at", DateTime),
    Column("review_comment", Text),
    UniqueConstraint("round_id", "item_ref", "unit_name", name="uq_round_reports_item_unit"),
)

report_events = Table(
    "report_events",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("report_id", "round_reports.id"),
    Column("at", DateTime, nullable=False),
    Column("username", String(100)),
    Column("action", String(20), nullable=False),  # save / submit / return / approve / evidence
    Column("state", String(20), nullable=False),
    Column("comment", Text),
    Column("snapshot", JSON, nullable=False, default=dict),
)

evidence_files = Table(
    "evidence_files",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("report_id", "round_reports.id"),
    Column("sha256", String(64), nullable=False, index=True),
    Column("filename", Text, nullable=False),
    Column("mime", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("uploaded_by", String(100)),
    Column("uploaded_at", DateTime, nullable=False),
)

closures = Table(
    "closures",
    metadata,
    Column("id", Integer, primary_key=True),
    _owner("plan_id", "plans.id"),
    Column("item_ref", String(40), nullable=False),
    Column("report_id", Integer, ForeignKey("round_reports.id", ondelete="SET NULL")),
    Column("closed_by", String(100)),
    Column("closed_at", DateTime, nullable=False),
    Column("reopened_by", String(100)),
    Column("reopened_at", DateTime),
    Column("reopen_reason", Text),
)

scoring_rules = Table(
    "scoring_rules",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("weights", JSON, nullable=False, default=dict),
    Column("updated_by", String(100)),
    Column("updated_at", DateTime, nullable=False),
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

#: Each plan's dashboard summary (status counts, binding indicators at risk), stored with the
#: version of the figures, indicators and region it was computed from: a reader recomputes it when
#: the version it finds differs, so every way of writing invalidates it (migration 0013_speed).
plan_summaries = Table(
    "plan_summaries",
    metadata,
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True),
    Column("version", String(200), nullable=False),
    Column("summary", JSON, nullable=False),
    Column("computed_at", DateTime, nullable=False),
)
