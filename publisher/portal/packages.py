"""Package actions: show, list, create, update, patch, delete; and the package dict itself.

Beyond CKAN: ``package_patch`` / ``package_update`` with ``stage: true`` check the call and keep
it staged (publisher.portal.staging) for ``release_switch`` to apply; readers see no change.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select

from publisher.portal import searchindex, shown, staging
from publisher.portal.context import Context, action, as_bool, name_errors, new_id, now
from publisher.portal.dictize import TAG_NAMESPACE, TEXT_KEYS, package_dict, resources_of
from publisher.portal.errors import NotAuthorized, NotFound, ValidationError, missing
from publisher.portal.limits import SEARCH_ROWS_DEFAULT, natural
from publisher.portal.models import (
    PortalPackage,
    PortalTerm,
)
from publisher.portal.organizations import get_org
from publisher.portal.params import is_valid_id, parse_json
from publisher.portal.resources import apply_resources
from publisher.portal.terms import package_terms

# Keys of CKAN's root package schema: an extra may not be named like one of them.
CORE_KEYS = frozenset({
    "id", "name", "title", "author", "author_email", "maintainer", "maintainer_email",
    "license_id", "notes", "url", "version", "state", "type", "owner_org", "private", "extras",
    "tags", "tag_string", "resources", "groups", "plugin_data", "relationships_as_object",
    "relationships_as_subject", "metadata_created", "metadata_modified", "creator_user_id",
    "log_message", "save", "return_to", "__extras", "__junk", "__before",
})
_TAG = re.compile(r"^[\w \-.]*$", re.UNICODE)


def visible(ctx: Context) -> ColumnElement[bool]:
    """What the caller may see in lists: active, and public unless a sysadmin asks."""
    if ctx.sysadmin:
        return PortalPackage.state == "active"
    return and_(PortalPackage.state == "active", PortalPackage.private.is_(False))


def get_package(ctx: Context, ref: Any) -> PortalPackage | None:
    if not ref or not isinstance(ref, str):
        return None
    return ctx.session.scalars(select(PortalPackage).where(
        or_(PortalPackage.id == ref, PortalPackage.name == ref))).first()


def readable_package(ctx: Context, ref: Any) -> PortalPackage:
    """The package, or CKAN's error: Not Found, or Authorization for private and deleted ones."""
    pkg = get_package(ctx, ref)
    if pkg is None:
        raise NotFound("Not found")
    if not ctx.sysadmin and (pkg.private or pkg.state != "active"):
        raise NotAuthorized(f"Access denied: User  not authorized to read package {pkg.id}")
    return pkg


def _json_list(data: dict[str, Any], key: str) -> list[Any]:
    """A list parameter, sent as a list or (in a form post) as JSON text."""
    raw = data[key] or []
    if isinstance(raw, str):
        raw = parse_json(key, raw)
    if not isinstance(raw, list):
        raise ValidationError({key: ["Must be a list"]})
    return raw


def _tags(data: dict[str, Any], errors: dict[str, Any]) -> list[str] | None:
    if "tags" in data:
        raw = data["tags"] or []
        if isinstance(raw, str) and not raw.startswith("["):
            raw = [{"name": raw}]
        elif isinstance(raw, str):
            raw = _json_list(data, "tags")
        names = [str(t.get("name", "")) if isinstance(t, dict) else str(t) for t in raw]
    elif "tag_string" in data:
        names = [t.strip() for t in str(data["tag_string"] or "").split(",") if t.strip()]
    else:
        return None
    problems = []
    for name in names:
        if len(name) < 2:
            problems.append(f'Tag "{name}" length is less than minimum 2')
        elif len(name) > 100:
            problems.append(f'Tag "{name}" length is more than maximum 100')
        elif not _TAG.match(name):
            problems.append(f'Tag "{name}" must be alphanumeric characters or symbols: -_.')
    if problems:
        errors["tags"] = problems
    return sorted(set(names))


def _extras(data: dict[str, Any], errors: dict[str, Any]) -> list[dict[str, Any]] | None:
    if "extras" not in data:
        return None
    raw = _json_list(data, "extras")
    out, problems = [], []
    for extra in raw:
        key = extra.get("key") if isinstance(extra, dict) else None
        if not key:
            problems.append({"key": ["Missing value"]})
        elif key in CORE_KEYS:
            problems.append({"key": ["There is a schema field with the same name"]})
        else:
            problems.append({})
            value = extra.get("value")
            out.append({"key": key, "value": value if isinstance(value, str) else
                        json.dumps(value, ensure_ascii=False) if value is not None else ""})
    if any(problems):
        errors["extras"] = problems
    return out


