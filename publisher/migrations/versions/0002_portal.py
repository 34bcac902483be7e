"""embedded portal tables

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_organizations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("image_url", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created", sa.String(length=32), nullable=False),
        sa.Column("extras", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "portal_tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("created", sa.String(length=32), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_sha256"),
    )
    op.create_table(
        "portal_datastore",
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("primary_key", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("resource_id"),
    )
    op.create_table(
        "portal_packages",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("owner_org", sa.String(length=36), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("metadata_created", sa.String(length=32), nullable=False),
        sa.Column("metadata_modified", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["owner_org"], ["portal_organizations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_index("ix_portal_packages_owner_org", "portal_packages", ["owner_org"])
    op.create_index("ix_portal_packages_metadata_modified", "portal_packages",
                    ["metadata_modified"])
    op.create_table(
        "portal_resources",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["package_id"], ["portal_packages.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_portal_resources_package_id", "portal_resources", ["package_id"])
    op.create_table(
        "portal_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["package_id"], ["portal_packages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_portal_terms_package_id", "portal_terms", ["package_id"])
    op.create_index("ix_portal_terms_field_term", "portal_terms", ["field", "term"])


def downgrade() -> None:
    op.drop_table("portal_terms")
    op.drop_table("portal_resources")
    op.drop_table("portal_packages")
    op.drop_table("portal_datastore")
    op.drop_table("portal_tokens")
    op.drop_table("portal_organizations")
