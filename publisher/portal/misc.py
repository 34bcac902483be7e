"""status_show, site_read, tag_list: the site-level actions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from publisher.portal.context import Context, action, as_bool
from publisher.portal.dictize import tag_dict
from publisher.portal.models import PortalPackage, PortalTerm

CKAN_VERSION = "2.12.0"  # the Action API version this portal answers as


@action
def status_show(ctx: Context, data: dict[str, Any]) -> dict[str, Any]:
    return {"ckan_version": CKAN_VERSION, "site_title": ctx.site_title,
            "site_description": "", "site_url": ctx.site_url or ctx.base_url.rstrip("/"),
            "locale_default": "zh_Hans_CN",
            "extensions": ["datastore", "staged_datastore", "staged_release"],
            "publisher_version": ctx.version}


@action
def site_read(ctx: Context, data: dict[str, Any]) -> bool:
    return True


@action
def tag_list(ctx: Context, data: dict[str, Any]) -> list[Any]:
    query = select(PortalTerm.term).distinct().join(
        PortalPackage, PortalPackage.id == PortalTerm.package_id).where(
        PortalTerm.field == "tags", PortalPackage.state == "active",
        PortalPackage.private.is_(False)).order_by(PortalTerm.term)
    needle = str(data.get("query") or data.get("q") or "")
    if needle:
        query = query.where(PortalTerm.term.contains(needle))
    names = list(ctx.session.scalars(query).all())
    if as_bool(data.get("all_fields"), False):
        return [tag_dict(n) for n in names]
    return names
