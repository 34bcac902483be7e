"""The package dict as package_show answers it, stored beside the package and kept current.

CKAN answers reads from its search index, where each dataset's dict is stored when the dataset
is written; the portal keeps the same in ``portal_packages.shown``. A listener on every flush
notes which packages changed (the package, one of its resources, whichever module wrote them),
and the dicts of those packages are rebuilt just before their transaction commits, so a read
is one query and no dictizing. An organization that changes sets its packages' dicts back to
NULL; a NULL dict (also: a package written before migration 0013) is dictized live on read.

Stored dicts carry upload URLs relative to the site; a read prefixes the answer's base URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from sqlalchemy import BindParameter, Table, bindparam, event, or_, select, update
from sqlalchemy.orm import Session, UOWTransaction

from publisher.portal.context import Context
from publisher.portal.dictize import package_dict
from publisher.portal.errors import NotAuthorized, NotFound
from publisher.portal.models import PortalOrganization, PortalPackage, PortalResource

_PACKAGES = "portal_shown_packages"
_ORGS = "portal_shown_orgs"
_REF: BindParameter[str] = bindparam("ref")
_SHOW = select(PortalPackage.id, PortalPackage.private, PortalPackage.state,
               PortalPackage.shown).where(or_(PortalPackage.id == _REF,
                                               PortalPackage.name == _REF))


class RawJSON(str):
    """An action's result that is JSON text already: the API puts it in the envelope as it
    is, with no decoding and encoding again."""


_UPLOAD = '"url_type":"upload"'


def encode(package: dict[str, Any]) -> str:
    return json.dumps(package, ensure_ascii=False, separators=(",", ":"))


def _noted(session: Session, key: str) -> set[str]:
    found: set[str] = session.info.setdefault(key, set())
    return found


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    # new / dirty / deleted still list what this flush wrote.
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, PortalPackage):
            _noted(session, _PACKAGES).add(obj.id)
        elif isinstance(obj, PortalResource):
            _noted(session, _PACKAGES).add(obj.package_id)
        elif isinstance(obj, PortalOrganization):
            _noted(session, _ORGS).add(obj.id)


def _before_commit(session: Session) -> None:
    # before_commit comes before commit's own flush: flush first, so what it writes is noted.
    if session.new or session.dirty or session.deleted:
        session.flush()
    if not session.info.get(_PACKAGES) and not session.info.get(_ORGS):
        return
    orgs, ids = session.info.pop(_ORGS, set()), session.info.pop(_PACKAGES, set())
    table = PortalPackage.__table__
    assert isinstance(table, Table)
    if orgs:
        session.execute(update(table).where(table.c.owner_org.in_(sorted(orgs)))
                        .values(shown=None))
    ctx = Context(session=session, uploads_dir=Path("."), base_url="")
    for package_id in sorted(ids):
        pkg = session.get(PortalPackage, package_id)
        if pkg is not None:
            session.execute(update(table).where(table.c.id == package_id)
                            .values(shown=encode(package_dict(ctx, pkg))))


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_PACKAGES, None)
    session.info.pop(_ORGS, None)


def install() -> None:
    """Keep stored dicts current in every session (idempotent; the portal's ``init_app``)."""
    for name, listener in (("after_flush", _after_flush), ("before_commit", _before_commit),
                           ("after_rollback", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def localise(ctx: Context, package: dict[str, Any]) -> dict[str, Any]:
    """A stored dict as this answer gives it: upload URLs under the answer's base URL."""
    for res in package.get("resources", ()):
        if res.get("url_type") == "upload" and res.get("url"):
            res["url"] = ctx.base_url + res["url"]
    return package


def _live(ctx: Context, package_id: str) -> dict[str, Any]:
    pkg = ctx.session.get(PortalPackage, package_id)
    assert pkg is not None
    return package_dict(ctx, pkg)


def show(ctx: Context, ref: Any) -> dict[str, Any] | RawJSON:
    """package_show's answer for an id or name, with CKAN's errors for what may not be read."""
    # Core, not the ORM: the row's columns are all a read needs.
    row = ctx.session.connection().execute(_SHOW, {"ref": ref}).first() \
        if ref and isinstance(ref, str) else None
    if row is None:
        raise NotFound("Not found")
    if not ctx.sysadmin and (row.private or row.state != "active"):
        raise NotAuthorized(f"Access denied: User  not authorized to read package {row.id}")
    if row.shown is None:
        return _live(ctx, row.id)
    if _UPLOAD not in row.shown:
        return RawJSON(row.shown)  # nothing to localise: the stored text is the answer
    return localise(ctx, json.loads(row.shown))


def from_rows(ctx: Context, rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Package dicts from (id, shown) rows, in their order."""
    return [localise(ctx, json.loads(shown)) if shown is not None else _live(ctx, package_id)
            for package_id, shown in rows]


def dicts(ctx: Context, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The package dicts of ``ids``, in that order."""
    if not ids:
        return []
    stored = dict(ctx.session.execute(select(PortalPackage.id, PortalPackage.shown)
                                      .where(PortalPackage.id.in_(list(ids)))).all())
    return from_rows(ctx, [(i, stored.get(i)) for i in ids])
