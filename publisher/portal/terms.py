"""The exact-value terms of a package, for package_search's fq and facets.

Free text (``q``, ``text:``) is in the full-text index (publisher.portal.searchindex); these
are whole values, matched and counted as they are stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_TERM = 200


def package_terms(pkg: Any, org: Any, resources: Iterable[dict[str, Any]]) -> set[tuple[str, str]]:
    """(field, value) pairs of one package: tags, extras, organization, license, formats."""
    data = pkg.data
    out: set[tuple[str, str]] = set()
    for tag in data.get("tags", []):
        out.add(("tags", tag[:MAX_TERM]))
    for extra in data.get("extras", []):
        out.add(("extras_" + extra["key"][:40], str(extra.get("value") or "")[:MAX_TERM]))
    if org is not None:
        out.add(("organization", org.name))
    if data.get("license_id"):
        out.add(("license_id", data["license_id"][:MAX_TERM]))
    for res in resources:
        if res.get("format"):
            out.add(("res_format", str(res["format"])[:MAX_TERM]))
    return out
