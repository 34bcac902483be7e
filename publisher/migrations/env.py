"""Alembic environment: the engine is handed in by publisher.db, never read from an ini file."""

from alembic import context

from publisher.models import Base
from publisher.portal import models as portal_models  # noqa: F401  (registers portal tables)
from publisher.requests import models as request_models  # noqa: F401  (request register)

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
