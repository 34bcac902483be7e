"""``publisher docs``: regenerate the reference pages in docs/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from publisher.docgen import stale_pages, write_pages


@click.command("docs")
@click.option("--dir", "docs_dir", default="docs", show_default=True, type=click.Path())
@click.option("--check", is_flag=True, help="Only report stale pages; exit 1 if any.")
def command(docs_dir: str, check: bool) -> None:
    """Write the configuration, finding-code and CLI references generated from the code."""
    root = click.get_current_context().find_root().command
    if check:
        stale = stale_pages(Path(docs_dir), root)
        for name in stale:
            click.echo(f"stale: {docs_dir}/{name} (run `publisher docs`)")
        sys.exit(1 if stale else 0)
    for name in write_pages(Path(docs_dir), root):
        click.echo(f"wrote {docs_dir}/{name}")
