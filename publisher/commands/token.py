"""``publisher token``: tokens by scope (steward, publisher, admin)."""

from __future__ import annotations

import click

from publisher.commands import LANG, Group, lang_of, say
from publisher.services import Services
from publisher.web import tokens


@click.group("token", cls=Group)
def command() -> None:
    """Manage tokens: steward (pages, status API), publisher (portal writes), admin."""


@command.command("create")
@click.argument("name")
@click.option("--scope", type=click.Choice(tokens.SCOPES), default="steward", show_default=True,
              help="steward: sign in, approve, reject, withdraw, requests; publisher: portal "
                   "writes (runs); admin: tokens and settings.")
@LANG
@click.pass_obj
def create_command(services: Services, name: str, scope: str, lang: str | None) -> None:
    """Create a token for NAME in SCOPE and print it once (only its hash is stored)."""
    if not name.strip():
        say(lang_of(services, lang), "error: the token needs a name", err=True)
        raise SystemExit(2)
    click.echo(tokens.create_token(services, name.strip(), scope))


@command.command("revoke")
@click.argument("name")
@LANG
@click.pass_obj
def revoke_command(services: Services, name: str, lang: str | None) -> None:
    """Revoke every token of NAME at once, in every scope, and end their sessions."""
    count = tokens.revoke(services, name)
    say(lang_of(services, lang), "revoked %(count)s token(s) of %(name)s", count=count, name=name)
    if not count:
        raise SystemExit(1)
