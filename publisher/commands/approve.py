"""``publisher approve``: a named reviewer approves a release (审查)."""

from __future__ import annotations

import sys

import click

from publisher.commands import LANG, Command
from publisher.i18n import gettext
from publisher.review import ReviewError, approve
from publisher.services import Services
from publisher.state import active_hold


@click.command("approve", cls=Command)
@click.argument("name")
@click.option("--by", "reviewer", required=True, help="The reviewer's name, as audited.")
@click.option("--release", "version", type=int, default=None,
              help="Release version (default: the newest).")
@LANG
@click.pass_obj
def command(services: Services, name: str, reviewer: str, version: int | None,
            lang: str | None) -> None:
    """Approve the exact checksum of a dataset's release; recorded in the audit log."""
    lang = lang or services.settings.lang
    try:
        with services.db.session() as session:
            approval = approve(session, name, reviewer, version)
            session.flush()
            release = approval.release
            done = "approved %(name)s release %(version)s (sha256 %(sha)s…) by %(reviewer)s"
            click.echo(gettext(lang, done, name=name, version=release.version,
                               sha=release.checksum[:16], reviewer=reviewer))
            hold = active_hold(session, name)
            if hold is not None:  # approval does not lift a hold: say so, not silently
                note = gettext(lang, "note: %(name)s stays held (%(by)s: %(reason)s)",
                               name=name, by=hold.held_by, reason=hold.reason)
                click.echo(f"{note}; publisher release-hold {name} --by … --reason …")
    except ReviewError as exc:
        click.echo(gettext(lang, "error: %(message)s",
                           message=gettext(lang, exc.msgid, **exc.params)), err=True)
        sys.exit(2)
