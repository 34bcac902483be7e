"""``publisher restore``: put a backup from ``publisher backup`` back into this instance."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher import codes
from publisher.backup import BackupError, restore
from publisher.commands import LANG, Command, lang_of, say
from publisher.runlock import RunBusy
from publisher.services import Services


@click.command("restore", cls=Command)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an instance that already has a database.")
@LANG
@click.pass_obj
def command(services: Services, source: Path, force: bool, lang: str | None) -> None:
    """Restore the database, releases and uploads of this instance from SOURCE."""
    lang = lang_of(services, lang)
    try:
        manifest = restore(services, source, force=force)
    except (BackupError, RunBusy) as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    say(lang, "restored %(source)s (taken %(created)s, revision %(revision)s)", source=source,
        created=manifest["created"], revision=manifest["revision"])
