"""One module per CLI command; each exposes ``command``, made with ``cls=Command`` (or
``cls=Group``) so that its help is translated (:mod:`publisher.clihelp`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from publisher.clihelp import CHOSEN_KEY, Command, Group

if TYPE_CHECKING:
    from publisher.services import Services

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="Language of messages (default: setting lang).")


def lang_of(services: Services, lang: str | None = None) -> str:
    """The language of a command's messages: ``--lang``, else the setting ``lang``
    (``PUBLISHER_LANG``), zh by default."""
    from publisher.i18n import normalise

    if lang is None:  # ``publisher --lang en COMMAND``: the group's option, kept in ctx.meta
        ctx = click.get_current_context(silent=True)
        lang = ctx.meta.get(CHOSEN_KEY) if ctx is not None else None
    return normalise(lang or services.settings.lang)


def say(lang: str, msgid: str, *, err: bool = False, **params: object) -> None:
    """Print ``msgid`` from the message catalogue in ``lang``, its ``%(name)s`` filled in.

    Every user-facing line of the CLI goes through here (or ``publisher.i18n.gettext``), so
    ``tests/publisher/test_cli_i18n.py`` finds each msgid and checks it is translated. Codes
    in brackets (``[run-busy]``) stay as they are in every language.
    """
    from publisher.i18n import gettext

    click.echo(gettext(lang, msgid, **params), err=err)
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="Output for people or for machines.")


def dataset_names(services: Services, names: tuple[str, ...],
                  lang: str | None = None) -> list[str]:
    """The named datasets, or all when none are named; exit 2 naming any unknown one."""
    import sys

    known = services.dataset_names()
    unknown = [n for n in names if n not in known]
    if unknown:
        say(lang_of(services, lang), "error: unknown dataset(s): %(unknown)s; known: %(known)s",
            err=True, unknown=", ".join(unknown), known=", ".join(known) or "-")
        sys.exit(2)
    return list(names) or known


__all__ = ["FORMAT", "LANG", "Command", "Group", "dataset_names", "lang_of", "say"]
