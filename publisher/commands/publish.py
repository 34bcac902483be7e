"""``publisher publish``: the whole pipeline for each dataset, one outcome each."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from publisher import codes
from publisher.commands import FORMAT, LANG, Command, lang_of, say
from publisher.compute import ENGINES
from publisher.i18n import gettext
from publisher.retry import PortalRejected, PortalUnavailable
from publisher.run import Outcome, RunConfigError, as_planned, begin_run, execute_run
from publisher.runlock import RunBusy
from publisher.services import Services

MARK = {"published": "↑", "unchanged": "=", "withdrawn": "↓", "planned": "…", "blocked": "■",
        "failed": "✗", "held": "⏸", "not-public": "○"}


#: The outcome words, as the pages say them (the same msgids).
WORD = {"published": "published", "unchanged": "unchanged", "withdrawn": "withdrawn",
        "planned": "planned", "blocked": "blocked", "failed": "failed", "held": "held",
        "not-public": "not public by decision"}


def _summary(steps: list[str]) -> str:
    """'upload stops', 'upload routes', 'load-datastore stops' → '2 upload, 1 load-datastore'."""
    counts: dict[str, int] = {}
    for step in steps:
        action = step.split(" ", 1)[0]
        counts[action] = counts.get(action, 0) + 1
    return ", ".join(f"{n} {action}" for action, n in counts.items())


def _word(lang: str, outcome: str) -> str:
    return gettext(lang, WORD[outcome]) if outcome in WORD else outcome


def _detail(o: Outcome, lang: str) -> str:
    """The outcome's detail in ``lang``: built from its code and data, not its English text."""
    d = o.detail
    if o.code in ("release-unapproved", "release-rejected") and o.release_version is not None \
            and d.get("checksum"):
        params = {"version": o.release_version, "checksum": str(d["checksum"])[:12]}
        if o.code == "release-rejected":
            return gettext(lang, "release %(version)s (%(checksum)s) was rejected; change the "
                                 "data or descriptor for a new release", **params)
        return gettext(lang, "release %(version)s (%(checksum)s); publisher approve "
                             "%(name)s --by REVIEWER", name=o.dataset, **params)
    if o.code == "dataset-removed" and "was_public" in d:
        return (gettext(lang, "the dataset's folder is gone from the datasets directory")
                if d["was_public"] else
                gettext(lang, "the dataset's folder is gone; it was not on the portal"))
    if o.code == "portal-write-failed" and d.get("reason_code"):
        return codes.text(lang, str(d["reason_code"]), **dict(d.get("reason_params") or {}))
    return str(d.get("detail") or "")


def outcome_line(o: Outcome, lang: str) -> str:
    """One dataset's outcome: mark, name, outcome, [code], detail and what was written."""
    line = f"{MARK.get(o.outcome, '?')} {o.dataset}: {_word(lang, o.outcome)}"
    if o.code:
        line += f" [{o.code}]"
    detail = _detail(o, lang)
    if detail:
        line += f" {detail}"
    if o.detail.get("message"):
        line += " " + gettext(lang, "portal: %(message)s", message=o.detail["message"])
    if o.detail.get("error"):
        line += " " + gettext(lang, "error: %(message)s", message=o.detail["error"])
    steps = o.detail.get("steps", [])
    if o.outcome == "planned":  # a dry run shows its whole plan
        line += "".join(f"\n    {step}" for step in steps)
    elif steps:
        line += f" ({_summary(steps)})"
    return line


def show(outcomes: list[Outcome], fmt: str, lang: str = "en") -> None:
    if fmt == "json":
        click.echo(json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False, indent=2))
        return
    for o in outcomes:
        click.echo(outcome_line(o, lang))
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.outcome] = counts.get(o.outcome, 0) + 1
    click.echo(", ".join(
        gettext(lang, "%(n)s %(outcome)s", n=n, outcome=_word(lang, k))
        for k, n in sorted(counts.items())))


def run_publish(services: Services, names: list[str] | None, dry_run: bool, portal: str | None,
                trigger: str = "cli", wait: float = 0.0) -> list[Outcome]:
    """Start and execute a run with progress bars on a terminal; raise RunConfigError early.

    One bar counts datasets, a second the rows of the DataStore load going on. RunBusy when
    another run keeps the instance's lock for longer than ``wait`` seconds.
    """
    from tqdm import tqdm

    run_id, lock = begin_run(services, names, dry_run, trigger, wait=wait)
    total = len(names or services.dataset_names())
    quiet = not sys.stderr.isatty()
    with lock, tqdm(total=total, unit="dataset", disable=quiet, file=sys.stderr,
                    position=0) as bar, \
            tqdm(total=0, unit="row", disable=quiet, file=sys.stderr, position=1,
                 leave=False) as rows:
        def progress(done: int, _total: int, name: str) -> None:
            bar.update(1)

        def events(kind: str, name: str, done: int, of: int) -> None:
            if kind == "dataset":
                bar.set_postfix_str(name)
            elif kind == "rows":
                if done == 0:
                    rows.reset(total=of)
                    rows.set_description(name)
                rows.update(done - rows.n)

        if portal:
            from publisher.portal_client import open_portal

            with open_portal(services, portal, run_id=run_id) as (client, url):
                return execute_run(services, run_id, names, dry_run, client=client,
                                   portal_url=url, progress=progress, events=events)
        return execute_run(services, run_id, names, dry_run, progress=progress, events=events)


@click.command("publish", cls=Command)
@click.argument("names", nargs=-1)
@click.option("--portal", default=None, help="Portal URL (default: setting portal_url, "
                                             "else the embedded portal).")
@click.option("--dry-run", is_flag=True, help="Run every stage but the writes; print the plan.")
@click.option("--wait", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Seconds to wait for another run on this instance to end; 0: refuse at once.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Where validation and de-identification run: local, or dask (partitions "
                   "on a Dask cluster; setting compute_engine).")
@FORMAT
@LANG
@click.pass_obj
def command(services: Services, names: tuple[str, ...], portal: str | None, dry_run: bool,
            wait: float, engine: str | None, fmt: str, lang: str | None) -> None:
    """Check, validate, gate, de-identify, release, verify approval and sync each dataset.

    One run at a time per instance: a second one waits up to --wait seconds, then refuses.
    Runs a killed process left ``running`` are marked ``interrupted`` first. Exit 0 when every
    dataset ended as planned (published, unchanged, withdrawn, or held back for its disclosure
    attribute), 1 otherwise, 2 when the run cannot start, 3 when another run is going.
    """
    if engine is not None and engine != services.settings.compute_engine:
        services.settings = dataclasses.replace(services.settings, compute_engine=engine)
    lang = lang_of(services, lang)
    try:
        outcomes = run_publish(services, list(names) or None, dry_run, portal, wait=wait)
    except RunBusy as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(3)
    except RunConfigError as exc:
        say(lang, "error: %(message)s", err=True, message=codes.describe(exc, lang))
        sys.exit(2)
    except (PortalRejected, PortalUnavailable) as exc:
        say(lang, "error: the portal cannot be used: %(message)s", err=True,
            message=codes.describe(exc, lang))
        sys.exit(2)
    show(outcomes, fmt, lang)
    sys.exit(0 if all(as_planned(o) for o in outcomes) else 1)
