"""``publisher demo``: what ``make run`` does. Every stage that exists, over every dataset, on
the embedded defaults; then the service, until interrupted."""

from __future__ import annotations

import click

from publisher.db import upgrade
from publisher.services import Services
from publisher.state import record_check


@click.command("demo")
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the app after the pipeline has run.")
@click.pass_context
def command(ctx: click.Context, serve: bool) -> None:
    """Run the whole pipeline on the embedded defaults, then serve on the configured port."""
    services: Services = ctx.obj
    before, after = upgrade(services.db.engine)
    migrated = "" if before == after else f" (migrated from {before or 'empty'})"
    click.echo(f"[1/2] state database ready at revision {after}{migrated}")
    names = services.dataset_names()
    refused = 0
    with services.db.session() as session:
        for name in names:
            loaded, findings = services.check(name)
            record_check(session, name, loaded.dataset, findings)
            refused += bool(findings)
            state = "accepted" if not findings else f"refused ({len(findings)} findings)"
            click.echo(f"      check {name}: {state}")
    click.echo(f"[2/2] checked {len(names)} dataset descriptors: {len(names) - refused} accepted, "
               f"{refused} refused (details: publisher check)")
    if serve:
        from publisher.commands.serve import command as serve_command

        ctx.invoke(serve_command)
