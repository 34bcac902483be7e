"""What the status API says about datasets, read from the state view (:mod:`publisher.state`).

Access rule (:attr:`publisher.state.DatasetState.public`): an anonymous reader sees a dataset
only when no hold is in force, it is published (its latest non-dry-run publish outcome is
published or unchanged, not withdrawn) and every record of its disclosure attribute (current
descriptor, state row, published release) says ``proactive``. Stewards see every dataset,
every release, holds, problems and the reports.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from harvest.mqa import RATING_ZH, QualityScore, quality_for
from harvest.records import CatalogRecord, records_from_state
from publisher import deadlines as dl
from publisher import state
from publisher.models import DeidReport
from publisher.services import Services
from publisher.state import DatasetState

#: One dataset's state; the status API reads :mod:`publisher.state` like every surface.
Facts = DatasetState


def gather(services: Services, session: Session, names: list[str] | None = None) -> list[Facts]:
    """Facts of the named datasets (default: every declared or recorded dataset), by name."""
    return state.views(services, session, names)


def validation_state(fact: Facts) -> dict[str, Any]:
    return fact.validation_summary


def dataset_deadlines(fact: Facts, services: Services) -> list[dl.Deadline]:
    """The update deadline from update_frequency, and the gazette one for normative documents."""
    found: list[dl.Deadline] = []
    frequency = fact.dataset.update_frequency if fact.dataset else (
        fact.row.update_frequency if fact.row else "")
    last = fact.last_published()
    if last is not None:
        update = dl.update_due(fact.name, frequency, last)
        if update is not None:
            found.append(update)
    issued = fact.dataset.descriptor.get("issued") if fact.dataset else None
    if isinstance(issued, str):  # the loader keeps YAML dates as the ISO text written
        try:
            issued = date.fromisoformat(issued[:10])
        except ValueError:
            issued = None
    if fact.dataset is not None and fact.dataset.policy_document and isinstance(issued, date):
        found.append(dl.gazette(
            fact.name, issued, published=fact.first_published(),
            working_days=services.settings.gazette_days == "working"))
    return found


@lru_cache(maxsize=1024)
def _score(record: CatalogRecord) -> QualityScore:
    # Records are frozen values: an unchanged release scores once per process, not per request.
    return quality_for(record, check_urls=False)


def quality_scores(services: Services) -> dict[str, QualityScore]:
    """The MQA score of each dataset in the public catalogue, by name.

    Scored on the DCAT the feeds serve (records from the state database, ``site_url`` as
    base); URLs are not requested (a present URL earns its points) and DCAT-AP compliance is
    the mandatory-properties check: ``publisher quality`` does both for real.
    """
    records = records_from_state(services, services.settings.site_url)
    return {r.name: _score(r) for r in records}


def quality_brief(score: QualityScore | None) -> dict[str, Any] | None:
    if score is None:
        return None
    return {"score": score.total, "maximum": score.maximum, "rating": score.rating,
            "rating_zh": RATING_ZH[score.rating],
            "missing_points": round(score.maximum - score.total, 2)}


def quality_detail(score: QualityScore | None) -> dict[str, Any] | None:
    brief = quality_brief(score)
    if score is None or brief is None:
        return None
    full = score.to_dict()
    return {**brief, "urls_checked": score.urls_checked,
            "dimensions": [{"dimension": k, **v} for k, v in full["dimensions"].items()],
            "missing": full["missing"]}


def summary(fact: Facts, services: Services, today: date, steward: bool,
            quality: QualityScore | None = None) -> dict[str, Any]:
    """One dataset as the list shows it (``steward`` decides which release is shown);
    ``quality``: its score from :func:`quality_scores` (None: not in the public catalogue)."""
    dataset, row = fact.dataset, fact.row
    release = fact.releases[0] if steward and fact.releases else fact.release
    item = fact.live_item
    found = dataset_deadlines(fact, services)
    update = next((d for d in found if d.kind == "update"), None)
    last = fact.last_published()
    if last is None:
        state = "never-published"
    elif update is None:
        state = "not-periodic"
    else:
        state = "overdue" if today > update.due else "fresh"

    def pick(attr: str, row_attr: str) -> str:
        if dataset is not None:
            return str(getattr(dataset, attr))
        return str(getattr(row, row_attr)) if row is not None else ""

    return {
        "name": fact.name,
        "title": pick("title", "title"),
        "disclosure_attribute": dataset.disclosure.attribute if dataset else (
            row.attribute if row else ""),
        "department": pick("department", "department"),
        "catalogue_column": pick("catalogue_column", "catalogue_column"),
        "openness": pick("openness", "openness"),
        "update_frequency": pick("update_frequency", "update_frequency"),
        "check_state": row.check_state if row else "unknown",
        "warnings": sum(1 for f in (row.check_findings if row else [])
                        if f.get("severity") == "warning"),
        "state": fact.state,
        "hold": fact.hold_info if steward else None,
        "problem": fact.problem if steward else None,
        "published": fact.published,
        "validation": validation_state(fact),
        "current_release": None if release is None else {
            "version": release.version, "checksum": release.checksum,
            "created_at": release.created_at,
            "published": release is fact.release},
        "last_publish": None if item is None else {
            "run_id": item.run_id, "outcome": item.outcome, "at": item.created_at,
            "release_version": item.release_version, "portal_url": item.portal_url},
        "freshness": {"state": state, "last_published": last,
                      "next_due": update.due if update else None, "overdue": state == "overdue"},
        "deadlines": [d.to_dict(today) for d in dl.near_or_missed(found, today)],
        "quality": quality_brief(quality),
    }


def detail(fact: Facts, services: Services, session: Session, today: date,
           steward: bool, quality: QualityScore | None = None) -> dict[str, Any]:
    """One dataset with its reports (counts only) and its quality indicators short of full
    points; the reports need a steward."""
    out = summary(fact, services, today, steward, quality)
    out["quality"] = quality_detail(quality)
    out["validation_report"] = None
    out["deidentification_report"] = None
    out["check_findings"] = None
    if steward:
        # Late deadlines (warnings) and refusals: codes, rows and fields, never cell values.
        out["check_findings"] = list(fact.row.check_findings) if fact.row else []
        out["validation_report"] = [
            {"resource": r.resource, "valid": r.valid, "error_count": r.error_count,
             "counts": {str(k): int(v) for k, v in (r.counts or {}).items()},
             "source_sha256": r.source_sha256, "checked_at": r.created_at}
            for r in fact.reports]
        deid = session.scalars(select(DeidReport).where(DeidReport.dataset == fact.name)
                               .order_by(DeidReport.id.desc()).limit(1)).first()
        out["deidentification_report"] = deid.report if deid is not None else None
    return out


def visible(facts: list[Facts], steward: bool) -> list[Facts]:
    return facts if steward else [f for f in facts if f.public]
