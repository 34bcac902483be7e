"""Indexes of DataStore tables, as CKAN's DataStore makes them.

- the primary key: a unique index (the table's unique constraint, ``build_table``);
- ``indexes`` of datastore_create: one index per entry (a field, or a list / comma-separated
  string of fields for a composite index), at most ``MAX_INDEXES`` per table;
- ``q``: the ``_full_text`` document (``publisher.portal.fulltext``), GIN-indexed on PostgreSQL,
  an FTS5 table on SQLite.

Index names are not derived from the table name: a staged table is renamed into place, and on
SQLite an index keeps its name, so a name made from the staging table would clash with the next
staged load. PostgreSQL names them itself; SQLite gets ``dsix_<random>``.

Tables made before these indexes existed get them on their next write (datastore_create or
datastore_upsert): ``ensure_search`` adds ``_full_text``, fills it from the stored rows and
builds the full-text index. Until then ``q`` on such a table falls back to a LIKE scan.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, bindparam, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from publisher.portal import fulltext
from publisher.portal.errors import ValidationError

MAX_INDEXES = 10
_FILL_BATCH = 5000


def declared_indexes(raw: Any, fields: list[dict[str, Any]]) -> list[list[str]]:
    """The ``indexes`` argument as lists of field names, or CKAN's Validation Error."""
    if raw in (None, "", []):
        return []
    items = [p.strip() for p in raw.split(",")] if isinstance(raw, str) else list(raw)
    names = {f["id"] for f in fields}
    out: list[list[str]] = []
    for item in items:
        cols = [item] if isinstance(item, str) else list(item) if isinstance(
            item, list) else None
        if not cols or any(not isinstance(c, str) for c in cols):
            raise ValidationError({"indexes": ["Not a list of field names"]})
        for col in cols:
            if col != "_id" and col not in names:
                raise ValidationError({"indexes": [f'field "{col}" not in fields']})
        if cols not in out:
            out.append(cols)
    if len(out) > MAX_INDEXES:
        raise ValidationError({"indexes": [f"at most {MAX_INDEXES} indexes per table"]})
    return out


def existing_indexes(conn: Connection, table_name: str) -> list[list[str]]:
    """The column lists of the table's indexes (unique ones included)."""
    if conn.dialect.name == "postgresql":
        rows = conn.execute(text(
            "SELECT array_agg(a.attname ORDER BY k.ord) FROM pg_index i "
            "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
            "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
            "WHERE i.indrelid = CAST(:t AS regclass) GROUP BY i.indexrelid"),
            {"t": f'"{table_name}"'}).all()
        return [list(r[0]) for r in rows]
    out = []
    for (name,) in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"),
            {"t": table_name}):
        cols = conn.execute(text(f'PRAGMA index_info("{name}")')).all()
        out.append([c[2] for c in sorted(cols)])
    return out


def create_indexes(conn: Connection, table_name: str, wanted: list[list[str]]) -> None:
    """Create each wanted index the table does not have yet."""
    if not wanted:
        return
    have = existing_indexes(conn, table_name)
    quote = conn.dialect.identifier_preparer.quote
    for cols in wanted:
        if cols in have:
            continue
        columns = ", ".join(quote(c) for c in cols)
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"CREATE INDEX ON {quote(table_name)} ({columns})"))
        else:
            name = f"dsix_{uuid.uuid4().hex[:16]}"
            conn.execute(text(f'CREATE INDEX "{name}" ON {quote(table_name)} ({columns})'))
        have.append(cols)


def has_document(conn: Connection, table_name: str) -> bool:
    """Whether the table has its ``_full_text`` column and full-text index."""
    if conn.dialect.name == "postgresql":
        return conn.execute(text(
            "SELECT 1 FROM pg_attribute WHERE attrelid = CAST(:t AS regclass) "
            "AND attname = :c AND NOT attisdropped"),
            {"t": f'"{table_name}"', "c": fulltext.DOCUMENT}).first() is not None
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"),
                        {"n": fulltext.fts_table(table_name)}).first() is not None


def create_search(conn: Connection, table_name: str, *, fill: bool = False) -> None:
    """The full-text index of a table that has its ``_full_text`` column."""
    if conn.dialect.name == "postgresql":
        quote = conn.dialect.identifier_preparer.quote
        if [fulltext.DOCUMENT] not in existing_indexes(conn, table_name):
            conn.execute(text(f"CREATE INDEX ON {quote(table_name)} USING gin "
                              f"({fulltext.DOCUMENT})"))
        return
    fulltext.create_sqlite_index(conn, table_name, fill=fill)


def ensure_search(session: Session, table: Table, fields: list[str]) -> None:
    """Give a table made before full-text indexing its ``_full_text`` and index (once)."""
    conn = session.connection()
    if has_document(conn, table.name):
        return
    quote = conn.dialect.identifier_preparer.quote
    present = {r[1] for r in conn.execute(text(f"PRAGMA table_info({quote(table.name)})"))} \
        if conn.dialect.name != "postgresql" else set()
    if fulltext.DOCUMENT not in present:
        kind = "tsvector" if conn.dialect.name == "postgresql" else "TEXT"
        conn.execute(text(f"ALTER TABLE {quote(table.name)} ADD COLUMN "
                          f"{fulltext.DOCUMENT} {kind}"))
    fill_documents(session, table, fields)
    create_search(conn, table.name, fill=True)


def fill_documents(session: Session, table: Table, fields: list[str],
                   ids: list[int] | None = None) -> None:
    """Recompute ``_full_text`` of the rows ``ids`` (every row when None) from their values."""
    cols = [table.c._id, *(table.c[f] for f in fields)]
    query = select(*cols).order_by(table.c._id)
    if ids is not None:
        if not ids:
            return
        query = query.where(table.c._id.in_(ids))
    after = None
    stmt = update(table).where(table.c._id == bindparam("b_id")).values(
        {fulltext.DOCUMENT: bindparam("b_doc", type_=fulltext.FullText())})
    while True:
        page = query if after is None else query.where(table.c._id > after)
        rows = session.execute(page.limit(_FILL_BATCH)).all()
        if not rows:
            return
        session.execute(stmt, [{"b_id": r[0], "b_doc": fulltext.document(r[1:])}
                               for r in rows])
        after = rows[-1][0]

