"""``publisher harvest``: pull declared sources in, then publish what changed."""

from __future__ import annotations

import json
import sys

import click

from publisher.commands import FORMAT, LANG, Command, lang_of, say
from publisher.commands.publish import outcome_line
from publisher.i18n import gettext
from publisher.services import Services

MARK = {"new": "+", "changed": "↑", "unchanged": "=", "skipped": "-", "failed": "✗"}


@click.command("harvest", cls=Command)
@click.argument("names", nargs=-1)
@click.option("--dry-run", is_flag=True,
              help="Fetch and compare every source; write nothing, publish nothing.")
@click.option("--no-publish", is_flag=True, help="Swap snapshots in but do not run publish.")
@FORMAT
@LANG
@click.pass_obj
def command(services: Services, names: tuple[str, ...], dry_run: bool, no_publish: bool,
            fmt: str, lang: str | None) -> None:
    """Fetch each dataset's declared sources; publish the datasets whose data changed.

    Exit 0 when every source was read, 1 when one failed (its dataset keeps its last good
    snapshot), 2 for an unknown dataset.
    """
    from publisher.harvest_in import harvest
    from publisher.services import UnknownDataset

    lang = lang_of(services, lang)
    try:
        result = harvest(services, list(names) or None, dry_run=dry_run,
                         publish=not no_publish)
    except UnknownDataset as exc:
        say(lang, "error: unknown dataset %(name)s", err=True, name=str(exc))
        sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps({"harvest_id": result.harvest_id, "dry_run": dry_run,
                               "items": [i.__dict__ for i in result.items],
                               "changed": result.changed,
                               "publish_run_id": result.publish_run_id},
                              ensure_ascii=False, indent=2))
    else:
        for item in result.items:
            line = f"{MARK.get(item.outcome, '?')} {item.dataset}/{item.resource} " \
                   f"({item.kind}): {gettext(lang, item.outcome)}"
            if item.code:
                line += f" [{item.code}] {item.reason_in(lang)}"
            click.echo(line)
        if not result.items:
            say(lang, "no dataset declares a source")
        if result.changed:
            changed = ", ".join(result.changed)
            if dry_run or no_publish:
                say(lang, "would publish: %(names)s", names=changed)
            else:
                say(lang, "published: %(names)s", names=changed)
        for outcome in result.publish:
            click.echo(f"  {outcome_line(outcome, lang)}")
    if result.failed:
        sys.exit(1)
