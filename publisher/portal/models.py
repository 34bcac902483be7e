"""Portal storage: organizations, packages, resources, API tokens and the search indexes.

The portal has its own declarative ``Base`` (it imports nothing of the publisher); the host's
Alembic environment includes ``Base.metadata`` beside its own, so migration 0002 and later see
these tables under their unchanged names. Fields CKAN treats as free-form (extras, tags, extra
resource keys) are kept in JSON columns; what the portal filters or sorts on has a column of
its own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from publisher.portal import searchcache
from publisher.portal.fulltext import DOCUMENT, FullText, create_sqlite_index


class Base(DeclarativeBase):
    """The portal's own metadata: its tables, and nothing of the state database."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class PortalOrganization(Base):
    __tablename__ = "portal_organizations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    image_url: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default="active")
    created: Mapped[str] = mapped_column(String(32))
    extras: Mapped[list[Any]] = mapped_column(default=list)


class PortalPackage(Base):
    __tablename__ = "portal_packages"
    # owner_org and id too: a listing, its count and its page's ids come from the index alone.
    # package_list's pages (by name) from an index alone too.
    __table_args__ = (Index("ix_portal_packages_listing", "state", "private",
                            "metadata_modified", "owner_org", "id"),
                      Index("ix_portal_packages_names", "state", "private", "name"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    owner_org: Mapped[str | None] = mapped_column(
        ForeignKey("portal_organizations.id"), index=True)
    private: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(20), default="active")
    metadata_created: Mapped[str] = mapped_column(String(32))
    metadata_modified: Mapped[str] = mapped_column(String(32), index=True)
    # Everything else of the package dict (notes, tags, extras, license_id, ...).
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The package dict as package_show answers it, as JSON (publisher.portal.shown); None
    # until it is built.
    shown: Mapped[str | None] = mapped_column(Text, default=None, deferred=True)


class PortalResource(Base):
    __tablename__ = "portal_resources"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    package_id: Mapped[str] = mapped_column(ForeignKey("portal_packages.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default="active")
    # url, format, name, ... and any extra keys such as ``schema``.
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PortalToken(Base):
    """An API token: only its SHA-256 is stored; the token itself is shown once."""

    __tablename__ = "portal_tokens"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created: Mapped[str] = mapped_column(String(32))
    revoked: Mapped[bool] = mapped_column(default=False)


class PortalTerm(Base):
    """One (package, field, exact value) for package_search's fq and facets: tags,
    organization, res_format, license_id, ``extras_<key>`` (free text is in PortalSearch)."""

    __tablename__ = "portal_terms"
    __table_args__ = (Index("ix_portal_terms_lookup", "field", "term", "package_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(
        ForeignKey("portal_packages.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(50))
    term: Mapped[str] = mapped_column(String(200))


class PortalSearch(Base):
    """One active package's full-text document for ``q`` (publisher.portal.searchindex): a
    tsvector with a GIN index on PostgreSQL, text indexed by the FTS5 table
    ``portal_search_fts`` on SQLite (both made by migration 0015).

    ``private``, ``owner_org`` and ``metadata_modified`` are the package's, copied: a search
    with ``q`` filters and sorts by them here, never reading the (wide) package rows of every
    match.
    """

    __tablename__ = "portal_search"
    __table_args__ = (Index("ix_portal_search_listing", "private", "metadata_modified"),)
    row_id: Mapped[int] = mapped_column("_id", primary_key=True)
    package_id: Mapped[str] = mapped_column(
        ForeignKey("portal_packages.id", ondelete="CASCADE"), unique=True)
    private: Mapped[bool] = mapped_column(default=False)
    owner_org: Mapped[str | None] = mapped_column(String(36))
    metadata_modified: Mapped[str] = mapped_column(String(32))
    document: Mapped[str] = mapped_column(DOCUMENT, FullText())


@event.listens_for(PortalSearch.__table__, "after_create")
def _search_index(_table: Any, conn: Connection, **_kw: Any) -> None:
    """The index itself, where the tables are made from this metadata rather than migrated."""
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"CREATE INDEX ix_portal_search_document ON portal_search USING gin "
                          f"({DOCUMENT})"))
    else:
        create_sqlite_index(conn, "portal_search", fill=False)


class PortalCatalogueGeneration(Base):
    """One row: the number the database raises on every write a package search could see
    (triggers made by :func:`publisher.portal.searchcache.install`, migration 0017)."""

    __tablename__ = "portal_catalogue_generation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger)


@event.listens_for(Base.metadata, "after_create")
def _generation_triggers(_metadata: Any, conn: Connection, **_kw: Any) -> None:
    """The counter row and its triggers, where the tables are made from this metadata."""
    searchcache.install(conn)


class PortalDatastoreStats(Base):
    """The row count of a DataStore table, so an unfiltered search's ``total`` is not a scan
    (CKAN keeps the same in its ``_table_stats``). Keyed by the physical table name; a row
    absent means "not known": the search counts. Written by :mod:`publisher.portal.dsstats`."""

    __tablename__ = "portal_datastore_stats"
    table_name: Mapped[str] = mapped_column(String(63), primary_key=True)
    rows: Mapped[int] = mapped_column(BigInteger)


class PortalDatastore(Base):
    """A DataStore table's declared fields and primary key (the rows live in ``ds_<id>``)."""

    __tablename__ = "portal_datastore"
    resource_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(63))
    fields: Mapped[list[Any]] = mapped_column(default=list)
    primary_key: Mapped[list[Any]] = mapped_column(default=list)


class PortalStagedResource(Base):
    """A resource version loaded beside the live one (``stage: true``), put in place by
    ``release_switch``. Keyed by the id the resource has (or will have) when live: a staged
    new resource reserves its id here, and is in ``portal_resources`` only once switched."""

    __tablename__ = "portal_staged_resources"
    resource_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    package_id: Mapped[str] = mapped_column(
        ForeignKey("portal_packages.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # "active" (created or changed) or "deleted" (taken away by the switch).
    state: Mapped[str] = mapped_column(String(20), default="active")
    new: Mapped[bool] = mapped_column(default=False)  # not in portal_resources yet
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    staged: Mapped[str] = mapped_column(String(32))


class PortalStagedPackage(Base):
    """Package metadata staged by ``package_patch`` / ``package_update`` with ``stage: true``:
    the call's parameters, applied as that call by ``release_switch``."""

    __tablename__ = "portal_staged_packages"
    package_id: Mapped[str] = mapped_column(
        ForeignKey("portal_packages.id", ondelete="CASCADE"), primary_key=True)
    method: Mapped[str] = mapped_column(String(20))  # package_patch | package_update
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    staged: Mapped[str] = mapped_column(String(32))


class PortalStagedDatastore(Base):
    """A DataStore table loaded beside the live one. Its table name is random (``dss_…``),
    never derived from the resource id, so no id's staging table can be another's table."""

    __tablename__ = "portal_staged_datastore"
    resource_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(63), unique=True)
    fields: Mapped[list[Any]] = mapped_column(default=list)
    primary_key: Mapped[list[Any]] = mapped_column(default=list)
