"""Source adapters by kind: each turns a declared ``source:`` into a staged snapshot.

Built-ins register here exactly as an extension would: ``ADAPTERS[kind] = function``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harvest.sources import ckan, dcat, file, http, sql
from harvest.sources.base import (
    Adapter,
    Previous,
    Snapshot,
    SourceContext,
    SourceError,
    SourceNotConfigured,
    TargetSpec,
)

ADAPTERS: dict[str, Adapter] = {
    "sql": sql.fetch,
    "file": file.fetch,
    "http": http.fetch,
    "ckan": ckan.fetch,
    "dcat": dcat.fetch,
}

__all__ = ["ADAPTERS", "Previous", "Snapshot", "SourceContext", "SourceError",
           "SourceNotConfigured", "TargetSpec", "fetch"]


def fetch(spec: Mapping[str, Any], target: TargetSpec, ctx: SourceContext) -> Snapshot:
    """Run the adapter named by ``spec['kind']``; unknown kinds are a :class:`SourceError`."""
    kind = spec.get("kind")
    adapter = ADAPTERS.get(kind) if isinstance(kind, str) else None
    if adapter is None:
        raise SourceError("source-spec-invalid", "unknown source kind '%(kind)s'; known: %(known)s",
                          kind=kind, known=", ".join(sorted(ADAPTERS)))
    return adapter(spec, target, ctx)
