"""The ``publisher`` command line (click). Commands receive a :class:`Services` via the context,
so tests run them with click's runner and their own settings, without a subprocess."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from publisher import __version__
from publisher.commands import (
    approve,
    backup,
    catalogue,
    check,
    db,
    deidentify,
    demo,
    docs,
    publish,
    quality,
    restore,
    scan,
    serve,
    settings,
    token,
    validate,
    withdraw,
)
from publisher.services import Services
from publisher.settings import SettingsError, load_settings
from publisher.vocabulary import VocabularyError


class PublisherGroup(click.Group):
    """Turns configuration faults into one clear line and exit 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (SettingsError, VocabularyError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=PublisherGroup)
@click.version_option(__version__, prog_name="publisher")
@click.option("--datasets-dir", envvar="PUBLISHER_DATASETS_DIR", default=None,
              help="Folder of the datasets (setting datasets_dir).")
@click.option("--instance-dir", envvar="PUBLISHER_INSTANCE_DIR", default=None,
              help="Instance folder: database, logs, releases (setting instance_dir).")
@click.pass_context
def main(ctx: click.Context, datasets_dir: str | None, instance_dir: str | None) -> None:
    """Validate, de-identify, review and publish the bureau's open data."""
    if ctx.obj is None:
        ctx.obj = Services(load_settings(overrides={"datasets_dir": datasets_dir,
                                                    "instance_dir": instance_dir}))
        ctx.call_on_close(ctx.obj.close)
    logging.basicConfig(level=ctx.obj.settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = ctx.obj.settings
    if settings.log_file:
        from publisher.logs import add_file

        path = Path(settings.log_file)
        handler = add_file(path if path.is_absolute() else settings.instance_path / path,
                           settings.log_file_level)

        def _close_log() -> None:
            logging.getLogger().removeHandler(handler)
            handler.close()

        ctx.call_on_close(_close_log)
    # Alembic narrates every connection at INFO; operators need only its warnings.
    logging.getLogger("alembic").setLevel(logging.WARNING)


COMMANDS = (approve, backup, catalogue, check, db, deidentify, demo, docs, publish, quality,
            restore, scan, serve, settings, token, validate, withdraw)
for module in COMMANDS:
    main.add_command(module.command)


if __name__ == "__main__":
    main()