def _apply(ctx: Context, pkg: PortalPackage | None, data: dict[str, Any],
           *, keep_missing: bool) -> PortalPackage:
    """Validate ``data`` and write it to ``pkg`` (a new package when None).

    ``keep_missing``: keys absent from ``data`` keep their stored value (update and patch);
    ``metadata_modified`` moves only when the stored package really changes.
    """
    errors: dict[str, Any] = {}
    name = data.get("name", pkg.name if pkg is not None and keep_missing else None)
    if problems := name_errors(name):
        errors["name"] = problems
    else:
        other = ctx.session.scalars(select(PortalPackage).where(
            PortalPackage.name == name)).first()
        if other is not None and (pkg is None or other.id != pkg.id):
            if other.state == "deleted":
                # As CKAN: a deleted package gives up its name (it is renamed to its id).
                other.name = other.id
                ctx.session.flush()
            else:
                errors["name"] = ["That URL is already in use."]
    owner_ref = data.get("owner_org", pkg.owner_org if pkg is not None else None)
    owner_id = None
    if not owner_ref:
        errors["owner_org"] = ["An organization must be provided"]
    else:
        org = get_org(ctx, owner_ref)
        if org is None:
            errors["owner_org"] = ["Organization does not exist"]
        else:
            owner_id = org.id
    tags = _tags(data, errors)
    extras = _extras(data, errors)
    if "id" in data and pkg is None and data["id"]:
        if not is_valid_id(data["id"]):
            errors["id"] = ["Not a valid dataset id"]
        elif get_package(ctx, data["id"]):
            errors["id"] = ["Dataset id already exists"]
    private = as_bool(data.get("private"), pkg.private if pkg is not None else False)
    resources = _json_list(data, "resources") if data.get("resources") is not None else None
    if errors:
        raise ValidationError(errors)

    old = dict(pkg.data) if pkg is not None else {}
    new: dict[str, Any] = {}
    for key in (*TEXT_KEYS, "type"):
        if key in data:
            new[key] = None if data[key] is None else str(data[key])
        elif keep_missing and key in old:
            new[key] = old[key]
        elif key != "type":
            new[key] = None
    new["tags"] = tags if tags is not None else (old.get("tags", []) if keep_missing else [])
    new["extras"] = extras if extras is not None else (
        old.get("extras", []) if keep_missing else [])
    new["creator_user_id"] = old.get("creator_user_id") or str(
        uuid.uuid5(TAG_NAMESPACE, "user:" + (ctx.user or "")))
    title = data.get("title", pkg.title if pkg is not None and keep_missing else None)
    title = str(title) if title else str(name)
    stamp = now()
    if pkg is None:
        pkg = PortalPackage(id=str(data.get("id") or new_id()), metadata_created=stamp,
                            metadata_modified=stamp, state="active")
        ctx.session.add(pkg)
        changed = True
    else:
        changed = (pkg.name, pkg.title, pkg.owner_org, pkg.private, old) != (
            name, title, owner_id, private, new)
    # A deleted package stays deleted through updates and patches unless state is sent.
    state = data.get("state")
    if state in ("active", "deleted") and state != pkg.state:
        changed, pkg.state = True, state
    assert isinstance(name, str)  # name_errors() refused anything else
    pkg.name, pkg.title, pkg.owner_org, pkg.private, pkg.data = name, title, owner_id, private, new
    ctx.session.flush()
    if resources is not None:
        changed = apply_resources(ctx, pkg, resources) or changed
    if changed:
        # CKAN 2.12 keeps a metadata_modified the caller sends back with a changed dict.
        sent = data.get("metadata_modified")
        pkg.metadata_modified = sent if isinstance(sent, str) and sent else stamp
        reindex(ctx, pkg)
    return pkg


