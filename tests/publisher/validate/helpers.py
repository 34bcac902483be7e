"""Run the engine and frictionless on the same file and compare (row, field, code) triples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import frictionless

from publisher.dataset import Dataset, Disclosure, Resource
from publisher.readers import detect_encoding
from publisher.validate import validate

#: Codes that frictionless knows; ours (check-digit, stray-whitespace …) are compared apart.
FRICTIONLESS_CODES = frozenset({
    "blank-header", "blank-label", "duplicate-label", "incorrect-label", "extra-label",
    "missing-label", "blank-row", "extra-cell", "missing-cell", "type-error",
    "constraint-error", "unique-error", "primary-key", "foreign-key",
})

Triple = tuple[int | None, str | None, str]


def dataset_of(folder: Path, resources: list[tuple[str, Path, dict[str, Any]]],
               **extra: Any) -> Dataset:
    return Dataset(
        name="t", folder=folder, title="t", description="", disclosure=Disclosure("proactive"),
        department="", catalogue_column="", openness="", update_frequency="", review="required",
        resources=tuple(Resource(name=n, path=p, format=p.suffix.lstrip(".") or "csv",
                                 schema_ref="<inline>", schema=s, **extra)
                        for n, p, s in resources),
    )


def engine_triples(dataset: Dataset) -> dict[str, set[Triple]]:
    result = validate(dataset)
    assert not result.findings, [f.to_dict("en") for f in result.findings]
    return {r.resource: {(f.row, f.field or None, f.code) for f in r.findings
                         if f.code in FRICTIONLESS_CODES} for r in result.resources}


def frictionless_triples(dataset: Dataset, encoding: str | None = None,
                         only: str | None = None) -> dict[str, set[Triple]]:
    """frictionless's triples per resource (all resources in one package, for foreign keys)."""
    package = frictionless.Package(resources=[
        frictionless.Resource(
            path=r.path.name, name=r.name,
            schema=frictionless.Schema.from_descriptor(
                {k: v for k, v in (r.schema or {}).items() if k not in ("normalize",)}),
            # Row 1 is the header, as stewards write files; frictionless would otherwise
            # guess the header row from the rows' widths.
            dialect=frictionless.Dialect(header_rows=[1], controls=[
                frictionless.formats.CsvControl(delimiter=",")] if r.format == "csv" else []),
            # Our detection: frictionless guesses GB18030 files wrong (a divergence by design).
            encoding=encoding or (detect_encoding(r.path, r.encoding) if r.format == "csv"
                                  else None),
        ) for r in dataset.resources], basepath=str(dataset.resources[0].path.parent))
    out: dict[str, set[Triple]] = {}
    for resource in package.resources:
        if only is not None and resource.name != only:
            continue
        report = resource.validate(limit_errors=10**9)
        triples: set[Triple] = set()
        for task in report.tasks:
            for err in task.errors:
                d = err.to_descriptor()
                triples.add((d.get("rowNumber"), d.get("fieldName") or None, d["type"]))
        for err in report.errors:
            triples.add((None, None, err.type))
        for task in report.tasks:
            triples.update((None, None, e.type) for e in task.errors if e.type == "resource-error")
        out[resource.name] = triples  # type: ignore[index]
    return out
