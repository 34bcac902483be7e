"""``publisher restore``: put a backup from ``publisher backup`` back into this instance."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.backup import BackupError, restore
from publisher.runlock import RunBusy
from publisher.services import Services


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an instance that already has a database.")
@click.pass_obj
def command(services: Services, source: Path, force: bool) -> None:
    """Restore the database, releases and uploads of this instance from SOURCE."""
    try:
        manifest = restore(services, source, force=force)
    except (BackupError, RunBusy) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"restored {source} (taken {manifest['created']}, revision "
               f"{manifest['revision']})")
