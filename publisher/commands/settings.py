"""``publisher settings``: the resolved settings, secrets hidden."""

from __future__ import annotations

import json

import click

from publisher.commands import Command
from publisher.services import Services


@click.command("settings", cls=Command)
@click.pass_obj
def command(services: Services) -> None:
    """Show the settings in force (defaults, instance file, PUBLISHER_* variables)."""
    click.echo(json.dumps(services.settings.public(), ensure_ascii=False, indent=2))
