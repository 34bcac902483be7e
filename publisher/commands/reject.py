"""``publisher reject``: a named reviewer rejects a release (审查不通过); it is never published."""

from __future__ import annotations

import sys

import click

from publisher.commands import LANG, Command, lang_of, say
from publisher.i18n import gettext
from publisher.models import Release
from publisher.review import ReviewError, reject
from publisher.services import Services


@click.command("reject", cls=Command)
@click.argument("name")
@click.option("--by", "reviewer", required=True, help="The reviewer's name, as audited.")
@click.option("--reason", required=True, help="Why the release is rejected (audited).")
@click.option("--release", "version", type=int, default=None,
              help="Release version (default: the newest).")
@LANG
@click.pass_obj
def command(services: Services, name: str, reviewer: str, reason: str,
            version: int | None, lang: str | None) -> None:
    """Reject the exact checksum of a dataset's release; recorded in the audit log."""
    lang = lang_of(services, lang)
    try:
        with services.db.session() as session:
            rejection = reject(session, name, reviewer, reason, version)
            session.flush()
            release = session.get(Release, rejection.release_id)
            say(lang, "rejected %(name)s release %(version)s by %(reviewer)s: it will never be "
                "published", name=name, version=release.version if release else version,
                reviewer=reviewer)
    except ReviewError as exc:
        say(lang, "error: %(message)s", err=True, message=gettext(lang, exc.msgid, **exc.params))
        sys.exit(2)

