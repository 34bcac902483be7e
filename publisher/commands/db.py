"""``publisher db``: the state database."""

from __future__ import annotations

import click

from publisher.db import upgrade
from publisher.services import Services


@click.group("db")
def command() -> None:
    """Manage the state database."""


@command.command("upgrade")
@click.pass_obj
def upgrade_command(services: Services) -> None:
    """Create or migrate the state database to the newest schema."""
    before, after = upgrade(services.db.engine)
    url = services.db.engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"database {url} is up to date (revision {after})")
    else:
        click.echo(f"database {url} migrated from {before or 'empty'} to {after}")
