"""``publisher withdraw``: hold a dataset and take it off the portal now (a privacy incident
cannot wait). The hold lasts: every surface hides the dataset and publish runs skip it until
``publisher release-hold`` lifts it."""

from __future__ import annotations

import sys

import click

from publisher.portal_client import open_portal
from publisher.retry import PortalRejected, PortalUnavailable
from publisher.services import Services
from publisher.state import HoldError, audit, place_hold
from publisher.sync import withdraw


@click.command("withdraw")
@click.argument("name")
@click.option("--reason", required=True, help="Why it is withdrawn (recorded with the hold).")
@click.option("--by", "actor", default="publisher", show_default=True, help="Who withdraws it.")
@click.option("--mode", type=click.Choice(["private", "delete"]), default=None,
              help="Make the package private or delete it (default: setting withdraw_mode).")
@click.option("--portal", default=None, help="Portal URL (default: the configured portal).")
@click.pass_obj
def command(services: Services, name: str, reason: str, actor: str, mode: str | None,
            portal: str | None) -> None:
    """Hold a dataset and withdraw it from the portal at once, whatever its descriptor says."""
    mode = mode or services.settings.withdraw_mode
    try:
        # The hold is recorded first: should the portal fail, the pages, feeds and status API
        # already hide the dataset and the next run takes it off the portal.
        with services.db.session() as session:
            hold = place_hold(session, name, actor, reason, mode)
            session.flush()
            held_by, held_reason = hold.held_by, hold.reason
    except HoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if (held_by, held_reason) != (actor, reason):
        click.echo(f"{name} was already held by {held_by} ({held_reason}); that hold stays")
    try:
        with open_portal(services, portal) as (client, _url):
            changed = withdraw(client, name, mode)
    except (PortalRejected, PortalUnavailable) as exc:
        click.echo(f"error: withdrawal of {name} from the portal failed: {exc}; the hold is "
                   "recorded, so the next publish run takes it off", err=True)
        sys.exit(1)
    with services.db.session() as session:
        audit(session, actor, "withdraw", name, mode=mode, reason=reason, changed=changed)
    if changed:
        click.echo(f"withdrew {name} from the portal ({mode}); held until "
                   f"`publisher release-hold {name} --by … --reason …`")
    else:
        click.echo(f"{name} was not publicly visible on the portal; nothing to withdraw "
                   "(held and recorded in the audit log)")
