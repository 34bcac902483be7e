"""Where the partitions of a publish run are worked on: here, or on a Dask cluster.

An executor maps a pure, picklable function over partitions and yields the results in the
partitions' order, so what the stages build from them does not depend on where they ran.
``local`` is the stages' own loop in this process (:class:`LocalExecutor` runs the
partitioned code here, which tests use to compare); ``dask`` sends each partition to a
``dask.distributed`` cluster (the scheduler of setting ``dask_scheduler``, or a cluster of
``dask_workers`` processes started on this machine). Not to be confused with the detector
engine of ``publisher.deid.engine``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from publisher.settings import Settings

T = TypeVar("T")
R = TypeVar("R")

ENGINES = ("local", "dask")


class Executor(Protocol):
    """Maps a function over partitions; results come back in the partitions' order."""

    name: str
    #: Rows of one partition (validation cuts the reader's blocks to this size).
    partition_rows: int

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Every partition in this process, one after the other."""

    name = "local"

    def __init__(self, partition_rows: int = 1 << 16) -> None:
        self.partition_rows = partition_rows

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return map(fn, items)

    def close(self) -> None:
        pass


class DaskExecutor:
    """Partitions as tasks of a ``dask.distributed`` client.

    At most ``window`` tasks are out at a time (default: twice the cluster's threads), so a
    large file is read no faster than the workers take its partitions. Tasks are submitted
    with ``pure=False`` and their partitions scattered with ``hash=False``: their names are
    random, never a hash of their arguments (which hold the pseudonym key and the cells).
    """

    name = "dask"

    def __init__(self, client: Any, *, partition_rows: int = 1 << 16, window: int = 0,
                 owned: Any = None) -> None:
        self.client = client
        self.partition_rows = partition_rows
        self.window = window or max(2, 2 * sum(client.nthreads().values()))
        self._owned = owned  # a LocalCluster this executor started, closed with it

    @classmethod
    def start(cls, scheduler: str = "", workers: int = 2, *,
              partition_rows: int = 1 << 16) -> DaskExecutor:
        """Connect to ``scheduler`` (an address such as tcp://host:8786 or tls://host:8786);
        empty: start a cluster of ``workers`` single-threaded processes on this machine."""
        from distributed import Client, LocalCluster

        if scheduler:
            return cls(Client(scheduler), partition_rows=partition_rows)  # type: ignore[no-untyped-call]
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1,  # type: ignore[no-untyped-call]
                               processes=True, dashboard_address="127.0.0.1:0")
        return cls(Client(cluster), partition_rows=partition_rows,  # type: ignore[no-untyped-call]
                   owned=cluster)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        pending: deque[Any] = deque()
        for item in items:
            # Scattered, not embedded in the task: a partition of several MB is data, not
            # graph; hash=False names it at random rather than by a hash of its content.
            data = self.client.scatter(item, hash=False)
            pending.append(self.client.submit(fn, data, pure=False))
            if len(pending) >= self.window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        self.client.close()
        if self._owned is not None:
            self._owned.close()


def executor_for(settings: Settings) -> Executor | None:
    """The executor of setting ``compute_engine``: None for ``local`` (the stages' own
    in-process loops), a :class:`DaskExecutor` for ``dask``; a SettingsError for another name."""
    if settings.compute_engine == "local":
        return None
    if settings.compute_engine == "dask":
        return DaskExecutor.start(settings.dask_scheduler, settings.dask_workers,
                                  partition_rows=settings.partition_rows)
    from publisher.settings import SettingsError

    raise SettingsError("setting-not-allowed", name="compute_engine",
                        choices=", ".join(ENGINES), value=repr(settings.compute_engine))
