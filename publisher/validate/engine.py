"""Validate one resource chunk by chunk: read, cast, run every check, collect the findings."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from publisher.dataset import Dataset, Resource
from publisher.findings import Finding
from publisher.hashing import sha256_file
from publisher.privacy import PERSONAL
from publisher.readers import READER_VERSION, Opened, RaggedRows, ReadError, open_resource
from publisher.readers import Chunk as RawChunk
from publisher.resources.encoding import Decision, EncodingError, rescan
from publisher.validate import constraints, hygiene, identifiers, pipeline, structure, types
from publisher.validate.cast import Caster
from publisher.validate.context import Chunk, FieldInfo, Table, detectors
from publisher.validate.foreign_keys import ForeignKeys, Lookup
from publisher.validate.keys import KeyStore, present_hashes, row_keys
from publisher.validate.prefetch import prefetch
from publisher.validate.primary_key import PrimaryKey
from publisher.validate.result import ResourceReport
from publisher.validate.unique import Unique

if TYPE_CHECKING:
    from publisher.compute import Executor

Progress = Callable[[str, int], None]

#: Checks of one chunk, by name; each yields findings. All but ``structure`` look at each field
#: on its own, so they run field by field on a thread pool (see :mod:`.pipeline`).
CELL_CHECKS: dict[str, Callable[[Table, Chunk], Iterator[Finding]]] = {
    "structure": structure.rows,
    "type": types.check,
    "constraints": constraints.check,
    "identifiers": identifiers.check,
    "hygiene": hygiene.check,
}
ROW_CHECKS = ("structure",)
#: Threads casting and checking the fields of a chunk. pyarrow.compute and numpy release the
#: GIL, so the fields of a chunk are worked on in parallel while the main thread hashes keys.
WORKERS = 2
#: Files from this size on load the detectors (for the cells of findings) ahead of need.
PRELOAD_BYTES = 8 << 20


def schema_sha256(schema: dict[str, Any] | None) -> str:
    text = json.dumps(schema or {}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


#: The version of the checks: a stored report made by other rules is not reused.
ENGINE_VERSION = "2"


def reading_sha256(resource: Resource) -> str:
    """The cache key of everything but the file's bytes: the schema, every reading option
    (format, encoding, dialect, sheet) and the versions of the reader and the checks."""
    from publisher.readers import dialect_of

    try:
        dialect: Any = dialect_of(resource).key()
    except ReadError as exc:
        dialect = str(exc)
    text = json.dumps({"schema": resource.schema or {}, "format": resource.format,
                       "encoding": resource.encoding, "dialect": dialect,
                       "reader": READER_VERSION, "engine": ENGINE_VERSION},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _fields(schema: dict[str, Any], labels: list[str]) -> list[FieldInfo]:
    """One field per label: the schema field at that position, or an 'any' field."""
    missing = schema.get("missingValues", [""])
    schema_fields = [f for f in schema.get("fields", []) if isinstance(f, dict)]
    out: list[FieldInfo] = []
    used: set[str] = set()
    for number, label in enumerate(labels, start=1):
        if number <= len(schema_fields):
            desc = schema_fields[number - 1]
            in_schema = True
        else:
            name, k = label, 2
            while name in used:  # frictionless de-duplicates fabricated names the same way
                name, k = f"{label}{k}", k + 1
            desc, in_schema = {"name": name, "type": "any"}, False
        privacy: dict[str, Any] = desc["privacy"] if isinstance(desc.get("privacy"),
                                                                  dict) else {}
        out.append(FieldInfo(name=str(desc.get("name", "")), number=number, descriptor=desc,
                             caster=Caster(desc, missing if in_schema else [""]),
                             personal=privacy.get("category") in PERSONAL, in_schema=in_schema))
        used.add(out[-1].name)
    return out


def _chunk(table: Table, raw: Any) -> Chunk:
    cells, widths = pipeline.prepared(table, raw)
    casts = [f.caster.cast(c) for f, c in zip(table.fields, cells, strict=True)]
    n = len(raw)
    blank = np.ones(n, bool)
    for cast in casts:
        blank &= cast.missing
    return Chunk(first_row=raw.first_row, length=n, cells=cells, casts=casts,
                 widths=widths, blank=blank)


def open_table(dataset: str, resource: Resource, threads: bool = False,
               decision: Decision | None = None) -> tuple[Table, Opened]:
    schema = resource.schema or {}
    opened = open_resource(resource, threads=threads, decision=decision)
    normalize = frozenset(str(x) for x in schema.get("normalize") or [])
    table = Table(dataset, resource.name, _fields(schema, opened.labels), schema, normalize)
    return table, opened


def validate_resource(dataset: Dataset, resource: Resource, *, lookup: Lookup | None = None,
                      progress: Progress | None = None,
                      executor: Executor | None = None) -> ResourceReport:
    """Validate one resource against its schema; raises ReadError when it cannot be read.

    With an ``executor``, the cell checks of each partition run where it says (the key checks
    stay here, fed with the partitions' keys in order): the same report, findings and order.
    A decode error under a guessed encoding (the samples missed the bytes that tell) is not
    final: the whole file decides the encoding again and the validation starts over.
    """
    decision: Decision | None = None
    for _attempt in range(2):
        try:
            try:
                return _validate(dataset, resource, lookup, progress, True, decision,
                                 executor)
            except RaggedRows:  # rows of the wrong width: their numbers need a sequential read
                return _validate(dataset, resource, lookup, progress, False, decision,
                                 executor)
        except ReadError as exc:
            if exc.code != "encoding-error" or exc.decision is None or not exc.decision.guessed:
                raise
            try:
                decision = rescan(resource.path, exc.decision)
            except EncodingError as again:
                raise ReadError.of(resource.path.name, again, "encoding-error") from None
            except OSError as again:
                raise ReadError(resource.path.name, "read-cause", "encoding-error",
                                cause=str(again)) from None
    raise AssertionError("unreachable: the second attempt has a decided encoding")


def _validate(dataset: Dataset, resource: Resource, lookup: Lookup | None,
              progress: Progress | None, threads: bool,
              decision: Decision | None = None,
              executor: Executor | None = None) -> ResourceReport:
    started = time.perf_counter()
    # hashlib releases the GIL: the checksum pass overlaps the validation on another core.
    # On a big file the detectors that redact cells in findings load meanwhile too.
    big = resource.path.is_file() and resource.path.stat().st_size >= PRELOAD_BYTES
    with ThreadPoolExecutor(max_workers=2) as pool:
        digest = pool.submit(sha256_file, resource.path) if resource.path.is_file() else None
        if big:
            pool.submit(detectors)
        report = _run(dataset, resource, lookup, progress, threads, decision, executor)
        report.source_sha256 = digest.result() if digest is not None else ""
    report.seconds = time.perf_counter() - started
    return report


def _run(dataset: Dataset, resource: Resource, lookup: Lookup | None,
         progress: Progress | None, threads: bool,
         decision: Decision | None = None,
         executor: Executor | None = None) -> ResourceReport:
    table, opened = open_table(dataset.name, resource, threads, decision)
    labels, raw_chunks = opened.labels, opened.chunks
    schema_fields = [f for f in table.schema.get("fields", []) if isinstance(f, dict)]
    findings = list(structure.header(table, labels, schema_fields))
    store = KeyStore(table)
    unique, pkey = Unique(table, store), PrimaryKey(table, store)
    fkeys = ForeignKeys(table, lookup or reference_lookup(dataset))
    rows = 0
    if executor is not None:
        spec = _spec(table, labels, unique, pkey, fkeys)
        parts = ((spec, part) for raw in raw_chunks
                 for part in _partitions(raw, executor.partition_rows))
        for row_findings, chunk, field_findings in executor.map(check_partition, parts):
            findings.extend(row_findings)
            unique.add(chunk)
            findings.extend(pkey.add(chunk))
            fkeys.add(chunk)
            findings.extend(field_findings)
            rows += chunk.length
            if progress is not None:
                progress(resource.name, chunk.length)
    pool = (ThreadPoolExecutor(WORKERS, thread_name_prefix="validate")
            if WORKERS and executor is None else None)
    try:
        # (with an executor the partitions above have read every block: nothing is left)
        # (no name for the reader: on an error, unwinding closes it and stops its thread)
        for chunk, field_findings in pipeline.chunks(
                table, prefetch(raw_chunks, depth=1) if executor is None else iter(()),
                _one_field_findings, pool):
            for name in ROW_CHECKS:
                findings.extend(CELL_CHECKS[name](table, chunk))
            unique.add(chunk)
            findings.extend(pkey.add(chunk))
            fkeys.add(chunk)
            findings.extend(field_findings)
            rows += chunk.length
            if progress is not None:
                progress(resource.name, chunk.length)
    finally:
        if pool is not None:
            pool.shutdown()
    # The chunks are gone: hand the memory pyarrow's allocator kept back before the key
    # arrays are sorted, so that the peak does not add the two.
    pa.default_memory_pool().release_unused()
    findings.extend(unique.end())
    findings.extend(pkey.end())
    findings.extend(fkeys.end())
    findings.sort(key=lambda f: (f.row or 0, f.params.get("fieldNumber", 0), f.code))
    return ResourceReport(resource=resource.name, valid=not findings, findings=findings,
                          row_count=rows, source_sha256="",
                          schema_sha256=reading_sha256(resource), dataset=dataset.name,
                          reading=opened.reading())


def _field_findings(view: Table, chunk: Chunk, i: int) -> list[Finding]:
    """The findings of the per-field checks on field ``i`` of a chunk (``view``: that field)."""
    one = Chunk(first_row=chunk.first_row, length=chunk.length, cells=[chunk.cells[i]],
                casts=[chunk.casts[i]], widths=chunk.widths, blank=chunk.blank)
    return _one_field_findings(view, one)


def _one_field_findings(view: Table, one: Chunk) -> list[Finding]:
    """The findings of the per-field checks on a chunk of one field (``view``: that field)."""
    return [finding for name, check in CELL_CHECKS.items() if name not in ROW_CHECKS
            for finding in check(view, one)]


@dataclass(frozen=True)
class PartSpec:
    """What a worker needs to check partitions of one resource (plain, picklable values)."""

    dataset: str
    resource: str
    schema: dict[str, Any]
    labels: tuple[str, ...]
    normalize: frozenset[str]
    hashed: tuple[tuple[str, ...], ...]  # keys hashed on the worker (unique, primary key)
    casts: frozenset[int]  # field positions whose casts come back (foreign keys)


def _spec(table: Table, labels: list[str], unique: Unique, pkey: PrimaryKey,
          fkeys: ForeignKeys) -> PartSpec:
    hashed = [(f.name,) for f in unique.fields] + ([tuple(pkey.fields)] if pkey.fields else [])
    names = {n for g in fkeys.groups
             for n in g.fields + ([] if g.reference else g.reference_fields)}
    return PartSpec(table.dataset, table.resource, table.schema, tuple(labels),
                    table.normalize, tuple(dict.fromkeys(hashed)),
                    frozenset(i for i, f in enumerate(table.fields) if f.name in names))


def _partitions(raw: RawChunk, rows: int) -> Iterator[RawChunk]:
    """The reader's block cut into partitions of at most ``rows`` rows, with their offsets."""
    n = len(raw)
    if n <= rows:
        yield raw
        return
    for start in range(0, n, rows):
        size = min(rows, n - start)
        yield RawChunk(raw.first_row + start, [c.slice(start, size) for c in raw.columns],
                       raw.widths[start:start + size] if raw.widths is not None else None)


_TABLES: dict[str, Table] = {}


def _table_of(spec: PartSpec) -> Table:
    """The spec's table, built once per process (its casters do not travel)."""
    key = json.dumps([spec.dataset, spec.resource, spec.schema, spec.labels,
                      sorted(spec.normalize)], sort_keys=True, default=str)
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) >= 16:
            _TABLES.clear()
        table = _TABLES[key] = Table(spec.dataset, spec.resource,
                                      _fields(spec.schema, list(spec.labels)), spec.schema,
                                      spec.normalize)
    return table


