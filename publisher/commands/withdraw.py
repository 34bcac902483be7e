"""``publisher withdraw``: take a dataset off the portal now (a privacy incident cannot wait)."""

from __future__ import annotations

import sys

import click

from publisher.portal_client import open_portal
from publisher.retry import PortalRejected, PortalUnavailable
from publisher.services import Services
from publisher.state import audit
from publisher.sync import withdraw


@click.command("withdraw")
@click.argument("name")
@click.option("--reason", required=True, help="Why it is withdrawn (recorded in the audit log).")
@click.option("--by", "actor", default="publisher", show_default=True, help="Who withdraws it.")
@click.option("--mode", type=click.Choice(["private", "delete"]), default=None,
              help="Make the package private or delete it (default: setting withdraw_mode).")
@click.option("--portal", default=None, help="Portal URL (default: the configured portal).")
@click.pass_obj
def command(services: Services, name: str, reason: str, actor: str, mode: str | None,
            portal: str | None) -> None:
    """Withdraw a published dataset from the portal at once, whatever its descriptor says."""
    mode = mode or services.settings.withdraw_mode
    try:
        with open_portal(services, portal) as (client, _url):
            changed = withdraw(client, name, mode)
    except (PortalRejected, PortalUnavailable) as exc:
        click.echo(f"error: withdrawal of {name} failed: {exc}", err=True)
        sys.exit(1)
    with services.db.session() as session:
        audit(session, actor, "withdraw", name, mode=mode, reason=reason, changed=changed)
    if changed:
        click.echo(f"withdrew {name} from the portal ({mode})")
    else:
        click.echo(f"{name} was not publicly visible on the portal; nothing to withdraw "
                   "(recorded in the audit log)")
