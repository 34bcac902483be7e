"""The de-identification report: counts, detector versions, the key's fingerprint, the k
reached. It holds no value of any cell, by construction: only names, categories and numbers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


@dataclass
class FieldReport:
    resource: str
    field: str
    category: str
    action: str
    cells: int  # non-empty cells the action applied to
    found: dict[str, int] = dc_field(default_factory=dict)  # redaction: category -> spans


@dataclass
class KReport:
    resource: str
    quasi_identifiers: list[str]
    k_required: int
    k_reached: int | None
    on_violation: str
    rows_suppressed: int = 0


@dataclass
class DeidReport:
    dataset: str
    key_fingerprint: str
    detectors: dict[str, str]
    fields: list[FieldReport] = dc_field(default_factory=list)
    rows: dict[str, int] = dc_field(default_factory=dict)
    residual: dict[str, dict[str, dict[str, int]]] = dc_field(default_factory=dict)
    #: resource -> category -> values removed by row-level linking (repeated in another form).
    linked: dict[str, dict[str, int]] = dc_field(default_factory=dict)
    k_anonymity: list[KReport] = dc_field(default_factory=list)

    def by_action(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for f in self.fields:
            counts[f.action] += f.cells
        return dict(sorted(counts.items()))

    def by_category(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for f in self.fields:
            counts[f.category] += f.cells
            for category, n in f.found.items():
                counts[f"{category} (in {f.category})"] += n
        return dict(sorted(counts.items()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "key_fingerprint": self.key_fingerprint,
            "detectors": dict(self.detectors),
            "rows": dict(self.rows),
            "fields": [vars(f).copy() for f in self.fields],
            "counts": {"by_action": self.by_action(), "by_category": self.by_category()},
            "residual": self.residual,
            "linked": self.linked,
            "k_anonymity": [vars(k).copy() for k in self.k_anonymity],
            "k_reached": min((k.k_reached for k in self.k_anonymity if k.k_reached is not None),
                             default=None),
        }