def reindex(ctx: Context, pkg: PortalPackage) -> None:
    """Rewrite the package's search entries: exact-value terms and its full-text document (a
    package that is not active has none: package_search never finds one)."""
    ctx.session.execute(delete(PortalTerm).where(PortalTerm.package_id == pkg.id))
    if pkg.state != "active":
        searchindex.remove(ctx.session, pkg.id)
        return
    org = get_org(ctx, pkg.owner_org) if pkg.owner_org else None
    resources = [r.data for r in resources_of(ctx, pkg)]
    for field, term in sorted(package_terms(pkg, org, resources)):
        ctx.session.add(PortalTerm(package_id=pkg.id, field=field, term=term))
    ctx.session.flush()
    searchindex.write(ctx.session, pkg, searchindex.package_document(
        pkg.name, pkg.title, pkg.data, org.name if org else None, org.title if org else None,
        resources))


@action
def package_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any] | shown.RawJSON:
    return shown.show(ctx, data.get("id") or data.get("name_or_id"))


@action
def package_list(ctx: Context, data: dict[str, Any]) -> list[str]:
    """Names of active public packages by name; CKAN sets no maximum here, and ``limit`` or
    ``offset`` 0 means none."""
    limit, offset = natural(data, "limit"), natural(data, "offset")
    query = select(PortalPackage.name).where(
        PortalPackage.state == "active", PortalPackage.private.is_(False)
    ).order_by(PortalPackage.name)
    if limit:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return list(ctx.session.scalars(query).all())


@action
def current_package_list_with_resources(ctx: Context, data: dict[str, Any]) -> list[Any]:
    """The newest packages first, a page of package_search's: ``limit`` defaults to its 10
    rows and is cut down to ``ckan.search.rows_max``; ``page`` (deprecated) when no offset."""
    limit = natural(data, "limit")
    offset = natural(data, "offset", 0) or 0
    page = natural(data, "page", positive=True)
    if "offset" not in data and page is not None:
        offset = (page - 1) * limit if limit else 0
    rows = min(SEARCH_ROWS_DEFAULT if limit is None else limit, ctx.limits.search_rows_max)
    query = select(PortalPackage.id, PortalPackage.shown).where(visible(ctx)).order_by(
        PortalPackage.metadata_modified.desc()).limit(rows).offset(offset)
    return shown.from_rows(ctx, ctx.session.execute(query).all())


@action
def package_create(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    ctx.require_write("create packages")
    if not data.get("name"):
        raise missing("name")
    return package_dict(ctx, _apply(ctx, None, data, keep_missing=False))


def apply_call(ctx: Context, pkg: PortalPackage, method: str,
               params: dict[str, Any]) -> PortalPackage:
    """Write a package_update or package_patch call's parameters to ``pkg``."""
    # CKAN 2.12: an update replaces the dict, but resources are kept when not sent.
    return _apply(ctx, pkg, params, keep_missing=method == "package_patch")


def _stage(ctx: Context, pkg: PortalPackage, method: str,
           data: dict[str, Any]) -> dict[str, Any]:
    """Check the call as the switch will apply it (in a savepoint rolled back), then stage
    it; answers the package dict as it will be."""
    if data.get("resources") is not None:
        raise ValidationError({"resources": [
            "Resources are staged one at a time (resource_create / resource_update with "
            "stage)"]})
    method, params = staging.composed(ctx, pkg.id, method, data)
    nested = ctx.session.begin_nested()
    try:
        preview = package_dict(ctx, apply_call(ctx, pkg, method, params))
    finally:
        nested.rollback()
    staging.stage_package(ctx, pkg.id, method, params)
    return preview


def _edit(ctx: Context, data: dict[str, Any], method: str) -> dict[str, Any]:
    ctx.require_write("edit package")
    pkg = get_package(ctx, data.get("id") or data.get("name"))
    if pkg is None:
        raise NotFound("Package was not found.")
    if staging.wanted(ctx, data, "stage package"):
        return _stage(ctx, pkg, method, data)
    return package_dict(ctx, apply_call(ctx, pkg, method, data))


@action
def package_update(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    return _edit(ctx, data, "package_update")


@action
def package_patch(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    return _edit(ctx, data, "package_patch")


@action
def package_delete(ctx: Context, data: dict[str, Any]) -> None:
    ctx.require_write("delete package")
    pkg = get_package(ctx, data.get("id"))
    if pkg is None:
        raise NotFound("Package was not found.")
    if pkg.state != "deleted":
        pkg.state = "deleted"
        pkg.metadata_modified = now()
        reindex(ctx, pkg)
    return None
