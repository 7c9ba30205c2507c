"""plan summaries: each plan's status counts, kept with the version of what they were computed from

Revision ID: 0013_speed
Revises: 0004
Create Date: 2026-12-02 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_speed"
down_revision = "0011_editions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_summaries",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("plan_id"),
    )


def downgrade() -> None:
    op.drop_table("plan_summaries")
