"""Row keys for the table-wide checks: unique fields, the primary key and foreign keys.

A key is the canonical string of each logical value (see :func:`publisher.validate.cast.keys`),
joined across the key's fields; an absent, missing or mistyped cell counts as None, as in
frictionless. Keys are kept as pyarrow strings, a few dozen bytes a row.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher.validate.cast import keys as cast_keys
from publisher.validate.context import Chunk, Table

NONE = "\x00"
SEP = "\x1f\x1e"


def column_keys(table: Table, chunk: Chunk, name: str) -> pa.Array:
    """Keys of one field in a chunk (null for None)."""
    for fld, cast in zip(table.fields, chunk.casts, strict=True):
        if fld.name == name:
            return cast_keys(cast)
    return pa.nulls(chunk.length, pa.string())


def row_keys(table: Table, chunk: Chunk, names: list[str]) -> tuple[pa.Array, np.ndarray[Any,
                                                                        np.dtype[np.bool_]]]:
    """(joined keys, all-None mask) of the fields ``names`` for each row of a chunk."""
    parts = [column_keys(table, chunk, name) for name in names]
    all_none = np.ones(chunk.length, bool)
    for part in parts:
        all_none &= ~pc.is_valid(part).to_numpy(zero_copy_only=False)
    filled = [pc.fill_null(p, NONE) for p in parts]
    joined = filled[0] if len(filled) == 1 else pc.binary_join_element_wise(*filled, SEP)
    return joined, all_none


def duplicates(values: pa.ChunkedArray) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """True at every occurrence of a value after its first (in chunk order)."""
    if values.length() == 0:
        return np.zeros(0, bool)
    counts = pc.value_counts(values)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    dup = np.zeros(values.length(), bool)
    if len(repeated) == 0:
        return dup
    # Only rows holding a repeated value need the (Python-free but ordered) first-seen pass.
    candidate = np.concatenate([pc.is_in(c, repeated).to_numpy(zero_copy_only=False)
                                for c in values.chunks])
    idx = np.flatnonzero(candidate)
    codes = pc.index_in(values.take(pa.array(idx)), repeated).to_numpy(zero_copy_only=False)
    first = np.full(len(repeated), -1, np.int64)
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # the last write wins: the first occurrence
    is_first = np.zeros(len(codes), bool)
    is_first[first] = True
    dup[idx[~is_first]] = True
    return dup
