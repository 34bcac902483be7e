"""Staged releases (beyond CKAN; ``status_show`` lists ``staged_release``).

A changed release is loaded beside the live one: resource versions and their files
(``resource_create`` / ``_update`` / ``_patch`` / ``_delete`` with ``stage: true``), DataStore
tables (``datastore_create`` / ``_upsert`` with ``stage: true``) and the package metadata
(``package_patch`` / ``package_update`` with ``stage: true``). Then:

- ``release_switch`` puts every staged part of a package in place in one transaction, so
  readers see the old release or the new one, never a mix;
- ``release_discard`` throws the staged parts away (a load cut short, a killed sync);
- ``release_show`` lists them.

All three need a write token; a staged part is never shown to anonymous readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from publisher.portal import staging
from publisher.portal.context import Context, action, now
from publisher.portal.datastore import datastore_search, drop_staged, swap_in
from publisher.portal.errors import NotFound, ValidationError
from publisher.portal.models import (
    PortalPackage,
    PortalResource,
    PortalStagedDatastore,
    PortalStagedPackage,
    PortalStagedResource,
)
from publisher.portal.packages import apply_call, get_package, reindex
from publisher.portal.resources import resource_dict

_STAMPS = ("created", "metadata_modified")


@dataclass
class Staged:
    """What a package has staged."""

    resources: list[PortalStagedResource]
    tables: list[PortalStagedDatastore]
    package: PortalStagedPackage | None

    def __bool__(self) -> bool:
        return bool(self.resources or self.tables or self.package)

    def resource_ids(self) -> set[str]:
        return {r.resource_id for r in self.resources} | {t.resource_id for t in self.tables}


def _package(ctx: Context, data: dict[str, Any]) -> PortalPackage:
    pkg = get_package(ctx, data.get("id") or data.get("name"))
    if pkg is None:
        raise NotFound("Package was not found.")
    return pkg


def staged_of(ctx: Context, pkg: PortalPackage) -> Staged:
    rows = list(ctx.session.scalars(select(PortalStagedResource).where(
        PortalStagedResource.package_id == pkg.id).order_by(
        PortalStagedResource.position, PortalStagedResource.resource_id)))
    ids = set(ctx.session.scalars(select(PortalResource.id).where(
        PortalResource.package_id == pkg.id))) | {r.resource_id for r in rows}
    tables = list(ctx.session.scalars(select(PortalStagedDatastore).where(
        PortalStagedDatastore.resource_id.in_(sorted(ids))).order_by(
        PortalStagedDatastore.resource_id))) if ids else []
    return Staged(rows, tables, ctx.session.get(PortalStagedPackage, pkg.id))


def _change(row: PortalStagedResource) -> str:
    return "delete" if row.state == "deleted" else "create" if row.new else "update"


@action
def release_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """A package's staged parts: resource versions (with the change each makes), DataStore
    tables (with their row counts) and the staged package call."""
    ctx.require_write("show staged release")
    pkg = _package(ctx, data)
    staged = staged_of(ctx, pkg)
    resources = []
    for row in staged.resources:
        live = ctx.session.get(PortalResource, row.resource_id)
        # A staged delete keeps no data of its own: it shows the resource it takes away.
        shown = resource_dict(ctx, pkg.id, live if row.state == "deleted" and live else
                              PortalResource(id=row.resource_id, package_id=pkg.id,
                                             position=row.position, state=row.state,
                                             data=dict(row.data)))
        resources.append({**shown, "change": _change(row), "staged": row.staged})
    tables = []
    for meta in staged.tables:
        found = datastore_search(ctx, {"resource_id": meta.resource_id, "stage": True,
                                       "limit": 0})
        tables.append({"resource_id": meta.resource_id, "total": found["total"],
                       "fields": found["fields"][1:]})
    package = None if staged.package is None else {"method": staged.package.method,
                                                   "staged": staged.package.staged}
    return {"package_id": pkg.id, "staged": bool(staged), "resources": resources,
            "datastore": tables, "package": package}


def _switch_resource(ctx: Context, pkg: PortalPackage, row: PortalStagedResource) -> bool:
    """Put one staged version in place; True if the live resource changed."""
    live = ctx.session.get(PortalResource, row.resource_id)
    changed = True
    if row.state == "deleted":
        if live is not None and live.state == "active":
            live.state = "deleted"
        else:
            changed = False
    elif live is None:
        ctx.session.add(PortalResource(id=row.resource_id, package_id=pkg.id,
                                       position=row.position, state="active",
                                       data=dict(row.data)))
    elif live.state != "active" or live.package_id != pkg.id:
        raise ValidationError({"resources": [
            f'resource "{row.resource_id}" was deleted since it was staged']})
    else:
        old = {k: v for k, v in live.data.items() if k not in _STAMPS}
        new = {k: v for k, v in row.data.items() if k not in _STAMPS}
        new["datastore_active"] = old.get("datastore_active", False)
        changed = old != new
        if changed:
            live.data = {**new, "created": live.data.get("created"),
                         "metadata_modified": now()}
    ctx.session.delete(row)
    return changed


def _renumber(ctx: Context, pkg: PortalPackage) -> None:
    active = ctx.session.scalars(select(PortalResource).where(
        PortalResource.package_id == pkg.id, PortalResource.state == "active")
        .order_by(PortalResource.position, PortalResource.id)).all()
    for position, res in enumerate(active):
        res.position = position


@action
def release_switch(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """Put a package's staged resource versions, DataStore tables and package metadata in
    place, in one transaction: if any part is refused, none is switched."""
    ctx.require_write("switch release")
    pkg = _package(ctx, data)
    staged = staged_of(ctx, pkg)
    if not staged:
        raise NotFound(f'Dataset "{pkg.name}" has no staged release.')
    files = {rid: staging.references(ctx, rid) for rid in staged.resource_ids()}
    switched = [row.resource_id for row in staged.resources
                if _switch_resource(ctx, pkg, row)]
    ctx.session.flush()
    tables = []
    for meta in staged.tables:
        res = ctx.session.get(PortalResource, meta.resource_id)
        if res is None or res.state != "active":
            drop_staged(ctx, meta)  # a table of a resource the switch took away
            continue
        swap_in(ctx, res, meta)
        tables.append(meta.resource_id)
    if staged.package is not None:
        apply_call(ctx, pkg, staged.package.method, dict(staged.package.data))
        ctx.session.delete(staged.package)
    ctx.session.flush()
    _renumber(ctx, pkg)
    pkg.metadata_modified = now()
    reindex(ctx, pkg)
    for rid, before in files.items():
        staging.retire(ctx, rid, before)
    return {"package_id": pkg.id, "resources": switched, "datastore": tables,
            "package": staged.package is not None, "metadata_modified": pkg.metadata_modified}


@action
def release_discard(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    """Throw a package's staged parts away; the live release is untouched. Nothing staged is
    no error (a sync discards whatever an earlier, killed run left)."""
    ctx.require_write("discard release")
    pkg = _package(ctx, data)
    staged = staged_of(ctx, pkg)
    files = {rid: staging.references(ctx, rid) for rid in staged.resource_ids()}
    for meta in staged.tables:
        drop_staged(ctx, meta)
    for row in staged.resources:
        ctx.session.delete(row)
    if staged.package is not None:
        ctx.session.delete(staged.package)
    for rid, before in files.items():
        staging.retire(ctx, rid, before)
    return {"package_id": pkg.id, "resources": len(staged.resources),
            "datastore": len(staged.tables), "package": staged.package is not None}

