"""``publisher publish``: the whole pipeline for each dataset, one outcome each."""

from __future__ import annotations

import json
import sys

import click

from publisher.commands import FORMAT
from publisher.retry import PortalRejected, PortalUnavailable
from publisher.run import Outcome, RunConfigError, as_planned, execute_run, start_run
from publisher.services import Services

MARK = {"published": "↑", "unchanged": "=", "withdrawn": "↓", "planned": "…", "blocked": "■",
        "failed": "✗", "held": "⏸", "not-public": "○"}


def _summary(steps: list[str]) -> str:
    """'upload stops', 'upload routes', 'load-datastore stops' → '2 upload, 1 load-datastore'."""
    counts: dict[str, int] = {}
    for step in steps:
        action = step.split(" ", 1)[0]
        counts[action] = counts.get(action, 0) + 1
    return ", ".join(f"{n} {action}" for action, n in counts.items())


def show(outcomes: list[Outcome], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False, indent=2))
        return
    for o in outcomes:
        line = f"{MARK.get(o.outcome, '?')} {o.dataset}: {o.outcome}"
        if o.code:
            line += f" [{o.code}]"
        if o.detail.get("detail"):
            line += f" {o.detail['detail']}"
        if o.detail.get("message"):
            line += f" portal: {o.detail['message']}"
        if o.detail.get("error"):
            line += f" error: {o.detail['error']}"
        steps = o.detail.get("steps", [])
        if o.outcome == "planned":  # a dry run shows its whole plan
            line += "".join(f"\n    {step}" for step in steps)
        elif steps:
            line += f" ({_summary(steps)})"
        click.echo(line)
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.outcome] = counts.get(o.outcome, 0) + 1
    click.echo(", ".join(f"{n} {k}" for k, n in sorted(counts.items())))


def run_publish(services: Services, names: list[str] | None, dry_run: bool, portal: str | None,
                trigger: str = "cli") -> list[Outcome]:
    """Start and execute a run with a progress bar on a terminal; raise RunConfigError early."""
    from tqdm import tqdm

    run_id = start_run(services, names, dry_run, trigger)
    total = len(names or services.dataset_names())
    with tqdm(total=total, unit="dataset", disable=not sys.stderr.isatty(),
              file=sys.stderr) as bar:
        def progress(done: int, _total: int, name: str) -> None:
            bar.set_postfix_str(name)
            bar.update(1)

        if portal:
            from publisher.portal_client import open_portal

            with open_portal(services, portal) as (client, url):
                return execute_run(services, run_id, names, dry_run, client=client,
                                   portal_url=url, progress=progress)
        return execute_run(services, run_id, names, dry_run, progress=progress)


@click.command("publish")
@click.argument("names", nargs=-1)
@click.option("--portal", default=None, help="Portal URL (default: setting portal_url, "
                                             "else the embedded portal).")
@click.option("--dry-run", is_flag=True, help="Run every stage but the writes; print the plan.")
@FORMAT
@click.pass_obj
def command(services: Services, names: tuple[str, ...], portal: str | None, dry_run: bool,
            fmt: str) -> None:
    """Check, validate, gate, de-identify, release, verify approval and sync each dataset.

    Exit 0 when every dataset ended as planned (published, unchanged, withdrawn, or held back
    for its disclosure attribute), 1 otherwise, 2 when the run cannot start.
    """
    try:
        outcomes = run_publish(services, list(names) or None, dry_run, portal)
    except RunConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except (PortalRejected, PortalUnavailable) as exc:
        click.echo(f"error: the portal cannot be used: {exc}", err=True)
        sys.exit(2)
    show(outcomes, fmt)
    sys.exit(0 if all(as_planned(o) for o in outcomes) else 1)
