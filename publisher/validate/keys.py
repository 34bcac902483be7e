"""Row keys for the table-wide checks: unique fields, the primary key and foreign keys.

A key is the canonical string of each logical value (see :func:`publisher.validate.cast.keys`),
joined across the key's fields; an absent, missing or mistyped cell counts as None, as in
frictionless. To keep memory bounded on files of millions of rows, a key is kept as a 64-bit
polynomial hash computed in numpy: 8 bytes a row instead of the string. Two different keys
share a hash with probability about n^2 / 2^65 (under 10^-6 for 5 million rows), which would
show as one spurious duplicate; strings built on purpose to collide (Thue-Morse sequences) are
not a concern for stewards' own files.
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


_BASE = 0x100000001B3
_INVERSE = pow(_BASE, -1, 1 << 64)  # the base is odd, so it has an inverse mod 2^64
_POWERS: dict[int, tuple[np.ndarray[Any, np.dtype[np.uint64]], ...]] = {}


def _powers(size: int) -> tuple[np.ndarray[Any, np.dtype[np.uint64]], ...]:
    """(B^i, B^-i) for i < size (rounded up to a power of two), mod 2^64."""
    size = 1 << max(10, (size - 1).bit_length())
    if size not in _POWERS:
        out = []
        for base in (_BASE, _INVERSE):
            arr = np.full(size, base, np.uint64)
            arr[0] = 1
            out.append(np.cumprod(arr, dtype=np.uint64))  # wraps mod 2^64, as intended
        _POWERS.clear()
        _POWERS[size] = tuple(out)
    return _POWERS[size]


#: Strings hashed per slice: bounds the temporaries (8 bytes per byte of the slice's strings).
HASH_SLICE = 8192


def hash64(values: pa.Array) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """A polynomial hash mod 2^64 of each string (no nulls); see :func:`_hash64`."""
    if len(values) <= HASH_SLICE:
        return _hash64(values)
    return np.concatenate([_hash64(values.slice(i, HASH_SLICE))
                           for i in range(0, len(values), HASH_SLICE)])


def _hash64(values: pa.Array) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """Three numpy passes over the bytes of a few thousand strings.

    h(s) = sum((byte_i + 1) * B^i) over the string's own positions; computed from one running
    sum over the whole buffer, shifted back by B^-start (B is odd, hence invertible).
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, np.uint64)
    if values.offset:
        values = pa.concat_arrays([values])
    raw = np.frombuffer(values.buffers()[1], np.int32)[: n + 1].astype(np.int64)
    data_buffer = values.buffers()[2]
    data = (np.frombuffer(data_buffer, np.uint8) if data_buffer is not None
            else np.zeros(0, np.uint8))
    offsets = raw - raw[0]
    body = data[int(raw[0]): int(raw[0]) + int(offsets[-1])]
    powers, inverses = _powers(len(body) + 1)
    terms = (body.astype(np.uint64) + np.uint64(1)) * powers[: len(body)]
    cums = np.concatenate([np.zeros(1, np.uint64), np.cumsum(terms, dtype=np.uint64)])
    sums = (cums[offsets[1:]] - cums[offsets[:-1]]) * inverses[offsets[:-1]]
    mixed: np.ndarray[Any, np.dtype[np.uint64]] = sums ^ (
        np.diff(offsets).astype(np.uint64) << np.uint64(48))
    return mixed


Hashes = np.ndarray[Any, np.dtype[np.uint64]]
Mask = np.ndarray[Any, np.dtype[np.bool_]]


def present_hashes(table: Table, chunk: Chunk, names: list[str]) -> tuple[Hashes, Mask]:
    """(hashes of the rows whose key is not all None, that mask), computed once per chunk.

    A field that is both ``unique`` and the primary key is hashed once, not twice.
    """
    cache_key = "hashes:" + "\x1f".join(names)
    if cache_key not in chunk.extra:
        joined, all_none = row_keys(table, chunk, names)
        keep = ~all_none
        chunk.extra[cache_key] = (hash64(joined.filter(pa.array(keep))), keep)
    cached: tuple[Hashes, Mask] = chunk.extra[cache_key]
    return cached


def duplicates(parts: list[np.ndarray[Any, np.dtype[np.uint64]]]
               ) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Positions (in the concatenation of ``parts``) of every key after its first occurrence.

    Memory stays near two copies of the hashes: ``parts`` are moved into one array (and the
    list emptied), a sorted copy finds the repeated values, and only the rows holding a
    repeated value are ordered to tell the first occurrence from the later ones.
    """
    total = sum(len(p) for p in parts)
    hashes = np.empty(total, np.uint64)
    at = 0
    while parts:
        part = parts.pop(0)
        hashes[at: at + len(part)] = part
        at += len(part)
    if total < 2:
        return np.zeros(0, np.int64)
    ordered = np.sort(hashes)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    del ordered
    if not len(repeated):
        return np.zeros(0, np.int64)
    where = np.flatnonzero(np.isin(hashes, repeated))
    values = hashes[where]
    order = np.argsort(values, kind="stable")  # stable: the first occurrence stays first
    later = np.ones(len(where), bool)
    starts = np.flatnonzero(np.concatenate([[True], values[order][1:] != values[order][:-1]]))
    later[order[starts]] = False
    return np.asarray(where[later], np.int64)


def rows_at(rows: list[np.ndarray[Any, np.dtype[np.int32]]],
            positions: np.ndarray[Any, np.dtype[np.int64]]) -> list[int]:
    """File row numbers at ``positions`` of the concatenation of ``rows`` (no concatenation)."""
    if not len(positions):
        return []
    bounds = np.cumsum([0] + [len(r) for r in rows])
    chunk = np.searchsorted(bounds, positions, side="right") - 1
    return [int(rows[c][p - bounds[c]]) for c, p in zip(chunk, positions, strict=True)]
