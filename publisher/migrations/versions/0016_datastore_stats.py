"""portal: the stored row count of each DataStore table (portal_datastore_stats)

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # No backfill: an absent count means "not known", and the first search counts.
    op.create_table(
        "portal_datastore_stats",
        sa.Column("table_name", sa.String(63), primary_key=True),
        sa.Column("rows", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("portal_datastore_stats")
