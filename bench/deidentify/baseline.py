"""The baseline: the same detectors (over the same normalised readings), masks, pseudonyms,
generalisations and independent scan, applied cell by cell in plain Python (each detector's own
regex over each cell, no prefilter, no caching). Row-level linking has no row-by-row
counterpart here: the baseline leaves it out, which only flatters the baseline."""

from __future__ import annotations

from typing import Any

from publisher.deid.detectors import REGISTRY
from publisher.deid.generalize import generalize_value
from publisher.deid.masks import MASKS
from publisher.deid.normalize import views
from publisher.deid.pseudonym import pseudonym
from publisher.deid.residual import scan_text
from publisher.lexicon import PublicContacts
from publisher.privacy import field_policies

DETECTORS = list(REGISTRY.values())


def find(text: str) -> list[tuple[int, int, str]]:
    """Every detector in turn over each normalised reading of the cell; public matches block
    personal ones."""
    out: set[tuple[int, int, str]] = set()
    for reading in views(text):
        folded = reading.text
        taken: list[tuple[int, int, str, bool]] = []
        for detector in DETECTORS:
            for match in detector.compiled.finditer(folded):
                span = detector.confirm(folded, match)
                if span is None or any(s < span[1] and span[0] < e for s, e, _, _ in taken):
                    continue
                taken.append((span[0], span[1], detector.category, detector.public))
        out |= {(*reading.span(s, e), c) for s, e, c, public in taken if not public}
    merged: list[tuple[int, int, str]] = []
    for s, e, c in sorted(out):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]), merged[-1][2])
        else:
            merged.append((s, e, c))
    return merged


def redact(text: str) -> str:
    out, last = [], 0
    for start, end, category in find(text):
        out.append(text[last:start])
        out.append(REGISTRY_PLACEHOLDERS.get(category, "【个人信息】"))
        last = end
    out.append(text[last:])
    return "".join(out)


REGISTRY_PLACEHOLDERS = {d.category: d.placeholder for d in DETECTORS if d.placeholder}


def deidentify_rows(rows: list[list[str]], header: list[str], schema: dict[str, Any],
                    key: bytes) -> tuple[list[list[str]], int]:
    """Actions row by row, then the residual scan row by row: (rows, residual hits)."""
    policies = {p.field: p for p in field_policies(schema)}
    plan = [policies.get(name) for name in header]
    out: list[list[str]] = []
    for row in rows:
        new = []
        for value, policy in zip(row, plan, strict=True):
            if policy is None or policy.action == "keep" or not value:
                new.append(value)
            elif policy.action == "mask":
                new.append(MASKS[policy.category](value))
            elif policy.action == "pseudonymize":
                new.append(pseudonym(policy.category, value, key))
            elif policy.action == "generalize":
                new.append(generalize_value(policy.category, value, dict(policy.params)))
            elif policy.action == "redact":
                new.append(redact(value))
            else:
                new.append("")
        out.append(new)
    hits = 0
    contacts = PublicContacts()
    # Both scans skip the fields the schema keeps (a penalty decision's party), as the stage's do.
    scanned = [i for i, policy in enumerate(plan) if policy is None or policy.action != "keep"]
    for row in out:
        for i in scanned:
            hits += len(find(row[i]))
            scan_text(row[i], contacts)  # the independent scan, cell by cell
    return out, hits
