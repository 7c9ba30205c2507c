"""monitoring summaries behind computed yearly figures

Revision ID: 0012_ingest
Revises: 0013_speed
Create Date: 2026-12-02 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_ingest"
down_revision = "0013_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitoring_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("standard", sa.String(length=200), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=True),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("monitoring_summaries", schema=None) as batch_op:
        batch_op.create_index("ix_monitoring_summaries_plan_year", ["plan_id", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("monitoring_summaries", schema=None) as batch_op:
        batch_op.drop_index("ix_monitoring_summaries_plan_year")
    op.drop_table("monitoring_summaries")