def check_partition(part: tuple[PartSpec, RawChunk]
                    ) -> tuple[list[Finding], Chunk, list[Finding]]:
    """The cell checks of one partition: (row findings, the chunk's keys, field findings).

    Pure: what the local loop does to a block, less the key checks, which need every
    partition. The returned chunk holds only the hashes of the unique and primary keys and
    the casts of the foreign-key fields, so little travels back.
    """
    spec, raw = part
    table = _table_of(spec)
    chunk = _chunk(table, raw)
    row_findings = [f for name in ROW_CHECKS for f in CELL_CHECKS[name](table, chunk)]
    field_findings = [f for i, fld in enumerate(table.fields)
                      for f in _field_findings(Table(table.dataset, table.resource, [fld],
                                                     table.schema, table.normalize), chunk, i)]
    for names in spec.hashed:
        present_hashes(table, chunk, list(names))
    casts: list[Any] = [c if i in spec.casts else None for i, c in enumerate(chunk.casts)]
    slim = Chunk(first_row=chunk.first_row, length=chunk.length, cells=[], casts=casts,
                 widths=chunk.widths, blank=chunk.blank,
                 extra={k: v for k, v in chunk.extra.items() if k.startswith("hashes:")})
    return row_findings, slim, field_findings


def reference_lookup(dataset: Dataset) -> Lookup:
    """Keys of referenced resources of the same dataset, read once each."""
    cache: dict[tuple[str, tuple[str, ...]], pa.Array | None] = {}

    def lookup(name: str, fields: list[str]) -> pa.Array | None:
        key = (name, tuple(fields))
        if key not in cache:
            cache[key] = _collect(dataset, name, fields)
        return cache[key]

    return lookup


def _collect(dataset: Dataset, name: str, fields: list[str]) -> pa.Array | None:
    resource = next((r for r in dataset.resources if r.name == name), None)
    if resource is None:
        return None
    try:
        table, opened = open_table(dataset.name, resource)
        raw_chunks = opened.chunks
    except ReadError:
        return None
    parts = []
    for raw in raw_chunks:
        chunk = _chunk(table, raw)
        joined, all_none = row_keys(table, chunk, fields)
        parts.append(joined.filter(pa.array(~all_none)))
    return pa.chunked_array(parts, pa.string()).combine_chunks()
