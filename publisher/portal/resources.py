"""Resource actions (create, update, patch, delete, show) and the resource dict.

Beyond CKAN: with ``stage: true`` create, update, patch and delete write a staged version
(publisher.portal.staging) and leave the live resource and its file as they are; ``resource_show``
with ``stage: true`` shows it. ``release_switch`` puts it in place.
"""

from __future__ import annotations

import json
import mimetypes
from typing import Any

from sqlalchemy import func, select

from publisher.portal import staging
from publisher.portal.context import Context, action, new_id, now
from publisher.portal.errors import NotFound, ValidationError, missing
from publisher.portal.models import PortalPackage, PortalResource
from publisher.portal.params import is_valid_id
from publisher.portal.uploads import SHA256_KEY, download_url, store_upload

# Keys every resource dict has, with CKAN's value when unset.
DEFAULTS: dict[str, Any] = {
    "cache_last_updated": None, "cache_url": None, "datastore_active": False,
    "description": None, "format": "", "hash": "", "last_modified": None, "mimetype": None,
    "mimetype_inner": None, "name": "", "resource_type": None, "size": None, "url": "",
    "url_type": None,
}
# Keys the portal sets itself; a caller's value is ignored.
OWN_KEYS = frozenset({"id", "package_id", "position", "state", "created", "metadata_modified",
                      "upload", "clear_upload", "datastore_active", "stage", SHA256_KEY})
# CKAN's unified formats for common extensions (if_empty_guess_format + clean_format).
_FORMATS = {"text/csv": "CSV", "application/json": "JSON", "application/zip": "ZIP",
            "application/pdf": "PDF", "application/vnd.ms-excel": "XLS", "text/plain": "TXT",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
            "application/xml": "XML", "text/xml": "XML", "text/html": "HTML"}


def resource_dict(ctx: Context, package_id: str, res: PortalResource) -> dict[str, Any]:
    out = {**DEFAULTS, **res.data, "id": res.id, "package_id": package_id,
           "position": res.position, "state": res.state}
    out.pop(SHA256_KEY, None)
    if out.get("url_type") == "upload" and out.get("url"):
        out["url"] = download_url(ctx.base_url, package_id, res.id, out["url"])
    return dict(sorted(out.items()))


def _guess_format(url: str) -> str:
    mimetype = mimetypes.guess_type(url.split("?")[0])[0]
    if mimetype is None:
        return ""
    return _FORMATS.get(mimetype, mimetype)


def _prepare(ctx: Context, res: PortalResource, given: dict[str, Any],
             old: dict[str, Any]) -> dict[str, Any]:
    """The stored data of ``res`` after applying ``given`` over ``old``."""
    data = {**old}
    for key, value in given.items():
        if key in OWN_KEYS or (key not in old and key in DEFAULTS and value == DEFAULTS[key]):
            continue  # a default sent back (e.g. a whole resource dict) is no change
        if key == "size" and value not in (None, ""):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise ValidationError({"size": ["Invalid integer"]}) from None
        elif value is not None and not isinstance(value, str | int | float | bool):
            # CKAN keeps resource extras as strings.
            value = json.dumps(value, ensure_ascii=False)
        data[key] = value
    url = str(data.get("url") or "")
    if data.get("url_type") == "upload" and "/download/" in url:
        data["url"] = url.rsplit("/", 1)[-1]  # a full download URL sent back: keep the file
    upload = ctx.files.get("upload")
    if upload is not None and upload.filename:
        stored = store_upload(ctx, res.id, upload)
        if given.get("mimetype") or stored["mimetype"] is None:
            stored.pop("mimetype")  # a mimetype the caller states wins over a guess
        data.update(stored)
        data["last_modified"] = now()
    if "format" not in given and not old.get("format") or data.get("format") in (None, ""):
        data["format"] = _guess_format(str(data.get("url") or ""))
    return data


def _kept(old: dict[str, Any]) -> dict[str, Any]:
    """What survives a resource update that does not send it: the DataStore flag, and an
    uploaded file (CKAN would lose the file's URL; the portal keeps it)."""
    keys = ["datastore_active"]
    if old.get("url_type") == "upload":
        keys += ["url", "url_type", "size", "mimetype", "last_modified", SHA256_KEY]
    return {k: old[k] for k in keys if k in old}


def _package_for(ctx: Context, ref: Any) -> PortalPackage:
    from publisher.portal.packages import get_package

    pkg = get_package(ctx, ref)
    if pkg is None:
        raise ValidationError({"package_id": ["Not found: Dataset"]})
    return pkg


def _touch(ctx: Context, pkg: PortalPackage) -> None:
    from publisher.portal.packages import reindex

    pkg.metadata_modified = now()
    reindex(ctx, pkg)


def _get(ctx: Context, ref: Any) -> PortalResource:
    res = ctx.session.get(PortalResource, str(ref)) if ref else None
    if res is None or res.state != "active":
        raise NotFound("Not found")
    return res


