"""The read-ahead thread: same items in order, the producer's errors re-raised, no thread left."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from publisher.validate.prefetch import prefetch


def test_items_come_in_order() -> None:
    assert list(prefetch(iter(range(100)), depth=1)) == list(range(100))


def test_an_error_of_the_producer_reaches_the_consumer_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("bad chunk")

    got = []
    with pytest.raises(ValueError, match="bad chunk"):
        for item in prefetch(items()):
            got.append(item)
    assert got == [1, 2]


def test_a_consumer_that_stops_early_stops_the_producer() -> None:
    produced = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    before = threading.active_count()
    stream = prefetch(endless(), depth=1)
    assert next(stream) == 0
    stream.close()  # what a for loop left by an exception does
    assert threading.active_count() == before
    assert len(produced) <= 4  # the queue bounds how far the producer ran ahead
