"""One module per CLI command; each exposes ``command``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from publisher.services import Services

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                    help="Language of messages (default: setting lang).")
FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                      show_default=True, help="Output for people or for machines.")


def dataset_names(services: Services, names: tuple[str, ...]) -> list[str]:
    """The named datasets, or all when none are named; exit 2 naming any unknown one."""
    import sys

    known = services.dataset_names()
    unknown = [n for n in names if n not in known]
    if unknown:
        click.echo(f"error: unknown dataset(s): {', '.join(unknown)}; known: "
                   f"{', '.join(known) or '(none)'}", err=True)
        sys.exit(2)
    return list(names) or known
