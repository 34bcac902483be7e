"""Writes of a dataset's state: lint verdict, validation results and the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.models import (
    AuditEntry,
    DatasetRow,
    DeidReport,
    PublishItem,
    Release,
    ValidationReport,
)


def record_check(session: Session, name: str, dataset: Dataset | None,
                 findings: list[Finding], warned: list[Finding] | None = None) -> DatasetRow:
    """Remember a dataset's declared metadata, its lint verdict and its deadline warnings."""
    row = session.scalar(select(DatasetRow).where(DatasetRow.name == name))
    if row is None:
        row = DatasetRow(name=name)
        session.add(row)
    if dataset is not None:
        row.title = dataset.title
        row.attribute = dataset.disclosure.attribute
        row.department = dataset.department
        row.catalogue_column = dataset.catalogue_column
        row.openness = dataset.openness
        row.update_frequency = dataset.update_frequency
    row.check_state = "refused" if findings else "accepted"
    row.check_findings = [{**f.to_dict("en"), "severity": "refusal"} for f in findings] + [
        {**f.to_dict("en"), "severity": "warning"} for f in warned or []]
    return row


def record_validation(session: Session, dataset: str, resource: str, *, source_sha256: str,
                      schema_sha256: str, valid: bool, counts: dict[str, int],
                      findings: list[Finding], rows: int,
                      reading: dict[str, Any] | None = None) -> ValidationReport:
    """Store one resource's validation result (codes, rows and fields; never cell values)."""
    report = ValidationReport(
        dataset=dataset, resource=resource, source_sha256=source_sha256,
        schema_sha256=schema_sha256, valid=valid, error_count=len(findings), counts=counts,
        report={"rows": rows, "reading": reading or {},
                "findings": [{"code": f.code, "row": f.row, "field": f.field,
                              "params": f.params} for f in findings]})
    session.add(report)
    return report


def record_release(session: Session, dataset: str, *, version: int, checksum: str, path: str,
                   manifest: dict[str, Any], deid_report: dict[str, Any]) -> Release:
    """Store a new release with its de-identification report (counts only) and audit it."""
    row = Release(dataset=dataset, version=version, checksum=checksum, path=path,
                  manifest=manifest)
    session.add(row)
    session.flush()
    session.add(DeidReport(dataset=dataset, release_id=row.id, report=deid_report))
    audit(session, "publisher", "release", dataset, version=version, checksum=checksum)
    return row


def record_outcome(session: Session, run_id: int, dataset: str, outcome: str, *, code: str = "",
                   detail: dict[str, Any] | None = None, release_version: int | None = None,
                   portal_url: str = "") -> PublishItem:
    """Store one dataset's outcome in a run (what the view reads as its publication)."""
    item = PublishItem(run_id=run_id, dataset=dataset, outcome=outcome, code=code,
                       detail=detail or {}, release_version=release_version,
                       portal_url=portal_url)
    session.add(item)
    return item


def audit(session: Session, actor: str, action: str, dataset: str = "",
          **detail: Any) -> AuditEntry:
    """Append one entry to the audit log (details carry no personal values)."""
    entry = AuditEntry(actor=actor, action=action, dataset=dataset, detail=detail)
    session.add(entry)
    return entry


def release_built_from(session: Session, dataset: str, inputs: str) -> Release | None:
    """The newest release, when it was built from exactly ``inputs`` (see
    ``publisher.fingerprint``) and its folder is still there; else None."""
    from pathlib import Path

    release = session.scalar(select(Release).where(Release.dataset == dataset)
                             .order_by(Release.version.desc()).limit(1))
    if release is None or not (Path(release.path) / "datapackage.json").is_file():
        return None
    report = session.scalar(select(DeidReport).where(DeidReport.release_id == release.id)
                            .order_by(DeidReport.id.desc()).limit(1))
    if report is None or report.report.get("inputs") != inputs:
        return None
    return release
