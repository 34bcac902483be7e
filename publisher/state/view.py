"""One view of each dataset's state, read by every surface: status API, pages, feeds, CLI, runs.

A :class:`DatasetState` joins what is declared (the descriptor in the datasets folder) with what
is recorded (lint verdict, validation reports, releases, approvals and rejections, publish
outcomes, the hold in force). The access rule lives here once: a dataset is **public** when no
hold is in force and :func:`publisher.visibility.is_public` says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher import visibility
from publisher.dataset import Dataset
from publisher.frequency import parse_frequency
from publisher.models import (
    Approval,
    DatasetRow,
    Hold,
    PublishItem,
    PublishRun,
    Rejection,
    Release,
    ValidationReport,
)

if TYPE_CHECKING:
    from publisher.services import Services

LIVE = visibility.LIVE
#: Attributes that keep a dataset off every public surface by decision, not by a fault.
NOT_PUBLIC = ("on_request", "withheld")
#: The one-word states, in the order a steward acts on them.
STATES = ("held", "not-public", "removed", "failed", "blocked", "published", "withdrawn",
          "never-published")


@dataclass
class DatasetState:
    """Everything recorded and declared about one dataset."""

    name: str
    dataset: Dataset | None = None  # the current descriptor (None: absent or unreadable)
    row: DatasetRow | None = None  # the lint verdict and metadata last recorded
    reports: list[ValidationReport] = field(default_factory=list)  # newest per resource
    releases: list[Release] = field(default_factory=list)  # newest first
    items: list[PublishItem] = field(default_factory=list)  # real runs only, newest first
    approved_versions: set[int] = field(default_factory=set)
    rejected_versions: set[int] = field(default_factory=set)
    hold: Hold | None = None  # the hold in force
    declared: bool = True  # a folder in the datasets directory

    # -- publication ------------------------------------------------------------------------
    @property
    def last_item(self) -> PublishItem | None:
        """The newest outcome of a real run, whatever it was."""
        return self.items[0] if self.items else None

    @property
    def live_item(self) -> PublishItem | None:
        """The newest published, unchanged or withdrawn outcome: what the portal holds."""
        return next((i for i in self.items if i.outcome in (*LIVE, "withdrawn")), None)

    @property
    def published(self) -> bool:
        item = self.live_item
        return item is not None and item.outcome in LIVE

    @property
    def release(self) -> Release | None:
        """The release the portal holds, when the dataset is published."""
        item = self.live_item
        if item is None or item.outcome not in LIVE:
            return None
        return next((r for r in self.releases if r.version == item.release_version), None)

    @property
    def latest(self) -> Release | None:
        return self.releases[0] if self.releases else None

    @property
    def shown(self) -> Release | None:
        """The release a steward's page describes: the published one, else the newest."""
        return self.release or self.latest

    @property
    def live_versions(self) -> frozenset[int]:
        """Every version a live outcome named (downloads of older live versions stay valid)."""
        if not self.published:
            return frozenset()
        return frozenset(i.release_version for i in self.items
                         if i.outcome in LIVE and i.release_version is not None)

    @property
    def first_live_at(self) -> datetime | None:
        """Creation time of the first release that went live (the feeds' ``issued``)."""
        times = [r.created_at for r in self.releases if r.version in self.live_versions]
        return min(times) if times else None

    @property
    def published_on(self) -> list[date]:
        return [i.created_at.date() for i in self.items if i.outcome == "published"]

    def first_published(self) -> date | None:
        return min(self.published_on, default=None)

    def last_published(self) -> date | None:
        return max(self.published_on, default=None)

    def next_due(self) -> date | None:
        frequency = parse_frequency(self.meta("zh")["update_frequency"])
        if frequency is None or not self.published_on:
            return None
        return frequency.next_due(max(self.published_on))

    def overdue(self, today: date) -> bool:
        due = self.next_due()
        return due is not None and due < today

    def meta(self, lang: str) -> dict[str, Any]:
        """Title, description and catalogue keys in ``lang``: the shown release's, else the
        descriptor's."""
        from publisher.state.meta import describe

        return describe(self, lang)

    # -- declaration and access -------------------------------------------------------------
    @property
    def attribute(self) -> str:
        """The disclosure attribute in force: the descriptor's, else the one last recorded."""
        if self.dataset is not None:
            return self.dataset.disclosure.attribute
        return self.row.attribute if self.row is not None else ""

    @property
    def held(self) -> bool:
        return self.hold is not None

    @property
    def public(self) -> bool:
        """May an anonymous reader see it? (No hold, and the visibility rule agrees.)"""
        if self.hold is not None:
            return False
        release = self.release
        item = self.live_item
        return visibility.is_public(
            last_outcome=item.outcome if item else None,
            release_manifest=release.manifest if release is not None else None,
            descriptor_attribute=self.dataset.disclosure.attribute if self.dataset else None,
            row_attribute=self.row.attribute if self.row else None)

    # -- review -----------------------------------------------------------------------------
    @property
    def unapproved(self) -> bool:
        latest = self.latest
        return latest is not None and latest.version not in (
            self.approved_versions | self.rejected_versions)

    @property
    def rejected(self) -> bool:
        latest = self.latest
        return latest is not None and latest.version in self.rejected_versions

    # -- validation -------------------------------------------------------------------------
    @property
    def validation(self) -> str:
        """valid / invalid / unknown: stored reports first, else what the last run found."""
        return str(self.validation_summary["state"])

    @property
    def validation_counts(self) -> dict[str, int]:
        return dict(self.validation_summary["counts"])

    @property
    def validation_summary(self) -> dict[str, Any]:
        counts: dict[str, int] = defaultdict(int)
        last = self.last_item
        if self.reports:
            for report in self.reports:
                for code, number in (report.counts or {}).items():
                    counts[str(code)] += int(number)
            state = "valid" if all(r.valid for r in self.reports) else "invalid"
            errors = sum(r.error_count for r in self.reports)
            checked: datetime | None = max(r.created_at for r in self.reports)
        elif last is not None and last.code == "validation-failed":
            raw = (last.detail or {}).get("counts") or {}
            counts.update({str(k): int(v) for k, v in raw.items() if str(v).isdigit()})
            state, errors, checked = "invalid", sum(counts.values()), last.created_at
        else:
            # Older state databases: a run built a release only after every resource validated.
            state = "valid" if self.releases else "unknown"
            errors, checked = 0, None
        return {"state": state, "error_count": errors, "counts": dict(sorted(counts.items())),
                "checked_at": checked}

    # -- the one word -----------------------------------------------------------------------
    @property
    def state(self) -> str:
        """One of :data:`STATES`: what a person needs to know first."""
        if self.hold is not None:
            return "held"
        if self.attribute in NOT_PUBLIC:
            return "not-public"
        if not self.declared:
            return "removed"
        if self.public:
            return "published"
        last = self.last_item
        if last is not None and last.outcome in ("failed", "blocked"):
            return last.outcome
        if self.live_item is not None and self.live_item.outcome == "withdrawn":
            return "withdrawn"
        if self.row is not None and self.row.check_state == "refused":
            return "blocked"
        # Live on the portal but not public (a record of its attribute disagrees): not shown.
        return "blocked" if self.published else "never-published"

    @property
    def hold_info(self) -> dict[str, Any] | None:
        hold = self.hold
        if hold is None:
            return None
        return {"by": hold.held_by, "reason": hold.reason, "at": hold.created_at,
                "mode": hold.mode}

    @property
    def problem(self) -> dict[str, Any] | None:
        """The newest outcome that was not as planned: its code and the message behind it
        (the portal's own message for a portal failure)."""
        last = self.last_item
        if last is None or last.outcome not in ("failed", "blocked"):
            return None
        detail = last.detail or {}
        return {"outcome": last.outcome, "code": last.code, "at": last.created_at,
                "run_id": last.run_id, "detail": str(detail.get("detail", "")),
                "message": str(detail.get("message", "") or detail.get("detail", "")
                               or detail.get("error", ""))}


