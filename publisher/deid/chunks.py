"""De-identification one chunk at a time: what ``deidentify`` does to a whole table, done to
consecutive rows with the dataset-wide facts gathered beforehand.

The pure, picklable pieces a distributed engine maps over partitions (a partition is a string
DataFrame of consecutive rows of one resource, columns named as ``read_frame`` names them):

- :func:`gather_chunk` (first pass) -> :class:`Gathered`, folded with ``Gathered.update`` and
  turned into the dataset-wide :class:`Facts` by :func:`facts_from`: the dataset's own public
  contacts, the names of its name fields, each resource's personal values;
- :func:`groups_of_chunk` (second pass, only for resources that declare ``kAnonymity``):
  row counts of the released quasi-identifier combinations, added up into ``Facts.groups``;
- :func:`deidentify_chunk` -> :class:`ChunkResult`: the released rows and everything the report
  and the findings need, with rows counted from the chunk's first released row;
- :class:`Assembly` folds the chunk results of each resource, in row order, into the report and
  the findings ``deidentify`` gives for the whole table, row numbers included.

Facts hold distinct values (names, personal values, quasi-identifier combinations), never rows;
the names and personal values as a :class:`~publisher.valueset.ValueSet`, as 64-bit keys once
there are many (a table with a person of its own on every row has millions).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from publisher.dataset import Dataset, Resource
from publisher.deid.actions import ACTIONS, Context
from publisher.deid.engine import Engine, Span, default_engine
from publisher.deid.kanon import KSpec, spec_of
from publisher.deid.linking import NameIndex, link_rows, usable_names
from publisher.deid.memo import Memos
from publisher.deid.report import DeidReport, FieldReport, KReport
from publisher.deid.residual import ValueIndex, scan_values, value_set
from publisher.findings import Finding
from publisher.lexicon import PublicContacts, public_contacts
from publisher.privacy import FieldPolicy, keep_allowed
from publisher.valueset import ValueSet


def strings(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell a str, '' for an empty or absent one."""
    return df.astype(object).where(df.notna(), "").astype(str)


def decide(dataset: Dataset, policy: FieldPolicy) -> tuple[str, bool, bool]:
    """(action, kept, refused) for a field's policy: ``keep`` of a personal category the
    dataset may not keep becomes ``suppress`` (refused); an unknown action too."""
    if policy.action == "keep" and not policy.personal:
        return "keep", True, False
    action = policy.action if policy.action in ACTIONS else "suppress"
    refused = action == "keep" and not keep_allowed(policy, dataset.disclosure.exemption)
    if refused:
        action = "suppress"
    return action, action == "keep", refused


def kept_fields(dataset: Dataset, resource: Resource, columns: list[str]) -> set[str]:
    """The columns released as they are because their policy says ``keep`` (and may)."""
    policies = {p.field: p for p in resource.policies}
    return {c for c in columns if c in policies and decide(dataset, policies[c])[1]}


def linked_fields(resource: Resource, kept: set[str]) -> dict[str, str]:
    """Field -> category of the personal fields whose values are linked (not kept, not text)."""
    return {p.field: p.category for p in resource.policies
            if p.personal and p.category != "free_text" and p.field not in kept}


def link_targets(resource: Resource, df: pd.DataFrame, kept: set[str]) -> list[str]:
    """The released columns where a row's values may be repeated: free text and fields
    without a policy (kept fields are lawful as they are; structured ones are masked)."""
    policies = {p.field: p for p in resource.policies}
    return [str(c) for c in df.columns if str(c) not in kept and (
        policies.get(str(c)) is None or policies[str(c)].category == "free_text")]


# First pass -------------------------------------------------------------------------------------

