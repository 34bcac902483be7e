"""The chunks of one resource cast and checked field by field on a thread pool, a chunk ahead.

Each field of a chunk is one task: its cast, then every per-field check on it. Tasks of the next
chunk are queued before the caller gets the current one, so the workers never wait for the
caller (which hashes the keys and checks the rows' structure) nor for the slowest field of a
chunk. Only which cells are missing is found first, on the caller's thread: a blank row (every
cell missing) is skipped by every check.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np

from publisher.findings import Finding
from publisher.readers import Chunk as RawChunk
from publisher.validate import hygiene
from publisher.validate.cast import Cast
from publisher.validate.context import Chunk, Table

#: The per-field checks: (a table of one field, a chunk of that field) -> findings.
FieldChecks = Callable[[Table, Chunk], list[Finding]]
#: Chunks whose tasks are queued while the caller works on an earlier one.
AHEAD = 1


@dataclass
class _Pending:
    first_row: int
    length: int
    cells: list[Any]
    widths: np.ndarray[Any, np.dtype[np.int64]]
    blank: np.ndarray[Any, np.dtype[np.bool_]]
    tasks: list[Future[tuple[Cast, list[Finding]]]]


def chunks(table: Table, raw_chunks: Iterable[RawChunk], checks: FieldChecks,
           pool: ThreadPoolExecutor | None) -> Iterator[tuple[Chunk, list[Finding]]]:
    """Each chunk, cast, with the findings of the per-field checks (in field order)."""
    views = [Table(table.dataset, table.resource, [fld], table.schema, table.normalize)
             for fld in table.fields]
    pending: deque[_Pending] = deque()
    for raw in raw_chunks:
        pending.append(_submit(table, views, raw, checks, pool))
        if len(pending) > AHEAD:
            yield _collect(pending.popleft())
    while pending:
        yield _collect(pending.popleft())


def prepared(table: Table, raw: RawChunk) -> tuple[list[Any], np.ndarray[Any, Any]]:
    """A raw chunk's cells of the table's fields (normalised where the schema asks) and each
    row's width: what every way of validating a chunk starts from."""
    width = len(table.fields)
    cells = [hygiene.normalize(c, table.normalize) if table.normalize else c
             for c in raw.columns[:width]]
    widths = (np.asarray(raw.widths, np.int64) if raw.widths is not None
              else np.full(len(raw), width, np.int64))
    return cells, widths


def _submit(table: Table, views: list[Table], raw: RawChunk, checks: FieldChecks,
            pool: ThreadPoolExecutor | None) -> _Pending:
    width = len(table.fields)
    cells, widths = prepared(table, raw)
    missing = [f.caster.missing(c) for f, c in zip(table.fields, cells, strict=True)]
    n = len(raw)
    blank = np.ones(n, bool)
    for _, flags in missing:
        blank &= flags

    def task(i: int) -> tuple[Cast, list[Finding]]:
        cast = table.fields[i].caster.cast(cells[i], missing[i])
        one = Chunk(first_row=raw.first_row, length=n, cells=[cells[i]], casts=[cast],
                    widths=widths, blank=blank)
        return cast, checks(views[i], one)

    tasks = [pool.submit(task, i) if pool is not None else _done(task(i))
             for i in range(width)]
    return _Pending(raw.first_row, n, cells, widths, blank, tasks)


def _done(result: tuple[Cast, list[Finding]]) -> Future[tuple[Cast, list[Finding]]]:
    future: Future[tuple[Cast, list[Finding]]] = Future()
    future.set_result(result)
    return future


def _collect(p: _Pending) -> tuple[Chunk, list[Finding]]:
    results = [t.result() for t in p.tasks]
    chunk = Chunk(first_row=p.first_row, length=p.length, cells=p.cells,
                  casts=[cast for cast, _ in results], widths=p.widths, blank=p.blank)
    return chunk, [f for _, found in results for f in found]
