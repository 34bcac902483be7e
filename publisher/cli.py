"""The ``publisher`` command line (click). Commands receive a :class:`Services` via the context,
so tests run them with click's runner and their own settings, without a subprocess.

Commands are registered lazily: :data:`COMMANDS` maps each name to its module and its one-line
help, so ``publisher --help`` imports no command (nor pandas, frictionless, SQLAlchemy …) and a
command imports only what it needs. To add a command, add a row; a test checks that each row's
help is the command's own.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path
from typing import Any

import click

from publisher import __version__
from publisher.clihelp import CHOSEN_KEY, Group

#: name -> (module defining ``command``, the command's short help as ``--help`` lists it).
COMMANDS: dict[str, tuple[str, str]] = {
    "approve": ("publisher.commands.approve",
                "Approve the exact checksum of a dataset's release; recorded in the audit log."),
    "backup": ("publisher.commands.backup",
               "Write a backup of this instance to DEST (tar.gz): database, releases, uploads."),
    "catalogue": ("publisher.commands.catalogue",
                  "List the declared datasets with attribute, department, column and state."),
    "check": ("publisher.commands.check",
              "Lint dataset descriptors (all datasets when no NAME is given)."),
    "db": ("publisher.commands.db", "Manage the state database."),
    "deidentify": ("publisher.commands.deidentify",
                   "De-identify one dataset by its field policies; write the result and the "
                   "report."),
    "demo": ("publisher.commands.demo",
             "Run the whole pipeline on the embedded defaults, then serve on the configured "
             "port."),
    "docs": ("publisher.commands.docs",
             "Write the configuration, finding-code and CLI references generated from the "
             "code."),
    "harvest": ("publisher.commands.harvest",
                "Fetch each dataset's declared sources; publish the datasets whose data changed."),
    "publish": ("publisher.commands.publish",
                "Check, validate, gate, de-identify, release, verify approval and sync each "
                "dataset."),
    "quality": ("publisher.commands.quality",
                "Score published datasets (all when no NAME is given) by the data.europa.eu MQA "
                "method."),
    "reject": ("publisher.commands.reject",
               "Reject the exact checksum of a dataset's release; recorded in the audit log."),
    "release-hold": ("publisher.commands.release_hold",
                     "Lift the hold `publisher withdraw` placed; the next `publisher publish` "
                     "republishes."),
    "report": ("publisher.commands.report",
               "Reports built from the registers and the published datasets."),
    "requests": ("publisher.commands.requests",
                 "Register disclosure requests, record their steps and see what is due."),
    "restore": ("publisher.commands.restore",
                "Restore the database, releases and uploads of this instance from SOURCE."),
    "scan": ("publisher.commands.scan",
             "Run every detector over every cell; print counts per column and category, never "
             "values."),
    "scheduler": ("publisher.commands.scheduler",
                  "Harvest each dataset with sources when its update_frequency (or schedule.cron) "
                  "says."),
    "serve": ("publisher.commands.serve",
              "Serve the status API, the embedded portal, feeds and pages until interrupted."),
    "settings": ("publisher.commands.settings",
                 "Show the settings in force (defaults, instance file, PUBLISHER_* variables)."),
    "token": ("publisher.commands.token",
              "Manage tokens: steward (pages, status API), publisher (portal writes), admin."),
    "validate": ("publisher.commands.validate",
                 "Validate datasets' resources against their Table Schemas (all when no NAME is "
                 "given)."),
    "withdraw": ("publisher.commands.withdraw",
                 "Hold a dataset and withdraw it from the portal at once, whatever its "
                 "descriptor says."),
}


class PublisherGroup(Group):
    """Loads commands on first use; turns configuration faults into one clear line and exit 2,
    never a traceback. Its help, as every command's, is in the language asked
    (:mod:`publisher.clihelp`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        command: click.Command = importlib.import_module(COMMANDS[cmd_name][0]).command
        return command

    def listed_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            # A stand-in shortens (and translates) the table's help as the real one would be.
            return click.Command(name, help=COMMANDS[name][1])
        return self.commands.get(name)

    def invoke(self, ctx: click.Context) -> Any:
        from publisher.settings import SettingsError
        from publisher.vocabulary import VocabularyError

        # The command's own arguments, read before click consumes them: a settings fault
        # is told in the language asked even when no settings could be read.
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except (SettingsError, VocabularyError) as exc:
            from publisher.codes import describe
            from publisher.commands import say

            say(_lang(ctx, args), "error: %(message)s", err=True,
                message=describe(exc, _lang(ctx, args)))
            sys.exit(2)
        except (click.Abort, KeyboardInterrupt):
            from publisher.commands import say

            # click's own "Aborted!" (Ctrl-C, a refused prompt), in the language asked.
            say(_lang(ctx, args), "Aborted!", err=True)
            sys.exit(1)


def _lang(ctx: click.Context, args: list[str]) -> str:
    """``--lang`` of the command line, else the setting (or PUBLISHER_LANG), else zh."""
    import os

    from publisher.clihelp import lang_in
    from publisher.i18n import normalise

    asked = lang_in(args) or ctx.params.get("lang")
    if asked:
        return normalise(asked)
    settings = getattr(ctx.obj, "settings", None)
    return normalise(getattr(settings, "lang", None) or os.environ.get("PUBLISHER_LANG"))


@click.group(cls=PublisherGroup)
@click.version_option(__version__, prog_name="publisher")
@click.option("--datasets-dir", envvar="PUBLISHER_DATASETS_DIR", default=None,
              help="Folder of the datasets (setting datasets_dir).")
@click.option("--instance-dir", envvar="PUBLISHER_INSTANCE_DIR", default=None,
              help="Instance folder: database, logs, releases (setting instance_dir).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of messages and help for every command (default: setting lang; "
                   "help: English).")
@click.pass_context
def main(ctx: click.Context, datasets_dir: str | None, instance_dir: str | None,
         lang: str | None) -> None:
    """Validate, de-identify, review and publish the bureau's open data."""
    if lang:
        ctx.meta[CHOSEN_KEY] = lang  # a command's own --lang still wins (commands.lang_of)
    if ctx.obj is None:
        from publisher.services import Services
        from publisher.settings import load_settings

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


if __name__ == "__main__":
    main()
