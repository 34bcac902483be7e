"""``publisher db``: the state database."""

from __future__ import annotations

import json
from datetime import datetime

import click

from publisher.commands import LANG, Group, lang_of, say
from publisher.db import upgrade
from publisher.services import Services


@click.group("db", cls=Group)
def command() -> None:
    """Manage the state database."""


@command.command("upgrade")
@LANG
@click.pass_obj
def upgrade_command(services: Services, lang: str | None) -> None:
    """Create or migrate the state database to the newest schema."""
    before, after = upgrade(services.db.engine)
    url = services.db.engine.url.render_as_string(hide_password=True)
    lang = lang_of(services, lang)
    if before == after:
        say(lang, "database %(url)s is up to date (revision %(after)s)", url=url, after=after)
    elif before:
        say(lang, "database %(url)s migrated from %(before)s to %(after)s", url=url,
            before=before, after=after)
    else:
        say(lang, "database %(url)s migrated from empty to %(after)s", url=url, after=after)


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
