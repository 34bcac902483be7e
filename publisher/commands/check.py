"""``publisher check``: the descriptor lint."""

from __future__ import annotations

import json
import sys

import click

from publisher.check import warnings
from publisher.commands import FORMAT, LANG, Command, dataset_names
from publisher.i18n import gettext
from publisher.services import Services
from publisher.state import record_check


@click.command("check", cls=Command)
@click.argument("names", nargs=-1)
@FORMAT
@LANG
@click.pass_obj
def command(services: Services, names: tuple[str, ...], fmt: str, lang: str | None) -> None:
    """Lint dataset descriptors (all datasets when no NAME is given).

    Exit 0 when every descriptor is accepted, 1 when any is refused, 2 on a usage error.
    Warnings (e.g. a document late to the gazette) are shown apart and never refuse.
    """
    lang = lang or services.settings.lang
    targets = dataset_names(services, names, lang)
    results = []
    with services.db.session() as session:
        for name in targets:
            loaded, findings = services.check(name)
            warned = warnings(loaded.dataset, services.vocabulary) if loaded.dataset else []
            record_check(session, name, loaded.dataset, findings, warned)
            results.append((name, findings, warned))
    refused = [name for name, findings, _ in results if findings]
    if fmt == "json":
        click.echo(json.dumps(
            {"valid": not refused,
             "datasets": [{"name": n, "accepted": not f, "findings": [x.to_dict(lang) for x in f],
                           "warnings": [x.to_dict(lang) for x in w]}
                          for n, f, w in results]},
            ensure_ascii=False, indent=2))
    else:
        ok, bad = gettext(lang, "accepted"), gettext(lang, "refused")
        for name, findings, warned in results:
            click.echo(f"{'✓' if not findings else '✗'} {name}: {bad if findings else ok}")
            for finding in findings:
                click.echo(f"    [{finding.code}] {finding.message(lang)}")
            if warned:
                click.echo(f"  ! {gettext(lang, 'warnings (publication goes on)')}: "
                           f"{len(warned)}")
            for finding in warned:
                click.echo(f"    ! [{finding.code}] {finding.message(lang)}")
        click.echo(gettext(lang, "%(n)s datasets, %(r)s refused", n=len(results),
                           r=len(refused)))
    sys.exit(1 if refused else 0)