def _load(services: Services, name: str) -> Dataset | None:
    try:
        return services.load(name).dataset
    except Exception:  # noqa: BLE001 (an unreadable descriptor hides the dataset, no more)
        return None


def views(services: Services, session: Session,
          names: list[str] | None = None) -> list[DatasetState]:
    """The state of the named datasets (default: every declared or recorded one), by name."""
    declared = set(services.dataset_names())
    if names is None:
        recorded = set(session.scalars(select(DatasetRow.name)))
        published = set(session.scalars(select(PublishItem.dataset).distinct()))
        wanted = sorted(declared | recorded | published)
    else:
        wanted = list(names)
    found = {n: DatasetState(n, declared=n in declared) for n in wanted}
    if not found:
        return []
    subset = list(found)
    for name, entry in found.items():
        if entry.declared:
            entry.dataset = _load(services, name)
    for row in session.scalars(select(DatasetRow).where(DatasetRow.name.in_(subset))):
        found[row.name].row = row
    latest: dict[tuple[str, str], ValidationReport] = {}
    for report in session.scalars(select(ValidationReport)
                                  .where(ValidationReport.dataset.in_(subset))
                                  .order_by(ValidationReport.id)):
        latest[(report.dataset, report.resource)] = report
    for (name, _), report in sorted(latest.items()):
        found[name].reports.append(report)
    for release in session.scalars(select(Release).where(Release.dataset.in_(subset))
                                   .order_by(Release.version.desc())):
        found[release.dataset].releases.append(release)
    for name, version in reviewed(session, Approval, subset):
        found[name].approved_versions.add(version)
    for name, version in reviewed(session, Rejection, subset):
        found[name].rejected_versions.add(version)
    for item in session.scalars(select(PublishItem).join(PublishRun)
                                .where(PublishItem.dataset.in_(subset),
                                       PublishRun.dry_run.is_(False))
                                .order_by(PublishItem.id.desc())):
        found[item.dataset].items.append(item)
    for hold in session.scalars(select(Hold).where(Hold.dataset.in_(subset),
                                                   Hold.lifted_at.is_(None))):
        found[hold.dataset].hold = hold
    return [found[n] for n in wanted]


def reviewed(session: Session, model: type[Approval] | type[Rejection],
              subset: list[str]) -> list[tuple[str, int]]:
    """(dataset, version) of every release whose exact checksum this review table names."""
    rows = session.execute(select(Release.dataset, Release.version)
                           .join(model, model.release_id == Release.id)
                           .where(model.checksum == Release.checksum,
                                  Release.dataset.in_(subset)))
    return [(str(n), int(v)) for n, v in rows]


def view(services: Services, session: Session, name: str) -> DatasetState | None:
    """The state of one dataset; None when nothing is declared or recorded under that name."""
    [entry] = views(services, session, [name])
    if entry.declared or entry.row is not None or entry.items or entry.releases:
        return entry
    return None
