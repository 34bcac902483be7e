"""``publisher backup``: one archive of the state database and the instance's files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher import codes
from publisher.backup import BackupError, backup
from publisher.commands import LANG, Command, lang_of, say
from publisher.runlock import RunBusy
from publisher.services import Services


@click.command("backup", cls=Command)
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@LANG
@click.pass_obj
def command(services: Services, dest: Path, lang: str | None) -> None:
    """Write a backup of this instance to DEST (tar.gz): database, releases, uploads.

    Waits for no run: refuses while a publish run is going. The pseudonym key is not in it.
    """
    lang = lang_of(services, lang)
    try:
        manifest = backup(services, dest)
    except (BackupError, RunBusy) as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    say(lang, "backup written to %(dest)s (%(dialect)s, revision %(revision)s)", dest=dest,
        dialect=manifest["dialect"], revision=manifest["revision"])
