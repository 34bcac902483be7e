"""What a portal can stage, and the calls that end a staged release (used by ``sync``).

A portal that lists ``staged_release`` in ``status_show`` (the embedded one) takes a changed
release beside the live one: the sync stages resource versions, files, DataStore tables and the
package metadata, then ``release_switch`` puts them in place in one transaction. A real CKAN
lists neither extension; there the sync writes in place, files first and the metadata last.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from publisher.retry import call

log = logging.getLogger(__name__)
DATASTORE = "staged_datastore"
RELEASE = "staged_release"


def extensions(client: Any) -> frozenset[str]:
    """The extensions ``status_show`` lists, asked once per client."""
    known = getattr(client, "_publisher_extensions", None)
    if known is None:
        try:
            status = call(client, "status_show", {})
            known = frozenset(str(e) for e in status.get("extensions") or [])
        except Exception:  # an old portal without status_show: nothing staged
            known = frozenset()
        try:
            client._publisher_extensions = known
        except AttributeError:
            pass
    return frozenset(known)


def stages_datastore(client: Any) -> bool:
    """Whether DataStore tables load beside the live ones (``datastore_switch``)."""
    return DATASTORE in extensions(client)


def stages_release(client: Any) -> bool:
    """Whether a whole release loads beside the live one (``release_switch``)."""
    return RELEASE in extensions(client)


def discard(client: Any, package_id: str) -> None:
    """Throw away what an earlier run staged and never switched (killed, failed)."""
    found = call(client, "release_discard", {"id": package_id})
    if found and (found.get("resources") or found.get("datastore") or found.get("package")):
        log.warning("discarded a staged release left by an earlier run of %s", package_id)


def discard_stale(client: Any, package_id: str) -> None:
    """Discard a staged release left behind, if there is one (one read when there is none)."""
    if call(client, "release_show", {"id": package_id}).get("staged"):
        discard(client, package_id)


def _switched(client: Any, package_id: str, checksum: str) -> Callable[[], bool]:
    """Whether a switch whose answer was lost took effect: nothing staged any more, and the
    live package names the release."""
    def check() -> bool:
        if call(client, "release_show", {"id": package_id}).get("staged"):
            return False
        current = call(client, "package_show", {"id": package_id})
        extras = {e.get("key"): e.get("value") for e in current.get("extras", [])}
        return bool(extras.get("release_checksum") == checksum)
    return check


def switch(client: Any, package_id: str, checksum: str) -> None:
    """Put the staged release in place, in one step on the portal."""
    call(client, "release_switch", {"id": package_id},
         landed=_switched(client, package_id, checksum))
