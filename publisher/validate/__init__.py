"""Stage ``validate``: every resource checked against its Table Schema, frictionless's way.

:func:`validate` is the entry point; findings use frictionless's error codes (``type-error``,
``constraint-error``, ``unique-error``, ``primary-key``, ``foreign-key``, ``blank-row``,
``extra-cell``, ``missing-cell``, label errors) plus our own (``check-digit``,
``stray-whitespace``, ``fullwidth-digits``). Row numbers are file rows, the header being row 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from frictionless import FrictionlessException

from publisher import codes
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.readers import ReadError
from publisher.validate.engine import reference_lookup, validate_resource
from publisher.validate.result import ResourceReport, ValidationResult

if TYPE_CHECKING:
    from publisher.compute import Executor

__all__ = ["UNREADABLE", "ResourceReport", "ValidationResult", "validate", "validate_resource"]

#: frictionless's error types for a file that cannot be read as a table; the reader's
#: ReadError names one (``ReadError.code``).
UNREADABLE = ("scheme-error", "source-error", "encoding-error", "format-error")
for _code, _zh, _en, _what in (
        ("scheme-error", "数据文件无法打开", "Data file cannot be opened",
         "The resource's file is missing, or is a folder."),
        ("source-error", "数据文件无法读取", "Data file unreadable",
         "The file is empty, has no header row, a row longer than 1 MB, an unusable dialect "
         "or a missing sheet."),
        ("encoding-error", "数据文件编码错误", "Encoding error",
         "The file's bytes are not text in the declared encoding, or in any encoding we read "
         "(UTF-8, UTF-16, GB18030, GBK, Big5): declare ``encoding``."),
        ("format-error", "数据文件格式错误", "Format error",
         "The file is not of its format: a workbook or binary data declared as CSV, or a "
         "workbook that cannot be read.")):
    codes.define(_code, stage="validate", title=(_zh, _en), description=_what,
                 message=(f"资源 {{resource}}：{_zh}（{{reason}}）",
                          f"Resource {{resource}}: {_en.lower()} ({{reason}})"))
codes.define("resource-schema-unusable", stage="validate",
             title=("资源没有可用的表结构", "No usable schema"),
             description="The resource has no readable Table Schema, so it cannot be validated.",
             message=("资源 {resource}：没有可用的表结构（{reason}）",
                      "Resource {resource}: no usable schema ({reason})"))


def validate(dataset: Dataset, *,
             progress: Callable[[str, int], None] | None = None,
             executor: Executor | None = None) -> ValidationResult:
    """Validate every resource of a dataset; an unreadable file is a finding, never an exception.

    ``progress(resource, rows)`` is called after each chunk of rows; ``executor``: where the
    partitions' cell checks run (see :mod:`publisher.compute`), else here, block by block.
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
                                             progress=progress, executor=executor))
        except FrictionlessException as exc:  # a field descriptor frictionless cannot build
            loose.append(Finding("resource-schema-unusable", dataset=where["dataset"],
                                 resource=where["resource"],
                                 params={"reason": exc.error.message}))
        except ReadError as exc:
            loose.append(Finding(exc.code, dataset=where["dataset"],
                                 resource=where["resource"], params=exc.finding_params()))
        except OSError as exc:
            loose.append(Finding("scheme-error", dataset=where["dataset"],
                                 resource=where["resource"],
                                 params=ReadError.from_os(resource.path.name,
                                                          exc).finding_params()))
    valid = not loose and all(r.valid for r in reports)
    return ValidationResult(dataset=dataset.name, valid=valid, resources=reports, findings=loose)