@dataclass
class Gathered:
    """What the first pass collects: distinct values only."""

    #: (resource, field) -> the org_contact values in order of first appearance
    contacts: dict[tuple[str, str], dict[str, None]] = field(default_factory=dict)
    #: the names of the name fields as NameIndex looks for them
    names: ValueSet = field(default_factory=ValueSet)
    #: resource -> category -> values of its linked personal fields (as the residual scan
    #: searches for them); a ValueSet keeps them as keys once they are many
    values: dict[str, dict[str, ValueSet]] = field(default_factory=dict)

    def update(self, other: Gathered) -> Gathered:
        for key, seen in other.contacts.items():
            self.contacts.setdefault(key, {}).update(seen)
        self.names.update(other.names)
        for resource, by_category in other.values.items():
            mine = self.values.setdefault(resource, {})
            for category, found in by_category.items():
                mine.setdefault(category, ValueSet()).update(found)
        return self


def gather_chunk(dataset: Dataset, name: str, frame: pd.DataFrame) -> Gathered:
    """The first pass over one chunk of resource ``name`` (pure)."""
    resource = _resource(dataset, name)
    out = Gathered()
    for policy in resource.policies:
        if policy.category == "org_contact" and policy.field in frame.columns:
            values = frame[policy.field].dropna().astype(str).unique().tolist()
            out.contacts[(name, policy.field)] = dict.fromkeys(values)
    source = strings(frame)
    kept = kept_fields(dataset, resource, [str(c) for c in source.columns])
    by_category: dict[str, ValueSet] = {}
    for f, category in linked_fields(resource, kept).items():
        if f not in source.columns:
            continue
        column = source[f]
        if category == "person_name":
            out.names.update(usable_names(column.unique().tolist()))
        by_category.setdefault(category, ValueSet()).update(value_set(category, column))
    out.values[name] = by_category
    return out


@dataclass
class Facts:
    """The dataset-wide facts the chunks of every resource need (picklable)."""

    contacts: PublicContacts
    names: ValueSet
    values: dict[str, dict[str, ValueSet]]
    #: resource -> released quasi-identifier combination -> rows, before suppression
    groups: dict[str, dict[tuple[str, ...], int]] = field(default_factory=dict)
    _built: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_built": {}}  # the built indexes are rebuilt where used

    def name_index(self) -> NameIndex:
        if "names" not in self._built:
            self._built["names"] = NameIndex(self.names)
        index: NameIndex = self._built["names"]
        return index

    def value_indexes(self, resource: str) -> dict[str, ValueIndex]:
        key = f"values:{resource}"
        if key not in self._built:
            self._built[key] = {c: ValueIndex(v)
                                for c, v in self.values.get(resource, {}).items() if v}
        indexes: dict[str, ValueIndex] = self._built[key]
        return indexes

    def memos(self) -> Memos:
        """Per-text results kept from one chunk to the next in this process (bounded)."""
        if "memos" not in self._built:
            self._built["memos"] = Memos()
        memos: Memos = self._built["memos"]
        return memos


def facts_from(dataset: Dataset, gathered: Gathered) -> Facts:
    """The facts of a dataset from what its first pass gathered (resources in order)."""
    contacts = public_contacts(dataset.folder.parent if dataset.folder else None)
    numbers: set[str] = set()
    addresses: list[str] = []
    for resource in dataset.resources:
        for policy in resource.policies:
            for value in gathered.contacts.get((resource.name, policy.field), {}):
                if sum(ch.isdigit() for ch in value) >= 5:
                    numbers.add(value)
                elif len(value.strip()) >= 6:
                    addresses.append(value.strip())
    if numbers or addresses:
        contacts = contacts.extended(numbers, addresses)
    # The gathered sets themselves, not copies: the first pass's are dropped after this.
    return Facts(contacts, gathered.names.settled(),
                 {r: {c: v.settled() for c, v in by.items()}
                  for r, by in gathered.values.items()})


# Per chunk --------------------------------------------------------------------------------------

@dataclass
class _Applied:
    df: pd.DataFrame
    source: pd.DataFrame
    kept: set[str]
    ctx: Context
    fields: list[FieldReport]
    refused: list[Finding]
    linked: dict[str, int]


def _resource(dataset: Dataset, name: str) -> Resource:
    for resource in dataset.resources:
        if resource.name == name:
            return resource
    raise ValueError(f"table {name!r} is not a resource of dataset {dataset.name!r}")


