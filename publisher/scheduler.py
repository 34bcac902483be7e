"""When each dataset's sources are harvested next: ``update_frequency`` or a cron expression.

A dataset is due when its next time, counted from its last harvest (not from a fixed series),
has come. So a scheduler that was down for a week harvests a daily dataset once when it comes
back, not seven times ("missed runs caught up once"), and the next time counts from then.
Runs are sequential in one scheduler: one harvest at a time, so never two of one dataset.
The clock and the harvest function are passed in, so a test can drive a month in a second.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from publisher.frequency import parse_frequency
from publisher.harvest_in import sources_of
from publisher.models import HarvestItem, utcnow
from publisher.services import Services

log = logging.getLogger(__name__)
IDLE = timedelta(minutes=5)  # the longest the loop sleeps when nothing is due sooner


@dataclass(frozen=True)
class Plan:
    dataset: str
    rule: str  # the cron expression or the update frequency it follows
    last: datetime | None
    next: datetime


def next_time(rule: str, after: datetime) -> datetime | None:
    """The first time after ``after`` that ``rule`` (cron or ISO/EU frequency) names."""
    if len(rule.split()) == 5:
        from croniter import croniter

        when: datetime = croniter(rule, after).get_next(datetime)
        return when
    frequency = parse_frequency(rule)
    if frequency is None or not frequency.periodic:
        return None
    due = frequency.next_due(after.date())
    return datetime.combine(due, after.time()) if due else None


def rule_of(services: Services, name: str) -> str | None:
    """The schedule of a dataset with sources: ``schedule.cron``, else ``update_frequency``."""
    loaded = services.load(name)
    dataset = loaded.dataset
    if dataset is None or not sources_of(dataset):
        return None
    schedule = dataset.descriptor.get("schedule")
    if isinstance(schedule, dict) and isinstance(schedule.get("cron"), str):
        return str(schedule["cron"])
    return dataset.update_frequency or None


def plans(services: Services, now: datetime) -> list[Plan]:
    """Every scheduled dataset with its last harvest and its next time."""
    with services.db.session() as session:
        last = dict(session.execute(
            select(HarvestItem.dataset, func.max(HarvestItem.created_at))
            .where(HarvestItem.dry_run.is_(False)).group_by(HarvestItem.dataset)).all())
    out = []
    for name in services.dataset_names():
        rule = rule_of(services, name)
        if rule is None:
            continue
        previous = last.get(name)
        nxt = now if previous is None else next_time(rule, previous)
        if nxt is not None:
            out.append(Plan(name, rule, previous, nxt))
    return out


class Scheduler:
    """Harvests what is due at each tick; ``run_forever`` ticks until stopped."""

    def __init__(self, services: Services, harvest: Callable[[list[str], datetime], Any], *,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.services = services
        self.harvest = harvest
        self.clock = clock
        self.stopped = threading.Event()

    def tick(self) -> list[str]:
        """Harvest every dataset that is due now; returns their names."""
        now = self.clock()
        due = [p.dataset for p in plans(self.services, now) if p.next <= now]
        if due:
            log.info("scheduled harvest of %s", ", ".join(due))
            self.harvest(due, now)
        return due

    def run_forever(self) -> None:
        while not self.stopped.is_set():
            try:
                self.tick()
            except Exception as exc:  # the loop outlives one failed harvest; it is logged
                log.error("scheduled harvest failed: %s", type(exc).__name__)
            now = self.clock()
            upcoming = [p.next for p in plans(self.services, now)]
            wait = min([max(u - now, timedelta(seconds=1)) for u in upcoming] + [IDLE])
            self.stopped.wait(wait.total_seconds())


def overview(services: Services, now: datetime) -> list[dict[str, Any]]:
    """Each dataset with sources: its schedule, next run and each source's last harvest (what
    the status API and the steward page show)."""
    by_name = {p.dataset: p for p in plans(services, now)}
    items = []
    with services.db.session() as session:
        for name in services.dataset_names():
            dataset = services.load(name).dataset
            if dataset is None or not sources_of(dataset):
                continue
            sources = []
            for resource, spec in sources_of(dataset):
                last = session.scalar(
                    select(HarvestItem).where(HarvestItem.dataset == name,
                                              HarvestItem.resource == resource.name,
                                              HarvestItem.dry_run.is_(False))
                    .order_by(HarvestItem.id.desc()).limit(1))
                sources.append({
                    "resource": resource.name, "kind": str(spec.get("kind", "")),
                    "last_outcome": last.outcome if last else None,
                    "last_code": last.code if last else None,
                    "last_reason": last.reason if last else None,
                    "last_harvest": last.created_at if last else None,
                    "fingerprint": last.fingerprint if last else None,
                    "provenance": last.provenance if last else {},
                })
            plan = by_name.get(name)
            items.append({"dataset": name, "schedule": plan.rule if plan else None,
                          "next_run": plan.next if plan else None, "sources": sources})
    return items
