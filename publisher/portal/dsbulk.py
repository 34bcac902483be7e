"""Bulk writes of DataStore rows on SQLite: one prepared statement, sent with the driver's
executemany.

SQLAlchemy's executemany builds a parameter dict per row and runs every value through its
type machinery in Python; for a load of a million rows that costs more than SQLite's own work.
Here the statement is written once per set of fields and each row becomes a tuple, with only
the columns whose type converts values (dates, times, JSON) passed through SQLAlchemy's bind
processor for the dialect, so the stored values are exactly those SQLAlchemy would store.
PostgreSQL keeps SQLAlchemy's path (its insertmanyvalues already batches the rows, and the
``_full_text`` document is bound through ``to_tsvector``).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection


def supported(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def statement(conn: Connection, table: Table, names: list[str], key: list[str],
              method: str) -> str:
    """``INSERT`` of ``names`` (``upsert``: ``ON CONFLICT (key) DO UPDATE`` the other fields,
    or ``DO NOTHING`` when there are none), as ``_upsert`` in datastore.py writes it."""
    quote = conn.dialect.identifier_preparer.quote
    cols = ", ".join(quote(n) for n in names)
    sql = (f"INSERT INTO {quote(table.name)} ({cols}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    if method != "upsert":
        return sql
    conflict = ", ".join(quote(k) for k in key)
    changed = [n for n in names if n not in key]
    if not changed:
        return f"{sql} ON CONFLICT ({conflict}) DO NOTHING"
    sets = ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in changed)
    return f"{sql} ON CONFLICT ({conflict}) DO UPDATE SET {sets}"


def write(conn: Connection, table: Table, rows: list[dict[str, Any]], key: list[str],
          method: str) -> None:
    """Insert (or upsert by ``key``) ``rows``, which all carry the same fields."""
    if not rows:
        return
    names = list(rows[0])
    dialect = conn.dialect
    processors = [(i, p) for i, n in enumerate(names)
                  if (p := table.c[n].type.dialect_impl(dialect).bind_processor(dialect))
                  is not None]
    get = itemgetter(*names)
    if len(names) == 1:
        params: list[Any] = [(get(row),) for row in rows]
    else:
        params = [get(row) for row in rows]
    if processors:
        params = [_processed(values, processors) for values in params]
    conn.exec_driver_sql(statement(conn, table, names, key, method), params)


def _processed(values: tuple[Any, ...], processors: list[tuple[int, Any]]) -> tuple[Any, ...]:
    out = list(values)
    for i, process in processors:
        if out[i] is not None:
            out[i] = process(out[i])
    return tuple(out)
