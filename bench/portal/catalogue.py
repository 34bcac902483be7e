"""A generated catalogue of any size, written straight into an embedded portal's database.

Creating 50,000 packages through the Action API takes the best part of an hour; this writes the
same rows the API would (package, resource, search terms and document, the stored package
dict), built by the portal's own functions, in batches of plain INSERTs. The packages look like
the ones the API-loaded bench makes (Chinese titles and notes from ``WORDS``, two tags, one
extra, one CSV).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

from publisher.db import Database
from publisher.portal import searchindex
from publisher.portal.context import Context, new_id
from publisher.portal.dictize import package_dict
from publisher.portal.models import (
    PortalOrganization,
    PortalPackage,
    PortalResource,
    PortalSearch,
    PortalTerm,
)
from publisher.portal.shown import encode
from publisher.portal.terms import package_terms

WORDS = ["公交", "出租车", "客运", "站点", "线路", "执法", "港口", "道路"]
BATCH = 2000


def spec(i: int, rng: random.Random) -> dict[str, Any]:
    """The i-th package's fields, the same for the bulk loader and the API loader."""
    words = rng.sample(WORDS, 3)
    return {"title": f"{words[0]}{words[1]}数据 {i}", "notes": f"汕尾市{words[2]}相关数据，第{i}号",
            "tags": words[:2], "extras": [{"key": "department", "value": "运输科"}],
            "url": f"https://example.invalid/{i}.csv"}


def _stamps(count: int) -> Iterator[str]:
    start = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=count)
    for i in range(count):
        yield (start + timedelta(seconds=i)).isoformat(timespec="microseconds")


def bulk_load(db: Database, prefix: str, packages: int) -> dict[str, Any]:
    """``packages`` packages in one organization; returns the org's name and the names."""
    rng = random.Random(5)
    names: list[str] = []
    stamps = _stamps(packages)
    with db.session(write=True) as session:
        org = PortalOrganization(id=new_id(), name=f"{prefix}-org", title="汕尾市交通运输局",
                                 description="", image_url="", state="active",
                                 created=next(_stamps(1)), extras=[])
        session.add(org)
        session.flush()
        ctx = Context(session=session, uploads_dir=Path("."), base_url="")
        for first in range(0, packages, BATCH):
            pkg_rows, res_rows, term_rows, doc_rows = [], [], [], []
            for i in range(first, min(first + BATCH, packages)):
                fields = spec(i, rng)
                stamp = next(stamps)
                pkg = PortalPackage(
                    id=new_id(), name=f"{prefix}-set-{i:05d}", title=fields["title"],
                    owner_org=org.id, private=False, state="active", metadata_created=stamp,
                    metadata_modified=stamp,
                    data={"notes": fields["notes"], "tags": sorted(fields["tags"]),
                          "extras": fields["extras"], "author": None, "author_email": None,
                          "maintainer": None, "maintainer_email": None, "license_id": None,
                          "url": None, "version": None, "creator_user_id": ""})
                res = PortalResource(id=new_id(), package_id=pkg.id, position=0,
                                     state="active",
                                     data={"name": "data", "url": fields["url"],
                                           "format": "CSV", "created": stamp,
                                           "metadata_modified": stamp})
                row = {c: getattr(pkg, c) for c in ("id", "name", "title", "owner_org",
                                                    "private", "state", "metadata_created",
                                                    "metadata_modified", "data")}
                row["shown"] = encode(package_dict(ctx, pkg, [res]))
                pkg_rows.append(row)
                res_rows.append({"id": res.id, "package_id": pkg.id, "position": 0,
                                 "state": "active", "data": res.data})
                term_rows += [{"package_id": pkg.id, "field": f, "term": t}
                              for f, t in sorted(package_terms(pkg, org, [res.data]))]
                doc_rows.append({
                    "package_id": pkg.id, "private": False, "owner_org": org.id,
                    "metadata_modified": stamp, "document": searchindex.package_document(
                    pkg.name, pkg.title, pkg.data, org.name, org.title, [res.data])})
                names.append(pkg.name)
            session.execute(insert(PortalPackage.__table__), pkg_rows)
            session.execute(insert(PortalResource.__table__), res_rows)
            session.execute(insert(PortalTerm.__table__), term_rows)
            session.execute(insert(PortalSearch), doc_rows)
        searchindex.fill(session.connection())  # SQLite's FTS5 table, in one statement
    # Fresh statistics, as after any bulk import: without them PostgreSQL plans the term
    # lookups for one row each and a search at 5,000 packages takes a minute. On PostgreSQL
    # also VACUUM, as autovacuum does after inserts: until the visibility map is set, a count
    # over the listing index reads every package row (78 MB at 50,000 packages) instead.
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
    return {"org": f"{prefix}-org", "names": names}
