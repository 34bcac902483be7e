"""``publisher scheduler``: harvest each dataset with sources when it is due."""

from __future__ import annotations

import click

from publisher.services import Services


@click.command("scheduler")
@click.option("--once", is_flag=True, help="Harvest what is due now, then exit (for cron).")
@click.pass_obj
def command(services: Services, once: bool) -> None:
    """Harvest each dataset with sources when its update_frequency (or schedule.cron) says."""
    from publisher.harvest_in import harvest
    from publisher.scheduler import Scheduler

    def run(names: list[str], now: object) -> None:
        result = harvest(services, names)
        for item in result.items:
            click.echo(f"{item.dataset}/{item.resource}: {item.outcome} {item.code}".rstrip())

    scheduler = Scheduler(services, run)
    if once:
        due = scheduler.tick()
        click.echo(f"harvested {len(due)} dataset(s)" if due else "nothing due")
        return
    click.echo("scheduler running; Ctrl+C to stop")
    try:
        scheduler.run_forever()
    except KeyboardInterrupt:
        scheduler.stopped.set()
