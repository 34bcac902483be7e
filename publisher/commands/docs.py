"""``publisher docs``: regenerate the reference pages in docs/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.commands import LANG, Command, lang_of, say
from publisher.docgen import stale_pages, write_pages
from publisher.services import Services


@click.command("docs", cls=Command)
@click.option("--dir", "docs_dir", default="docs", show_default=True, type=click.Path())
@click.option("--check", is_flag=True, help="Only report stale pages; exit 1 if any.")
@LANG
@click.pass_obj
def command(services: Services, docs_dir: str, check: bool, lang: str | None) -> None:
    """Write the configuration, finding-code and CLI references generated from the code."""
    root = click.get_current_context().find_root().command
    lang = lang_of(services, lang)
    if check:
        stale = stale_pages(Path(docs_dir), root)
        for name in stale:
            path = f"{docs_dir}/{name}"
            say(lang, "stale: %(path)s (run `publisher docs`)", path=path)
        sys.exit(1 if stale else 0)
    for name in write_pages(Path(docs_dir), root):
        written = f"{docs_dir}/{name}"
        say(lang, "wrote %(path)s", path=written)
