"""portal: the catalogue generation that package_search's kept answers are keyed by

Revision ID: 0017
Revises: 0016
"""

from alembic import op

from publisher.portal import searchcache

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    searchcache.install(op.get_bind())


def downgrade() -> None:
    searchcache.uninstall(op.get_bind())
