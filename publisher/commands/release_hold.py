"""``publisher release-hold``: lift a hold; the next publish run may publish the dataset again."""

from __future__ import annotations

import sys

import click

from publisher.services import Services
from publisher.state import HoldError, lift_hold


@click.command("release-hold")
@click.argument("name")
@click.option("--by", "actor", required=True, help="Who lifts the hold, as audited.")
@click.option("--reason", required=True, help="Why the dataset may be public again (audited).")
@click.pass_obj
def command(services: Services, name: str, actor: str, reason: str) -> None:
    """Lift the hold `publisher withdraw` placed; the next `publisher publish` republishes."""
    try:
        with services.db.session() as session:
            hold = lift_hold(session, name, actor, reason)
            click.echo(f"lifted the hold on {name} (placed by {hold.held_by}: {hold.reason}); "
                       f"`publisher publish {name}` publishes it again")
    except HoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
