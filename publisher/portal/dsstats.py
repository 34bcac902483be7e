"""What the portal knows of a DataStore table's size: its row count and the planner's statistics.

An unfiltered ``datastore_search`` reports ``total``; counting a million rows on every page is
a scan (35–70 ms on PostgreSQL), so the count is kept beside the table, as CKAN 2.12 does:

- a fresh table starts at 0 and an ``insert`` adds its rows, in the write's own transaction;
- an upsert, or a delete with filters, forgets the count (which rows were new is not known
  without a scan); the next unfiltered search counts, and the next switch-over stores it again;
- a staged table put in place is counted once, when it is switched in.

PostgreSQL plans a filter from its statistics. A table just filled by a bulk load has none
until autovacuum gets to it (a minute or more), and without them it walks the primary key to
serve ``filters`` + ``ORDER BY _id`` (50 ms instead of 2 on a million rows), so a write that
adds a tenth or more of the rows the statistics know of analyses the table at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from publisher.portal.models import PortalDatastoreStats

#: A write of at least this share of the rows the statistics count analyses the table.
_STALE = 0.1


def known_rows(session: Session, table_name: str) -> int | None:
    """The stored row count of a table, or None when it is not known."""
    return session.scalar(select(PortalDatastoreStats.rows)
                          .where(PortalDatastoreStats.table_name == table_name))


def store(session: Session, table_name: str, rows: int) -> None:
    """Record the row count of a table (in the caller's transaction)."""
    forget(session, table_name)
    session.add(PortalDatastoreStats(table_name=table_name, rows=rows))
    session.flush()


def count(session: Session, table_name: str) -> int:
    """Count a table's rows and store the count."""
    quote = session.get_bind().dialect.identifier_preparer.quote
    rows = int(session.scalar(text(f"SELECT count(*) FROM {quote(table_name)}")) or 0)
    store(session, table_name, rows)
    return rows


def added(session: Session, table_name: str, rows: int) -> None:
    """``rows`` new rows were inserted: a known count grows by as many."""
    stats = session.get(PortalDatastoreStats, table_name)
    if stats is not None:
        stats.rows += rows
        session.flush()


def forget(session: Session, table_name: str) -> None:
    """The count may have changed by an unknown amount (an upsert, a filtered delete)."""
    session.execute(delete(PortalDatastoreStats)
                    .where(PortalDatastoreStats.table_name == table_name))


def renamed(session: Session, old: str, new: str) -> None:
    """A staging table became the live one: the count of the old name goes."""
    forget(session, old)
    forget(session, new)


def refresh_statistics(bind: Any, table_name: str, written: int) -> None:
    """Analyse a PostgreSQL table when ``written`` rows are a large share of what the planner
    believes it holds (never analysed, or grown by a tenth since). SQLite needs nothing: it
    picks an index for an equality filter without statistics."""
    if bind.dialect.name != "postgresql" or written <= 0:
        return
    quote = bind.dialect.identifier_preparer.quote
    believed = bind.execute(text("SELECT reltuples FROM pg_class WHERE oid = "
                                 "CAST(:t AS regclass)"), {"t": quote(table_name)}).scalar()
    if believed is None or believed < 0 or written >= _STALE * believed:
        bind.execute(text(f"ANALYZE {quote(table_name)}"))
