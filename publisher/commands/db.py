"""``publisher db``: the state database."""

from __future__ import annotations

import json
from datetime import datetime

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


@command.command("audit-export")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only entries from this day on (UTC).")
@click.pass_obj
def audit_export_command(services: Services, since: datetime | None) -> None:
    """Print the audit log as JSON lines, oldest first, for archiving or a SIEM."""
    from sqlalchemy import select

    from publisher.models import AuditEntry

    query = select(AuditEntry).order_by(AuditEntry.id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    with services.db.session() as session:
        for entry in session.scalars(query):
            click.echo(json.dumps({"id": entry.id, "at": entry.at.isoformat(),
                                   "actor": entry.actor, "action": entry.action,
                                   "dataset": entry.dataset, "detail": entry.detail},
                                  ensure_ascii=False, default=str))
