"""``deidentify(dataset, tables, key)``: policies, residual scan, k-anonymity, report."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from publisher import codes
from publisher.dataset import Dataset, Resource
from publisher.deid.actions import ACTIONS, Context
from publisher.deid.detectors import versions
from publisher.deid.engine import Engine, Span, default_engine
from publisher.deid.kanon import below_k, smallest_group, spec_of
from publisher.deid.linking import NameIndex, link_rows
from publisher.deid.pseudonym import key_fingerprint
from publisher.deid.report import DeidReport, FieldReport, KReport
from publisher.deid.residual import independent_scan
from publisher.findings import Finding
from publisher.lexicon import PublicContacts, public_contacts
from publisher.privacy import PERSONAL, keep_allowed

log = logging.getLogger(__name__)

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
    tables: dict[str, pd.DataFrame]
    report: DeidReport
    findings: list[Finding] = field(default_factory=list)
    ok: bool = True


def _strings(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype(object).where(df.notna(), "").astype(str)


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


def _apply(dataset: Dataset, resource: Resource, df: pd.DataFrame, ctx: Context,
           report: DeidReport, findings: list[Finding]) -> tuple[pd.DataFrame, set[str]]:
    """The released frame and the names of the fields declared (and allowed) ``keep``."""
    out = {}
    kept: set[str] = set()
    policies = {p.field: p for p in resource.policies}
    for column in df.columns:
        values = df[column]
        policy = policies.get(str(column))
        if policy is None:  # no policy: released as is, and scanned like everything else
            out[column] = values
            continue
        if policy.action == "keep" and not policy.personal:
            out[column] = values
            kept.add(str(column))
            continue
        action = policy.action if policy.action in ACTIONS else "suppress"
        if action == "keep" and not keep_allowed(policy, dataset.disclosure.exemption):
            findings.append(Finding("privacy-keep-refused", dataset=dataset.name,
                                    resource=resource.name, field=policy.field,
                                    params={"category": policy.category}))
            action = "suppress"
        if action == "keep":
            kept.add(str(column))
        found_before = dict(ctx.found)
        released = ACTIONS[action](values, policy, ctx)
        cells = int((values.str.strip() != "").sum())
        found = {c: n - found_before.get(c, 0) for c, n in ctx.found.items()
                 if n - found_before.get(c, 0)}
        report.fields.append(FieldReport(resource.name, policy.field, policy.category, action,
                                         cells, dict(sorted(found.items()))))
        if released is not None:
            out[column] = released
    return pd.DataFrame(out, index=df.index), kept


def residual_scan(engine: Engine, dataset: str, resource: str, df: pd.DataFrame,
                  kept: set[str], seen: dict[str, list[Span]] | None = None
                  ) -> tuple[list[Finding], dict[str, dict[str, int]]]:
    """Scan every cell with every detector; hits outside ``keep`` fields are findings.
    ``seen`` holds what the detectors already found in a text (the same engine, the same
    result), so a cell that redaction left as it was is not read twice."""
    findings: list[Finding] = []
    counts: dict[str, dict[str, int]] = {}
    for column in df.columns:
        positions, codes, found = engine.scan_distinct(df[column], seen)
        if not found:
            continue
        per = counts.setdefault(str(column), {})
        for spans, times in zip(found, np.bincount(codes, minlength=len(found)).tolist(),
                                strict=True):
            for span in spans:
                per[span.category] = per.get(span.category, 0) + times
        if str(column) in kept:
            continue
        for pos, code in zip(positions.tolist(), codes.tolist(), strict=True):
            for span in found[code]:
                findings.append(Finding("pii-detected", dataset=dataset, resource=resource,
                                        row=pos + 2, field=str(column),
                                        params={"category": span.category}))
    return findings, counts


def _k_anonymity(dataset: Dataset, resource: Resource, df: pd.DataFrame, report: DeidReport,
                 findings: list[Finding]) -> pd.DataFrame:
    spec = spec_of(resource.schema)
    if spec is None:
        return df
    missing = [q for q in spec.quasi_identifiers if q not in df.columns]
    for q in missing:
        findings.append(Finding("k-anonymity-invalid", dataset=dataset.name,
                                resource=resource.name, field=q))
    if missing:
        return df
    small = below_k(df, spec.quasi_identifiers, spec.k) if not df.empty else None
    suppressed = 0
    if small is not None and small.any():
        if spec.on_violation == "suppress":
            suppressed = int(small.sum())
            df = df[~small]
        else:
            findings.append(Finding(
                "k-anonymity-violated", dataset=dataset.name, resource=resource.name,
                params={"k": spec.k, "rows": int(small.sum()),
                        "smallest": smallest_group(df, spec.quasi_identifiers)}))
    report.k_anonymity.append(KReport(resource.name, list(spec.quasi_identifiers), spec.k,
                                      smallest_group(df, spec.quasi_identifiers),
                                      spec.on_violation, suppressed))
    return df


def _own_contacts(dataset: Dataset, tables: dict[str, pd.DataFrame],
                  contacts: PublicContacts) -> PublicContacts:
    """The public contacts plus the dataset's own ``org_contact`` values (an operator's
    published service number is public wherever the dataset repeats it)."""
    numbers: set[str] = set()
    addresses: list[str] = []
    for resource in dataset.resources:
        frame = tables.get(resource.name)
        if frame is None:
            continue
        for policy in resource.policies:
            if policy.category == "org_contact" and policy.field in frame.columns:
                for value in frame[policy.field].dropna().astype(str).unique().tolist():
                    if sum(ch.isdigit() for ch in value) >= 5:
                        numbers.add(value)
                    elif len(value.strip()) >= 6:
                        addresses.append(value.strip())
    return contacts.extended(numbers, addresses) if numbers or addresses else contacts


def deidentify(dataset: Dataset, tables: dict[str, pd.DataFrame], key: bytes) -> DeidResult:
    """De-identify every table (resource name -> string DataFrame) by its schema's policies.

    Raises ValueError without a key (a configuration fault). ``ok`` is False when any finding
    blocks the release. Row numbers in findings count the header as row 1.
    """
    if not key:
        raise ValueError("a pseudonym key is required (setting pseudonym_key)")
    contacts = _own_contacts(dataset, tables,
                             public_contacts(dataset.folder.parent if dataset.folder else None))
    engine = default_engine(contacts)
    report = DeidReport(dataset.name, key_fingerprint(key), versions())
    ctx = Context(key=key, engine=engine)
    findings: list[Finding] = []
    released: dict[str, pd.DataFrame] = {}
    resources = {r.name: r for r in dataset.resources}
    sources = {name: _strings(frame) for name, frame in tables.items()}
    applied: dict[str, tuple[pd.DataFrame, set[str]]] = {}
    for name, frame in sources.items():
        resource = resources.get(name)
        if resource is None:
            raise ValueError(f"table {name!r} is not a resource of dataset {dataset.name!r}")
        applied[name] = _apply(dataset, resource, frame, ctx, report, findings)
    # Names of any name field of the dataset are removed from every table's text.
    names = NameIndex(v for name, (_, kept) in applied.items()
                      for f, c in linked_fields(resources[name], kept).items()
                      if c == "person_name" for v in sources[name][f].tolist())
    for name, (df, kept) in applied.items():
        resource = resources[name]
        personal = linked_fields(resource, kept)
        targets = link_targets(resource, df, kept)
        df, linked = link_rows(df, sources[name], personal, targets)
        for target in targets:
            df[target], n = names.redact_series(df[target])
            linked["person_name"] += n
        if linked:
            report.linked[name] = dict(sorted(linked.items()))
        df = _k_anonymity(dataset, resource, df, report, findings)
        residual, counts = residual_scan(engine, dataset.name, name, df, kept, ctx.seen)
        findings += residual
        source_values = {f: (c, sources[name][f]) for f, c in personal.items()}
        findings += independent_scan(dataset.name, name, df, kept, source_values, contacts)
        if counts:
            report.residual[name] = counts
        report.rows[name] = len(df)
        released[name] = df.reset_index(drop=True)
    n_personal = sum(1 for f in report.fields if f.category in PERSONAL)
    log.info("de-identified %s: %d tables, %d personal fields, %d findings",
             dataset.name, len(released), n_personal, len(findings))
    return DeidResult(released, report, findings, ok=not findings)
