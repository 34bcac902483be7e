"""``publisher scheduler``: harvest each dataset with sources when it is due."""

from __future__ import annotations

import click

from publisher.commands import LANG, Command, lang_of, say
from publisher.i18n import gettext
from publisher.services import Services


@click.command("scheduler", cls=Command)
@click.option("--once", is_flag=True, help="Harvest what is due now, then exit (for cron).")
@LANG
@click.pass_obj
def command(services: Services, once: bool, lang: str | None) -> None:
    """Harvest each dataset with sources when its update_frequency (or schedule.cron) says."""
    from publisher.harvest_in import harvest
    from publisher.scheduler import Scheduler

    language = lang_of(services, lang)

    def run(names: list[str], now: object) -> None:
        result = harvest(services, names)
        for item in result.items:
            click.echo(f"{item.dataset}/{item.resource}: {gettext(language, item.outcome)} "
                       f"{item.code}".rstrip())

    scheduler = Scheduler(services, run)
    if once:
        due = scheduler.tick()
        if due:
            say(language, "harvested %(n)s dataset(s)", n=len(due))
        else:
            say(language, "nothing due")
        return
    say(language, "scheduler running; Ctrl+C to stop")
    try:
        scheduler.run_forever()
    except KeyboardInterrupt:
        scheduler.stopped.set()
