"""``publisher demo``: what ``make run`` does. The whole pipeline over every dataset on the
embedded defaults, approvals by a named demo reviewer of the datasets shipped in this repository
only (:mod:`publisher.shipped`), then the service until interrupted."""

from __future__ import annotations

import dataclasses
import secrets
import sys

import click

from publisher.commands.publish import run_publish, show
from publisher.db import upgrade
from publisher.run import RunConfigError, as_planned
from publisher.services import Services
from publisher.shipped import is_shipped

DEMO_REVIEWER = "演示审查员 (demo reviewer)"
KEY_FILE = "demo-pseudonym.key"


def _demo_key(services: Services) -> Services:
    """Use the configured pseudonym key, or a demo key kept in the instance folder."""
    if services.settings.pseudonym_key:
        return services
    path = services.settings.instance_path / KEY_FILE
    if path.is_file():
        click.echo(f"      using the demo pseudonym key in {path} (no PUBLISHER_PSEUDONYM_KEY set)")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
        click.echo(f"      created a demo pseudonym key in {path}: set PUBLISHER_PSEUDONYM_KEY "
                   "to a secret of your own for real publishing")
    settings = dataclasses.replace(services.settings,
                                   pseudonym_key=path.read_text(encoding="utf-8").strip())
    return Services(settings)


@click.command("demo")
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the app after the pipeline has run.")
@click.pass_context
def command(ctx: click.Context, serve: bool) -> None:
    """Run the whole pipeline on the embedded defaults, then serve on the configured port."""
    services = _demo_key(ctx.obj)
    before, after = upgrade(services.db.engine)
    migrated = "" if before == after else f" (migrated from {before or 'empty'})"
    click.echo(f"[1/4] state database ready at revision {after}{migrated}")
    click.echo(f"[2/4] first publish run over {len(services.dataset_names())} datasets "
               "(check, validate, disclosure gate, de-identify, release, review, sync)")
    try:
        first = run_publish(services, None, False, None, trigger="demo")
    except RunConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    show(first, "text")
    pending = [o for o in first if o.code == "release-unapproved"]
    # Review cannot be bypassed: the demo reviewer vouches only for the datasets shipped in
    # this repository, unchanged (name and checksum); anything else waits for a real reviewer.
    datasets_dir = services.settings.datasets_path
    waiting = [o for o in pending if is_shipped(datasets_dir, o.dataset)]
    foreign = [o for o in pending if o not in waiting]
    click.echo(f"[3/4] approving {len(waiting)} new releases of shipped datasets as "
               f"{DEMO_REVIEWER!r} (a real bureau approves with `publisher approve NAME --by "
               "REVIEWER`)")
    from publisher.review import ReviewError, approve

    with services.db.session() as session:
        for o in waiting:
            try:
                approve(session, o.dataset, DEMO_REVIEWER, o.release_version)
            except ReviewError as exc:  # a release a reviewer rejected stays rejected
                click.echo(f"      not approved {o.dataset}: {exc}")
                continue
            click.echo(f"      approved {o.dataset} release {o.release_version}")
    for o in foreign:
        click.echo(f"      left for a reviewer: {o.dataset} is not a dataset shipped with this "
                   f"repository, or it changed since (`publisher approve {o.dataset} --by "
                   "REVIEWER`)")
    final = first
    if waiting:
        click.echo("[4/4] publishing the approved releases to the embedded portal")
        final = run_publish(services, [o.dataset for o in waiting], False, None, trigger="demo")
        show(final, "text")
    else:
        click.echo("[4/4] nothing new to approve")
    if not all(as_planned(o) for o in final):
        click.echo("note: some datasets did not publish; see the outcomes above", err=True)
    outcome = {o.dataset: o for o in first + (final if waiting else [])}
    live = sorted(n for n, o in outcome.items() if o.outcome in ("published", "unchanged"))
    held = sorted(n for n, o in outcome.items() if o.code == "disclosure-not-proactive")
    unreviewed = sorted(o.dataset for o in foreign)
    site = services.settings.site_url.rstrip("/")
    click.echo(f"done: {len(live)} datasets on the embedded portal, {len(held)} held back by "
               f"their disclosure attribute ({', '.join(held) or 'none'}), "
               f"{len(unreviewed)} awaiting a reviewer ({', '.join(unreviewed) or 'none'}).")
    click.echo(f"      catalogue {site}/  ·  CKAN API {site}/api/3/action/package_list  ·  "
               f"status {site}/api/v1/datasets  ·  DCAT {site}/catalog.ttl")
    if serve:
        from publisher.commands.serve import command as serve_command

        ctx.obj = services
        ctx.invoke(serve_command)
