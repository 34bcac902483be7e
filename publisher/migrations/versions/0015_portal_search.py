"""portal: the package full-text index (portal_search) in place of per-word search terms

Revision ID: 0015
Revises: 0014
"""

import json
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

from publisher.portal import fulltext, searchindex

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_BATCH = 2000


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or {})


def _entries(conn: sa.Connection) -> list[dict[str, Any]]:
    """The entry of every active package, as searchindex writes them."""
    orgs = {r.id: (r.name, r.title) for r in conn.execute(sa.text(
        "SELECT id, name, title FROM portal_organizations"))}
    resources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in conn.execute(sa.text(
            "SELECT package_id, data FROM portal_resources WHERE state = 'active' "
            "ORDER BY package_id, position")):
        resources[r.package_id].append(_json(r.data))
    out = []
    for p in conn.execute(sa.text(
            "SELECT id, name, title, owner_org, private, metadata_modified, data "
            "FROM portal_packages WHERE state = 'active'")):
        org_name, org_title = orgs.get(p.owner_org, (None, None))
        out.append({"p": p.id, "private": bool(p.private), "org": p.owner_org,
                    "modified": p.metadata_modified, "d": searchindex.package_document(
                        p.name, p.title or "", _json(p.data), org_name, org_title,
                        resources[p.id])})
    return out


def upgrade() -> None:
    conn = op.get_bind()
    pg = conn.dialect.name == "postgresql"
    op.create_table(
        "portal_search",
        sa.Column("_id", sa.Integer(), primary_key=True),
        sa.Column("package_id", sa.String(36),
                  sa.ForeignKey("portal_packages.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("owner_org", sa.String(36), nullable=True),
        sa.Column("metadata_modified", sa.String(32), nullable=False),
        sa.Column(fulltext.DOCUMENT, TSVECTOR() if pg else sa.Text(), nullable=True),
    )
    value = "to_tsvector('simple', :d)" if pg else ":d"
    insert = sa.text("INSERT INTO portal_search (package_id, private, owner_org, "
                     f"metadata_modified, {fulltext.DOCUMENT}) "
                     f"VALUES (:p, :private, :org, :modified, {value})")
    entries = _entries(conn)
    for start in range(0, len(entries), _BATCH):
        conn.execute(insert, entries[start:start + _BATCH])
    # A search with q filters and sorts here (the package's copied columns) ...
    op.create_index("ix_portal_search_listing", "portal_search",
                    ["private", "metadata_modified"])
    # ... and one without reads the package listing (its count, its page's ids, the matches
    # its facets count) from the index alone.
    op.drop_index("ix_portal_packages_listing", table_name="portal_packages")
    op.create_index("ix_portal_packages_listing", "portal_packages",
                    ["state", "private", "metadata_modified", "owner_org", "id"])
    # package_list pages by name: offsets skip index entries, not package rows.
    op.create_index("ix_portal_packages_names", "portal_packages", ["state", "private", "name"])
    if pg:
        op.create_index("ix_portal_search_document", "portal_search", [fulltext.DOCUMENT],
                        postgresql_using="gin")
    else:  # the FTS5 table, filled from the rows above, and its triggers
        fulltext.create_sqlite_index(conn, "portal_search", fill=True)
    # Free-text terms are the full-text index's now; exact values stay terms.
    conn.execute(sa.text("DELETE FROM portal_terms WHERE field = 'text'"))


def _old_terms(texts: list[str]) -> set[str]:
    """Revision 0013's free-text terms: lower-cased words, CJK characters and their pairs."""
    out: set[str] = set()
    for value in texts:
        for cjk, word in fulltext._TOKEN.findall(value.lower()):
            if word:
                out.add(word[:200])
            else:
                out.update(cjk)
                out.update(cjk[i:i + 2] for i in range(len(cjk) - 1))
    return out


def downgrade() -> None:
    conn = op.get_bind()
    op.drop_index("ix_portal_packages_names", table_name="portal_packages")
    op.drop_index("ix_portal_packages_listing", table_name="portal_packages")
    op.create_index("ix_portal_packages_listing", "portal_packages",
                    ["state", "private", "metadata_modified"])
    if conn.dialect.name != "postgresql":
        fulltext.drop_sqlite_index(conn, "portal_search")
    op.drop_table("portal_search")
    orgs = {r.id: (r.name, r.title) for r in conn.execute(sa.text(
        "SELECT id, name, title FROM portal_organizations"))}
    rows = []
    for p in conn.execute(sa.text("SELECT id, name, title, owner_org, data FROM "
                                  "portal_packages WHERE state = 'active'")).all():
        org_name, org_title = orgs.get(p.owner_org, (None, None))
        res = [_json(r.data) for r in conn.execute(sa.text(
            "SELECT data FROM portal_resources WHERE package_id = :p AND state = 'active'"),
            {"p": p.id})]
        texts = searchindex.package_texts(p.name, p.title or "", _json(p.data), org_name,
                                          org_title, res)
        texts.append(p.name.replace("-", " ").replace("_", " "))
        rows += [{"p": p.id, "t": t} for t in sorted(_old_terms(texts))]
    if rows:
        conn.execute(sa.text("INSERT INTO portal_terms (package_id, field, term) "
                             "VALUES (:p, 'text', :t)"), rows)
