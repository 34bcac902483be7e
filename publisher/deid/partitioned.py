"""``deidentify`` with its row-wise work mapped over partitions by an executor.

The dataset-wide facts are computed once, here: the public contacts (with the dataset's own
``org_contact`` values), the fields kept (they follow from the policies alone), the names of
every name field (for name linking across tables), k-anonymity over each whole table, and the
distinct source values the independent scan searches for. Partitions of consecutive rows then
do the row-wise work in two passes: the policies, row linking and name redaction (pass A);
the residual and independent scans (pass B), their row numbers shifted by the partition's
offset. Findings (and their order), the report and the released tables are those of
:func:`publisher.deid.stage.deidentify`; ``tests/publisher/test_dask_engine.py`` holds them
equal. Every function a partition runs is pure and picklable.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from publisher.dataset import Dataset, Resource
from publisher.deid.actions import Context
from publisher.deid.detectors import versions
from publisher.deid.engine import default_engine
from publisher.deid.linking import NameIndex, link_rows
from publisher.deid.pseudonym import key_fingerprint
from publisher.deid.report import DeidReport, FieldReport
from publisher.deid.residual import independent_scan
from publisher.deid.stage import (
    DeidResult,
    _apply,
    _k_anonymity,
    _own_contacts,
    _strings,
    link_targets,
    linked_fields,
    residual_scan,
)
from publisher.findings import Finding
from publisher.lexicon import PublicContacts, public_contacts
from publisher.privacy import PERSONAL

if TYPE_CHECKING:
    from publisher.compute import Executor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Facts:
    """What every partition of a dataset shares. ``key`` is the pseudonym key: it travels
    to the workers inside the task, is never logged, and is not part of any task's name."""

    dataset: Dataset
    key: bytes
    contacts: PublicContacts
    names: NameIndex

    def __repr__(self) -> str:  # a traceback or a dashboard never shows the key
        return f"Facts({self.dataset.name!r})"


@dataclass(frozen=True)
class Part:
    """Consecutive rows of one table; ``offset``: position of the first one in the table."""

    facts: Facts
    resource: str
    frame: pd.DataFrame
    kept: frozenset[str]
    offset: int = 0
    #: pass B: field -> (category, distinct source values of the whole table)
    searched: Mapping[str, tuple[str, pd.Series]] = dataclasses.field(default_factory=dict)


Applied = tuple[pd.DataFrame, list[FieldReport], dict[str, int]]
Scanned = tuple[list[Finding], dict[str, dict[str, int]], list[Finding]]


def _resource(dataset: Dataset, name: str) -> Resource:
    return next(r for r in dataset.resources if r.name == name)


def apply_partition(part: Part) -> Applied:
    """Pass A: (released rows, the field reports of these rows, linked counts)."""
    facts = part.facts
    resource = _resource(facts.dataset, part.resource)
    ctx = Context(key=facts.key, engine=default_engine(facts.contacts))
    scratch = DeidReport(facts.dataset.name, "", {})
    df, kept = _apply(facts.dataset, resource, part.frame, ctx, scratch, [])
    targets = link_targets(resource, df, kept)
    df, linked = link_rows(df, part.frame, linked_fields(resource, kept), targets)
    for target in targets:
        df[target], n = facts.names.redact_series(df[target])
        linked["person_name"] += n
    return df, scratch.fields, dict(linked)


def scan_partition(part: Part) -> Scanned:
    """Pass B: (residual findings, residual counts, independent findings) of these rows."""
    facts = part.facts
    engine = default_engine(facts.contacts)
    kept = set(part.kept)
    name = facts.dataset.name
    residual, counts = residual_scan(engine, name, part.resource, part.frame, kept, {})
    independent = independent_scan(name, part.resource, part.frame, kept, part.searched,
                                   facts.contacts)
    return _shifted(residual, part.offset), counts, _shifted(independent, part.offset)


def _shifted(findings: list[Finding], offset: int) -> list[Finding]:
    if not offset:
        return findings
    return [dataclasses.replace(f, row=f.row + offset) if f.row is not None else f
            for f in findings]


def _by_column(columns: list[str], parts: list[list[Finding]]) -> list[Finding]:
    """The partitions' findings in the whole table's order: column by column, then rows."""
    out: list[Finding] = []
    for column in columns:
        for found in parts:
            out += [f for f in found if f.field == column]
    return out


def _merged_fields(parts: list[list[FieldReport]]) -> list[FieldReport]:
    """One report per field: the partitions' cells and redaction counts added up."""
    out = []
    for same in zip(*parts, strict=True):
        found: dict[str, int] = {}
        for f in same:
            for category, n in f.found.items():
                found[category] = found.get(category, 0) + n
        out.append(dataclasses.replace(same[0], cells=sum(f.cells for f in same),
                                       found=dict(sorted(found.items()))))
    return out


