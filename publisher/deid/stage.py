"""``deidentify(dataset, tables, key)``: policies, residual scan, k-anonymity, report.

:func:`deidentify_stream` does the same over resources read in chunks (publisher.deid.chunks
holds the per-chunk functions and the dataset-wide facts); :func:`deidentify` is that stream
with each table as one chunk, so both give the same rows, report and findings.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import pandas as pd

from publisher import codes
from publisher.dataset import Dataset
from publisher.deid.chunks import (
    Assembly,
    Facts,
    Gathered,
    Task,
    deidentify_task,
    facts_from,
    gather_task,
    groups_task,
)
from publisher.deid.detectors import versions
from publisher.deid.kanon import spec_of
from publisher.deid.pseudonym import key_fingerprint
from publisher.deid.report import DeidReport
from publisher.findings import Finding
from publisher.privacy import PERSONAL

if TYPE_CHECKING:
    from publisher.compute import Executor

R = TypeVar("R")
log = logging.getLogger(__name__)

#: Rows a publish run de-identifies at a time unless the setting ``chunk_rows`` says otherwise.
#: The transient objects of a chunk (its cells, their readings and redactions) scatter among the
#: long-lived ones of the memos, and the allocator keeps every arena something still holds: at
#: 2,048 rows rather than the reader's 16,384 or more, a release build peaks over 200 MB lower,
#: in no more CPU time (the memos carry the per-text work from chunk to chunk either way).
CHUNK_ROWS = 2048

codes.define(
    "pii-detected", stage="deidentify",
    title=("发布内容中检出个人信息", "Personal information detected in the release"),
    description="After de-identification a detector still finds a personal identifier in a "
                "field that is not declared `keep`; the release is blocked.",
    message=("资源 {resource} 第 {row} 行字段 {field}：仍含{category}类个人信息",
             "Resource {resource}, row {row}, field {field}: still holds a {category}"),
)
codes.define(
    "k-anonymity-violated", stage="deidentify",
    title=("不满足 k-匿名", "k-anonymity violated"),
    description="Some combination of the declared quasi-identifiers is shared by fewer than k "
                "rows and the schema says onViolation: fail.",
    message=("资源 {resource}：准标识符组合的最小分组为 {smallest} 行，要求 k={k}"
             "（{rows} 行低于 k）",
             "Resource {resource}: the smallest quasi-identifier group has {smallest} rows, "
             "k={k} is required ({rows} rows below k)"),
)
codes.define(
    "k-anonymity-invalid", stage="deidentify",
    title=("k-匿名配置无效", "k-anonymity declaration invalid"),
    description="A declared quasi-identifier is not a released column (absent or dropped).",
    message=("资源 {resource}：准标识符 {field} 不在发布的列中",
             "Resource {resource}: quasi-identifier {field} is not a released column"),
)
codes.define(
    "privacy-keep-refused", stage="deidentify",
    title=("不得原样保留的字段已被清空", "A field that may not be kept was blanked"),
    description="A policy says `keep` for a personal category that is never kept (ID, phone, "
                "bank card) or that the dataset's exemption does not cover; the field is "
                "blanked and the release blocked until the schema is fixed.",
    message=("资源 {resource} 字段 {field}：{category} 不得原样保留，已清空",
             "Resource {resource}, field {field}: {category} may not be kept; it was blanked"),
)


@dataclass
class DeidResult:
    """``tables`` holds the released tables (empty from :func:`deidentify_stream`, which
    hands each released chunk to its sink instead)."""

    tables: dict[str, pd.DataFrame]
    report: DeidReport
    findings: list[Finding] = field(default_factory=list)
    ok: bool = True


#: The chunks of a resource (by name), as string DataFrames in row order; called once per pass.
Frames = Callable[[str], Iterable[pd.DataFrame]]
#: Receives each released chunk: (resource name, DataFrame), resources in order, rows in order.
Sink = Callable[[str, pd.DataFrame], None]


def deidentify_stream(dataset: Dataset, names: list[str], frames: Frames, key: bytes,
                      sink: Sink, executor: Executor | None = None) -> DeidResult:
    """De-identify resources ``names`` read chunk by chunk, handing released chunks to ``sink``.

    Two passes over every resource (three for one that declares ``kAnonymity``): the
    dataset-wide facts first, then the chunks themselves; memory is one chunk plus the facts.
    The sink may receive chunks of a release that turns out blocked (``ok`` False). With an
    ``executor`` (``publisher.compute``) each pass maps the chunk functions over the chunks
    there; the results come back in the chunks' order, so the outcome is the same.
    """
    if not key:
        raise ValueError("a pseudonym key is required (setting pseudonym_key)")
    run: Callable[[Callable[[Task], R], Iterable[Task]], Iterator[R]] = (
        executor.map if executor is not None else map)

    def tasks(name: str, facts: Facts | None = None) -> Iterator[Task]:
        for frame in frames(name):
            yield Task(dataset, name, frame, facts, key if facts is not None else b"")

    gathered = Gathered()
    for name in names:
        for found in run(gather_task, tasks(name)):
            gathered.update(found)
    facts = facts_from(dataset, gathered)
    del gathered
    resources = {r.name: r for r in dataset.resources}
    for name in names:
        if name in resources and spec_of(resources[name].schema) is not None:
            groups: Counter[tuple[str, ...]] = Counter()
            for counted in run(groups_task, tasks(name, facts)):
                groups.update(counted)
            facts.groups[name] = dict(groups)
    assembly = Assembly(dataset, key_fingerprint(key), versions(), facts)
    for name in names:
        for result in run(deidentify_task, tasks(name, facts)):
            assembly.add(result)
            sink(name, result.frame)
    findings = assembly.finish()
    report = assembly.report
    n_personal = sum(1 for f in report.fields if f.category in PERSONAL)
    log.info("de-identified %s: %d tables, %d personal fields, %d findings (%s engine)",
             dataset.name, len(report.rows), n_personal, len(findings),
             executor.name if executor is not None else "local")
    return DeidResult({}, report, findings, ok=not findings)


def _slices(frame: pd.DataFrame, rows: int) -> list[pd.DataFrame]:
    """Partitions of ``rows`` consecutive rows; an empty table is one empty partition."""
    return [frame.iloc[start:start + rows] for start in range(0, max(len(frame), 1), rows)]


def deidentify(dataset: Dataset, tables: dict[str, pd.DataFrame], key: bytes,
               executor: Executor | None = None) -> DeidResult:
    """De-identify every table (resource name -> string DataFrame) by its schema's policies.

    Raises ValueError without a key (a configuration fault). ``ok`` is False when any finding
    blocks the release. Row numbers in findings count the header as row 1. Without an
    ``executor`` each table is one chunk; with one, the tables are cut into partitions of
    ``executor.partition_rows`` rows worked on by it (the same result).
    """
    if not key:
        raise ValueError("a pseudonym key is required (setting pseudonym_key)")
    known = {r.name for r in dataset.resources}
    for name in tables:
        if name not in known:
            raise ValueError(f"table {name!r} is not a resource of dataset {dataset.name!r}")
    released: dict[str, list[pd.DataFrame]] = {}

    def keep(name: str, frame: pd.DataFrame) -> None:
        released.setdefault(name, []).append(frame)

    def frames(name: str) -> list[pd.DataFrame]:
        if executor is None:
            return [tables[name]]
        return _slices(tables[name], max(executor.partition_rows, 1))

    result = deidentify_stream(dataset, list(tables), frames, key, keep, executor)
    result.tables = {name: parts[0] if len(parts) == 1
                     else pd.concat(parts, ignore_index=True)
                     for name, parts in released.items()}
    return result
