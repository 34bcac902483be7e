"""Validation as a run or ``publisher validate`` does it: stored reports of unchanged files are
re-used, new results are recorded, so every surface reads the same validation state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from frictionless import FrictionlessException
from sqlalchemy import select

from publisher.dataset import Dataset, Resource
from publisher.findings import Finding
from publisher.hashing import sha256_file
from publisher.models import ValidationReport
from publisher.readers import ReadError
from publisher.services import Services
from publisher.state.records import record_validation
from publisher.validate import ResourceReport, ValidationResult, validate_resource
from publisher.validate.engine import reading_sha256, reference_lookup


class Progress(Protocol):
    def advance(self, resource: str, rows: int) -> None: ...

    def close(self) -> None: ...


#: Gives a progress display for a resource (or None for none), e.g. a bar on a terminal.
ProgressFor = Callable[[Resource], Progress | None]


def _stored(session: Any, dataset: str, resource: Resource) -> ValidationReport | None:
    """The last report of these bytes read the same way: the key is the file's checksum and
    the hash of the schema, every reading option and the engine's version (stored in the
    ``schema_sha256`` column)."""
    source = sha256_file(resource.path)
    schema = reading_sha256(resource)
    found: ValidationReport | None = session.scalar(
        select(ValidationReport)
        .where(ValidationReport.dataset == dataset, ValidationReport.resource == resource.name,
               ValidationReport.source_sha256 == source,
               ValidationReport.schema_sha256 == schema)
        .order_by(ValidationReport.id.desc()).limit(1))
    return found


def _from_stored(row: ValidationReport) -> ResourceReport:
    findings = [Finding(f["code"], dataset=row.dataset, resource=row.resource, row=f.get("row"),
                        field=f.get("field"), params=f.get("params", {}))
                for f in row.report.get("findings", [])]
    return ResourceReport(resource=row.resource, valid=row.valid, findings=findings,
                          row_count=int(row.report.get("rows", 0)),
                          source_sha256=row.source_sha256, schema_sha256=row.schema_sha256,
                          dataset=row.dataset, reused=True,
                          reading=dict(row.report.get("reading") or {}))


def validate_dataset(services: Services, dataset: Dataset, *, force: bool = False,
                     progress_for: ProgressFor | None = None) -> ValidationResult:
    """Validate a dataset, re-using stored reports of unchanged files read the same way
    (unless ``force``)."""
    lookup = reference_lookup(dataset)
    result = ValidationResult(dataset=dataset.name, valid=True)
    with services.db.session() as session:
        for resource in dataset.resources:
            where = {"dataset": dataset.name, "resource": resource.name}  # for findings
            if resource.schema is None:
                result.findings.append(Finding("resource-schema-unusable",
                                               dataset=where["dataset"],
                                               resource=where["resource"],
                                               params={"reason": "no schema"}))
                continue
            try:
                stored = None if force else _stored(session, dataset.name, resource)
                if stored is not None:
                    result.resources.append(_from_stored(stored))
                    continue
                bar = progress_for(resource) if progress_for is not None else None
                report = validate_resource(dataset, resource, lookup=lookup,
                                           progress=bar.advance if bar is not None else None,
                                           executor=services.compute)
                if bar is not None:
                    bar.close()
            except FrictionlessException as exc:
                result.findings.append(Finding("resource-schema-unusable",
                                               dataset=where["dataset"],
                                               resource=where["resource"],
                                               params={"reason": exc.error.message}))
                continue
            except ReadError as exc:
                result.findings.append(Finding(exc.code, dataset=where["dataset"],
                                               resource=where["resource"],
                                               params=exc.finding_params()))
                continue
            except OSError as exc:
                result.findings.append(Finding("scheme-error", dataset=where["dataset"],
                                               resource=where["resource"],
                                               params=ReadError.from_os(
                                                   resource.path.name, exc).finding_params()))
                continue
            record_validation(session, dataset.name, resource.name,
                              source_sha256=report.source_sha256,
                              schema_sha256=report.schema_sha256, valid=report.valid,
                              counts=report.counts(), findings=report.findings,
                              rows=report.row_count, reading=report.reading)
            result.resources.append(report)
    result.valid = not result.findings and all(r.valid for r in result.resources)
    return result
