"""portal: the stored package dict, and a covering index of the search terms

Revision ID: 0013
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL until the package is next written; reads build the dict live meanwhile.
    op.add_column("portal_packages", sa.Column("shown", sa.Text(), nullable=True))
    # (field, term, package_id): a term's packages come from the index alone.
    op.create_index("ix_portal_terms_lookup", "portal_terms", ["field", "term", "package_id"])
    op.drop_index("ix_portal_terms_field_term", table_name="portal_terms")
    # A search's default order (metadata_modified desc) over what a reader may see.
    op.create_index("ix_portal_packages_listing", "portal_packages",
                    ["state", "private", "metadata_modified"])


def downgrade() -> None:
    op.drop_index("ix_portal_packages_listing", table_name="portal_packages")
    op.create_index("ix_portal_terms_field_term", "portal_terms", ["field", "term"])
    op.drop_index("ix_portal_terms_lookup", table_name="portal_terms")
    with op.batch_alter_table("portal_packages") as batch:
        batch.drop_column("shown")
