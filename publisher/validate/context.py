"""What every check sees: the resource's fields, and one chunk of rows already cast."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from publisher.findings import Finding

if TYPE_CHECKING:
    from publisher.deid.engine import Engine
from publisher.validate.cast import BoolArray, Cast, Caster


@dataclass
class FieldInfo:
    """A field as the rows see it: the schema field paired with a header position."""

    name: str
    number: int  # 1-based position in the row
    descriptor: dict[str, Any]
    caster: Caster
    personal: bool = False
    in_schema: bool = True

    @property
    def constraints(self) -> dict[str, Any]:
        value = self.descriptor.get("constraints")
        return value if isinstance(value, dict) else {}


_DETECTORS = threading.Lock()


def detectors() -> Engine:
    """The de-identification engine that redacts cells in findings, loaded on first need.

    Loading takes about half a second; :func:`publisher.validate.engine.validate_resource`
    may start it on a thread of its own while a big file is read (the lock makes a finding
    wait for that load rather than start a second one).
    """
    with _DETECTORS:
        # Their patterns are parsed into hundreds of thousands of short-lived objects, which
        # set off full collections over the whole heap (about 0.3 s); a cycle among them is
        # collected later, as usual.
        collecting = gc.isenabled()
        gc.disable()
        try:
            from publisher.deid.engine import default_engine

            return default_engine()
        finally:
            if collecting:
                gc.enable()


@lru_cache(maxsize=4096)
def _redacted(cell: str) -> str:
    """The cell with its identifiers replaced; bad cells repeat (``abc`` in a number column a
    thousand times), so each distinct one is read by the detectors once."""
    return detectors().redact(cell)


@dataclass
class Table:
    """One resource being validated: names for findings, its fields, schema-level options."""

    dataset: str
    resource: str
    fields: list[FieldInfo]
    schema: dict[str, Any]
    normalize: frozenset[str] = frozenset()

    def finding(self, code: str, row: int | None = None, fld: FieldInfo | None = None,
                cell: str | None = None, **params: Any) -> Finding:
        """A finding; the cell's value is kept only for fields that are not personal, and even
        then any identifier in it is replaced by its category: a broken quote can carry a phone
        number into an integer column."""
        if fld is not None:
            params.setdefault("fieldNumber", fld.number)
            if cell is not None and not fld.personal:
                params["cell"] = _redacted(cell)
        return Finding(code, dataset=self.dataset, resource=self.resource, row=row,
                       field=fld.name if fld is not None else None, params=params)


@dataclass
class Chunk:
    """Cast cells of consecutive rows; ``blank`` marks blank rows (their cells are not checked)."""

    first_row: int
    length: int
    cells: list[Any]  # pyarrow string arrays, one per field position
    casts: list[Cast]
    widths: np.ndarray[Any, np.dtype[np.int64]]
    blank: BoolArray
    extra: dict[str, Any] = field(default_factory=dict)

    def rows(self, mask: BoolArray) -> np.ndarray[Any, np.dtype[np.int64]]:
        """File row numbers of the rows where ``mask`` holds (blank rows excluded)."""
        return np.flatnonzero(mask & ~self.blank) + self.first_row
