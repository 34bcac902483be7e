"""``publisher withdraw``: hold a dataset and take it off the portal now (a privacy incident
cannot wait). The hold lasts: every surface hides the dataset and publish runs skip it until
``publisher release-hold`` lifts it."""

from __future__ import annotations

import sys

import click

from publisher import codes
from publisher.commands import LANG, Command, lang_of, say
from publisher.portal_client import open_portal
from publisher.retry import PortalRejected, PortalUnavailable
from publisher.services import Services
from publisher.state import HoldError, audit, place_hold
from publisher.sync import withdraw


@click.command("withdraw", cls=Command)
@click.argument("name")
@click.option("--reason", required=True, help="Why it is withdrawn (recorded with the hold).")
@click.option("--by", "actor", default="publisher", show_default=True, help="Who withdraws it.")
@click.option("--mode", type=click.Choice(["private", "delete"]), default=None,
              help="Make the package private or delete it (default: setting withdraw_mode).")
@click.option("--portal", default=None, help="Portal URL (default: the configured portal).")
@LANG
@click.pass_obj
def command(services: Services, name: str, reason: str, actor: str, mode: str | None,
            portal: str | None, lang: str | None) -> None:
    """Hold a dataset and withdraw it from the portal at once, whatever its descriptor says."""
    mode = mode or services.settings.withdraw_mode
    lang = lang_of(services, lang)
    try:
        # The hold is recorded first: should the portal fail, the pages, feeds and status API
        # already hide the dataset and the next run takes it off the portal.
        with services.db.session() as session:
            hold = place_hold(session, name, actor, reason, mode)
            session.flush()
            held_by, held_reason = hold.held_by, hold.reason
    except HoldError as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    if (held_by, held_reason) != (actor, reason):
        say(lang, "%(name)s was already held by %(by)s (%(reason)s); that hold stays", name=name,
            by=held_by, reason=held_reason)
    try:
        with open_portal(services, portal) as (client, _url):
            changed = withdraw(client, name, mode)
    except (PortalRejected, PortalUnavailable) as exc:
        say(lang, "error: withdrawal of %(name)s from the portal failed: %(message)s; the hold "
            "is recorded, so the next publish run takes it off", err=True, name=name,
            message=codes.describe(exc, lang))
        sys.exit(1)
    with services.db.session() as session:
        audit(session, actor, "withdraw", name, mode=mode, reason=reason, changed=changed)
    if changed:
        say(lang, "withdrew %(name)s from the portal (%(mode)s); held until `publisher "
            "release-hold %(name)s --by … --reason …`", name=name, mode=mode)
    else:
        say(lang, "%(name)s was not publicly visible on the portal; nothing to withdraw (held "
            "and recorded in the audit log)", name=name)
