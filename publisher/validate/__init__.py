"""Stage ``validate``: every resource checked against its Table Schema, frictionless's way.

:func:`validate` is the entry point; findings use frictionless's error codes (``type-error``,
``constraint-error``, ``unique-error``, ``primary-key``, ``foreign-key``, ``blank-row``,
``extra-cell``, ``missing-cell``, label errors) plus our own (``check-digit``,
``stray-whitespace``, ``fullwidth-digits``). Row numbers are file rows, the header being row 1.
"""

from __future__ import annotations

from collections.abc import Callable

from frictionless import FrictionlessException

from publisher import codes
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.readers import ReadError
from publisher.validate.engine import reference_lookup, validate_resource
from publisher.validate.result import ResourceReport, ValidationResult

__all__ = ["ResourceReport", "ValidationResult", "validate", "validate_resource"]

codes.define("resource-unreadable-data", stage="validate",
             title=("数据文件无法读取", "Data file unreadable"),
             description="The resource's file cannot be read as a table (empty, binary, wrong "
                         "encoding, a row longer than 1 MB, not a workbook …).",
             message=("资源 {resource}：数据文件无法读取（{reason}）",
                      "Resource {resource}: the data file cannot be read ({reason})"))
codes.define("resource-schema-unusable", stage="validate",
             title=("资源没有可用的表结构", "No usable schema"),
             description="The resource has no readable Table Schema, so it cannot be validated.",
             message=("资源 {resource}：没有可用的表结构（{reason}）",
                      "Resource {resource}: no usable schema ({reason})"))


def validate(dataset: Dataset, *,
             progress: Callable[[str, int], None] | None = None) -> ValidationResult:
    """Validate every resource of a dataset; an unreadable file is a finding, never an exception.

    ``progress(resource, rows)`` is called after each chunk of rows.
    """
    lookup = reference_lookup(dataset)
    reports: list[ResourceReport] = []
    loose: list[Finding] = []
    for resource in dataset.resources:
        where = {"dataset": dataset.name, "resource": resource.name}
        if resource.schema is None:
            loose.append(Finding("resource-schema-unusable", dataset=where["dataset"],
                                 resource=where["resource"], params={"reason": "no schema"}))
            continue
        try:
            reports.append(validate_resource(dataset, resource, lookup=lookup,
                                             progress=progress))
        except FrictionlessException as exc:  # a field descriptor frictionless cannot build
            loose.append(Finding("resource-schema-unusable", dataset=where["dataset"],
                                 resource=where["resource"],
                                 params={"reason": exc.error.message}))
        except (ReadError, OSError) as exc:
            loose.append(Finding("resource-unreadable-data", dataset=where["dataset"],
                                 resource=where["resource"],
                                 params={"reason": str(exc)}))
    valid = not loose and all(r.valid for r in reports)
    return ValidationResult(dataset=dataset.name, valid=valid, resources=reports, findings=loose)
