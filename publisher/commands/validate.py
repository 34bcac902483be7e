"""``publisher validate``: check every resource of the datasets against its Table Schema."""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from frictionless import FrictionlessException
from sqlalchemy import select

from publisher.commands import FORMAT, LANG, dataset_names
from publisher.dataset import Dataset, Resource
from publisher.findings import Finding
from publisher.models import ValidationReport
from publisher.readers import ReadError
from publisher.services import Services
from publisher.validate import UNREADABLE, ResourceReport, ValidationResult, validate_resource
from publisher.validate.engine import reading_sha256, reference_lookup, sha256_file

#: Files larger than this get a progress bar on a terminal.
PROGRESS_BYTES = 20 << 20


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


class _Bar:
    """A tqdm bar fed by the engine's progress callback."""

    def __init__(self, resource: Resource) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc=resource.name, unit=" rows", file=sys.stderr, leave=False)

    def advance(self, _resource: str, rows: int) -> None:
        self.bar.update(rows)

    def close(self) -> None:
        self.bar.close()


def _progress(resource: Resource) -> _Bar | None:
    """A progress bar on a terminal for large files; nothing in logs (not a tty)."""
    if not sys.stderr.isatty() or resource.path.stat().st_size < PROGRESS_BYTES:
        return None
    return _Bar(resource)


def validate_dataset(services: Services, dataset: Dataset, *, force: bool = False
                     ) -> ValidationResult:
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
                bar = _progress(resource)
                report = validate_resource(dataset, resource, lookup=lookup,
                                           progress=bar.advance if bar is not None else None)
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
                                               params={"reason": str(exc)}))
                continue
            except OSError as exc:
                result.findings.append(Finding("scheme-error", dataset=where["dataset"],
                                               resource=where["resource"],
                                               params={"reason": exc.strerror or "OSError"}))
                continue
            session.add(ValidationReport(
                dataset=dataset.name, resource=resource.name,
                source_sha256=report.source_sha256, schema_sha256=report.schema_sha256,
                valid=report.valid, error_count=len(report.findings), counts=report.counts(),
                report={"rows": report.row_count, "reading": report.reading,
                        "findings": [{"code": f.code, "row": f.row, "field": f.field,
                                      "params": f.params} for f in report.findings]}))
            result.resources.append(report)
    result.valid = not result.findings and all(r.valid for r in result.resources)
    return result


@click.command("validate")
@click.argument("names", nargs=-1)
@FORMAT
@LANG
@click.option("--force", is_flag=True,
              help="Validate again even when the file and the way it is read are unchanged.")
@click.pass_obj
def command(services: Services, names: tuple[str, ...], fmt: str, lang: str | None,
            force: bool) -> None:
    """Validate datasets' resources against their Table Schemas (all when no NAME is given).

    Exit 0 when every resource is valid, 1 when any is invalid, 2 on a usage error or an
    unreadable file. A file is not validated again while its bytes, its schema and every
    reading option (format, encoding, dialect, sheet) are unchanged, unless --force.
    """
    from publisher.validate.summary import summary

    lang = lang or services.settings.lang
    targets = dataset_names(services, names)
    results: list[ValidationResult] = []
    for name in targets:
        loaded = services.load(name)
        if loaded.dataset is None:
            reason = "; ".join(f.message("en") for f in loaded.findings)
            click.echo(f"error: dataset {name} cannot be loaded: {reason}", err=True)
            sys.exit(2)
        results.append(validate_dataset(services, loaded.dataset, force=force))
    unreadable = [f for r in results for f in r.findings if f.code in UNREADABLE]
    if fmt == "json":
        click.echo(json.dumps({"valid": all(r.valid for r in results),
                               "datasets": [r.to_dict(lang) for r in results]},
                              ensure_ascii=False, indent=2))
    else:
        for result in results:
            click.echo(summary(result, lang))
    for finding in unreadable:
        click.echo(f"error: {finding.message(lang)}", err=True)
    if unreadable:
        sys.exit(2)
    sys.exit(0 if all(r.valid for r in results) else 1)
