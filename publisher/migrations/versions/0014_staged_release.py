"""portal: staged releases (resource versions, package metadata, DataStore tables)

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_staged_resources",
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("new", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("staged", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["package_id"], ["portal_packages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("resource_id"),
    )
    op.create_index("ix_portal_staged_resources_package_id", "portal_staged_resources",
                    ["package_id"])
    op.create_table(
        "portal_staged_packages",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("staged", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["package_id"], ["portal_packages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("package_id"),
    )
    op.create_table(
        "portal_staged_datastore",
        sa.Column("resource_id", sa.String(length=36), nullable=False),
        sa.Column("table_name", sa.String(length=63), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("primary_key", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("resource_id"),
        sa.UniqueConstraint("table_name"),
    )
    _drop_old_staging_tables()


def _drop_old_staging_tables() -> None:
    """Staging tables of the earlier scheme were keyed "n" + id[1:] in portal_datastore, a key
    a name-style id can share: they are rows naming no resource. Never switched, they are
    dropped (a rerun of the sync loads them again)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT resource_id, table_name FROM portal_datastore WHERE resource_id NOT IN "
        "(SELECT id FROM portal_resources)")).all()
    for resource_id, table_name in rows:
        _drop_table(bind, table_name)
        bind.execute(sa.text("DELETE FROM portal_datastore WHERE resource_id = :r"),
                     {"r": resource_id})


def _drop_table(bind, table_name: str) -> None:
    """A DataStore table with its SQLite full-text table and triggers."""
    quote = bind.dialect.identifier_preparer.quote
    if bind.dialect.name == "sqlite":
        for trigger in ("ad", "au"):
            name = quote(f"{table_name}_fts_{trigger}")
            bind.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
        bind.execute(sa.text(f"DROP TABLE IF EXISTS {quote(table_name + '_fts')}"))
    bind.execute(sa.text(f"DROP TABLE IF EXISTS {quote(table_name)}"))


def downgrade() -> None:
    bind = op.get_bind()
    for (table_name,) in bind.execute(sa.text(
            "SELECT table_name FROM portal_staged_datastore")).all():
        _drop_table(bind, table_name)
    op.drop_table("portal_staged_datastore")
    op.drop_table("portal_staged_packages")
    op.drop_index("ix_portal_staged_resources_package_id", table_name="portal_staged_resources")
    op.drop_table("portal_staged_resources")
