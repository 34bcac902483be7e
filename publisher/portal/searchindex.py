"""The package full-text index behind package_search's ``q``: one document per package.

``portal_search`` holds each active package's document, tokenised by
:mod:`publisher.portal.fulltext`, the DataStore's tokeniser (one tokeniser for the portal:
Latin words whole, Chinese as overlapping character pairs, so a query word matches where it is
a substring of one value). On PostgreSQL the document is a ``tsvector`` with a GIN index; on
SQLite it is text fed to the contentless FTS5 table ``portal_search_fts``, whose triggers follow
updates and deletes (``write`` indexes a new row itself, and a bulk load indexes its rows in one
statement with ``fill``).

The index is rewritten with the package's exact-value terms (``packages.reindex``) on every
package write: create, update, patch, state changes, resource writes; a deleted package leaves
it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from publisher.portal import fulltext
from publisher.portal.models import PortalPackage, PortalSearch

TABLE = "portal_search"


def _table() -> Table:
    table = PortalSearch.__table__
    assert isinstance(table, Table)
    return table


def package_texts(name: str, title: str, data: dict[str, Any], org_name: str | None,
                  org_title: str | None, resources: Iterable[dict[str, Any]]) -> list[str]:
    """The values ``q`` searches: name, title, notes, author, maintainer, tags, extras' values,
    the organization's name and title, each resource's name and description."""
    texts = [name, title, data.get("notes") or "", data.get("author") or "",
             data.get("maintainer") or ""]
    texts += [str(t) for t in data.get("tags", [])]
    texts += [str(e.get("value") or "") for e in data.get("extras", [])]
    texts += [org_name or "", org_title or ""]
    for res in resources:
        texts += [str(res.get("name") or ""), str(res.get("description") or "")]
    return texts


def package_document(name: str, title: str, data: dict[str, Any], org_name: str | None,
                     org_title: str | None, resources: Iterable[dict[str, Any]]) -> str:
    return fulltext.document(package_texts(name, title, data, org_name, org_title, resources))


def write(session: Session, pkg: PortalPackage, document: str) -> None:
    """Store (or replace) one package's entry: its document and the columns copied with it."""
    table = _table()
    values = {"private": pkg.private, "owner_org": pkg.owner_org,
              "metadata_modified": pkg.metadata_modified, fulltext.DOCUMENT: document}
    found = session.scalar(select(table.c._id).where(table.c.package_id == pkg.id))
    if found is not None:
        session.execute(update(table).where(table.c._id == found).values(values))
        return
    row_id = session.scalar(insert(table).values({"package_id": pkg.id, **values})
                            .returning(table.c._id))
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        fulltext.sqlite_index_new_rows(conn, TABLE, int(row_id) - 1, [])


def remove(session: Session, package_id: str) -> None:
    """Take a package out of the index (its FTS5 entry goes with it, by trigger)."""
    table = _table()
    session.execute(delete(table).where(table.c.package_id == package_id))


def fill(conn: Connection) -> None:
    """Index every stored document again (SQLite's FTS5 table; a bulk load calls this once)."""
    if conn.dialect.name == "postgresql":
        return
    fts = fulltext.fts_table(TABLE)
    conn.execute(text(f"INSERT INTO \"{fts}\"(\"{fts}\") VALUES ('delete-all')"))
    conn.execute(text(f'INSERT INTO "{fts}"(rowid, doc) SELECT _id, {fulltext.DOCUMENT} '
                      f'FROM "{TABLE}"'))


def matches(dialect: str, words: str) -> ColumnElement[bool] | None:
    """Entries whose document holds every word of ``words`` (None: no word in it); a
    condition on ``portal_search`` itself."""
    terms = fulltext.query_terms(words)
    return fulltext.match(dialect, _table(), terms) if terms else None
