"""``publisher release-hold``: lift a hold; the next publish run may publish the dataset again."""

from __future__ import annotations

import sys

import click

from publisher import codes
from publisher.commands import LANG, Command, lang_of, say
from publisher.services import Services
from publisher.state import HoldError, lift_hold


@click.command("release-hold", cls=Command)
@click.argument("name")
@click.option("--by", "actor", required=True, help="Who lifts the hold, as audited.")
@click.option("--reason", required=True, help="Why the dataset may be public again (audited).")
@LANG
@click.pass_obj
def command(services: Services, name: str, actor: str, reason: str,
            lang: str | None) -> None:
    """Lift the hold `publisher withdraw` placed; the next `publisher publish` republishes."""
    lang = lang_of(services, lang)
    try:
        with services.db.session() as session:
            hold = lift_hold(session, name, actor, reason)
            say(lang, "lifted the hold on %(name)s (placed by %(by)s: %(reason)s); `publisher "
                "publish %(name)s` publishes it again", name=name, by=hold.held_by,
                reason=hold.reason)
    except HoldError as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
