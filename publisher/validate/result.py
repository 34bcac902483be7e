"""Validation results: per resource and per dataset, with frictionless-shaped dictionaries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from publisher import codes
from publisher.findings import Finding

#: Codes whose findings are about the header row (frictionless puts them at row 1 / no row).
HEADER_CODES = frozenset({"blank-header", "blank-label", "duplicate-label", "incorrect-label",
                          "extra-label", "missing-label"})


def error_dict(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding in frictionless's error shape (no personal values: params never hold them)."""
    code = codes.get(finding.code)
    out: dict[str, Any] = {"type": finding.code, "title": code.title[lang],
                           "description": code.description, "message": finding.message(lang)}
    params = dict(finding.params)
    if finding.row is not None:
        out["rowNumber"] = finding.row
    elif finding.code in HEADER_CODES:
        out["rowNumbers"] = [1]
    if finding.field is not None:
        out["fieldName"] = finding.field
    if "fieldNumber" in params:
        out["fieldNumber"] = params.pop("fieldNumber")
    if "cell" in params:
        out["cell"] = params.pop("cell")
    if "label" in params:
        out["label"] = params.pop("label")
    if "fieldNames" in params:  # frictionless's key for the fields of a row-level key error
        out["fieldNames"] = list(params.pop("fieldNames"))
    if "referenceFieldNames" in params:
        out["referenceFieldNames"] = list(params.pop("referenceFieldNames"))
    if params:
        out["params"] = params
    return out


@dataclass
class ResourceReport:
    """One resource's verdict; ``findings`` never carry a value of a personal field."""

    resource: str
    valid: bool
    findings: list[Finding]
    row_count: int
    source_sha256: str
    schema_sha256: str = ""
    dataset: str = ""
    seconds: float = 0.0
    reused: bool = False
    #: How the file was read: encoding and how it was decided, delimiter, header rows, sheet.
    reading: dict[str, Any] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.code for f in self.findings))

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """A frictionless report task."""
        return {
            "name": self.resource, "type": "table", "valid": self.valid,
            "place": self.resource,
            "stats": {"errors": len(self.findings), "rows": self.row_count,
                      "seconds": round(self.seconds, 3), "sha256": self.source_sha256},
            "errors": [error_dict(f, lang) for f in self.findings],
            "reused": self.reused,
            "reading": self.reading,
        }


@dataclass
class ValidationResult:
    dataset: str
    valid: bool
    resources: list[ResourceReport] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # not tied to a readable resource

    def counts(self) -> dict[str, int]:
        total: Counter[str] = Counter(f.code for f in self.findings)
        for report in self.resources:
            total.update(report.counts())
        return dict(total)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """A frictionless report: valid, stats, one task per resource."""
        errors = len(self.findings) + sum(len(r.findings) for r in self.resources)
        return {
            "name": self.dataset, "valid": self.valid,
            "stats": {"tasks": len(self.resources), "errors": errors},
            "errors": [error_dict(f, lang) for f in self.findings],
            "tasks": [r.to_dict(lang) for r in self.resources],
        }
