"""Staged versions: what ``stage: true`` writes beside the live rows.

A staged resource version (``resource_create`` / ``_update`` / ``_patch`` / ``_delete``) and
staged package metadata (``package_patch`` / ``package_update``) are kept in tables of their
own; readers never see them. ``release_switch`` (publisher.portal.releases) puts a package's
staged versions in place in one transaction, ``release_discard`` throws them away.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from publisher.portal.context import Context, as_bool, now
from publisher.portal.errors import NotFound, ValidationError
from publisher.portal.models import (
    PortalResource,
    PortalStagedPackage,
    PortalStagedResource,
)
from publisher.portal.uploads import retire_after_commit, stored_files


def wanted(ctx: Context, data: dict[str, Any], what: str) -> bool:
    """Whether the call asks to stage (``stage: true``); staging needs a write token."""
    try:
        stage = as_bool(data.get("stage"), False)
    except ValidationError:
        raise ValidationError({"stage": ["Value must be one of: true, false"]}) from None
    if stage:
        ctx.require_write(what)
    return stage


def staged_row(ctx: Context, rid: Any) -> PortalStagedResource | None:
    return ctx.session.get(PortalStagedResource, str(rid)) if rid else None


def version(ctx: Context, rid: Any) -> tuple[PortalResource, bool]:
    """The resource as a staged write starts from: its staged version if it has one, else
    the live row, as a detached copy (never added to the session); and whether it is new
    (staged only). Not Found when neither is active."""
    row = staged_row(ctx, rid)
    if row is not None and row.state == "active":
        return PortalResource(id=row.resource_id, package_id=row.package_id,
                              position=row.position, state="active",
                              data=dict(row.data)), row.new
    live = ctx.session.get(PortalResource, str(rid)) if rid else None
    if live is None or live.state != "active" or row is not None:
        raise NotFound("Not found")
    return PortalResource(id=live.id, package_id=live.package_id, position=live.position,
                          state="active", data=dict(live.data)), False


def next_position(ctx: Context, package_id: str) -> int:
    """Where a staged new resource goes: after the live ones and the staged new ones."""
    live = ctx.session.scalar(select(func.count()).select_from(PortalResource).where(
        PortalResource.package_id == package_id, PortalResource.state == "active")) or 0
    new = ctx.session.scalar(select(func.count()).select_from(PortalStagedResource).where(
        PortalStagedResource.package_id == package_id, PortalStagedResource.new.is_(True))) or 0
    return int(live) + int(new)


def put(ctx: Context, res: PortalResource, *, new: bool, state: str = "active") -> None:
    """Store ``res`` (a detached copy) as the resource's staged version."""
    row = staged_row(ctx, res.id)
    if row is None:
        row = PortalStagedResource(resource_id=res.id, package_id=res.package_id, new=new)
        ctx.session.add(row)
    row.position, row.state, row.data, row.staged = res.position, state, dict(res.data), now()
    ctx.session.flush()


def references(ctx: Context, rid: str) -> set[tuple[str, str]]:
    """The stored files the live row and the staged version of a resource refer to."""
    found: set[tuple[str, str]] = set()
    live = ctx.session.get(PortalResource, rid)
    if live is not None:
        found |= stored_files(live.data)
    row = staged_row(ctx, rid)
    if row is not None:
        found |= stored_files(row.data)
    return found


def retire(ctx: Context, rid: str, before: set[tuple[str, str]]) -> None:
    """Files referred to ``before`` a write and no longer: removed once it commits."""
    ctx.session.flush()
    retire_after_commit(ctx.session, ctx.uploads_dir, rid, before - references(ctx, rid))


def composed(ctx: Context, package_id: str, method: str,
             data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The package call to stage: a patch staged over a staged call adds to it; an update
    replaces it."""
    params = {k: v for k, v in data.items() if k != "stage"}
    row = ctx.session.get(PortalStagedPackage, package_id)
    if row is not None and method == "package_patch":
        return row.method, {**row.data, **params}
    return method, params


def stage_package(ctx: Context, package_id: str, method: str, params: dict[str, Any]) -> None:
    row = ctx.session.get(PortalStagedPackage, package_id)
    if row is None:
        row = PortalStagedPackage(package_id=package_id)
        ctx.session.add(row)
    row.method, row.data, row.staged = method, params, now()
    ctx.session.flush()
