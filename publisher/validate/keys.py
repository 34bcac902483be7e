"""Row keys for the table-wide checks: unique fields, the primary key and foreign keys.

A key is the canonical string of each logical value (see :func:`publisher.validate.cast.keys`),
joined across the key's fields; an absent, missing or mistyped cell counts as None, as in
frictionless. To keep memory bounded on files of millions of rows, a key is kept as a 64-bit
polynomial hash over 8-byte words, computed in numpy: 8 bytes a row instead of the string. Two
different keys share a hash with probability about n^2 / 2^65 (under 10^-6 for 5 million rows),
which would show as one spurious duplicate; strings built on purpose to collide are not a
concern for stewards' own files.
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
        all_none &= (~pc.is_valid(part).to_numpy(zero_copy_only=False) if part.null_count
                     else False)
    filled = [pc.fill_null(p, NONE) if p.null_count else p for p in parts]
    joined = filled[0] if len(filled) == 1 else pc.binary_join_element_wise(*filled, SEP)
    return joined, all_none


_BASE = 0x100000001B3  # odd: a word differing alone always changes the hash
_LENGTH_MIX = np.array([0x9E3779B97F4A7C15], np.uint64)
_POWERS: list[np.ndarray[Any, np.dtype[np.uint64]]] = []
#: Widths (bytes) of the zero-padded matrices strings are hashed in; longer ones one by one.
WIDTHS = (16, 64, 512)


def _powers(count: int) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """B^i mod 2^64 for i < count."""
    if not _POWERS or len(_POWERS[0]) < count:
        arr = np.full(max(64, 2 * count), _BASE, np.uint64)
        arr[0] = 1
        _POWERS[:] = [np.cumprod(arr, dtype=np.uint64)]  # wraps mod 2^64, as intended
    return _POWERS[0][:count]


def hash64(values: pa.Array) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """A 64-bit hash of each string (no nulls), the same whatever chunk the string is in.

    h(s) = sum(word_k * B^k) mod 2^64 over the string's bytes read as little-endian 64-bit
    words (zero-padded), mixed with the length. Strings of similar length are laid out in a
    zero-padded (n, width) byte matrix, so the sum is a few vector operations per 8 bytes;
    zero padding adds nothing to the sum, so the width chosen for a chunk does not matter.
    """
    n = len(values)
    if n == 0:
        return np.zeros(0, np.uint64)
    if values.offset:
        values = pa.concat_arrays([values])
    offsets = np.frombuffer(values.buffers()[1], np.int32)[: n + 1].astype(np.int64)
    buffer = values.buffers()[2]
    data = np.frombuffer(buffer, np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    lengths = np.diff(offsets)
    out = np.empty(n, np.uint64)
    lower = -1
    for width in WIDTHS:
        chosen = (lengths > lower) & (lengths <= width)
        lower = width
        idx = np.flatnonzero(chosen)
        if not len(idx):
            continue
        if len(idx) == n:  # the usual case: the bytes are already in order
            lens, body = lengths, data[offsets[0]: offsets[-1]]
        else:
            lens = lengths[idx]
            ends = np.cumsum(lens)
            shift = np.repeat(offsets[idx] - (ends - lens), lens)
            body = data[shift + np.arange(int(ends[-1]))]
        words = _padded_words(body, lens)
        hashes: np.ndarray[Any, np.dtype[np.uint64]] = (
            (words * _powers(words.shape[1])).sum(axis=1, dtype=np.uint64)
            ^ (lens.astype(np.uint64) * _LENGTH_MIX))
        if len(idx) == n:
            return hashes
        out[idx] = hashes
    for i in np.flatnonzero(lengths > lower):  # rare: strings longer than the widest matrix
        lens = lengths[i: i + 1]
        words = _padded_words(data[offsets[i]: offsets[i + 1]], lens)
        out[i: i + 1] = ((words * _powers(words.shape[1])).sum(axis=1, dtype=np.uint64)
                         ^ (lens.astype(np.uint64) * _LENGTH_MIX))
    return out


def _padded_words(body: np.ndarray[Any, np.dtype[np.uint8]],
                  lengths: np.ndarray[Any, np.dtype[np.int64]]
                  ) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The strings (``body`` = their bytes one after the other) as rows of 64-bit words."""
    width = max(8, -(-int(lengths.max()) // 8) * 8)
    matrix = np.zeros((len(lengths), width), np.uint8)
    matrix[np.arange(width) < lengths[:, None]] = body  # row-major: each string in its row
    words: np.ndarray[Any, np.dtype[np.uint64]] = matrix.view("<u8")
    return words


#: Row numbers of one chunk's keys: a range when every row of the chunk has one (no memory).
Rows = np.ndarray[Any, np.dtype[np.int32]] | range
Hashes = np.ndarray[Any, np.dtype[np.uint64]]
Mask = np.ndarray[Any, np.dtype[np.bool_]]


def present_hashes(table: Table, chunk: Chunk, names: list[str]) -> tuple[Hashes, Mask]:
    """(hashes of the rows whose key is not all None, that mask), computed once per chunk."""
    cache_key = "hashes:" + "\x1f".join(names)
    if cache_key not in chunk.extra:
        joined, all_none = row_keys(table, chunk, names)
        keep = ~all_none
        kept = joined if keep.all() else joined.filter(pa.array(keep))
        chunk.extra[cache_key] = (hash64(kept), keep)
    cached: tuple[Hashes, Mask] = chunk.extra[cache_key]
    return cached


class KeyStore:
    """The row keys of a resource, per list of fields, shared by the checks that need them.

    A field that is both ``unique`` and the primary key is hashed, kept and searched for
    repeats once, not twice: 8 bytes a row (the hash) for each distinct key, plus 4 (the row
    number) in chunks where some row has no key.
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.hashes: dict[tuple[str, ...], list[Hashes]] = {}
        self.rows: dict[tuple[str, ...], list[Rows]] = {}
        self.repeats: dict[tuple[str, ...], list[int]] = {}

    def add(self, chunk: Chunk, names: list[str]) -> Mask:
        """Keep the keys of a chunk (once per chunk); returns which rows have a key."""
        marker = "stored:" + "\x1f".join(names)
        if marker not in chunk.extra:
            hashes, keep = present_hashes(self.table, chunk, names)
            self.hashes.setdefault(tuple(names), []).append(hashes)
            self.rows.setdefault(tuple(names), []).append(
                range(chunk.first_row, chunk.first_row + chunk.length) if keep.all()
                else (np.flatnonzero(keep) + chunk.first_row).astype(np.int32))
            chunk.extra[marker] = keep
        stored: Mask = chunk.extra[marker]
        return stored

    def repeated_rows(self, names: list[str]) -> list[int]:
        """File row numbers of the rows whose key repeats an earlier row's."""
        key = tuple(names)
        if key not in self.repeats:
            positions = duplicates(self.hashes.pop(key, []))
            self.repeats[key] = rows_at(self.rows.pop(key, []), positions)
        return self.repeats[key]


def duplicates(parts: list[np.ndarray[Any, np.dtype[np.uint64]]]
               ) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Positions (in the concatenation of ``parts``) of every key after its first occurrence.

    Memory stays near two copies of the hashes: one concatenation, sorted in place, finds the
    repeated values; then each part is searched for them and only the rows holding a
    repeated value are ordered to tell the first occurrence from the later ones.
    """
    total = sum(len(p) for p in parts)
    if total < 2:
        return np.zeros(0, np.int64)
    ordered = np.concatenate(parts)
    ordered.sort()
    same = ordered[1:] == ordered[:-1]
    repeated = np.unique(ordered[1:][same])
    del ordered, same
    if not len(repeated):
        return np.zeros(0, np.int64)
    where_parts, value_parts, at = [], [], 0
    for part in parts:
        found = repeated[np.minimum(np.searchsorted(repeated, part), len(repeated) - 1)] == part
        where_parts.append(np.flatnonzero(found) + at)
        value_parts.append(part[found])
        at += len(part)
    where, values = np.concatenate(where_parts), np.concatenate(value_parts)
    order = np.argsort(values, kind="stable")  # stable: the first occurrence stays first
    later = np.ones(len(where), bool)
    starts = np.flatnonzero(np.concatenate([[True], values[order][1:] != values[order][:-1]]))
    later[order[starts]] = False
    return np.asarray(where[later], np.int64)


def rows_at(rows: list[Rows], positions: np.ndarray[Any, np.dtype[np.int64]]) -> list[int]:
    """File row numbers at ``positions`` of the concatenation of ``rows`` (no concatenation)."""
    if not len(positions):
        return []
    bounds = np.cumsum([0] + [len(r) for r in rows])
    chunk = np.searchsorted(bounds, positions, side="right") - 1
    return [int(rows[c][p - bounds[c]]) for c, p in zip(chunk, positions, strict=True)]
