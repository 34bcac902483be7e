"""Key hashes: equal strings hash equal whatever chunk they are in; repeats found in order."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from publisher.validate.keys import duplicates, hash64

# Lengths around the matrix widths (8-byte words; 16, 64, 512 bytes) and NUL bytes.
_TEXT = st.text(alphabet=st.sampled_from(["a", "b", "\x00", "汕", "号"]), max_size=700)


@given(st.lists(_TEXT, max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_a_string_hashes_the_same_in_any_chunk(values: list[str], start: int, size: int) -> None:
    whole = hash64(pa.array(values, pa.string()))
    part = values[start: start + size]
    assert (hash64(pa.array(part, pa.string())) == whole[start: start + size]).all()
    sliced = pa.array(values, pa.string()).slice(start, size)
    assert (hash64(sliced) == whole[start: start + size]).all()
    distinct = {}
    for value, digest in zip(values, whole.tolist(), strict=True):
        assert distinct.setdefault(digest, value) == value  # no collision on these


def test_length_and_trailing_nul_bytes_change_the_hash() -> None:
    digests = hash64(pa.array(["", "\x00", "\x00" * 8, "a", "a\x00"], pa.string()))
    assert len(set(digests.tolist())) == 5


@given(st.lists(st.integers(0, 20), max_size=60), st.lists(st.integers(0, 60), max_size=3))
def test_duplicates_are_the_later_occurrences(values: list[int], cuts: list[int]) -> None:
    hashes = np.array(values, np.uint64)
    parts = np.split(hashes, sorted(c for c in cuts if c <= len(values)))
    seen: set[int] = set()
    expected = []
    for i, v in enumerate(values):
        if v in seen:
            expected.append(i)
        seen.add(v)
    assert duplicates(list(parts)).tolist() == expected
