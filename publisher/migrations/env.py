"""Alembic environment: the engine is handed in by publisher.db, never read from an ini file.

Two metadatas live in the one database: the state tables (``publisher.models``) and the embedded
portal's (``publisher.portal.models``, a package with a ``Base`` of its own).
"""

from alembic import context

from publisher.models import Base
from publisher.portal.models import Base as PortalBase

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=[Base.metadata, PortalBase.metadata],
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
