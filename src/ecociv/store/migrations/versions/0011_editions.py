"""standard editions pinned per region

Revision ID: 0011_editions
Revises: 0010_layouts
Create Date: 2026-12-02 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_editions"
down_revision = "0010_layouts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "region_editions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=40), nullable=False),
        sa.Column("edition", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(["region_id"], ["regions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region_id", "family", name="uq_region_editions_region_family"),
    )
    with op.batch_alter_table("region_editions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_editions_region_id"), ["region_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("region_editions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_editions_region_id"))
    op.drop_table("region_editions")