def _apply(dataset: Dataset, resource: Resource, df: pd.DataFrame, ctx: Context
           ) -> tuple[pd.DataFrame, set[str], list[FieldReport], list[Finding]]:
    """The released frame, the fields kept, the field reports and the refused keeps."""
    out = {}
    kept: set[str] = set()
    fields: list[FieldReport] = []
    refused: list[Finding] = []
    policies = {p.field: p for p in resource.policies}
    for column in df.columns:
        values = df[column]
        policy = policies.get(str(column))
        if policy is None:  # no policy: released as is, and scanned like everything else
            out[column] = values
            continue
        action, keep, was_refused = decide(dataset, policy)
        if keep:
            kept.add(str(column))
        if action == "keep" and not policy.personal:
            out[column] = values
            continue
        if was_refused:
            refused.append(Finding("privacy-keep-refused", dataset=dataset.name,
                                   resource=resource.name, field=policy.field,
                                   params={"category": policy.category}))
        found_before = dict(ctx.found)
        released = ACTIONS[action](values, policy, ctx)
        cells = int((values.str.strip() != "").sum())
        found = {c: n - found_before.get(c, 0) for c, n in ctx.found.items()
                 if n - found_before.get(c, 0)}
        fields.append(FieldReport(resource.name, policy.field, policy.category, action,
                                  cells, dict(sorted(found.items()))))
        if released is not None:
            out[column] = released
    return pd.DataFrame(out, index=df.index), kept, fields, refused


def _before_k(dataset: Dataset, name: str, frame: pd.DataFrame, facts: Facts,
              key: bytes) -> _Applied:
    resource = _resource(dataset, name)
    memos = facts.memos()
    ctx = Context(key=key, engine=default_engine(facts.contacts),
                  spans_of=lambda column: memos.get("spans", name, column))
    source = strings(frame)
    df, kept, fields, refused = _apply(dataset, resource, source, ctx)
    personal = linked_fields(resource, kept)
    targets = link_targets(resource, df, kept)
    df, linked = link_rows(df, source, personal, targets,
                           lambda column: memos.get("linked", name, column))
    names = facts.name_index()
    for target in targets:
        df[target], n = names.redact_series(df[target], memos.get("names", name, target))
        linked["person_name"] += n
    return _Applied(df, source, kept, ctx, fields, refused, dict(linked))


def _k_spec(resource: Resource, columns: list[str]) -> KSpec | None:
    """The resource's k-anonymity declaration when every quasi-identifier is released."""
    spec = spec_of(resource.schema)
    if spec is None or any(q not in columns for q in spec.quasi_identifiers):
        return None
    return spec


def _combinations(df: pd.DataFrame, spec: KSpec) -> list[tuple[str, ...]]:
    return list(zip(*(df[q].tolist() for q in spec.quasi_identifiers), strict=True))


def groups_of_chunk(dataset: Dataset, name: str, frame: pd.DataFrame, facts: Facts,
                    key: bytes) -> Counter[tuple[str, ...]]:
    """Rows per released quasi-identifier combination in one chunk (empty without a
    declaration); summed over a resource's chunks they are ``Facts.groups[name]``."""
    applied = _before_k(dataset, name, frame, facts, key)
    spec = _k_spec(_resource(dataset, name), [str(c) for c in applied.df.columns])
    if spec is None:
        return Counter()
    return Counter(_combinations(applied.df, spec))


@dataclass
class ChunkResult:
    """One chunk de-identified: its released rows and its share of the report and findings.
    Finding rows count from the chunk's first released row (header = row 1)."""

    resource: str
    frame: pd.DataFrame
    fields: list[FieldReport]
    refused: list[Finding]
    linked: dict[str, int]
    residual: dict[str, dict[str, int]]
    #: released column -> pii-detected findings, then -> pii-residual findings
    detected: dict[str, list[Finding]]
    independent: dict[str, list[Finding]]
    rows: int


