"""``publisher approve``: a named reviewer approves a release (审查)."""

from __future__ import annotations

import sys

import click

from publisher.review import ReviewError, approve
from publisher.services import Services
from publisher.state import active_hold


@click.command("approve")
@click.argument("name")
@click.option("--by", "reviewer", required=True, help="The reviewer's name, as audited.")
@click.option("--release", "version", type=int, default=None,
              help="Release version (default: the newest).")
@click.pass_obj
def command(services: Services, name: str, reviewer: str, version: int | None) -> None:
    """Approve the exact checksum of a dataset's release; recorded in the audit log."""
    try:
        with services.db.session() as session:
            approval = approve(session, name, reviewer, version)
            session.flush()
            release = approval.release
            click.echo(f"approved {name} release {release.version} "
                       f"(sha256 {release.checksum[:16]}…) by {reviewer}")
            hold = active_hold(session, name)
            if hold is not None:  # approval does not lift a hold: say so, not silently
                click.echo(f"note: {name} stays held ({hold.held_by}: {hold.reason}) until "
                           f"`publisher release-hold {name} --by … --reason …`")
    except ReviewError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
