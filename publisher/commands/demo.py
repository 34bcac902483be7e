"""``publisher demo``: what ``make run`` does. The whole pipeline over every dataset on the
embedded defaults, approvals by a named demo reviewer of the datasets shipped in this repository
only (:mod:`publisher.shipped`), then the service until interrupted."""

from __future__ import annotations

import dataclasses
import secrets
import sys

import click

from publisher import codes
from publisher.commands import LANG, Command, lang_of, say
from publisher.commands.publish import run_publish, show
from publisher.db import upgrade
from publisher.i18n import gettext
from publisher.run import RunConfigError, as_planned
from publisher.services import Services
from publisher.shipped import is_shipped

DEMO_REVIEWER = "演示审查员 (demo reviewer)"
KEY_FILE = "demo-pseudonym.key"


def _demo_key(services: Services, lang: str) -> Services:
    """Use the configured pseudonym key, or a demo key kept in the instance folder."""
    if services.settings.pseudonym_key:
        return services
    path = services.settings.instance_path / KEY_FILE
    if path.is_file():
        say(lang, "      using the demo pseudonym key in %(path)s (no PUBLISHER_PSEUDONYM_KEY "
            "set)", path=path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
        say(lang, "      created a demo pseudonym key in %(path)s: set PUBLISHER_PSEUDONYM_KEY "
            "to a secret of your own for real publishing", path=path)
    settings = dataclasses.replace(services.settings,
                                   pseudonym_key=path.read_text(encoding="utf-8").strip())
    return Services(settings)


@click.command("demo", cls=Command)
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the app after the pipeline has run.")
@LANG
@click.pass_context
def command(ctx: click.Context, serve: bool, lang: str | None) -> None:
    """Run the whole pipeline on the embedded defaults, then serve on the configured port."""
    lang = lang_of(ctx.obj, lang)
    services = _demo_key(ctx.obj, lang)
    before, after = upgrade(services.db.engine)
    if before == after:
        say(lang, "[1/4] state database ready at revision %(revision)s", revision=after)
    elif before is None:
        say(lang, "[1/4] state database ready at revision %(revision)s (migrated from empty)",
            revision=after)
    else:
        say(lang, "[1/4] state database ready at revision %(revision)s (migrated from "
            "%(before)s)", revision=after, before=before)
    say(lang, "[2/4] first publish run over %(n)s datasets (check, validate, disclosure gate, "
        "de-identify, release, review, sync)", n=len(services.dataset_names()))
    try:
        first = run_publish(services, None, False, None, trigger="demo")
    except RunConfigError as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    show(first, "text", lang)
    pending = [o for o in first if o.code == "release-unapproved"]
    # Review cannot be bypassed: the demo reviewer vouches only for the datasets shipped in
    # this repository, unchanged (name and checksum); anything else waits for a real reviewer.
    datasets_dir = services.settings.datasets_path
    waiting = [o for o in pending if is_shipped(datasets_dir, o.dataset)]
    foreign = [o for o in pending if o not in waiting]
    say(lang, "[3/4] approving %(n)s new releases of shipped datasets as %(reviewer)s (a real "
        "bureau approves with `publisher approve NAME --by REVIEWER`)", n=len(waiting),
        reviewer=repr(DEMO_REVIEWER))
    from publisher.review import ReviewError, approve

    with services.db.session() as session:
        for o in waiting:
            try:
                approve(session, o.dataset, DEMO_REVIEWER, o.release_version)
            except ReviewError as exc:  # a release a reviewer rejected stays rejected
                say(lang, "      not approved %(name)s: %(message)s", name=o.dataset,
                    message=gettext(lang, exc.msgid, **exc.params))
                continue
            say(lang, "      approved %(name)s release %(version)s", name=o.dataset,
                version=o.release_version)
    for o in foreign:
        say(lang, "      left for a reviewer: %(name)s is not a dataset shipped with this "
            "repository, or it changed since (`publisher approve %(name)s --by REVIEWER`)",
            name=o.dataset)
    final = first
    if waiting:
        say(lang, "[4/4] publishing the approved releases to the embedded portal")
        final = run_publish(services, [o.dataset for o in waiting], False, None, trigger="demo")
        show(final, "text", lang)
    else:
        say(lang, "[4/4] nothing new to approve")
    if not all(as_planned(o) for o in final):
        say(lang, "note: some datasets did not publish; see the outcomes above", err=True)
    outcome = {o.dataset: o for o in first + (final if waiting else [])}
    live = sorted(n for n, o in outcome.items() if o.outcome in ("published", "unchanged"))
    held = sorted(n for n, o in outcome.items() if o.code == "disclosure-not-proactive")
    unreviewed = sorted(o.dataset for o in foreign)
    site = services.settings.site_url.rstrip("/")
    none = gettext(lang, "none")
    say(lang, "done: %(live)s datasets on the embedded portal, %(held)s held back by their "
        "disclosure attribute (%(held_names)s), %(waiting)s awaiting a reviewer "
        "(%(waiting_names)s).", live=len(live), held=len(held),
        held_names=", ".join(held) or none, waiting=len(unreviewed),
        waiting_names=", ".join(unreviewed) or none)
    say(lang, "      catalogue %(site)s/  ·  CKAN API %(site)s/api/3/action/package_list  ·  "
        "status %(site)s/api/v1/datasets  ·  DCAT %(site)s/catalog.ttl", site=site)
    if serve:
        from publisher.commands.serve import command as serve_command

        ctx.obj = services
        ctx.invoke(serve_command)
