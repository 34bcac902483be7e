"""The scheduler on a fake clock: a month of a daily and a monthly dataset, and catching up."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.harvest_in import harvest
from publisher.scheduler import Scheduler, next_time, plans
from publisher.services import Services
from publisher.settings import load_settings
from tests.conftest import ROOT

pytestmark = pytest.mark.db


def _dataset(folder: Path, name: str, rule: dict[str, str], source: Path) -> None:
    shutil.copytree(ROOT / "datasets" / "service-guides", folder / name)
    path = folder / name / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text("utf-8"))
    descriptor["name"] = name
    if "frequency" in rule:
        descriptor["update_frequency"] = rule["frequency"]
    if "cron" in rule:
        descriptor["schedule"] = {"cron": rule["cron"]}
    descriptor["resources"][0]["source"] = {"kind": "file", "path": str(source)}
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), "utf-8")


@pytest.fixture
def services(settings_overrides: dict[str, Any], tmp_path: Path) -> Iterator[Services]:
    folder = tmp_path / "datasets"
    folder.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", folder / "bureau.yaml")
    share = tmp_path / "share"
    share.mkdir()
    source = share / "guides.csv"
    shutil.copy(ROOT / "datasets" / "service-guides" / "data" / "guides.csv", source)
    _dataset(folder, "guides-daily", {"frequency": "P1D"}, source)
    _dataset(folder, "guides-monthly", {"frequency": "P1M"}, source)
    _dataset(folder, "guides-cron", {"frequency": "P1D", "cron": "30 6 * * 1"}, source)
    shutil.copytree(ROOT / "datasets" / "service-guides", folder / "no-source")
    svc = Services(load_settings(env={}, overrides={**settings_overrides,
                                                    "datasets_dir": str(folder)}))
    yield svc
    svc.close()


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def test_a_month_of_daily_monthly_and_cron_datasets(services: Services) -> None:
    clock = Clock(datetime(2026, 1, 1, 2, 0))
    started: list[tuple[str, datetime]] = []

    def run(names: list[str], now: datetime) -> None:
        started.extend((n, now) for n in names)
        harvest(services, names, publish=False, now=now)

    scheduler = Scheduler(services, run, clock=clock)
    end = datetime(2026, 2, 1, 2, 0)
    while clock.now <= end:
        scheduler.tick()
        clock.now += timedelta(hours=1)
    counts = Counter(name for name, _ in started)
    # First tick harvests everything (never harvested), then each by its own rule.
    assert counts["guides-daily"] == 32  # 1 Jan … 1 Feb, every 24 h from the first run
    assert counts["guides-monthly"] == 2  # 1 Jan and 1 Feb
    mondays = [d for d in (datetime(2026, 1, 1) + timedelta(days=i) for i in range(32))
               if d.weekday() == 0]
    assert counts["guides-cron"] == 1 + len(mondays)  # the cron rule wins over P1D
    assert "no-source" not in counts
    daily = [t for n, t in started if n == "guides-daily"]
    assert all(b - a == timedelta(days=1) for a, b in zip(daily, daily[1:], strict=False))
    assert [t for n, t in started if n == "guides-cron"][1:] == [
        m.replace(hour=7) for m in mondays]  # the first hourly tick after 06:30

    # Down for forty days: each dataset is harvested once when the scheduler is back.
    clock.now = end + timedelta(days=40)
    before = len(started)
    due = scheduler.tick()
    assert sorted(due) == ["guides-cron", "guides-daily", "guides-monthly"]
    assert len(started) - before == 3
    assert scheduler.tick() == []  # and not again at the same moment
    nxt = {p.dataset: p.next for p in plans(services, clock.now)}
    assert nxt["guides-daily"] == clock.now + timedelta(days=1)
    assert nxt["guides-monthly"] == clock.now.replace(month=clock.now.month + 1)


def test_next_time_rules() -> None:
    at = datetime(2026, 1, 31, 8, 0)
    assert next_time("P1D", at) == datetime(2026, 2, 1, 8, 0)
    assert next_time("P1M", at) == datetime(2026, 2, 28, 8, 0)  # clipped to the month's end
    assert next_time("MONTHLY", at) == datetime(2026, 2, 28, 8, 0)
    assert next_time("0 2 * * *", at) == datetime(2026, 2, 1, 2, 0)
    assert next_time("IRREG", at) is None


def test_scheduler_once_command(runner: Any) -> None:
    first = runner(["scheduler", "--once", "--lang", "en"])
    assert first.exit_code == 0, first.output
    assert "harvested 3 dataset(s)" in first.output
    assert "guides-daily/guides: changed" not in first.output  # same bytes as the copy
    assert runner(["scheduler", "--once", "--lang", "en"]).output.strip() == "nothing due"
