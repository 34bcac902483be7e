"""``publisher backup``: one archive of the state database and the instance's files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.backup import BackupError, backup
from publisher.runlock import RunBusy
from publisher.services import Services


@click.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def command(services: Services, dest: Path) -> None:
    """Write a backup of this instance to DEST (tar.gz): database, releases, uploads.

    Waits for no run: refuses while a publish run is going. The pseudonym key is not in it.
    """
    try:
        manifest = backup(services, dest)
    except (BackupError, RunBusy) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"backup written to {dest} ({manifest['dialect']}, revision "
               f"{manifest['revision']})")
