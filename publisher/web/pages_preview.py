"""Server-side paging over a released CSV: one page of rows without loading the whole file."""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PAGE_SIZE = 20


@dataclass(frozen=True)
class Preview:
    columns: list[str]
    rows: list[list[str]]
    page: int  # 1-based, clamped to the pages there are
    pages: int
    total: int  # data rows in the file
    first: int  # 1-based number of the first row shown (0 when the file has no rows)


@lru_cache(maxsize=64)
def _count_rows(path: str, mtime_ns: int, size: int) -> int:
    # Keyed on mtime and size so a changed file is counted again; releases never change.
    with open(path, encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def read_page(path: Path, page: int, size: int = PAGE_SIZE) -> Preview:
    """Rows of page ``page`` (1-based; out-of-range pages are clamped) of a UTF-8 CSV file."""
    stat = path.stat()
    total = _count_rows(str(path), stat.st_mtime_ns, stat.st_size)
    pages = max((total + size - 1) // size, 1)
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        columns = next(reader, [])
        rows = list(itertools.islice(reader, start, start + size))
    return Preview(columns, rows, page, pages, total, start + 1 if rows else 0)