def _slices(frame: pd.DataFrame, rows: int) -> list[tuple[int, pd.DataFrame]]:
    """(offset, rows) partitions of a table; an empty table is one empty partition."""
    return [(start, frame.iloc[start:start + rows])
            for start in range(0, max(len(frame), 1), max(rows, 1))]


def deidentify_partitioned(dataset: Dataset, tables: dict[str, pd.DataFrame], key: bytes,
                           executor: Executor) -> DeidResult:
    """What :func:`publisher.deid.stage.deidentify` returns, the rows worked on in
    partitions of ``executor.partition_rows`` rows by ``executor``."""
    if not key:
        raise ValueError("a pseudonym key is required (setting pseudonym_key)")
    contacts = _own_contacts(dataset, tables,
                             public_contacts(dataset.folder.parent if dataset.folder else None))
    engine = default_engine(contacts)
    report = DeidReport(dataset.name, key_fingerprint(key), versions())
    findings: list[Finding] = []
    resources = {r.name: r for r in dataset.resources}
    sources = {name: _strings(frame) for name, frame in tables.items()}
    kept: dict[str, frozenset[str]] = {}
    for name, frame in sources.items():
        if name not in resources:
            raise ValueError(f"table {name!r} is not a resource of dataset {dataset.name!r}")
        # No row: the fields kept and the refusals follow from the policies alone.
        _, fields_kept = _apply(dataset, resources[name], frame.iloc[:0],
                                Context(key=key, engine=engine),
                                DeidReport(dataset.name, "", {}), findings)
        kept[name] = frozenset(fields_kept)
    names = NameIndex(v for name, k in kept.items()
                      for f, c in linked_fields(resources[name], set(k)).items()
                      if c == "person_name" for v in sources[name][f].tolist())
    facts = Facts(dataset, key, contacts, names)
    rows = executor.partition_rows

    parts_a = [Part(facts, name, frame, kept[name], offset)
               for name, source in sources.items() for offset, frame in _slices(source, rows)]
    applied: dict[str, list[Applied]] = {name: [] for name in sources}
    for part, done in zip(parts_a, executor.map(apply_partition, parts_a), strict=True):
        applied[part.resource].append(done)
    for name in sources:
        report.fields += _merged_fields([fields for _, fields, _ in applied[name]])

    frames: dict[str, pd.DataFrame] = {}
    k_findings: dict[str, list[Finding]] = {}
    parts_b: list[Part] = []
    for name, pieces in applied.items():
        resource = resources[name]
        linked: dict[str, int] = {}
        for _, _, found in pieces:
            for category, n in found.items():
                linked[category] = linked.get(category, 0) + n
        if linked:
            report.linked[name] = dict(sorted(linked.items()))
        df = pd.concat([p[0] for p in pieces]) if len(pieces) > 1 else pieces[0][0]
        k_findings[name] = []
        frames[name] = df = _k_anonymity(dataset, resource, df, report, k_findings[name])
        personal = linked_fields(resource, set(kept[name]))
        searched = {f: (c, pd.Series(pd.unique(sources[name][f].to_numpy(dtype=object)),
                                     dtype=object))
                    for f, c in personal.items()}
        parts_b += [Part(facts, name, frame, kept[name], offset, searched)
                    for offset, frame in _slices(df, rows)]
    scanned: dict[str, list[Scanned]] = {name: [] for name in sources}
    for part, result in zip(parts_b, executor.map(scan_partition, parts_b), strict=True):
        scanned[part.resource].append(result)

    released: dict[str, pd.DataFrame] = {}
    for name, df in frames.items():
        columns = [str(c) for c in df.columns]
        outs = scanned[name]
        findings += k_findings[name]
        findings += _by_column(columns, [residual for residual, _, _ in outs])
        findings += _by_column(columns, [independent for _, _, independent in outs])
        counts_all: dict[str, dict[str, int]] = {}
        for column in columns:
            for _, counts, _ in outs:  # categories in the order the whole column meets them
                for category, n in counts.get(column, {}).items():
                    per = counts_all.setdefault(column, {})
                    per[category] = per.get(category, 0) + n
        if counts_all:
            report.residual[name] = counts_all
        report.rows[name] = len(df)
        released[name] = df.reset_index(drop=True)
    n_personal = sum(1 for f in report.fields if f.category in PERSONAL)
    log.info("de-identified %s: %d tables, %d personal fields, %d findings (%s engine)",
             dataset.name, len(released), n_personal, len(findings), executor.name)
    return DeidResult(released, report, findings, ok=not findings)
