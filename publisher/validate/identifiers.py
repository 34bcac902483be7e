"""``check-digit``: identifiers a field declares with ``"checkDigit": "gb11643" | "gb32100"``.

Resident ID numbers (GB 11643, MOD 11-2) and unified social credit codes (GB 32100, MOD 31) are
checked by their check character alone (python-stdnum also checks the address code's history
and so rejects valid numbers). Vectorised: the 18 bytes of each well-formed cell are summed
with the weights in numpy. The finding names the field and the rule, never the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher import codes
from publisher.findings import Finding
from publisher.identifiers import ID_CHECK, ID_WEIGHTS, USCC_ALPHABET, USCC_WEIGHTS
from publisher.validate.context import Chunk, Table

codes.define("check-digit", stage="validate", title=("校验码错误", "Check digit error"),
             description="An identifier field (checkDigit gb11643 or gb32100) holds a value "
                         "that is malformed or whose check character is wrong.",
             message=("资源 {resource}：第 {row} 行字段 {field} 不符合 {rule} 校验规则",
                      "Resource {resource}: row {row}, field {field} fails the {rule} check"))

RULES = ("gb11643", "gb32100")
# A character outside the alphabet is worth so much less than nothing that the weighted sum
# (at most 17 * 30 * 30 otherwise; every weight is at least 1) turns negative: one test then
# says whether all seventeen are in the alphabet.
_BAD = -(1 << 20)
_ID_VALUE = np.full(256, _BAD, np.int32)
_ID_VALUE[np.frombuffer(b"0123456789", np.uint8)] = np.arange(10, dtype=np.int32)
_USCC_VALUE = np.full(256, _BAD, np.int32)
_USCC_VALUE[np.frombuffer(USCC_ALPHABET.encode(), np.uint8)] = np.arange(31, dtype=np.int32)


def _bytes18(values: pa.Array, idx: np.ndarray[Any, np.dtype[np.intp]] | None
             ) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """The cells at ``idx`` (all 18 bytes long; None: every cell) as an (n, 18) byte matrix."""
    values = pa.concat_arrays([values]) if values.offset else values
    offsets = np.frombuffer(values.buffers()[1], np.int32)[: len(values) + 1]
    data = np.frombuffer(values.buffers()[2], np.uint8)
    if idx is None:  # the usual case: contiguous cells, a view without a copy
        return data[offsets[0]: offsets[0] + 18 * len(values)].reshape(-1, 18)
    picked: np.ndarray[Any, np.dtype[np.uint8]] = data[offsets[idx][:, None] + np.arange(18)]
    return picked


_WEIGHTS = {"gb11643": np.array([*ID_WEIGHTS, 0], np.int32),
            "gb32100": np.array([*USCC_WEIGHTS, 0], np.int32)}


def valid(rule: str, values: pa.Array) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Whether each (non-null) cell passes ``rule``."""
    # 18 bytes means 18 ASCII characters here: any multi-byte character fails the tables.
    sized = pc.fill_null(pc.equal(pc.binary_length(values), 18), False)
    ok: np.ndarray[Any, np.dtype[np.bool_]] = np.array(sized.to_numpy(zero_copy_only=False),
                                                        bool)
    idx = np.flatnonzero(ok)
    if not len(idx):
        return ok
    matrix = _bytes18(values, None if len(idx) == len(ok) else idx)
    table = _ID_VALUE if rule == "gb11643" else _USCC_VALUE
    # One gather over the whole (contiguous) matrix; the check character's weight is 0.
    total = (np.take(table, matrix) @ _WEIGHTS[rule]).astype(np.int64)
    alphabet = total >= 0
    total[~alphabet] = 0
    last = matrix[:, 17].copy()
    if rule == "gb11643":
        expected = np.frombuffer(ID_CHECK.encode(), np.uint8)[total % 11]
        last[last == ord("x")] = ord("X")
    else:
        expected = np.frombuffer(USCC_ALPHABET.encode(), np.uint8)[(31 - total % 31) % 31]
    ok[idx] = alphabet & (last == expected)
    return ok


def check(table: Table, chunk: Chunk) -> Iterator[Finding]:
    for fld, cast, col in zip(table.fields, chunk.casts, chunk.cells, strict=True):
        rule = fld.descriptor.get("checkDigit")
        if rule not in RULES or cast.invalid.all():
            continue
        present = ~cast.missing & ~cast.invalid & ~chunk.blank
        bad = present & ~valid(str(rule), pc.fill_null(col, ""))
        for i in np.flatnonzero(bad):
            yield table.finding("check-digit", row=chunk.first_row + int(i), fld=fld,
                                rule=rule)