def apply_resources(ctx: Context, pkg: PortalPackage, given: list[Any]) -> bool:
    """Make the package's resources ``given`` (package_update): True if anything changed."""
    current = {r.id: r for r in ctx.session.scalars(select(PortalResource).where(
        PortalResource.package_id == pkg.id, PortalResource.state == "active")).all()}
    changed = False
    seen = set()
    for position, item in enumerate(given):
        if not isinstance(item, dict):
            raise ValidationError({"resources": [{"__all__": ["Must be a dict"]}]})
        rid = item.get("id")
        res = current.get(rid) if rid else None
        if res is None and rid:
            # A caller-chosen id names a folder and a table: it must be an id, and a new one.
            if not is_valid_id(rid):
                raise ValidationError({"resources": [{"id": ["Not a valid resource id"]}]})
            if ctx.session.get(PortalResource, rid) is not None:
                raise ValidationError({"resources": [{"id": ["Resource id already exists"]}]})
        if res is None:
            res = PortalResource(id=rid or new_id(), package_id=pkg.id, position=position,
                                 state="active", data={})
            stamp = now()
            res.data = {**_prepare(ctx, res, item, {}), "created": stamp,
                        "metadata_modified": stamp}
            ctx.session.add(res)
            changed = True
        else:
            old = {k: v for k, v in res.data.items() if k not in ("created", "metadata_modified")}
            before = staging.references(ctx, res.id)
            # An update replaces the resource dict: keys not sent are dropped, as in CKAN.
            new = _prepare(ctx, res, item, _kept(res.data))
            if new != old or res.position != position:
                res.data = {**new, "created": res.data.get("created"),
                            "metadata_modified": now()}
                res.position = position
                changed = True
            staging.retire(ctx, res.id, before)
        seen.add(res.id)
    for rid, res in current.items():
        if rid not in seen:
            res.state = "deleted"
            changed = True
    ctx.session.flush()
    return changed


@action
def resource_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    from publisher.portal.packages import readable_package

    if staging.wanted(ctx, data, "show staged resource"):
        if staging.staged_row(ctx, data.get("id")) is None:
            raise NotFound("Not found")
        res, _ = staging.version(ctx, data.get("id"))
        return resource_dict(ctx, res.package_id, res)
    res = _get(ctx, data.get("id"))
    readable_package(ctx, res.package_id)
    return resource_dict(ctx, res.package_id, res)


@action
def resource_create(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    ctx.require_write("create resource")
    if not data.get("package_id"):
        raise missing("package_id")
    pkg = _package_for(ctx, data["package_id"])
    stage = staging.wanted(ctx, data, "stage resource")
    position = staging.next_position(ctx, pkg.id) if stage else ctx.session.scalar(
        select(func.count()).select_from(PortalResource).where(
            PortalResource.package_id == pkg.id, PortalResource.state == "active")) or 0
    res = PortalResource(id=new_id(), package_id=pkg.id, position=position, state="active",
                         data={})
    stamp = now()
    res.data = {**_prepare(ctx, res, data, {}), "created": stamp, "metadata_modified": stamp}
    if stage:  # a detached row: it exists only staged until the switch
        staging.put(ctx, res, new=True)
        return resource_dict(ctx, pkg.id, res)
    ctx.session.add(res)
    ctx.session.flush()
    _touch(ctx, pkg)
    return resource_dict(ctx, pkg.id, res)


def _update(ctx: Context, data: dict[str, Any], *, patch: bool) -> dict[str, Any]:
    ctx.require_write("edit resource")
    stage = staging.wanted(ctx, data, "stage resource")
    if stage:
        res, new_one = staging.version(ctx, data.get("id"))
    else:
        res = _get(ctx, data.get("id"))
    pkg = _package_for(ctx, res.package_id)
    before = staging.references(ctx, res.id)
    keep = {k: v for k, v in res.data.items() if k not in ("created", "metadata_modified")}
    if not patch:
        keep = _kept(res.data)
    new = _prepare(ctx, res, data, keep)
    old = {k: v for k, v in res.data.items() if k not in ("created", "metadata_modified")}
    if stage:
        if new != old:
            res.data = {**new, "created": res.data.get("created"), "metadata_modified": now()}
        staging.put(ctx, res, new=new_one)
    elif new != old:
        res.data = {**new, "created": res.data.get("created"), "metadata_modified": now()}
        ctx.session.flush()
        _touch(ctx, pkg)
    staging.retire(ctx, res.id, before)
    return resource_dict(ctx, pkg.id, res)


@action
def resource_update(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    return _update(ctx, data, patch=False)


@action
def resource_patch(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    return _update(ctx, data, patch=True)


@action
def resource_delete(ctx: Context, data: dict[str, Any]) -> None:
    ctx.require_write("delete resource")
    if staging.wanted(ctx, data, "stage resource"):
        res, new_one = staging.version(ctx, data.get("id"))
        before = staging.references(ctx, res.id)
        if new_one:  # never live: nothing to take away at the switch
            row = staging.staged_row(ctx, res.id)
            ctx.session.delete(row)
        else:  # the version keeps no data: its file (if staged) is not needed any more
            res.data = {}
            staging.put(ctx, res, new=False, state="deleted")
        staging.retire(ctx, res.id, before)
        return None
    res = _get(ctx, data.get("id"))
    pkg = _package_for(ctx, res.package_id)
    res.state = "deleted"
    ctx.session.flush()
    siblings = ctx.session.scalars(select(PortalResource).where(
        PortalResource.package_id == pkg.id, PortalResource.state == "active")
        .order_by(PortalResource.position)).all()
    for position, sibling in enumerate(siblings):
        sibling.position = position
    _touch(ctx, pkg)
    return None
