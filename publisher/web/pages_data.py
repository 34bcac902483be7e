"""What the catalogue pages know about each dataset, gathered from the state database.

Access rule (the same as the status API's and the feeds'): a dataset is **public** when its
newest publish item of a real run that is published, unchanged or withdrawn is published or
unchanged, the release it names exists, and both the current descriptor and that release say
``proactive``. Anonymous visitors see public datasets only; stewards see every dataset.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher import visibility
from publisher.dataset import Dataset
from publisher.frequency import parse_frequency
from publisher.models import (
    Approval,
    DatasetRow,
    DeidReport,
    PublishItem,
    PublishRun,
    Release,
    ValidationReport,
)
from publisher.services import Services

LIVE = visibility.LIVE


@dataclass
class Entry:
    """Everything recorded about one dataset."""

    name: str
    dataset: Dataset | None = None
    row: DatasetRow | None = None
    releases: list[Release] = field(default_factory=list)  # newest first
    live_item: PublishItem | None = None  # newest published / unchanged / withdrawn item
    last_item: PublishItem | None = None  # newest item of any outcome
    published_on: list[date] = field(default_factory=list)
    reports: list[ValidationReport] = field(default_factory=list)  # newest per resource
    approved_versions: set[int] = field(default_factory=set)

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
    def proactive(self) -> bool:
        if self.dataset is None or self.dataset.disclosure.attribute != "proactive":
            return False
        release = self.release
        if release is None:
            return True
        return attribute_of(release.manifest) == "proactive"

    @property
    def public(self) -> bool:
        release = self.release
        return visibility.is_public(
            last_outcome=self.live_item.outcome if self.live_item else None,
            release_manifest=release.manifest if release is not None else None,
            descriptor_attribute=self.dataset.disclosure.attribute if self.dataset else None,
            row_attribute=self.row.attribute if self.row else None)

    @property
    def shown(self) -> Release | None:
        """The release a page describes: the published one, else the newest."""
        return self.release or self.latest

    @property
    def _failed_run(self) -> bool:
        return self.last_item is not None and self.last_item.code == "validation-failed"

    @property
    def validation(self) -> str:
        """valid / invalid / unknown: stored reports first, else what the last run found."""
        if self.reports:
            return "valid" if all(r.valid for r in self.reports) else "invalid"
        if self._failed_run:
            return "invalid"
        # A run builds a release only after every resource validated.
        return "valid" if self.releases else "unknown"

    @property
    def validation_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        if self.reports:
            for report in self.reports:
                for code, number in (report.counts or {}).items():
                    counts[str(code)] = counts.get(str(code), 0) + int(number)
        elif self._failed_run and self.last_item is not None:
            raw = (self.last_item.detail or {}).get("counts") or {}
            counts = {str(k): int(v) for k, v in raw.items() if str(v).isdigit()}
        return dict(sorted(counts.items()))

    @property
    def unapproved(self) -> bool:
        latest = self.latest
        return latest is not None and latest.version not in self.approved_versions

    def next_due(self) -> date | None:
        frequency = parse_frequency(self.meta("zh")["update_frequency"])
        if frequency is None or not self.published_on:
            return None
        return frequency.next_due(max(self.published_on))

    def overdue(self, today: date) -> bool:
        due = self.next_due()
        return due is not None and due < today

    def meta(self, lang: str) -> dict[str, Any]:
        """Title, description and catalogue keys: from the shown release, else the descriptor."""
        release = self.shown
        if release is not None and release.manifest:
            meta = manifest_meta(release.manifest, lang)
            if self.dataset is not None:  # the descriptor, not an old release, says what applies
                meta["attribute"] = self.dataset.disclosure.attribute
                meta["basis"] = self.dataset.disclosure.basis
            return meta
        ds = self.dataset
        if ds is None:
            title = self.row.title if self.row else self.name
            return {"title": title or self.name, "description": "", "keywords": [],
                    "department": self.row.department if self.row else "",
                    "column": self.row.catalogue_column if self.row else "",
                    "openness": self.row.openness if self.row else "",
                    "update_frequency": self.row.update_frequency if self.row else "",
                    "attribute": self.row.attribute if self.row else "", "basis": "",
                    "license": "", "formats": [], "title_zh": title, "title_en": ""}
        return {"title": ds.title_in(lang), "description": ds.description_in(lang),
                "keywords": list(ds.keywords), "department": ds.department,
                "column": ds.catalogue_column, "openness": ds.openness,
                "update_frequency": ds.update_frequency, "attribute": ds.disclosure.attribute,
                "basis": ds.disclosure.basis, "license": ds.license,
                "formats": sorted({r.format for r in ds.resources}),
                "title_zh": ds.title, "title_en": ds.translations.get("en", {}).get("title", ""),
                "description_zh": ds.description,
                "description_en": ds.translations.get("en", {}).get("description", "")}


def attribute_of(manifest: dict[str, Any]) -> str:
    publisher = manifest.get("publisher") or {}
    return str((publisher.get("disclosure") or {}).get("attribute", ""))


def manifest_meta(manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    pub = manifest.get("publisher") or {}
    en = (pub.get("translations") or {}).get("en") or {}
    title_zh, desc_zh = str(manifest.get("title", "")), str(manifest.get("description", ""))
    catalogue = pub.get("catalogue") or {}
    disclosure = pub.get("disclosure") or {}
    licenses = manifest.get("licenses") or [{}]
    return {
        "title": (en.get("title") or title_zh) if lang == "en" else title_zh,
        "description": (en.get("description") or desc_zh) if lang == "en" else desc_zh,
        "keywords": [str(k) for k in manifest.get("keywords") or []],
        "department": str(pub.get("department", "")),
        "column": str(catalogue.get("column", "")),
        "openness": str(catalogue.get("openness", "")),
        "update_frequency": str(pub.get("update_frequency", "")),
        "attribute": str(disclosure.get("attribute", "")),
        "basis": str(disclosure.get("basis", "")),
        "license": str(licenses[0].get("name", "")) if licenses else "",
        "formats": sorted({str(r.get("format", "")).lower()
                           for r in manifest.get("resources") or [] if isinstance(r, dict)}),
        "title_zh": title_zh, "title_en": str(en.get("title", "")),
        "description_zh": desc_zh, "description_en": str(en.get("description", "")),
        "temporal": pub.get("temporal") or {}, "spatial": str(pub.get("spatial", "")),
    }


def gather(services: Services, session: Session,
           only: str | None = None) -> dict[str, Entry]:
    """An entry for every declared or recorded dataset (or just ``only``), by name."""
    names = services.dataset_names()
    declared = [n for n in names if only is None or n == only]
    if only is not None and not declared and names:
        # An unknown name does the work a hidden one does (its answer's time tells nothing).
        with contextlib.suppress(Exception):
            services.load(names[0])
    rows = {r.name: r for r in session.scalars(select(DatasetRow))
            if only is None or r.name == only}
    entries = {n: Entry(n, row=rows.get(n)) for n in sorted(set(declared) | set(rows))}
    for name in declared:
        try:
            entries[name].dataset = services.load(name).dataset
        except Exception:  # noqa: BLE001 (an unreadable descriptor hides the dataset, no more)
            entries[name].dataset = None
    latest: dict[tuple[str, str], ValidationReport] = {}
    for report in session.scalars(select(ValidationReport).order_by(ValidationReport.id)):
        latest[(report.dataset, report.resource)] = report
    for (name, _), report in sorted(latest.items()):
        if name in entries:
            entries[name].reports.append(report)
    for release in session.scalars(select(Release).order_by(Release.version.desc())):
        if release.dataset in entries:
            entries[release.dataset].releases.append(release)
    approved = session.execute(select(Release.dataset, Release.version)
                               .join(Approval, Approval.release_id == Release.id)
                               .where(Approval.checksum == Release.checksum))
    for name, version in approved:
        if name in entries:
            entries[name].approved_versions.add(version)
    items = session.scalars(select(PublishItem).join(PublishRun)
                            .where(PublishRun.dry_run.is_(False))
                            .order_by(PublishItem.id.desc()))
    for item in items:
        entry = entries.get(item.dataset)
        if entry is None:
            continue
        if entry.last_item is None:
            entry.last_item = item
        if entry.live_item is None and item.outcome in (*LIVE, "withdrawn"):
            entry.live_item = item
        if item.outcome == "published":
            entry.published_on.append(item.created_at.date())
    return entries


def visible(services: Services, session: Session, steward: bool) -> list[Entry]:
    """The entries this visitor may see."""
    return [e for e in gather(services, session).values() if steward or e.public]


def deid_report(session: Session, release: Release) -> dict[str, Any]:
    """The de-identification report recorded for a release ({} when none)."""
    row = session.scalar(select(DeidReport).where(DeidReport.release_id == release.id)
                         .order_by(DeidReport.id.desc()).limit(1))
    return dict(row.report) if row is not None and isinstance(row.report, dict) else {}


def recent_runs(session: Session, limit: int = 20) -> list[PublishRun]:
    return list(session.scalars(select(PublishRun).order_by(PublishRun.id.desc()).limit(limit)))
