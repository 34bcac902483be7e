"""The embedded portal's resource ids of a dataset, for the API examples (read-only).

When the publisher syncs to another portal, the embedded tables hold nothing for the dataset and
the pages show a ``package_show`` example instead of an id.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.portal.models import PortalPackage, PortalResource


def resource_ids(session: Session, dataset: str) -> dict[str, str]:
    """Resource name → portal resource id for the dataset's package ({} when unknown)."""
    rows = session.execute(
        select(PortalResource.id, PortalResource.data).join(
            PortalPackage, PortalResource.package_id == PortalPackage.id)
        .where(PortalPackage.name == dataset, PortalResource.state == "active"))
    return {str(data["name"]): str(rid) for rid, data in rows
            if isinstance(data, dict) and data.get("name")}
