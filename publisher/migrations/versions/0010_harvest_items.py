"""harvest items: one outcome per harvested resource

Revision ID: 0010
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "harvest_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("harvest_id", sa.String(length=36), nullable=False),
        sa.Column("dataset", sa.String(length=200), nullable=False),
        sa.Column("resource", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.Text(), nullable=False),
        sa.Column("last_modified", sa.String(length=64), nullable=False),
        sa.Column("provenance", sa.JSON(), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("publish_run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_harvest_items_harvest_id", "harvest_items", ["harvest_id"])
    op.create_index("ix_harvest_items_dataset", "harvest_items", ["dataset"])
    op.create_index("ix_harvest_items_created_at", "harvest_items", ["created_at"])


def downgrade() -> None:
    op.drop_table("harvest_items")
