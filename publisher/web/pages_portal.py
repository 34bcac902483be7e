"""The portal's resource ids of a dataset, for the API examples (read-only, optional).

The embedded portal keeps packages and resources in the state database; when its tables are
absent (another portal, or none yet) the pages show ``package_show`` instead of an id.
"""

from __future__ import annotations

import json

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session


def resource_ids(session: Session, dataset: str) -> dict[str, str]:
    """Resource name → portal resource id for the dataset's package ({} when unknown)."""
    tables = set(inspect(session.get_bind()).get_table_names())
    if not {"portal_packages", "portal_resources"} <= tables:
        return {}
    rows = session.execute(text(
        "SELECT r.id, r.data FROM portal_resources r JOIN portal_packages p "
        "ON r.package_id = p.id WHERE p.name = :name AND r.state = 'active'"), {"name": dataset})
    out: dict[str, str] = {}
    for rid, raw in rows:
        payload = json.loads(raw) if isinstance(raw, str) else raw
        if isinstance(payload, dict) and payload.get("name"):
            out[str(payload["name"])] = str(rid)
    return out
