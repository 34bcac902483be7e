"""steward tokens for the catalogue pages

Revision ID: 0004
Revises: 0001

The status API's branch declares the same ``steward_tokens`` table (its 0003); the table is
created only when absent so that either migration may come first once both are chained.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "steward_tokens" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "steward_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_sha256"),
    )


def downgrade() -> None:
    op.drop_table("steward_tokens")