def residual_scan(engine: Engine, dataset: str, resource: str, df: pd.DataFrame,
                  kept: set[str],
                  seen: dict[str, list[Span]] | Callable[[str], dict[str, list[Span]]]
                  | None = None
                  ) -> tuple[dict[str, list[Finding]], dict[str, dict[str, int]]]:
    """Scan every cell with every detector; hits outside ``keep`` fields are findings (by
    column). ``seen`` holds what the detectors already found in a text (the same engine, the
    same result), so a text read before is not read again; a callable gives each column's."""
    findings: dict[str, list[Finding]] = {}
    counts: dict[str, dict[str, int]] = {}
    candidates = engine.candidates_of([df[column] for column in df.columns])
    for column, maybe in zip(df.columns, candidates, strict=True):
        memo = seen(str(column)) if callable(seen) else seen
        positions, codes, found = engine.scan_distinct(df[column], memo, maybe)
        if not found:
            continue
        per = counts.setdefault(str(column), {})
        for spans, times in zip(found, np.bincount(codes, minlength=len(found)).tolist(),
                                strict=True):
            for span in spans:
                per[span.category] = per.get(span.category, 0) + times
        if str(column) in kept:
            continue
        column_findings = findings.setdefault(str(column), [])
        for pos, code in zip(positions.tolist(), codes.tolist(), strict=True):
            for span in found[code]:
                column_findings.append(Finding(
                    "pii-detected", dataset=dataset, resource=resource, row=pos + 2,
                    field=str(column), params={"category": span.category}))
    return findings, counts


def deidentify_chunk(dataset: Dataset, name: str, frame: pd.DataFrame, facts: Facts,
                     key: bytes) -> ChunkResult:
    """De-identify consecutive rows of resource ``name`` with the dataset's facts (pure)."""
    applied = _before_k(dataset, name, frame, facts, key)
    df = applied.df
    spec = _k_spec(_resource(dataset, name), [str(c) for c in df.columns])
    if spec is not None and spec.on_violation == "suppress" and not df.empty:
        sizes = facts.groups.get(name, {})
        small = [sizes.get(c, 0) < spec.k for c in _combinations(df, spec)]
        df = df[[not s for s in small]]
    engine = default_engine(facts.contacts)
    memos = facts.memos()
    detected, counts = residual_scan(engine, dataset.name, name, df, applied.kept,
                                     lambda column: memos.get("residual", name, column))
    independent = scan_values(dataset.name, name, df, applied.kept,
                              facts.value_indexes(name), facts.contacts,
                              lambda column: memos.get("values", name, column))
    by_column: dict[str, list[Finding]] = {}
    for finding in independent:
        by_column.setdefault(str(finding.field), []).append(finding)
    return ChunkResult(name, df.reset_index(drop=True), applied.fields, applied.refused,
                       applied.linked, counts, detected, by_column, len(df))


# Assembly ---------------------------------------------------------------------------------------

@dataclass
class _Table:
    columns: list[str] = field(default_factory=list)
    fields: dict[str, FieldReport] = field(default_factory=dict)
    refused: list[Finding] = field(default_factory=list)
    linked: dict[str, int] = field(default_factory=dict)
    residual: dict[str, dict[str, int]] = field(default_factory=dict)
    detected: dict[str, list[Finding]] = field(default_factory=dict)
    independent: dict[str, list[Finding]] = field(default_factory=dict)
    rows: int = 0
    seen: bool = False


def _shifted(findings: list[Finding], offset: int) -> list[Finding]:
    if not offset:
        return findings
    return [dataclasses.replace(f, row=(f.row or 0) + offset) for f in findings]


