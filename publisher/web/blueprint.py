"""The status API blueprint (``/api/v1``) that its view modules register on.

Kept apart from ``publisher.web.api``, which imports those view modules to register them:
the views import this module only, so no import runs in a circle.
"""

from __future__ import annotations

from apiflask import APIBlueprint

bp = APIBlueprint("status", __name__, url_prefix="/api/v1", tag="status")
