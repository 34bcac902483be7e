"""organization_list, organization_show, organization_create."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, or_, select

from publisher.portal.context import Context, action, as_bool, name_errors, new_id, now
from publisher.portal.dictize import org_summary, package_dict
from publisher.portal.errors import NotFound, ValidationError
from publisher.portal.limits import natural
from publisher.portal.models import PortalOrganization, PortalPackage


def get_org(ctx: Context, ref: Any) -> PortalOrganization | None:
    if not ref or not isinstance(ref, str):
        return None
    return ctx.session.scalars(select(PortalOrganization).where(
        or_(PortalOrganization.id == ref, PortalOrganization.name == ref))).first()


def org_dict(ctx: Context, org: PortalOrganization) -> dict[str, Any]:
    count = ctx.session.scalar(select(func.count()).select_from(PortalPackage).where(
        PortalPackage.owner_org == org.id, PortalPackage.state == "active",
        or_(PortalPackage.private.is_(False), literal(ctx.sysadmin))))
    return {
        **org_summary(org),
        "display_name": org.title or org.name,
        "image_display_url": org.image_url,
        "package_count": count or 0,
        "num_followers": 0,
        "extras": list(org.extras),
        "tags": [], "groups": [], "users": [],
    }


@action
def organization_create(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    ctx.require_write("create organization")
    errors: dict[str, Any] = {}
    name = data.get("name")
    if problems := name_errors(name):
        errors["name"] = problems
    elif get_org(ctx, name) is not None:
        errors["name"] = ["Group name already exists in database"]
    if errors:
        raise ValidationError(errors)
    org = PortalOrganization(
        id=new_id(), name=name, title=str(data.get("title") or ""),
        description=str(data.get("description") or ""),
        image_url=str(data.get("image_url") or ""), state="active", created=now(),
        extras=[{"key": e["key"], "value": e.get("value", "")}
                for e in data.get("extras") or [] if isinstance(e, dict) and "key" in e],
    )
    ctx.session.add(org)
    ctx.session.flush()
    return org_dict(ctx, org)


@action
def organization_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    org = get_org(ctx, data.get("id"))
    if org is None or org.state != "active":
        raise NotFound("Not found")
    result = org_dict(ctx, org)
    if as_bool(data.get("include_datasets"), False):
        readable = [PortalPackage.owner_org == org.id, PortalPackage.state == "active"]
        if not ctx.sysadmin:
            readable.append(PortalPackage.private.is_(False))
        pkgs = ctx.session.scalars(select(PortalPackage).where(*readable)
                                   .order_by(PortalPackage.name).limit(10)).all()
        result["packages"] = [package_dict(ctx, p) for p in pkgs]
    return result


def _order(text: str) -> tuple[str, str]:
    """CKAN's one sort criterion of a group list: ``name`` or ``title``, ``asc`` or ``desc``."""
    parts = [p.strip().split() for p in text.split(",")]
    if len(parts) > 1:
        raise ValidationError({"message": "Too many sort criteria provided only 1 allowed"})
    field, direction = parts[0][0], (parts[0][1].lower() if len(parts[0]) > 1 else "asc")
    if field not in ("name", "title"):
        raise ValidationError({"message": f"Cannot sort by field `{field}`"})
    if direction not in ("asc", "desc"):
        raise ValidationError({"message": f"Invalid sort direction `{direction}`"})
    return field, direction


@action
def organization_list(ctx: Context, data: dict[str, Any]) -> list[Any]:
    """Names (or, with ``all_fields``, dicts) of active organizations, CKAN's way: sorted by
    ``ckan.default_group_sort``; ``limit`` cut down to ``ckan.group_and_organization_list_max``
    (``..._all_fields_max`` with ``all_fields``), and 0 meaning none, as in CKAN."""
    query = select(PortalOrganization).where(PortalOrganization.state == "active")
    wanted = data.get("organizations")
    if wanted:
        wanted = [w.strip() for w in wanted.split(",")] if isinstance(wanted, str) \
            else list(wanted)
        query = query.where(PortalOrganization.name.in_(wanted))
    if q := str(data.get("q") or "").strip():
        pattern = f"%{q}%"
        query = query.where(or_(PortalOrganization.name.ilike(pattern),
                                PortalOrganization.title.ilike(pattern),
                                PortalOrganization.description.ilike(pattern)))
    field, direction = _order(str(data.get("sort") or ctx.limits.default_group_sort))
    column = PortalOrganization.title if field == "title" else PortalOrganization.name
    query = query.order_by(column.desc() if direction == "desc" else column.asc())
    all_fields = as_bool(data.get("all_fields"), False)
    limits = ctx.limits
    ceiling = limits.group_and_organization_list_all_fields_max if all_fields \
        else limits.group_and_organization_list_max
    # CKAN checks limit and offset only when they are given and not 0; a number 0 (not the
    # text "0", which asks for none) leaves the list unlimited.
    raw = data.get("limit")
    if not (isinstance(raw, int) and not isinstance(raw, bool) and raw == 0):
        limit = natural(data, "limit") if raw else None
        query = query.limit(ceiling if limit is None or limit > ceiling else limit)
    offset = natural(data, "offset") if data.get("offset") else None
    if offset:
        query = query.offset(offset)
    orgs = ctx.session.scalars(query).all()
    if all_fields:
        return [org_dict(ctx, o) for o in orgs]
    return [o.name for o in orgs]