class Assembly:
    """The report and findings of a dataset from its chunk results, added resource by
    resource in row order: the same as ``deidentify`` gives for whole tables."""

    def __init__(self, dataset: Dataset, key_fingerprint: str, detectors: dict[str, str],
                 facts: Facts) -> None:
        self.dataset = dataset
        self.facts = facts
        self.report = DeidReport(dataset.name, key_fingerprint, detectors)
        self.tables: dict[str, _Table] = {}

    def add(self, result: ChunkResult) -> None:
        table = self.tables.setdefault(result.resource, _Table())
        offset = table.rows
        if not table.seen:
            table.seen = True
            table.columns = [str(c) for c in result.frame.columns]
            table.refused = list(result.refused)
        for report in result.fields:
            mine = table.fields.get(report.field)
            if mine is None:
                table.fields[report.field] = dataclasses.replace(report,
                                                                 found=dict(report.found))
                continue
            mine.cells += report.cells
            for category, n in report.found.items():
                mine.found[category] = mine.found.get(category, 0) + n
        for category, n in result.linked.items():
            table.linked[category] = table.linked.get(category, 0) + n
        for column, per in result.residual.items():
            mine_counts = table.residual.setdefault(column, {})
            for category, n in per.items():
                mine_counts[category] = mine_counts.get(category, 0) + n
        for column, found in result.detected.items():
            table.detected.setdefault(column, []).extend(_shifted(found, offset))
        for column, found in result.independent.items():
            table.independent.setdefault(column, []).extend(_shifted(found, offset))
        table.rows += result.rows

    def _k_anonymity(self, name: str, table: _Table) -> list[Finding]:
        resource = _resource(self.dataset, name)
        spec = spec_of(resource.schema)
        if spec is None:
            return []
        missing = [q for q in spec.quasi_identifiers if q not in table.columns]
        if missing:
            return [Finding("k-anonymity-invalid", dataset=self.dataset.name,
                            resource=name, field=q) for q in missing]
        sizes = list(self.facts.groups.get(name, {}).values())
        small = [n for n in sizes if n < spec.k]
        smallest = min(sizes, default=None)
        findings: list[Finding] = []
        suppressed = 0
        if small:
            if spec.on_violation == "suppress":
                suppressed = sum(small)
                smallest = min((n for n in sizes if n >= spec.k), default=None)
            else:
                findings.append(Finding(
                    "k-anonymity-violated", dataset=self.dataset.name, resource=name,
                    params={"k": spec.k, "rows": sum(small), "smallest": smallest}))
        self.report.k_anonymity.append(KReport(name, list(spec.quasi_identifiers), spec.k,
                                               smallest, spec.on_violation, suppressed))
        return findings

    def finish(self) -> list[Finding]:
        """The findings, in the order ``deidentify`` gives them; fills ``self.report``."""
        refused: list[Finding] = []
        later: list[Finding] = []
        for name, table in self.tables.items():
            refused += table.refused
            self.report.fields += table.fields.values()
            for report in table.fields.values():
                report.found = dict(sorted(report.found.items()))
            if table.linked:
                self.report.linked[name] = dict(sorted(table.linked.items()))
            later += self._k_anonymity(name, table)
            for column in table.columns:
                later += table.detected.get(column, [])
            for column in table.columns:
                later += table.independent.get(column, [])
            residual = {c: table.residual[c] for c in table.columns if c in table.residual}
            if residual:
                self.report.residual[name] = residual
            self.report.rows[name] = table.rows
        return refused + later


# Tasks an executor maps over partitions ---------------------------------------------------------

@dataclass(frozen=True)
class Task:
    """One partition of resource ``name`` with what its pass needs. ``key`` is the pseudonym
    key: it travels to a worker inside the task and is never shown (see ``__repr__``)."""

    dataset: Dataset
    name: str
    frame: pd.DataFrame
    facts: Facts | None = None
    key: bytes = b""

    def __repr__(self) -> str:  # a traceback or a dashboard never shows the key or the cells
        return f"Task({self.dataset.name!r}, {self.name!r}, {len(self.frame)} rows)"


def gather_task(task: Task) -> Gathered:
    """:func:`gather_chunk` of a task."""
    return gather_chunk(task.dataset, task.name, task.frame)


def groups_task(task: Task) -> Counter[tuple[str, ...]]:
    """:func:`groups_of_chunk` of a task (its facts are required)."""
    assert task.facts is not None
    return groups_of_chunk(task.dataset, task.name, task.frame, task.facts, task.key)


def deidentify_task(task: Task) -> ChunkResult:
    """:func:`deidentify_chunk` of a task (its facts are required)."""
    assert task.facts is not None
    return deidentify_chunk(task.dataset, task.name, task.frame, task.facts, task.key)
