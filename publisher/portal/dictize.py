"""The package dict as CKAN 2.12's package_show returns it, built from the stored rows."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from publisher.portal.context import Context
from publisher.portal.licenses import license_title
from publisher.portal.models import PortalOrganization, PortalPackage, PortalResource
from publisher.portal.resources import resource_dict

# Free-text keys kept as given ('' and None are kept apart, as CKAN does).
TEXT_KEYS = ("author", "author_email", "maintainer", "maintainer_email", "license_id", "notes",
             "url", "version")
TAG_NAMESPACE = uuid.UUID("6f1d3c3e-5f5e-4a8b-9f44-0b7c8c8f6a11")


def org_summary(org: PortalOrganization) -> dict[str, Any]:
    """The organization dict CKAN embeds in a package (and uData reads)."""
    return {
        "id": org.id, "name": org.name, "title": org.title, "type": "organization",
        "description": org.description, "image_url": org.image_url, "created": org.created,
        "is_organization": True, "approval_status": "approved", "state": org.state,
    }


def package_org(org: PortalOrganization) -> dict[str, Any]:
    """The organization as embedded in a package dict.

    CKAN 2.12 dropped revisions, but uData's CKAN backend still requires ``revision_id`` and
    ``revision_timestamp`` here and refuses the whole dataset without them; CKAN clients
    ignore the two extra keys.
    """
    return {**org_summary(org), "revision_id": "", "revision_timestamp": org.created}


def resources_of(ctx: Context, pkg: PortalPackage) -> list[PortalResource]:
    return list(ctx.session.scalars(select(PortalResource).where(
        PortalResource.package_id == pkg.id, PortalResource.state == "active")
        .order_by(PortalResource.position)).all())


def tag_dict(name: str) -> dict[str, Any]:
    return {"display_name": name, "id": str(uuid.uuid5(TAG_NAMESPACE, name)), "name": name,
            "state": "active", "vocabulary_id": None}


def package_dict(ctx: Context, pkg: PortalPackage,
                 resources: list[PortalResource] | None = None) -> dict[str, Any]:
    """The package as CKAN 2.12's package_show returns it."""
    data = pkg.data
    resources = resources_of(ctx, pkg) if resources is None else resources
    org = ctx.session.get(PortalOrganization, pkg.owner_org) if pkg.owner_org else None
    tags = sorted(data.get("tags", []))
    out: dict[str, Any] = {key: data.get(key) for key in TEXT_KEYS}
    license_id = data.get("license_id")
    out.update({
        "creator_user_id": data.get("creator_user_id", ""),
        "id": pkg.id, "isopen": False,
        "license_title": license_title(license_id) if license_id else None,
        "metadata_created": pkg.metadata_created, "metadata_modified": pkg.metadata_modified,
        "name": pkg.name, "notes": data.get("notes"),
        "num_resources": len(resources), "num_tags": len(tags),
        "organization": package_org(org) if org is not None else None,
        "owner_org": pkg.owner_org, "private": pkg.private, "state": pkg.state,
        "title": pkg.title, "type": data.get("type") or "dataset",
        "extras": sorted(data.get("extras", []), key=lambda e: e["key"]),
        "groups": [], "relationships_as_object": [], "relationships_as_subject": [],
        "tags": [tag_dict(t) for t in tags],
        "resources": [resource_dict(ctx, pkg.id, r) for r in resources],
    })
    return out
