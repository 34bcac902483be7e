"""sync.read_ahead: the batches of a load in order, read one ahead on a worker thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.sync import read_ahead


@given(st.lists(st.lists(st.integers(), min_size=1), max_size=20))
def test_every_batch_comes_in_order(batches: list[list[int]]) -> None:
    assert list(read_ahead(iter(batches))) == batches


def test_the_next_batch_is_read_on_another_thread_one_ahead() -> None:
    readers: list[str] = []
    second = threading.Event()

    def batches() -> Iterator[list[int]]:
        for n in range(3):
            readers.append(threading.current_thread().name)
            if n == 1:
                second.set()
            yield [n]

    ahead = read_ahead(batches())
    assert next(ahead) == [0]
    # The worker reads batch 1 while the caller still holds batch 0 (no deadline that matters).
    assert second.wait(timeout=300)
    assert list(ahead) == [[1], [2]]
    assert readers and all(name.startswith("sync-read") for name in readers)


def test_an_error_reaches_the_caller_after_the_batches_before_it() -> None:
    def batches() -> Iterator[list[int]]:
        yield [1]
        raise ValueError("row 3: bad cell")

    ahead = read_ahead(batches())
    assert next(ahead) == [1]
    with pytest.raises(ValueError, match="row 3"):
        next(ahead)


def test_a_load_stopped_early_stops_reading() -> None:
    read = []

    def batches() -> Iterator[list[int]]:
        for n in range(100):
            read.append(n)
            yield [n]

    ahead = read_ahead(batches())
    next(ahead)
    ahead.close()  # as when an upsert fails: the worker finishes the batch it reads, no more
    assert len(read) <= 2
