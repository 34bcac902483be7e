"""``publisher token``: API tokens of the embedded portal."""

from __future__ import annotations

import click

from publisher.portal.auth import create_token
from publisher.services import Services


@click.group("token")
def command() -> None:
    """Manage API tokens: portal writes and steward access to the status API and pages."""


@command.command("create")
@click.argument("name")
@click.pass_obj
def create_command(services: Services, name: str) -> None:
    """Create a write token for NAME and print it once (only its hash is stored)."""
    if not name.strip():
        click.echo("error: the token needs a name", err=True)
        raise SystemExit(2)
    with services.db.session() as session:
        token = create_token(session, name.strip())
    click.echo(token)


@command.command("revoke")
@click.argument("name")
@click.pass_obj
def revoke_command(services: Services, name: str) -> None:
    """Revoke every token of NAME at once (e.g. a steward who left, a leaked token)."""
    from publisher.portal.auth import revoke

    with services.db.session() as session:
        count = revoke(session, name)
    click.echo(f"revoked {count} token(s) of {name}")
    if not count:
        raise SystemExit(1)
