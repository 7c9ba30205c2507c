"""indicator fields for cumulative targets, 2035 outlook and the leading unit; how import read
each table (explain) and how much table-like text it read (table_coverage)

Revision ID: 0010_layouts
Revises: 0005_workflow
Create Date: 2026-12-02 03:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_layouts"
down_revision = "0005_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("table_coverage", sa.JSON(), nullable=True))
    with op.batch_alter_table("indicator_tables", schema=None) as batch_op:
        batch_op.add_column(sa.Column("explain", sa.JSON(), nullable=True))
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cumulative", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("outlook", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("lead_unit", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_column("lead_unit")
        batch_op.drop_column("outlook")
        batch_op.drop_column("cumulative")
    with op.batch_alter_table("indicator_tables", schema=None) as batch_op:
        batch_op.drop_column("explain")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("table_coverage")
